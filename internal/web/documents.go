package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"custos/internal/apperr"
	"custos/internal/document"
	"custos/internal/org"
	"custos/internal/paper"
)

// DocumentPage is the view model of document.html: one document of a case or clue, editable
// while a draft, with its layout for print.
type DocumentPage struct {
	Base
	Back     string // the matter's page
	BackName string
	Prefix   string // the document's own address
	D        document.Document
	P        paper.Doc
	Unfilled []string
	CanReply bool // the document carries a reply deadline (a recommendation letter)
	Form     Form
}

// documentPage builds the view model of a document of the matter at back (/cases/1, /clues/2).
func documentPage(b Base, back, backName string, d document.Document, pd paper.Doc, f Form) DocumentPage {
	return DocumentPage{Base: b, Back: back, BackName: backName, Prefix: fmt.Sprintf("%s/documents/%d", back, d.ID), D: d, P: pd, Unfilled: d.Unfilled(),
		CanReply: d.Kind == "recommendation", Form: f}
}

func docID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	return id
}

func (s *Server) caseDocument(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showCaseDocument(w, r, p, http.StatusOK, newForm(nil), r.URL.Query().Get("notice"), "")
}

func (s *Server) showCaseDocument(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice, problem string) {
	d, pd, err := s.Cases.Document(r.Context(), p, pathID(r), docID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := documentPage(Base{Title: d.Title, Principal: p, Nav: "cases", Notice: notice, Error: invalidBanner(f)}, fmt.Sprintf("/cases/%d", pathID(r)), "案件", d, pd, f)
	if problem != "" {
		v.Error = problem
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "document", v)
}

// caseDocumentAction edits, issues, revises a case document, or approves a confession for the
// warning-education compilation.
func (s *Server) caseDocumentAction(w http.ResponseWriter, r *http.Request, p org.Principal) {
	ctx, id, doc := r.Context(), pathID(r), docID(r)
	var err error
	done := ""
	next := doc
	switch r.PathValue("action") {
	case "edit":
		err, done = s.Cases.EditDocument(ctx, p, id, doc, r.FormValue("title"), r.FormValue("addressee"), r.FormValue("body"), r.FormValue("reply_due")), "已保存草稿"
	case "issue":
		var d document.Document
		if d, err = s.Cases.IssueDocument(ctx, p, id, doc); err == nil {
			done = "已签发"
			if d.Number != "" {
				done += "，文号 " + d.Number
			}
		}
	case "revise":
		var d document.Document
		if d, err = s.Cases.ReviseDocument(ctx, p, id, doc); err == nil {
			next, done = d.ID, fmt.Sprintf("已生成第 %d 版草稿，签发后替代原文书", d.Version)
		}
	case "education":
		err, done = s.Cases.ApproveConfession(ctx, p, id, doc), "已批准用于警示教育汇编"
	default:
		s.fail(w, r, fmt.Errorf("unknown document action %q", r.PathValue("action")))
		return
	}
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound || apperr.CodeOf(err) == apperr.Forbidden {
			s.fail(w, r, err)
			return
		}
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) { s.showCaseDocument(w, r, p, StatusOf(err), f, "", problem) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/cases/%d/documents/%d", id, next), done)
}

func (s *Server) caseDocumentDocx(w http.ResponseWriter, r *http.Request, p org.Principal) {
	d, pd, err := s.Cases.Document(r.Context(), p, pathID(r), docID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := paper.WriteDOCX(&buf, pd); err != nil {
		s.fail(w, r, err)
		return
	}
	sendDOCX(w, d, buf.Bytes())
}

// sendDOCX sends a document's DOCX as a download named by its number and title.
func sendDOCX(w http.ResponseWriter, d document.Document, b []byte) {
	name := d.Title + ".docx"
	if d.Number != "" {
		name = d.Number + " " + name
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", `attachment; filename="document.docx"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

// clueDocument shows one document of a clue.
func (s *Server) clueDocument(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showClueDocument(w, r, p, http.StatusOK, newForm(nil), r.URL.Query().Get("notice"), "")
}

func (s *Server) showClueDocument(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice, problem string) {
	d, pd, err := s.Clues.Document(r.Context(), p, pathID(r), docID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := documentPage(Base{Title: d.Title, Principal: p, Nav: "clues", Notice: notice, Error: invalidBanner(f)}, fmt.Sprintf("/clues/%d", pathID(r)), "问题线索", d, pd, f)
	if problem != "" {
		v.Error = problem
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "document", v)
}

// clueDocumentAction edits, issues or revises a clue document.
func (s *Server) clueDocumentAction(w http.ResponseWriter, r *http.Request, p org.Principal) {
	ctx, id, doc := r.Context(), pathID(r), docID(r)
	var err error
	done, next := "", doc
	switch r.PathValue("action") {
	case "edit":
		err, done = s.Clues.EditDocument(ctx, p, id, doc, r.FormValue("title"), r.FormValue("addressee"), r.FormValue("body")), "已保存草稿"
	case "issue":
		var d document.Document
		if d, err = s.Clues.IssueDocument(ctx, p, id, doc); err == nil {
			done = "已签发，文号 " + d.Number
		}
	case "revise":
		var d document.Document
		if d, err = s.Clues.ReviseDocument(ctx, p, id, doc); err == nil {
			next, done = d.ID, fmt.Sprintf("已生成第 %d 版草稿", d.Version)
		}
	default:
		s.fail(w, r, fmt.Errorf("unknown document action %q", r.PathValue("action")))
		return
	}
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound || apperr.CodeOf(err) == apperr.Forbidden {
			s.fail(w, r, err)
			return
		}
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) { s.showClueDocument(w, r, p, StatusOf(err), f, "", problem) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/clues/%d/documents/%d", id, next), done)
}

func (s *Server) clueDocumentDocx(w http.ResponseWriter, r *http.Request, p org.Principal) {
	d, pd, err := s.Clues.Document(r.Context(), p, pathID(r), docID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := paper.WriteDOCX(&buf, pd); err != nil {
		s.fail(w, r, err)
		return
	}
	sendDOCX(w, d, buf.Bytes())
}

func (s *Server) clueDocumentPrint(w http.ResponseWriter, r *http.Request, p org.Principal) {
	d, pd, err := s.Clues.Document(r.Context(), p, pathID(r), docID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "document_print", documentPage(Base{Title: d.Title, Principal: p, Nav: "clues"}, fmt.Sprintf("/clues/%d", pathID(r)), "问题线索", d, pd, newForm(nil)))
}

func (s *Server) caseDocumentPrint(w http.ResponseWriter, r *http.Request, p org.Principal) {
	d, pd, err := s.Cases.Document(r.Context(), p, pathID(r), docID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "document_print", documentPage(Base{Title: d.Title, Principal: p, Nav: "cases"}, fmt.Sprintf("/cases/%d", pathID(r)), "案件", d, pd, newForm(nil)))
}

// TemplatesPage is the view model of templates.html: the document catalogue and the form to
// add or change a template.
type TemplatesPage struct {
	Base
	Rows    []document.Template
	Matters []struct{ ID, Name string }
	Edit    document.Template
	Form    Form
}

func (s *Server) templates(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showTemplates(w, r, p, http.StatusOK, newForm(nil))
}

func (s *Server) showTemplates(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form) {
	rows, err := s.Docs.Templates(r.Context(), "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := TemplatesPage{Base: Base{Title: "规范文书目录", Principal: p, Nav: "templates", Notice: r.URL.Query().Get("notice"), Error: invalidBanner(f)},
		Rows: rows, Matters: document.Matters(), Form: f}
	for _, t := range rows {
		if t.Kind == r.URL.Query().Get("edit") {
			v.Edit = t
		}
	}
	s.render(w, r, status, "templates", v)
}

func (s *Server) templateSave(w http.ResponseWriter, r *http.Request, p org.Principal) {
	t, err := s.Docs.SaveTemplate(r.Context(), p, document.TemplateInput{Kind: r.FormValue("kind"), Name: r.FormValue("name"), Matter: r.FormValue("matter"),
		Code: r.FormValue("code"), Title: r.FormValue("title"), Addressee: r.FormValue("addressee"), Body: r.FormValue("body"), Active: r.FormValue("active") == "1"})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showTemplates(w, r, p, StatusOf(err), f) })
		return
	}
	redirectNotice(w, r, "/templates", "已保存文书模板“"+t.Name+"”")
}

// CompilationPage is the view model of compilation.html: confessions approved for warning
// education (忏悔录汇编).
type CompilationPage struct {
	Base
	Rows []document.Document
}

func (s *Server) compilation(w http.ResponseWriter, r *http.Request, p org.Principal) {
	rows, err := s.Docs.Compilation(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "compilation", CompilationPage{Base: Base{Title: "忏悔录汇编", Principal: p, Nav: "compilation"}, Rows: rows})
}

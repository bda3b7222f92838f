package web

import (
	"bytes"
	"context"
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

// documents is what a matter (a case, a clue) offers its documents' screens.
type documents interface {
	Document(ctx context.Context, p org.Principal, id, docID int64) (document.Document, paper.Doc, error)
	EditDocument(ctx context.Context, p org.Principal, id, docID int64, title, addressee, body, replyDue string) error
	IssueDocument(ctx context.Context, p org.Principal, id, docID int64) (document.Document, error)
	ReviseDocument(ctx context.Context, p org.Principal, id, docID int64) (document.Document, error)
}

// docScreens are the document screens of one kind of matter.
type docScreens struct {
	s        *Server
	svc      documents
	path     string // /cases, /clues
	nav      string
	backName string
	// educate approves a confession for the compilation (cases only; nil otherwise)
	educate func(ctx context.Context, p org.Principal, id, docID int64) error
}

func (d docScreens) back(r *http.Request) string { return fmt.Sprintf("%s/%d", d.path, pathID(r)) }

func (d docScreens) show(w http.ResponseWriter, r *http.Request, p org.Principal) {
	d.render(w, r, p, http.StatusOK, newForm(nil), r.URL.Query().Get("notice"), "")
}

func (d docScreens) render(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice, problem string) {
	doc, pd, err := d.svc.Document(r.Context(), p, pathID(r), docID(r))
	if err != nil {
		d.s.fail(w, r, err)
		return
	}
	v := documentPage(Base{Title: doc.Title, Principal: p, Nav: d.nav, Notice: notice, Error: invalidBanner(f)}, d.back(r), d.backName, doc, pd, f)
	if problem != "" {
		v.Error = problem
	}
	w.Header().Set("Cache-Control", "no-store")
	d.s.render(w, r, status, "document", v)
}

// docAction is one action on a matter's documents and the permissions any one of which
// allows it (the matter's service checks them again).
type docAction struct {
	Action string
	Perms  []org.Permission
}

// register adds the document screens of the matter under d.path with view (the permission to
// read the matter) and one route per action.
func (d docScreens) register(view org.Permission, actions []docAction) {
	s, base := d.s, d.path+"/{id}/documents/{doc}"
	s.page("GET "+base, view, d.show)
	for _, a := range actions {
		switch {
		case a.Action == "education" && d.educate == nil:
			panic("web: document action education without an approval")
		case a.Action != "edit" && a.Action != "issue" && a.Action != "revise" && a.Action != "education":
			panic("web: document action " + a.Action + " has no handler")
		}
		action := a.Action
		s.pageAny("POST "+base+"/"+action, a.Perms, func(w http.ResponseWriter, r *http.Request, p org.Principal) { d.action(w, r, p, action) })
	}
	s.page("GET "+base+"/docx", view, d.docx)
	s.page("GET "+base+"/print", view, d.print)
}

// action edits, issues or revises a document (or approves a confession for the
// warning-education compilation) and comes back to it.
func (d docScreens) action(w http.ResponseWriter, r *http.Request, p org.Principal, action string) {
	ctx, id, doc := r.Context(), pathID(r), docID(r)
	var err error
	done, next := "", doc
	switch action {
	case "edit":
		err, done = d.svc.EditDocument(ctx, p, id, doc, r.FormValue("title"), r.FormValue("addressee"), r.FormValue("body"), r.FormValue("reply_due")), "已保存草稿"
	case "issue":
		var x document.Document
		if x, err = d.svc.IssueDocument(ctx, p, id, doc); err == nil {
			done = "已签发"
			if x.Number != "" {
				done += "，文号 " + x.Number
			}
		}
	case "revise":
		var x document.Document
		if x, err = d.svc.ReviseDocument(ctx, p, id, doc); err == nil {
			next, done = x.ID, fmt.Sprintf("已生成第 %d 版草稿，签发后替代原文书", x.Version)
		}
	case "education":
		err, done = d.educate(ctx, p, id, doc), "已批准用于警示教育汇编"
	default: // register refuses actions without a handler
		d.s.fail(w, r, apperr.NotFoundf("该操作"))
		return
	}
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound || apperr.CodeOf(err) == apperr.Forbidden {
			d.s.fail(w, r, err)
			return
		}
		d.s.refusalOrForm(w, r, p, err, func(f Form, problem string) { d.render(w, r, p, StatusOf(err), f, "", problem) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("%s/documents/%d", d.back(r), next), done)
}

func (d docScreens) docx(w http.ResponseWriter, r *http.Request, p org.Principal) {
	doc, pd, err := d.svc.Document(r.Context(), p, pathID(r), docID(r))
	if err != nil {
		d.s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := paper.WriteDOCX(&buf, pd); err != nil {
		d.s.fail(w, r, err)
		return
	}
	name := doc.Title + ".docx"
	if doc.Number != "" {
		name = doc.Number + " " + name
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", `attachment; filename="document.docx"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

func (d docScreens) print(w http.ResponseWriter, r *http.Request, p org.Principal) {
	doc, pd, err := d.svc.Document(r.Context(), p, pathID(r), docID(r))
	if err != nil {
		d.s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	d.s.render(w, r, http.StatusOK, "document_print", documentPage(Base{Title: doc.Title, Principal: p, Nav: d.nav}, d.back(r), d.backName, doc, pd, newForm(nil)))
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

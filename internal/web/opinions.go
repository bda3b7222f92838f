package web

import (
	"bytes"
	"custos/internal/clock"
	"fmt"
	"net/http"
	"net/url"

	"custos/internal/opinion"
	"custos/internal/org"
	"custos/internal/paper"
)

// OpinionsPage is the view model of opinions.html: the requests and the form for a new one.
type OpinionsPage struct {
	Base
	Rows     []opinion.Request
	Pager    Pager
	Purposes []string
	Today    string
	Form     Form
}

func (s *Server) opinions(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showOpinions(w, r, p, http.StatusOK, newForm(nil))
}

func (s *Server) showOpinions(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form) {
	pg := org.Page{Number: queryInt(r, "page"), Size: 30}.Normalize()
	rows, total, err := s.Opinions.List(r.Context(), p, pg)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "opinions", OpinionsPage{
		Base: Base{Title: "党风廉政意见回复", Principal: p, Nav: "opinions", Error: invalidBanner(f)},
		Rows: rows, Pager: newPager(r, pg.Number, pg.Size, total), Purposes: opinion.Purposes(),
		Today: clock.Date(s.Now()), Form: f})
}

// opinionCreate registers a request and drafts the replies, then shows them.
func (s *Server) opinionCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	req, err := s.Opinions.Create(r.Context(), p, opinion.Input{Requester: r.FormValue("requester"), RequestRef: r.FormValue("request_ref"),
		Purpose: r.FormValue("purpose"), ReceivedOn: r.FormValue("received_on"), Cadres: r.FormValue("cadres")})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showOpinions(w, r, p, StatusOf(err), f) })
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/opinions/%d?notice=%s", req.ID, url.QueryEscape(fmt.Sprintf("已起草 %d 人的回复，请逐人核对后确认", len(req.Subjects)))), http.StatusSeeOther)
}

// OpinionPage is the view model of opinion.html: one request's replies.
type OpinionPage struct {
	Base
	R    opinion.Request
	Form Form
	Edit int64 // the cadre whose reply Form belongs to
}

// Reply returns the reply text to show in a cadre's box: as typed after an error, else stored.
func (v OpinionPage) Reply(sub opinion.Subject) string {
	if v.Edit == sub.Cadre.ID {
		return v.Form.Get("reply")
	}
	return sub.Reply
}

func (s *Server) opinionShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showOpinion(w, r, p, http.StatusOK, newForm(nil), 0, r.URL.Query().Get("notice"))
}

func (s *Server) showOpinion(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, edit int64, notice string) {
	req, err := s.Opinions.Get(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "opinion", OpinionPage{
		Base: Base{Title: "党风廉政意见回复 " + req.Number, Principal: p, Nav: "opinions", Notice: notice, Error: invalidBanner(f)},
		R:    req, Form: f, Edit: edit})
}

func (s *Server) opinionReply(w http.ResponseWriter, r *http.Request, p org.Principal) {
	cadreID := formInt(r, "cadre_id")
	if err := s.Opinions.SetReply(r.Context(), p, pathID(r), cadreID, r.FormValue("reply")); err != nil {
		s.formError(w, r, p, err, func(f Form) {
			f.Errors["reply"] = f.Errors[fmt.Sprintf("reply_%d", cadreID)]
			s.showOpinion(w, r, p, StatusOf(err), f, cadreID, "")
		})
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/opinions/%d?notice=%s", pathID(r), url.QueryEscape("已保存修改")), http.StatusSeeOther)
}

func (s *Server) opinionConfirm(w http.ResponseWriter, r *http.Request, p org.Principal) {
	req, err := s.Opinions.Confirm(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/opinions/%d?notice=%s", req.ID, url.QueryEscape("已确认，文号 "+req.Number)), http.StatusSeeOther)
}

// opinionDocx downloads the confirmed reply as a GB/T 9704 DOCX.
func (s *Server) opinionDocx(w http.ResponseWriter, r *http.Request, p org.Principal) {
	d, err := s.Opinions.Document(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := paper.WriteDOCX(&buf, d); err != nil {
		s.fail(w, r, err)
		return
	}
	name := d.Number + ".docx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", `attachment; filename="opinion.docx"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// opinionPrint shows a confirmed reply laid out as the official letter, for printing.
func (s *Server) opinionPrint(w http.ResponseWriter, r *http.Request, p org.Principal) {
	d, err := s.Opinions.Document(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	back := fmt.Sprintf("/opinions/%d", pathID(r))
	s.render(w, r, http.StatusOK, "document_print", DocumentPage{Base: Base{Title: d.Title, Principal: p, Nav: "opinions"}, Back: back, BackName: "党风廉政意见回复", Prefix: back, P: d})
}

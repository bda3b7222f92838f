package web

import (
	"custos/internal/clock"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/report"
)

// ReportsPage is the view model of reports.html: the reports the user may see.
type ReportsPage struct {
	Base
	Rows     []report.Report
	Pager    Pager
	Status   string
	Query    string
	Statuses []string
	Closable []report.Report // duplicates and no-substance reports of the user's commission on this page
	Pending  []report.Pending
	Today    string
	Form     Form
}

func (s *Server) reports(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showReports(w, r, p, http.StatusOK, newForm(nil), r.URL.Query().Get("notice"))
}

func (s *Server) showReports(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice string) {
	pg := org.Page{Number: queryInt(r, "page"), Size: 30}.Normalize()
	st, query := r.URL.Query().Get("status"), r.URL.Query().Get("q")
	rows, total, err := s.Reports.List(r.Context(), p, report.Filter{Status: st, Query: query, Page: pg})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pager := newPager(r, pg.Number, pg.Size, total)
	if strings.TrimSpace(query) != "" {
		pager = newPagerCap(r, pg.Number, pg.Size, total, db.SearchCap)
	}
	v := ReportsPage{Base: Base{Title: "检举控告", Principal: p, Nav: "reports", Notice: notice, Error: invalidBanner(f)},
		Rows: rows, Pager: pager, Status: st, Query: query, Form: f,
		Statuses: []string{report.StatusRegistered, report.StatusReceived, report.StatusDuplicate, report.StatusForwarded, report.StatusForwardedUp,
			report.StatusNoSubstance, report.StatusOutOfScope, report.StatusToClue, report.StatusArchived}}
	if v.Pending, err = s.Reports.Pending(r.Context(), p); err != nil {
		s.fail(w, r, err)
		return
	}
	v.Today = clock.Date(s.Now())
	for _, rep := range rows {
		if rep.CommissionID == p.CommissionID && (rep.Status == report.StatusDuplicate || rep.Status == report.StatusNoSubstance) {
			v.Closable = append(v.Closable, rep)
		}
	}
	s.render(w, r, status, "reports", v)
}

// reportsClose closes the ticked duplicates and no-substance reports after a collective
// assessment.
func (s *Server) reportsClose(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	var ids []int64
	for _, v := range r.PostForm["ids"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	n, err := s.Reports.CloseInBulk(r.Context(), p, ids, r.FormValue("assessment"))
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showReports(w, r, p, StatusOf(err), f, "") })
		return
	}
	redirectNotice(w, r, "/reports", fmt.Sprintf("已了结 %d 件", n))
}

func (s *Server) reportAck(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := s.Reports.Acknowledge(r.Context(), p, pathID(r), r.FormValue("sent_on")); err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showReport(w, r, p, StatusOf(err), f, nil, "") })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/reports/%d", pathID(r)), "已登记受理告知")
}

// ReportNewPage is the view model of report_new.html: the registration form.
type ReportNewPage struct {
	Base
	Channels, Categories, Allegations []report.Option
	Today                             string
	Form                              Form
}

func (s *Server) reportNew(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showReportNew(w, r, p, http.StatusOK, newForm(nil))
}

func (s *Server) showReportNew(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form) {
	w.Header().Set("Cache-Control", "no-store") // the form may hold a reporter's identity
	s.render(w, r, status, "report_new", ReportNewPage{Base: Base{Title: "登记检举控告", Principal: p, Nav: "reports", Error: invalidBanner(f)},
		Channels: report.Channels(), Categories: report.Categories(), Allegations: report.Allegations(),
		Today: clock.Date(s.Now()), Form: f})
}

// maxReportUpload bounds a registration's body: the attachments' total and the form itself.
const maxReportUpload = report.MaxAttachmentTotal + 4<<20

func (s *Server) reportCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, maxReportUpload)
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		f := newForm(r)
		f.Errors["attachments"] = fmt.Sprintf("附件合计不得超过 %d MB，请重新选择附件", report.MaxAttachmentTotal>>20)
		s.showReportNew(w, r, p, http.StatusRequestEntityTooLarge, f)
		return
	}
	files, err := attachmentsOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := report.Input{ReceivedOn: r.FormValue("received_on"), Channel: r.FormValue("channel"), Category: r.FormValue("category"),
		RealName: r.FormValue("real_name") == "1", Title: r.FormValue("title"), Content: r.FormValue("content"), Allegations: r.PostForm["allegations"],
		Reporter: report.Reporter{Name: r.FormValue("reporter_name"), Unit: r.FormValue("reporter_unit"), Contact: r.FormValue("reporter_contact"),
			IDNumber: r.FormValue("reporter_id_number"), Address: r.FormValue("reporter_address")}}
	for i := range 3 {
		in.Subjects = append(in.Subjects, report.SubjectInput{Name: r.FormValue(fmt.Sprintf("subject_%d_name", i)),
			IDNumber: r.FormValue(fmt.Sprintf("subject_%d_id", i)), Unit: r.FormValue(fmt.Sprintf("subject_%d_unit", i)),
			Post: r.FormValue(fmt.Sprintf("subject_%d_post", i))})
	}
	in.Attachments = files
	rep, err := s.Reports.Register(r.Context(), p, in)
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showReportNew(w, r, p, StatusOf(err), f) })
		return
	}
	switch rep.Jurisdiction {
	case report.UpperDirect, report.Upper:
		redirectNotice(w, r, "/reports", fmt.Sprintf("已登记 %s：按规定报送%s，本级仅留转办记录，不留存内容", rep.Number, rep.Sent))
	case report.Lower:
		redirectNotice(w, r, fmt.Sprintf("/reports/%d", rep.ID), fmt.Sprintf("已登记 %s，已转%s办理", rep.Number, rep.Sent))
	default:
		redirectNotice(w, r, fmt.Sprintf("/reports/%d", rep.ID), "已登记 "+rep.Number)
	}
}

// attachmentsOf reads the files of a multipart registration.
func attachmentsOf(r *http.Request) ([]report.AttachmentInput, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []report.AttachmentInput
	for _, fh := range r.MultipartForm.File["attachments"] {
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		if fh.Filename == "" && len(data) == 0 {
			continue // the empty file input of a form sent without files
		}
		out = append(out, report.AttachmentInput{Name: fh.Filename, Data: data})
	}
	return out, nil
}

// reportAttachment sends one attachment — an audited read, never cached.
func (s *Server) reportAttachment(w http.ResponseWriter, r *http.Request, p org.Principal) {
	aid, _ := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	a, data, err := s.Reports.Attachment(r.Context(), p, pathID(r), aid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", a.MIME)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(a.Name))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(data)
}

func (s *Server) reportResult(w http.ResponseWriter, r *http.Request, p org.Principal) {
	err := s.Reports.SendResult(r.Context(), p, pathID(r), r.FormValue("result_sent_on"), r.FormValue("result_note"))
	if err != nil {
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) { s.showReportProblem(w, r, p, StatusOf(err), f, problem) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/reports/%d", pathID(r)), "已登记结果反馈")
}

func (s *Server) reportObjection(w http.ResponseWriter, r *http.Request, p org.Principal) {
	err := s.Reports.RecordObjection(r.Context(), p, pathID(r), r.FormValue("objection_on"), r.FormValue("objection"), r.FormValue("new_evidence") == "1")
	if err != nil {
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) { s.showReportProblem(w, r, p, StatusOf(err), f, problem) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/reports/%d", pathID(r)), "已登记异议")
}

// ReportPage is the view model of report.html: one report, its suspected duplicates and the
// reporter when revealed.
type ReportPage struct {
	Base
	R          report.Report
	Candidates []report.Candidate
	Reporter   *report.Reporter
	Form       Form
	Today      string
}

func (s *Server) reportShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showReport(w, r, p, http.StatusOK, newForm(nil), nil, r.URL.Query().Get("notice"))
}

func (s *Server) showReport(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, who *report.Reporter, notice string) {
	s.renderReport(w, r, p, status, f, who, notice, "")
}

// showReportProblem shows the report page with a rule's refusal over it and the form kept.
func (s *Server) showReportProblem(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, problem string) {
	s.renderReport(w, r, p, status, f, nil, "", problem)
}

func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, who *report.Reporter, notice, problem string) {
	rep, cands, err := s.Reports.Get(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	v := ReportPage{Base: Base{Title: "检举控告 " + rep.Number, Principal: p, Nav: "reports", Notice: notice, Error: invalidBanner(f)},
		R: rep, Candidates: cands, Reporter: who, Form: f, Today: clock.Date(s.Now())}
	if problem != "" {
		v.Error = problem
	}
	s.render(w, r, status, "report", v)
}

func (s *Server) reportDuplicate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	confirm := r.FormValue("decision") == "confirm"
	if err := s.Reports.ReviewDuplicate(r.Context(), p, pathID(r), formInt(r, "candidate_id"), confirm); err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "已记录：不是重复件"
	if confirm {
		msg = "已认定为重复件"
	}
	redirectNotice(w, r, fmt.Sprintf("/reports/%d", pathID(r)), msg)
}

// reportReveal shows the reporter's identity on the report page — a POST, so the identity never
// sits in a URL or history, and an audited read.
func (s *Server) reportReveal(w http.ResponseWriter, r *http.Request, p org.Principal) {
	who, err := s.Reports.RevealReporter(r.Context(), p, pathID(r), r.FormValue("reason"))
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showReport(w, r, p, StatusOf(err), f, nil, "") })
		return
	}
	s.showReport(w, r, p, http.StatusOK, newForm(nil), &who, "本次查看举报人信息已记入审计")
}

package web

import (
	"fmt"
	"net/http"
	"strconv"

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
	v := ReportsPage{Base: Base{Title: "检举控告", Principal: p, Nav: "reports", Notice: notice, Error: invalidBanner(f)},
		Rows: rows, Pager: newPager(r, pg.Number, pg.Size, total), Status: st, Query: query, Form: f,
		Statuses: []string{report.StatusRegistered, report.StatusReceived, report.StatusDuplicate, report.StatusForwarded, report.StatusForwardedUp,
			report.StatusNoSubstance, report.StatusOutOfScope, report.StatusToClue, report.StatusArchived}}
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
		Today: s.Now().In(beijing).Format("2006-01-02"), Form: f})
}

func (s *Server) reportCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := r.ParseForm(); err != nil {
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

// ReportPage is the view model of report.html: one report, its suspected duplicates and the
// reporter when revealed.
type ReportPage struct {
	Base
	R          report.Report
	Candidates []report.Candidate
	Reporter   *report.Reporter
	Form       Form
}

func (s *Server) reportShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showReport(w, r, p, http.StatusOK, newForm(nil), nil, r.URL.Query().Get("notice"))
}

func (s *Server) showReport(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, who *report.Reporter, notice string) {
	rep, cands, err := s.Reports.Get(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "report", ReportPage{Base: Base{Title: "检举控告 " + rep.Number, Principal: p, Nav: "reports", Notice: notice, Error: invalidBanner(f)},
		R: rep, Candidates: cands, Reporter: who, Form: f})
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

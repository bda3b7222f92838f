package web

import (
	"custos/internal/clock"
	"fmt"
	"net/http"
	"strconv"

	"custos/internal/interference"
	"custos/internal/org"
)

// InterferenceListPage is the view model of interference_list.html: the records the user may
// see (their own, or all in scope for the cadre-supervision office).
type InterferenceListPage struct {
	Base
	Rows  []interference.Record
	Pager Pager
}

func (s *Server) interferenceList(w http.ResponseWriter, r *http.Request, p org.Principal) {
	pg := org.Page{Number: queryInt(r, "page"), Size: 30}.Normalize()
	rows, total, err := s.Interference.List(r.Context(), p, pg)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "interference_list", InterferenceListPage{Base: Base{Title: "打听过问登记", Principal: p, Nav: "interference",
		Notice: r.URL.Query().Get("notice")}, Rows: rows, Pager: newPager(r, pg.Number, pg.Size, total)})
}

// InterferenceNewPage is the view model of interference_new.html: the one-minute form.
type InterferenceNewPage struct {
	Base
	Today string
	Form  Form
}

func (s *Server) interferenceNew(w http.ResponseWriter, r *http.Request, p org.Principal) {
	f := newForm(nil)
	f.Values["matter"] = r.URL.Query().Get("matter")
	s.showInterferenceNew(w, r, p, http.StatusOK, f)
}

func (s *Server) showInterferenceNew(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form) {
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "interference_new", InterferenceNewPage{Base: Base{Title: "登记打听过问", Principal: p, Nav: "interference", Error: invalidBanner(f)},
		Today: clock.Date(s.Now()), Form: f})
}

func (s *Server) interferenceCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	v := r.FormValue
	_, err := s.Interference.Record(r.Context(), p, interference.Input{ApproachedOn: v("approached_on"), Matter: v("matter"), Kind: v("kind"), Channel: v("channel"),
		IntervenerName: v("intervener_name"), IntervenerUnit: v("intervener_unit"), IntervenerPost: v("intervener_post"), IntervenerUser: v("intervener_user"),
		Relation: v("relation"), Content: v("content"), Response: v("response")})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showInterferenceNew(w, r, p, StatusOf(err), f) })
		return
	}
	redirectNotice(w, r, "/interference", "已登记，并报审查调查组组长和干部监督室。感谢您如实记录。")
}

// InterferencePage is the view model of interference.html: one record and its assessment.
type InterferencePage struct {
	Base
	R    interference.Record
	Form Form
}

func (s *Server) interferenceShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showInterference(w, r, p, http.StatusOK, newForm(nil), r.URL.Query().Get("notice"), "")
}

func (s *Server) showInterference(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice, problem string) {
	rec, err := s.Interference.Get(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := InterferencePage{Base: Base{Title: "打听过问登记", Principal: p, Nav: "interference", Notice: notice, Error: invalidBanner(f)}, R: rec, Form: f}
	if problem != "" {
		v.Error = problem
	}
	s.render(w, r, status, "interference", v)
}

func (s *Server) interferenceFollowUp(w http.ResponseWriter, r *http.Request, p org.Principal) {
	_, err := s.Interference.FollowUp(r.Context(), p, pathID(r), r.FormValue("followup"), r.FormValue("followup_note"))
	if err != nil {
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) { s.showInterference(w, r, p, StatusOf(err), f, "", problem) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/interference/%d", pathID(r)), "已记录处理意见")
}

// InterferenceSummaryPage is the view model of interference_summary.html: the quarter per
// commission, with zero reports.
type InterferenceSummaryPage struct {
	Base
	Quarter string
	Rows    []interference.QuarterRow
	Kinds   []struct{ ID, Name string }
}

func (s *Server) interferenceSummary(w http.ResponseWriter, r *http.Request, p org.Principal) {
	q := r.URL.Query().Get("quarter")
	if q == "" {
		q = interference.Quarter(clock.Date(s.Now()))
	}
	rows, err := s.Interference.Summary(r.Context(), p, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "interference_summary", InterferenceSummaryPage{Base: Base{Title: "打听过问情况季度汇总", Principal: p, Nav: "interference-summary",
		Notice: r.URL.Query().Get("notice")}, Quarter: q, Rows: rows, Kinds: interference.Kinds()})
}

func (s *Server) interferenceZero(w http.ResponseWriter, r *http.Request, p org.Principal) {
	q := r.FormValue("quarter")
	if err := s.Interference.ZeroReport(r.Context(), p, q); err != nil {
		s.fail(w, r, err)
		return
	}
	redirectNotice(w, r, "/interference/summary?quarter="+q, "已报送 "+q+" 零报告")
}

// FlagsPage is the view model of flags.html: reads of cases and clues by people outside their
// chain, for the cadre-supervision office.
type FlagsPage struct {
	Base
	Rows []interference.Flag
	Form Form
}

func (s *Server) interferenceFlags(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showFlags(w, r, p, http.StatusOK, newForm(nil), r.URL.Query().Get("notice"))
}

func (s *Server) showFlags(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice string) {
	rows, err := s.Interference.Flags(r.Context(), p, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "flags", FlagsPage{Base: Base{Title: "疑似打听案情的查阅", Principal: p, Nav: "flags", Notice: notice, Error: invalidBanner(f)}, Rows: rows, Form: f})
}

func (s *Server) interferenceFlag(w http.ResponseWriter, r *http.Request, p org.Principal) {
	record := r.FormValue("decision") == "record"
	if err := s.Interference.DecideFlag(r.Context(), p, pathID(r), record, r.FormValue("note")); err != nil {
		s.formError(w, r, p, err, func(f Form) {
			f.Values["flag"] = strconv.FormatInt(pathID(r), 10)
			s.showFlags(w, r, p, StatusOf(err), f, "")
		})
		return
	}
	msg := "已排除"
	if record {
		msg = "已登记为打听案情"
	}
	redirectNotice(w, r, "/flags", msg)
}

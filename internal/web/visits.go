package web

import (
	"custos/internal/clock"
	"fmt"
	"net/http"
	"net/url"

	"custos/internal/cadre"
	"custos/internal/daily"
	"custos/internal/org"
)

// VisitsPage is the view model of visits.html: research visits and the form for a new one.
type VisitsPage struct {
	Base
	Rows    []daily.Visit
	Pager   Pager
	Units   []org.Commission // the user's own commission and its direct subordinates
	Methods []string
	Form    Form
}

func (s *Server) visits(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showVisits(w, r, p, http.StatusOK, newForm(nil))
}

func (s *Server) showVisits(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form) {
	pg := org.Page{Number: queryInt(r, "page"), Size: 30}.Normalize()
	rows, total, err := s.Daily.Visits(r.Context(), p, pg)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	units, err := s.units(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "visits", VisitsPage{Base: Base{Title: "监督调研", Principal: p, Nav: "visits", Error: invalidBanner(f)},
		Rows: rows, Pager: newPager(r, pg.Number, pg.Size, total), Units: units, Methods: daily.VisitMethods(), Form: f})
}

// units lists the commissions a visit or meeting may concern: p's own and its direct subordinates.
func (s *Server) units(r *http.Request, p org.Principal) ([]org.Commission, error) {
	own, err := s.Org.Commission(r.Context(), p, p.CommissionID)
	if err != nil {
		return nil, err
	}
	subs, _, err := s.Org.ListCommissions(r.Context(), p, org.CommissionFilter{ParentID: p.CommissionID, Page: org.Page{Size: 200}})
	return append([]org.Commission{own}, subs...), err
}

func (s *Server) visitCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.Daily.CreateVisit(r.Context(), p, daily.VisitInput{CommissionID: formInt(r, "commission_id"), Title: r.FormValue("title"),
		StartedOn: r.FormValue("started_on"), EndedOn: r.FormValue("ended_on"), Methods: r.PostForm["methods"],
		Interviews: r.FormValue("interviews"), Interviewees: r.FormValue("interviewees")})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showVisits(w, r, p, StatusOf(err), f) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/visits/%d", v.ID), "已登记监督调研")
}

// VisitPage is the view model of visit.html.
type VisitPage struct {
	Base
	V          daily.Visit
	Dimensions []cadre.Dimension
	Today      string
	Form       Form
	FormName   string // which form Form belongs to: report, team, rect, done-<id>
}

// TeamJudgment returns the judgment to show for a dimension: as typed, else as stored.
func (v VisitPage) TeamJudgment(id int64) string {
	if v.FormName == "team" {
		return v.Form.Get(fmt.Sprintf("team_%d", id))
	}
	for _, e := range v.V.Team {
		if e.Dimension.ID == id {
			return e.Judgment
		}
	}
	return ""
}

func (s *Server) visitShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showVisit(w, r, p, http.StatusOK, newForm(nil), "", r.URL.Query().Get("notice"))
}

func (s *Server) showVisit(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, form, notice string) {
	v, err := s.Daily.Visit(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dims, err := s.Cadres.Dimensions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "visit", VisitPage{Base: Base{Title: "监督调研：" + v.Title, Principal: p, Nav: "visits", Notice: notice, Error: invalidBanner(f)},
		V: v, Dimensions: dims, Today: clock.Date(s.Now()), Form: f, FormName: form})
}

func (s *Server) visitReport(w http.ResponseWriter, r *http.Request, p org.Principal) {
	err := s.Daily.SetVisitReport(r.Context(), p, pathID(r), daily.VisitReport{Report: r.FormValue("report"), Feedback: r.FormValue("feedback"), FeedbackOn: r.FormValue("feedback_on")})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showVisit(w, r, p, StatusOf(err), f, "report", "") })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/visits/%d", pathID(r)), "已保存调研报告及反馈")
}

func (s *Server) visitTeam(w http.ResponseWriter, r *http.Request, p org.Principal) {
	dims, err := s.Cadres.Dimensions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	j := map[int64]string{}
	for _, d := range dims {
		j[d.ID] = r.FormValue(fmt.Sprintf("team_%d", d.ID))
	}
	if err := s.Daily.WriteTeamProfile(r.Context(), p, pathID(r), j, r.FormValue("team_conclusion")); err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showVisit(w, r, p, StatusOf(err), f, "team", "") })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/visits/%d", pathID(r)), "已保存领导班子政治画像")
}

func (s *Server) visitRectification(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if _, err := s.Daily.AddRectification(r.Context(), p, "visit", pathID(r), r.FormValue("item"), r.FormValue("due_on")); err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showVisit(w, r, p, StatusOf(err), f, "rect", "") })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/visits/%d", pathID(r)), "已列入整改清单")
}

// rectificationDone closes an item and returns to the visit or meeting it belongs to.
func (s *Server) rectificationDone(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := pathID(r)
	rc, err := s.Daily.CompleteRectification(r.Context(), p, id, r.FormValue("done_on"), r.FormValue("done_note"))
	back := r.FormValue("back")
	if back != "visits" && back != "meetings" {
		back = "visits"
	}
	if err != nil {
		s.formError(w, r, p, err, func(f Form) {
			name := fmt.Sprintf("done-%d", id)
			r.SetPathValue("id", r.FormValue("source_id")) // show the visit or meeting the item belongs to
			if back == "meetings" {
				s.showMeeting(w, r, p, StatusOf(err), f, name, "")
			} else {
				s.showVisit(w, r, p, StatusOf(err), f, name, "")
			}
		})
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/%s/%d", back, rc.SourceID), "整改事项已销号")
}

// redirectNotice answers a successful form with a redirect to path showing notice.
func redirectNotice(w http.ResponseWriter, r *http.Request, path, notice string) {
	http.Redirect(w, r, path+"?notice="+url.QueryEscape(notice), http.StatusSeeOther)
}

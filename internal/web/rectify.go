package web

import (
	"fmt"
	"net/http"

	"custos/internal/org"
	"custos/internal/rectify"
)

// RectifyListPage is the view model of rectify_list.html: the rectifications in scope.
type RectifyListPage struct {
	Base
	Rows  []rectify.Task
	Today string
}

func (s *Server) rectifyList(w http.ResponseWriter, r *http.Request, p org.Principal) {
	rows, err := s.Rectify.List(r.Context(), p, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "rectify_list", RectifyListPage{Base: Base{Title: "整改跟踪", Principal: p, Nav: "rectify"}, Rows: rows,
		Today: s.Now().In(beijing).Format("2006-01-02")})
}

// RectifyPage is the view model of rectify.html: one rectification, its history and the step
// that comes next.
type RectifyPage struct {
	Base
	T     rectify.Task
	Today string
	Form  Form
}

func (s *Server) rectifyShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showRectify(w, r, p, http.StatusOK, newForm(nil), r.URL.Query().Get("notice"), "")
}

func (s *Server) showRectify(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice, problem string) {
	t, err := s.Rectify.Get(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := RectifyPage{Base: Base{Title: "整改 " + t.UnitName, Principal: p, Nav: "rectify", Notice: notice, Error: invalidBanner(f)}, T: t,
		Today: s.Now().In(beijing).Format("2006-01-02"), Form: f}
	if problem != "" {
		v.Error = problem
	}
	s.render(w, r, status, "rectify", v)
}

// rectifyAction takes one step of a rectification.
func (s *Server) rectifyAction(w http.ResponseWriter, r *http.Request, p org.Principal) {
	ctx, id, rs := r.Context(), pathID(r), s.Rectify
	var err error
	var done string
	switch r.PathValue("action") {
	case "plan":
		err, done = rs.SubmitPlan(ctx, p, id, r.FormValue("plan")), "已报送整改方案"
	case "review":
		err, done = rs.ReviewPlan(ctx, p, id, r.FormValue("decision") == "accept", r.FormValue("opinion")), "已审核整改方案"
	case "progress":
		err, done = rs.ReportProgress(ctx, p, id, r.FormValue("progress")), "已报告整改进展"
	case "complete":
		err, done = rs.ReportCompletion(ctx, p, id, r.FormValue("completion")), "已报告整改完成，待验收"
	case "verify":
		passed := r.FormValue("decision") == "pass"
		err, done = rs.Verify(ctx, p, id, passed, r.FormValue("verification")), "验收未通过，已退回继续整改"
		if passed {
			done = "验收通过，已销号"
		}
	default:
		s.fail(w, r, fmt.Errorf("unknown rectification action %q", r.PathValue("action")))
		return
	}
	if err != nil {
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) { s.showRectify(w, r, p, StatusOf(err), f, "", problem) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/rectify/%d", id), done)
}

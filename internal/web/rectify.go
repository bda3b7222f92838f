package web

import (
	"context"
	"custos/internal/clock"
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
		Today: clock.Date(s.Now())})
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
		Today: clock.Date(s.Now()), Form: f}
	if problem != "" {
		v.Error = problem
	}
	s.render(w, r, status, "rectify", v)
}

// rectifyAction is one step of a rectification: the unit's steps need the permissions of the
// offices that rectify, the issuer's those of case management and leaders (the service checks
// the side again against the task).
type rectifyAction struct {
	Action string
	Perms  []org.Permission
	Do     func(ctx context.Context, r *http.Request, p org.Principal, id int64) (string, error)
}

// rectifyRoutes registers one route per step of a rectification.
func (s *Server) rectifyRoutes() {
	rs := s.Rectify
	unit := []org.Permission{org.PermCaseHandle, org.PermCadreManage, org.PermClueHandle}
	issuer := []org.Permission{org.PermCaseManage, org.PermCaseApprove}
	type ctxt = context.Context
	type req = *http.Request
	type pr = org.Principal
	for _, a := range []rectifyAction{
		{"plan", unit, func(ctx ctxt, r req, p pr, id int64) (string, error) {
			return "已报送整改方案", rs.SubmitPlan(ctx, p, id, r.FormValue("plan"))
		}},
		{"review", issuer, func(ctx ctxt, r req, p pr, id int64) (string, error) {
			return "已审核整改方案", rs.ReviewPlan(ctx, p, id, r.FormValue("decision") == "accept", r.FormValue("opinion"))
		}},
		{"progress", unit, func(ctx ctxt, r req, p pr, id int64) (string, error) {
			return "已报告整改进展", rs.ReportProgress(ctx, p, id, r.FormValue("progress"))
		}},
		{"complete", unit, func(ctx ctxt, r req, p pr, id int64) (string, error) {
			return "已报告整改完成，待验收", rs.ReportCompletion(ctx, p, id, r.FormValue("completion"))
		}},
		{"verify", issuer, func(ctx ctxt, r req, p pr, id int64) (string, error) {
			passed := r.FormValue("decision") == "pass"
			if err := rs.Verify(ctx, p, id, passed, r.FormValue("verification")); err != nil || !passed {
				return "验收未通过，已退回继续整改", err
			}
			return "验收通过，已销号", nil
		}},
	} {
		a := a
		s.pageAny("POST /rectify/{id}/"+a.Action, a.Perms, func(w http.ResponseWriter, r *http.Request, p org.Principal) {
			id := pathID(r)
			done, err := a.Do(r.Context(), r, p, id)
			if err != nil {
				s.refusalOrForm(w, r, p, err, func(f Form, problem string) { s.showRectify(w, r, p, StatusOf(err), f, "", problem) })
				return
			}
			redirectNotice(w, r, fmt.Sprintf("/rectify/%d", id), done)
		})
	}
}

package web

import (
	"custos/internal/clock"
	"net/http"

	"custos/internal/org"
)

// HomePage is the view model of home.html.
type HomePage struct {
	Base
	Root         org.Commission
	Commissions  int
	Users        int
	CanSeeUsers  bool
	Compliance   org.ComplianceSummary
	Today        string
	TodayWorkday bool
	TodayNote    string
	Modules      []Module
}

func (s *Server) home(w http.ResponseWriter, r *http.Request, p org.Principal) {
	ctx := r.Context()
	v := HomePage{Base: Base{Title: "首页", Principal: p, Nav: "home"}, Modules: modules()}
	var err error
	if v.Root, err = s.Org.ScopeRoot(ctx, p); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, v.Commissions, err = s.Org.ListCommissions(ctx, p, org.CommissionFilter{Page: org.Page{Size: 1}}); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.CanSeeUsers = p.Can(org.PermUserView); v.CanSeeUsers {
		if _, v.Users, err = s.Org.ListUsers(ctx, p, org.UserFilter{Page: org.Page{Size: 1}}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if _, v.Compliance, err = s.Org.Compliance(ctx, p); err != nil {
		s.fail(w, r, err)
		return
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	today := clock.In(s.Now())
	v.Today = today.Format("2006年1月2日")
	v.TodayWorkday = cal.IsWorkday(today)
	if d, ok := cal.Lookup(today); ok {
		v.TodayNote = d.Name
	}
	s.render(w, r, http.StatusOK, "home", v)
}

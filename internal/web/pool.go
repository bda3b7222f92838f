package web

import (
	"fmt"
	"net/http"

	"custos/internal/cadre"
	"custos/internal/org"
	"custos/internal/pool"
)

// PoolPage is the view model of pool.html: the personnel pool, filtered, and the enrol form.
type PoolPage struct {
	Base
	Rows   []pool.Member
	Pager  Pager
	Filter pool.Filter
	Skills []string
	Zones  []org.Zone
	Ranks  []struct {
		ID   cadre.Rank
		Name string
	}
	Form Form
}

func (s *Server) poolList(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showPool(w, r, p, http.StatusOK, newForm(nil), r.URL.Query().Get("notice"))
}

func (s *Server) showPool(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice string) {
	q := r.URL.Query()
	flt := pool.Filter{Skill: q.Get("skill"), ZoneID: int64(queryInt(r, "zone")), Rank: cadre.Rank(q.Get("rank")),
		AvailableOnly: q.Get("available") == "1", Page: org.Page{Number: queryInt(r, "page"), Size: 50}.Normalize()}
	rows, total, err := s.Pool.List(r.Context(), p, flt)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	zones, err := s.Org.Zones(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "pool", PoolPage{Base: Base{Title: "干部监督人员库", Principal: p, Nav: "pool", Notice: notice, Error: invalidBanner(f)},
		Rows: rows, Pager: newPager(r, flt.Page.Number, flt.Page.Size, total), Filter: flt, Skills: pool.Skills(), Zones: zones,
		Ranks: cadre.Ranks(), Form: f})
}

func (s *Server) poolEnroll(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.Pool.Enroll(r.Context(), p, pool.Input{Cadre: r.FormValue("cadre"), Skills: r.PostForm["skills"], Training: r.FormValue("training"),
		Available: r.FormValue("available") == "1", UnavailableWhy: r.FormValue("unavailable_why")})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showPool(w, r, p, StatusOf(err), f, "") })
		return
	}
	redirectNotice(w, r, "/pool", fmt.Sprintf("已保存 %s 的人员库信息", m.Name))
}

// PoolMemberPage is the view model of pool_member.html.
type PoolMemberPage struct {
	Base
	M    pool.Member
	Form Form
}

func (s *Server) poolMember(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showPoolMember(w, r, p, http.StatusOK, newForm(nil), r.URL.Query().Get("notice"))
}

func (s *Server) showPoolMember(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice string) {
	m, err := s.Pool.Member(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "pool_member", PoolMemberPage{Base: Base{Title: "人员库：" + m.Name, Principal: p, Nav: "pool", Notice: notice, Error: invalidBanner(f)}, M: m, Form: f})
}

func (s *Server) poolAssignment(w http.ResponseWriter, r *http.Request, p org.Principal) {
	err := s.Pool.RecordAssignment(r.Context(), p, pathID(r), pool.Assignment{StartedOn: r.FormValue("started_on"), Task: r.FormValue("task"), Role: r.FormValue("role")})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showPoolMember(w, r, p, StatusOf(err), f, "") })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/pool/%d", pathID(r)), "已记录抽调任务")
}

package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"custos/internal/apperr"
	"custos/internal/input"
	"custos/internal/org"
)

// CommissionPage is the view model of commission.html: one node of the tree.
type CommissionPage struct {
	Base
	C           org.Commission
	Breadcrumb  []org.Commission
	Children    []org.Commission
	Pager       Pager
	Departments []org.Department
	Duties      []org.Responsibility
	Zones       []org.Zone
	Users       int
	Kinds       []org.Kind
	Form        Form // the add-child or staffing form after an error
	FormName    string
}

func (s *Server) orgRoot(w http.ResponseWriter, r *http.Request, p org.Principal) {
	http.Redirect(w, r, "/org/commissions/"+strconv.FormatInt(p.CommissionID, 10), http.StatusSeeOther)
}

func (s *Server) commissionShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showCommission(w, r, p, pathID(r), http.StatusOK, newForm(nil), "", "")
}

func (s *Server) showCommission(w http.ResponseWriter, r *http.Request, p org.Principal, id int64, status int, f Form, formName, notice string) {
	ctx := r.Context()
	c, err := s.Org.Commission(ctx, p, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := CommissionPage{Base: Base{Title: c.Name, Principal: p, Nav: "org", Notice: notice}, C: c, Form: f, FormName: formName,
		Kinds: []org.Kind{org.KindResidentGroup, org.KindSOE, org.KindUniversity, org.KindPrefectural, org.KindCounty}}
	v.Error = invalidBanner(f)
	page := queryInt(r, "page")
	var total int
	if v.Breadcrumb, err = s.Org.Breadcrumb(ctx, p, c); err == nil {
		v.Children, total, err = s.Org.ListCommissions(ctx, p, org.CommissionFilter{ParentID: c.ID, Page: org.Page{Number: page, Size: 50}})
	}
	if err == nil {
		v.Pager = newPager(r, org.Page{Number: page}.Normalize().Number, 50, total)
		v.Departments, err = s.Org.Departments(ctx, p, c.ID)
	}
	if err == nil {
		v.Duties, err = s.Org.Responsibilities(ctx, p, c.ID)
	}
	if err == nil && p.Can(org.PermOrgManage) {
		v.Zones, err = s.Org.Zones(ctx, p)
	}
	if err == nil && p.Can(org.PermUserView) {
		_, v.Users, err = s.Org.ListUsers(ctx, p, org.UserFilter{CommissionID: c.ID, Page: org.Page{Size: 1}})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "commission", v)
}

func (s *Server) commissionCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := pathID(r)
	c, err := s.Org.CreateCommission(r.Context(), p, org.NewCommission{ParentID: id, Name: r.FormValue("name"),
		Kind: org.Kind(r.FormValue("kind")), Code: strings.TrimSpace(r.FormValue("code"))})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showCommission(w, r, p, id, StatusOf(err), f, "child", "") })
		return
	}
	http.Redirect(w, r, "/org/commissions/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}

func (s *Server) staffingUpdate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := pathID(r)
	staff, convErr := strconv.Atoi(strings.TrimSpace(r.FormValue("cso_staff")))
	if convErr != nil {
		f := newForm(r)
		f.Errors["cso_staff"] = "请填写整数"
		s.showCommission(w, r, p, id, http.StatusUnprocessableEntity, f, "staffing", "")
		return
	}
	_, err := s.Org.UpdateStaffing(r.Context(), p, id, org.Staffing{Mode: org.CSOMode(r.FormValue("cso_mode")), Staff: staff, ZoneID: formInt(r, "zone_id")})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showCommission(w, r, p, id, StatusOf(err), f, "staffing", "") })
		return
	}
	s.showCommission(w, r, p, id, http.StatusOK, newForm(nil), "", "已保存干部监督力量配备")
}

// formError shows a validation error on the form (with what was typed) via show, and any
// other error as an error page.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, p org.Principal, err error, show func(Form)) {
	if apperr.CodeOf(err) != apperr.Invalid {
		s.fail(w, r, err)
		return
	}
	f := newForm(r)
	for k, v := range apperr.FieldsOf(err) {
		f.Errors[k] = v
	}
	if errors.Is(err, input.ErrRefused) {
		f.Problem = apperr.MessageOf(err)
	}
	show(f)
}

// refusalOrForm shows a refusal by a rule (a conflict: the third inquiry, a step out of turn)
// as a banner over the page with the form kept, a validation error on the form, and any other
// error as an error page.
func (s *Server) refusalOrForm(w http.ResponseWriter, r *http.Request, p org.Principal, err error, show func(f Form, problem string)) {
	if apperr.CodeOf(err) == apperr.Conflict {
		show(newForm(r), apperr.MessageOf(err))
		return
	}
	s.formError(w, r, p, err, func(f Form) { show(f, "") })
}

// CommissionListPage is the view model of commissions.html: a search over the tree.
type CommissionListPage struct {
	Base
	Name  string
	Kind  string
	Zone  int64
	Kinds []org.Kind
	Rows  []org.Commission
	Pager Pager
}

func (s *Server) commissionList(w http.ResponseWriter, r *http.Request, p org.Principal) {
	q := r.URL.Query()
	zone, _ := strconv.ParseInt(q.Get("zone"), 10, 64)
	f := org.CommissionFilter{Name: strings.TrimSpace(q.Get("name")), Kind: org.Kind(q.Get("kind")), ZoneID: zone, Page: org.Page{Number: queryInt(r, "page")}}
	rows, total, err := s.Org.ListCommissions(r.Context(), p, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := f.Page.Normalize()
	s.render(w, r, http.StatusOK, "commissions", CommissionListPage{
		Base: Base{Title: "机构查询", Principal: p, Nav: "commissions"}, Name: f.Name, Kind: string(f.Kind),
		Kinds: []org.Kind{org.KindCentral, org.KindProvincial, org.KindPrefectural, org.KindCounty, org.KindResidentGroup, org.KindSOE, org.KindUniversity},
		Rows:  rows, Pager: newPager(r, pg.Number, pg.Size, total), Zone: zone})
}

// CompliancePage is the view model of compliance.html (O2).
type CompliancePage struct {
	Base
	Rows    []org.CountyCompliance
	Summary org.ComplianceSummary
}

func (s *Server) compliance(w http.ResponseWriter, r *http.Request, p org.Principal) {
	rows, sum, err := s.Org.Compliance(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "compliance", CompliancePage{Base: Base{Title: "县级干部监督力量配备", Principal: p, Nav: "compliance"}, Rows: rows, Summary: sum})
}

// ZonesPage is the view model of zones.html (O4).
type ZonesPage struct {
	Base
	Zones []org.Zone
	Form  Form
}

func (s *Server) zones(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showZones(w, r, p, http.StatusOK, newForm(nil), "")
}

func (s *Server) showZones(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice string) {
	zs, err := s.Org.Zones(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := ZonesPage{Base: Base{Title: "协作区", Principal: p, Nav: "zones", Notice: notice}, Zones: zs, Form: f}
	v.Error = invalidBanner(f)
	s.render(w, r, status, "zones", v)
}

func (s *Server) zoneCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	z, err := s.Org.CreateZone(r.Context(), p, r.FormValue("name"))
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showZones(w, r, p, StatusOf(err), f, "") })
		return
	}
	s.showZones(w, r, p, http.StatusOK, newForm(nil), "已新增协作区 "+z.Name)
}

func (s *Server) docCodeUpdate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := pathID(r)
	if _, err := s.Org.SetDocCode(r.Context(), p, id, r.FormValue("doc_code")); err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showCommission(w, r, p, id, StatusOf(err), f, "doc_code", "") })
		return
	}
	s.showCommission(w, r, p, id, http.StatusOK, newForm(nil), "", "已保存发文机关代字")
}

package web

import (
	"net/http"
	"strconv"
	"strings"

	"custos/internal/cadre"
	"custos/internal/org"
)

// CadreListPage is the view model of cadres.html.
type CadreListPage struct {
	Base
	Query, Rank, Status string
	KeyMinority         bool
	Commission          org.Commission
	Ranks               []struct {
		ID   cadre.Rank
		Name string
	}
	Rows  []cadre.Cadre
	Pager Pager
}

func (s *Server) cadreList(w http.ResponseWriter, r *http.Request, p org.Principal) {
	ctx := r.Context()
	q := r.URL.Query()
	f := cadre.Filter{Query: strings.TrimSpace(q.Get("q")), Rank: cadre.Rank(q.Get("rank")), Status: cadre.Status(q.Get("status")),
		KeyMinority: q.Get("key") == "1", Page: org.Page{Number: queryInt(r, "page")}}
	v := CadreListPage{Base: Base{Title: "干部名册", Principal: p, Nav: "cadres"}, Query: f.Query, Rank: string(f.Rank),
		Status: string(f.Status), KeyMinority: f.KeyMinority, Ranks: cadre.Ranks()}
	c, err := s.subtreeFilter(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Commission, f.CommissionID = c, c.ID
	rows, total, err := s.Cadres.List(ctx, p, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := f.Page.Normalize()
	v.Rows, v.Pager = rows, newPager(r, pg.Number, pg.Size, total)
	s.render(w, r, http.StatusOK, "cadres", v)
}

// CadreFormPage is the view model of cadre_new.html.
type CadreFormPage struct {
	Base
	Commission  org.Commission
	Departments []org.Department
	Form        Form
	Ranks       []struct {
		ID   cadre.Rank
		Name string
	}
}

func (s *Server) cadreNewForm(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id, _ := strconv.ParseInt(r.URL.Query().Get("commission"), 10, 64)
	if id == 0 {
		id = p.CommissionID
	}
	s.showCadreForm(w, r, p, id, http.StatusOK, newForm(nil))
}

func (s *Server) showCadreForm(w http.ResponseWriter, r *http.Request, p org.Principal, commissionID int64, status int, f Form) {
	c, depts, err := s.Org.Placement(r.Context(), p, commissionID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := CadreFormPage{Base: Base{Title: "登记干部", Principal: p, Nav: "cadres"}, Commission: c, Departments: depts, Form: f, Ranks: cadre.Ranks()}
	v.Error = invalidBanner(f)
	s.render(w, r, status, "cadre_new", v)
}

// cadreInput reads the cadre form.
func cadreInput(r *http.Request) (cadre.Input, cadre.Placement) {
	in := cadre.Input{Name: r.FormValue("name"), Gender: r.FormValue("gender"), BirthDate: r.FormValue("birth_date"),
		IDNumber: r.FormValue("id_number"), Ethnicity: r.FormValue("ethnicity"), PartyMember: r.FormValue("party_member"),
		PartyJoinDate: r.FormValue("party_join_date"), Post: r.FormValue("post"), Rank: r.FormValue("rank"),
		KeyMinority: r.FormValue("key_minority"), Committees: strings.Join(r.PostForm["committees"], "、"),
		ManagementAuthority: r.FormValue("management_authority"), Status: r.FormValue("status"), LeftAt: r.FormValue("left_at"),
		RankTitle: r.FormValue("rank_title"), PostSince: r.FormValue("post_since"), RankSince: r.FormValue("rank_since"),
		WorkStart: r.FormValue("work_start"), Education: r.FormValue("education"), Degree: r.FormValue("degree"),
		NativePlace: r.FormValue("native_place"), Note: r.FormValue("note")}
	return in, cadre.Placement{CommissionID: formInt(r, "commission_id"), DepartmentID: formInt(r, "department_id")}
}

func (s *Server) cadreCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	in, at := cadreInput(r)
	k, err := s.Cadres.Create(r.Context(), p, in, at)
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showCadreForm(w, r, p, at.CommissionID, StatusOf(err), f) })
		return
	}
	s.showCadre(w, r, p, k.ID, http.StatusOK, newForm(nil), "", "已登记干部 "+k.Name)
}

// CadrePage is the view model of cadre.html: basic data and the forms that add to the archive.
type CadrePage struct {
	Base
	K           cadre.Cadre
	Departments []org.Department
	Ranks       []struct {
		ID   cadre.Rank
		Name string
	}
	Relations []struct {
		ID    cadre.Relation
		Name  string
		Close bool
	}
	TalkKinds []struct{ ID, Name string }
	Sections  []cadre.Section
	Purposes  []string
	Form      Form
	FormName  string // which form Form belongs to: edit, appointment, family, talk, archive
	CanManage bool
}

func (s *Server) cadreShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showCadre(w, r, p, pathID(r), http.StatusOK, newForm(nil), "", "")
}

func (s *Server) showCadre(w http.ResponseWriter, r *http.Request, p org.Principal, id int64, status int, f Form, formName, notice string) {
	ctx := r.Context()
	k, err := s.Cadres.Get(ctx, p, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := CadrePage{Base: Base{Title: k.Name, Principal: p, Nav: "cadres", Notice: notice}, K: k, Ranks: cadre.Ranks(),
		Relations: cadre.Relations(), TalkKinds: cadre.TalkKinds(), Sections: cadre.Sections(), Purposes: cadre.Purposes(), Form: f, FormName: formName,
		CanManage: p.Can(org.PermCadreManage)}
	v.Error = invalidBanner(f)
	if v.CanManage {
		if v.Departments, err = s.Org.Departments(ctx, p, k.CommissionID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "cadre", v)
}

func (s *Server) cadreUpdate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	in, at := cadreInput(r)
	k, err := s.Cadres.Update(r.Context(), p, id, in, at)
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showCadre(w, r, p, id, StatusOf(err), f, "edit", "") })
		return
	}
	s.showCadre(w, r, p, k.ID, http.StatusOK, newForm(nil), "", "已保存")
}

func (s *Server) appointmentCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := pathID(r)
	_, talk, err := s.Cadres.RecordAppointment(r.Context(), p, id, cadre.AppointmentInput{Date: r.FormValue("date"),
		Kind: r.FormValue("kind"), Post: r.FormValue("post"), DocNo: r.FormValue("doc_no"), Note: r.FormValue("note")})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showCadre(w, r, p, id, StatusOf(err), f, "appointment", "") })
		return
	}
	notice := "已记录任免"
	if talk != nil {
		notice += "，并安排到岗谈，应于 " + talk.DueDate + " 前完成（" + strconv.Itoa(s.Cadres.Settings().ArrivalTalkDays) + " 个工作日内）"
	}
	s.showCadre(w, r, p, id, http.StatusOK, newForm(nil), "", notice)
}

func (s *Server) familyCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := pathID(r)
	m, err := s.Cadres.AddFamily(r.Context(), p, id, cadre.FamilyMember{Relation: cadre.Relation(r.FormValue("relation")),
		Name: r.FormValue("name"), IDNumber: r.FormValue("id_number"), Employer: r.FormValue("employer"), Post: r.FormValue("post"),
		Business: r.FormValue("business"), Region: r.FormValue("region")})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showCadre(w, r, p, id, StatusOf(err), f, "family", "") })
		return
	}
	s.showCadre(w, r, p, id, http.StatusOK, newForm(nil), "", "已登记"+cadre.RelationName(m.Relation)+" "+m.Name)
}

func (s *Server) recordCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := pathID(r)
	rec, err := s.Cadres.AddRecord(r.Context(), p, id, cadre.Record{Section: r.FormValue("section"), Date: r.FormValue("date"),
		Title: r.FormValue("title"), Content: r.FormValue("content"), Source: r.FormValue("source")})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showCadre(w, r, p, id, StatusOf(err), f, "record", "") })
		return
	}
	notice := "已登记" + cadre.SectionName(rec.Section) + "：" + rec.Title
	if rec.Changes != "" {
		notice += "（" + rec.Changes + "）"
	}
	s.showCadre(w, r, p, id, http.StatusOK, newForm(nil), "", notice)
}

func (s *Server) talkSchedule(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := pathID(r)
	t, err := s.Cadres.ScheduleTalk(r.Context(), p, id, r.FormValue("kind"), r.FormValue("due_date"), r.FormValue("reason"))
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showCadre(w, r, p, id, StatusOf(err), f, "talk", "") })
		return
	}
	s.showCadre(w, r, p, id, http.StatusOK, newForm(nil), "", "已安排"+cadre.TalkKindName(t.Kind)+"，应于 "+t.DueDate+" 前完成")
}

// CadreFields is the view model of the shared cadre fields (partials.html) in the register
// and edit forms.
type CadreFields struct {
	Form  Form
	K     cadre.Cadre
	Ranks []struct {
		ID   cadre.Rank
		Name string
	}
	Departments []org.Department
	Edit        bool
}

// Fields returns the register form's fields.
func (v CadreFormPage) Fields() CadreFields {
	return CadreFields{Form: v.Form, Ranks: v.Ranks, Departments: v.Departments}
}

// Fields returns the edit form's fields; the form's values count only when it was the edit form.
func (v CadrePage) Fields() CadreFields {
	f := v.Form
	if v.FormName != "edit" {
		f = newForm(nil)
	}
	return CadreFields{Form: f, K: v.K, Ranks: v.Ranks, Departments: v.Departments, Edit: true}
}

// FormFor returns the submitted form if it was the named one, else an empty form.
func (v CadrePage) FormFor(name string) Form {
	if v.FormName == name {
		return v.Form
	}
	return newForm(nil)
}

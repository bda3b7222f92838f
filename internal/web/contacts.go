package web

import (
	"custos/internal/clock"
	"net/http"

	"custos/internal/org"
)

// ContactsPage is the view model of contacts.html (O6).
type ContactsPage struct {
	Base
	Rows     []org.Contact
	MaxYears int
	Today    string
	TooLong  int
	Offices  []org.Department // the user's own commission's departments
	Units    []org.Commission // its direct subordinates
	Form     Form
}

// Years returns how long a contact has lasted, for the template.
func (v ContactsPage) Years(c org.Contact) int {
	return org.ContactYears(c.Since, c.Until, mustDay(v.Today))
}

// Warn reports whether a current contact is due for rotation.
func (v ContactsPage) Warn(c org.Contact) bool { return c.TooLong(mustDay(v.Today), v.MaxYears) }

func (s *Server) contacts(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showContacts(w, r, p, http.StatusOK, newForm(nil), "")
}

func (s *Server) showContacts(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice string) {
	ctx := r.Context()
	rows, err := s.Org.Contacts(ctx, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := ContactsPage{Base: Base{Title: "监督联系", Principal: p, Nav: "contacts", Notice: notice}, Rows: rows,
		MaxYears: s.Org.ContactYearsLimit(), Today: clock.Date(s.Now()), Form: f}
	for _, c := range rows {
		if v.Warn(c) {
			v.TooLong++
		}
	}
	if p.Can(org.PermOrgManage) {
		if v.Offices, err = s.Org.Departments(ctx, p, p.CommissionID); err == nil {
			v.Units, _, err = s.Org.ListCommissions(ctx, p, org.CommissionFilter{ParentID: p.CommissionID, Page: org.Page{Size: 200}})
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	v.Error = invalidBanner(f)
	s.render(w, r, status, "contacts", v)
}

func (s *Server) contactCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	c, err := s.Org.AddContact(r.Context(), p, formInt(r, "office_id"), formInt(r, "unit_id"), r.FormValue("since"))
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showContacts(w, r, p, StatusOf(err), f, "") })
		return
	}
	s.showContacts(w, r, p, http.StatusOK, newForm(nil), "已登记："+c.OfficeName+" 联系 "+c.UnitName)
}

func (s *Server) contactEnd(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := s.Org.EndContact(r.Context(), p, pathID(r), r.FormValue("until")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.showContacts(w, r, p, http.StatusOK, newForm(nil), "已结束该监督联系")
}

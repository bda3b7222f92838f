package web

import (
	"net/http"
	"strconv"
	"strings"

	"custos/internal/audit"
	"custos/internal/org"
)

// UserListPage is the view model of users.html.
type UserListPage struct {
	Base
	Query      string
	Role       string
	Commission org.Commission // the subtree filter, zero for the whole scope
	Roles      []org.Role
	Rows       []org.User
	Pager      Pager
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request, p org.Principal) {
	ctx := r.Context()
	q := r.URL.Query()
	f := org.UserFilter{Query: strings.TrimSpace(q.Get("q")), Role: q.Get("role"), Page: org.Page{Number: queryInt(r, "page")}}
	v := UserListPage{Base: Base{Title: "用户管理", Principal: p, Nav: "users"}, Query: f.Query, Role: f.Role, Roles: org.Roles()}
	c, err := s.subtreeFilter(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Commission, f.CommissionID = c, c.ID
	rows, total, err := s.Org.ListUsers(ctx, p, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := f.Page.Normalize()
	v.Rows, v.Pager = rows, newPager(r, pg.Number, pg.Size, total)
	s.render(w, r, http.StatusOK, "users", v)
}

// UserFormPage is the view model of user_new.html.
type UserFormPage struct {
	Base
	Commission  org.Commission
	Departments []org.Department
	Roles       []org.Role
	Form        Form
}

func (s *Server) userNewForm(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id, _ := strconv.ParseInt(r.URL.Query().Get("commission"), 10, 64)
	if id == 0 {
		id = p.CommissionID
	}
	s.showUserForm(w, r, p, id, http.StatusOK, newForm(nil))
}

func (s *Server) showUserForm(w http.ResponseWriter, r *http.Request, p org.Principal, commissionID int64, status int, f Form) {
	c, depts, err := s.Org.Placement(r.Context(), p, commissionID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := UserFormPage{Base: Base{Title: "新增用户", Principal: p, Nav: "users"}, Commission: c, Departments: depts, Roles: org.Roles(), Form: f}
	v.Error = invalidBanner(f)
	s.render(w, r, status, "user_new", v)
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	cid := formInt(r, "commission_id")
	u, pw, err := s.Org.CreateUser(r.Context(), p, org.NewUser{Username: r.FormValue("username"), DisplayName: r.FormValue("display_name"),
		CommissionID: cid, DepartmentID: formInt(r, "department_id"), Roles: r.PostForm["roles"]})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showUserForm(w, r, p, cid, StatusOf(err), f) })
		return
	}
	s.showUser(w, r, p, u.ID, http.StatusOK, newForm(nil), "已新增用户 "+u.Username+"。初始密码："+pw+"（仅显示这一次，请当面交给本人；首次登录须修改）")
}

// UserPage is the view model of user.html.
type UserPage struct {
	Base
	U           org.User
	Departments []org.Department
	Roles       []org.Role
	Form        Form
	Audit       []audit.Record
	Self        bool
}

func (s *Server) userShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showUser(w, r, p, pathID(r), http.StatusOK, newForm(nil), "")
}

func (s *Server) showUser(w http.ResponseWriter, r *http.Request, p org.Principal, id int64, status int, f Form, notice string) {
	ctx := r.Context()
	u, err := s.Org.User(ctx, p, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := UserPage{Base: Base{Title: u.DisplayName, Principal: p, Nav: "users", Notice: notice}, U: u, Roles: org.Roles(), Form: f, Self: u.ID == p.UserID}
	v.Error = invalidBanner(f)
	if v.Departments, err = s.Org.Departments(ctx, p, u.CommissionID); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Can(org.PermAuditView) {
		v.Audit, _, err = audit.List(ctx, s.DB.Reader(), audit.Filter{ScopePath: p.ScopePath, ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), Limit: 20})
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "user", v)
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	u, err := s.Org.UpdateUser(r.Context(), p, id, org.UserChange{DisplayName: r.FormValue("display_name"),
		DepartmentID: formInt(r, "department_id"), Roles: r.PostForm["roles"], Status: r.FormValue("status")})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showUser(w, r, p, id, StatusOf(err), f, "") })
		return
	}
	s.showUser(w, r, p, u.ID, http.StatusOK, newForm(nil), "已保存")
}

func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := pathID(r)
	pw, err := s.Org.ResetPassword(r.Context(), p, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showUser(w, r, p, id, http.StatusOK, newForm(nil), "已重置密码并解除锁定。新密码："+pw+"（仅显示这一次；下次登录须修改）")
}

func (s *Server) userRevokeSessions(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := pathID(r)
	n, err := s.Auth.RevokeSessions(r.Context(), p, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showUser(w, r, p, id, http.StatusOK, newForm(nil), "已强制下线 "+strconv.Itoa(n)+" 个会话")
}

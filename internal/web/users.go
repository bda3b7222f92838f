package web

import (
	"net/http"
	"strconv"
	"strings"

	"custos/internal/apperr"
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
	Resets     []org.PasswordReset // pending resets, for the security administrator
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
	if p.Can(org.PermRoleManage) {
		if v.Resets, err = s.Org.Resets(ctx, p, 0); err != nil {
			s.fail(w, r, err)
			return
		}
	}
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
	s.showUser(w, r, p, u.ID, http.StatusOK, userForms{}, "已新增用户 "+u.Username+"。初始密码："+pw+"（仅显示这一次，请当面交给本人；首次登录须修改）。角色由安全保密管理员授予。", "")
}

// UserPage is the view model of user.html: the account, and the forms of the system
// administrator (account, reset request) and of the security administrator (roles, approval of
// a reset) — each shown to whoever may use it.
type UserPage struct {
	Base
	U           org.User
	Departments []org.Department
	Roles       []org.Role
	Form        Form // the account form
	RolesForm   Form
	ResetForm   Form
	Resets      []org.PasswordReset
	Audit       []audit.Record
	Self        bool
}

// userForms are the user page's forms as they came back after an error.
type userForms struct{ edit, roles, reset Form }

func (s *Server) userShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showUser(w, r, p, pathID(r), http.StatusOK, userForms{}, "", "")
}

func (s *Server) showUser(w http.ResponseWriter, r *http.Request, p org.Principal, id int64, status int, fs userForms, notice, problem string) {
	ctx := r.Context()
	u, err := s.Org.User(ctx, p, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, f := range []*Form{&fs.edit, &fs.roles, &fs.reset} {
		if f.Values == nil {
			*f = newForm(nil)
		}
	}
	v := UserPage{Base: Base{Title: u.DisplayName, Principal: p, Nav: "users", Notice: notice, Error: problem}, U: u, Roles: org.Roles(),
		Form: fs.edit, RolesForm: fs.roles, ResetForm: fs.reset, Self: u.ID == p.UserID}
	for _, f := range []Form{fs.edit, fs.roles, fs.reset} {
		if b := invalidBanner(f); b != "" {
			v.Error = b
		}
	}
	if v.Departments, err = s.Org.Departments(ctx, p, u.CommissionID); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Resets, err = s.Org.Resets(ctx, p, id); err != nil {
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
		DepartmentID: formInt(r, "department_id"), Status: r.FormValue("status")})
	if err != nil {
		s.userRefusal(w, r, p, id, err, func(f Form) userForms { return userForms{edit: f} })
		return
	}
	s.showUser(w, r, p, u.ID, http.StatusOK, userForms{}, "已保存", "")
}

// userRoles is the security administrator's form: the account's roles.
func (s *Server) userRoles(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	u, err := s.Org.SetRoles(r.Context(), p, id, r.PostForm["roles"])
	if err != nil {
		s.userRefusal(w, r, p, id, err, func(f Form) userForms { return userForms{roles: f} })
		return
	}
	s.showUser(w, r, p, u.ID, http.StatusOK, userForms{}, "已保存角色", "")
}

// userResetPassword asks for a reset: the new password is shown once to the system
// administrator and takes effect when a security administrator approves.
func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	_, pw, err := s.Org.RequestReset(r.Context(), p, id, "", r.FormValue("reason"), true)
	if err != nil {
		s.userRefusal(w, r, p, id, err, func(f Form) userForms { return userForms{reset: f} })
		return
	}
	s.showUser(w, r, p, id, http.StatusOK, userForms{}, "已提交密码重置申请。新密码："+pw+
		"（仅显示这一次；经安全保密管理员批准后生效，请在批准后当面交给本人，下次登录须修改）", "")
}

// resetDecide approves or refuses a reset request (安全保密管理员).
func (s *Server) resetDecide(approve bool) handler {
	return func(w http.ResponseWriter, r *http.Request, p org.Principal) {
		var res org.PasswordReset
		var err error
		if approve {
			res, err = s.Org.ApproveReset(r.Context(), p, pathID(r))
		} else {
			res, err = s.Org.RefuseReset(r.Context(), p, pathID(r))
		}
		if apperr.CodeOf(err) == apperr.Conflict {
			s.showUser(w, r, p, res.UserID, StatusOf(err), userForms{}, "", apperr.MessageOf(err))
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		msg := "已批准密码重置，新密码已生效；该用户下次登录时将看到重置人和时间"
		if !approve {
			msg = "已不批准该密码重置申请，原密码不变"
		}
		s.showUser(w, r, p, res.UserID, http.StatusOK, userForms{}, msg, "")
	}
}

// userRefusal shows a refusal by a rule as a banner over the user page, a validation error on
// the form it came from (pick places the form), anything else as an error page.
func (s *Server) userRefusal(w http.ResponseWriter, r *http.Request, p org.Principal, id int64, err error, pick func(Form) userForms) {
	if apperr.CodeOf(err) == apperr.Conflict {
		s.showUser(w, r, p, id, StatusOf(err), pick(newForm(r)), "", apperr.MessageOf(err))
		return
	}
	s.formError(w, r, p, err, func(f Form) { s.showUser(w, r, p, id, StatusOf(err), pick(f), "", "") })
}

func (s *Server) userRevokeSessions(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := pathID(r)
	n, err := s.Auth.RevokeSessions(r.Context(), p, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showUser(w, r, p, id, http.StatusOK, userForms{}, "已强制下线 "+strconv.Itoa(n)+" 个会话", "")
}

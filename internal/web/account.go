package web

import (
	"net/http"

	"custos/internal/auth"
	"custos/internal/org"
)

// PasswordPage is the view model of password.html.
type PasswordPage struct {
	Base
	Must bool
	Form Form
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showPassword(w, r, p, http.StatusOK, newForm(nil), "")
}

func (s *Server) showPassword(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice string) {
	v := PasswordPage{Base: Base{Title: "修改密码", Principal: p, Nav: "password", Notice: notice}, Must: p.MustChangePassword && notice == "", Form: f}
	v.Error = invalidBanner(f)
	s.render(w, r, status, "password", v)
}

func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if r.FormValue("next") != r.FormValue("confirm") {
		f := newForm(r)
		f.Errors["confirm"] = "两次输入的新密码不一致"
		s.showPassword(w, r, p, http.StatusUnprocessableEntity, blankPasswords(f), "")
		return
	}
	err := s.Auth.ChangePassword(r.Context(), p, r.FormValue("current"), r.FormValue("next"), auth.SessionToken(r))
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showPassword(w, r, p, StatusOf(err), blankPasswords(f), "") })
		return
	}
	s.showPassword(w, r, p, http.StatusOK, newForm(nil), "密码已修改，其他设备上的登录已注销")
}

// blankPasswords drops typed passwords: they are never sent back to the browser.
func blankPasswords(f Form) Form {
	for _, k := range []string{"current", "next", "confirm"} {
		delete(f.Values, k)
	}
	return f
}

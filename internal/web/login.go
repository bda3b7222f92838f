package web

import (
	"net/http"

	"custos/internal/apperr"
	"custos/internal/auth"
	"custos/internal/org"
)

// LoginPage is the view model of login.html.
type LoginPage struct {
	Base
	Username string
	Next     string
	// ResetNotice, after a login, tells the owner who reset the password and when (once).
	ResetNotice string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login", LoginPage{Base: Base{Title: "登录"}, Next: localNext(r.URL.Query().Get("next"))})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r = s.guard(r) // bounded input: an oversized name or password writes nothing
	username, next := r.PostFormValue("username"), localNext(r.PostFormValue("next"))
	token, p, err := s.Auth.Login(r.Context(), username, r.PostFormValue("password"), s.Auth.ClientAddr(r))
	if err != nil {
		status := StatusOf(err)
		if apperr.CodeOf(err) == apperr.Internal {
			s.log.Error("login", "err", err)
		}
		s.render(w, r, status, "login", LoginPage{Base: Base{Title: "登录", Error: apperr.MessageOf(err)}, Username: username, Next: next})
		return
	}
	http.SetCookie(w, s.Auth.SessionCookie(token, s.SecureCookie))
	if p.LoginNotice != "" { // told once: who reset the password and when
		s.render(w, r, http.StatusOK, "login", LoginPage{Base: Base{Title: "密码已被重置", Principal: p}, Next: next, ResetNotice: p.LoginNotice})
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := s.Auth.Logout(r.Context(), p, auth.SessionToken(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, s.Auth.SessionCookie("", s.SecureCookie))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

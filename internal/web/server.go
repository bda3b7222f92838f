// Package web is the server-rendered Chinese UI: one file per screen, routes.go lists every
// route with the permission it needs, templates and our own CSS/JS are embedded. Handlers are
// thin: parse the form, call one service method, render or redirect.
package web

import (
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/auth"
	"custos/internal/cadre"
	"custos/internal/casework"
	"custos/internal/clue"
	"custos/internal/daily"
	"custos/internal/db"
	"custos/internal/document"
	"custos/internal/inspection"
	"custos/internal/interference"
	"custos/internal/opinion"
	"custos/internal/org"
	"custos/internal/pool"
	"custos/internal/rectify"
	"custos/internal/report"
	"custos/internal/stats"
	"custos/internal/workday"
)

// Deps are the services the UI calls.
type Deps struct {
	DB           *db.DB
	Audit        *audit.Log
	Org          *org.Service
	Auth         *auth.Service
	Calendar     *workday.Store
	Cadres       *cadre.Service
	Opinions     *opinion.Service
	Daily        *daily.Service
	Pool         *pool.Service
	Reports      *report.Service
	Clues        *clue.Service
	Cases        *casework.Service
	Docs         *document.Store
	Rectify      *rectify.Service
	Interference *interference.Service
	Stats        *stats.Service
	Inspection   *inspection.Service
	Log          *slog.Logger
	Now          func() time.Time
	SecureCookie bool
}

// Server serves the UI.
type Server struct {
	Deps
	log    *slog.Logger
	tmpl   *renderer
	mux    *http.ServeMux
	limits fieldLimits // every form field's maximum, read from the templates
	routes []Route     // what register() registered, in order
}

// Route is one registered route: its pattern and the permissions any one of which lets a user
// in (none: any logged-in user; Public: no login at all).
type Route struct {
	Pattern string
	Perms   []org.Permission
	Public  bool
}

// Routes returns every route the UI registered, in table order: tests walk them all.
func (s *Server) Routes() []Route { return append([]Route(nil), s.routes...) }

// New parses the templates and registers the routes on mux.
func New(d Deps, mux *http.ServeMux) (*Server, error) {
	t, err := newRenderer()
	if err != nil {
		return nil, err
	}
	limits, err := loadLimits(assets)
	if err != nil {
		return nil, err
	}
	s := &Server{Deps: d, log: d.Log, tmpl: t, mux: mux, limits: limits}
	s.register()
	// anything no route takes — an action that does not exist, a path nobody wrote — is a
	// Chinese 404 (the API answers its own, in JSON)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if p, err := s.Auth.Resolve(r); err == nil {
			r = r.WithContext(auth.WithPrincipal(r.Context(), p))
		}
		s.fail(w, r, errNoPage)
	})
	static, _ := fs.Sub(assets, "static")
	fileServer := http.StripPrefix("/static/", http.FileServerFS(static))
	mux.Handle("GET /static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fileServer.ServeHTTP(w, r)
	}))
	return s, nil
}

// handler is a page handler for a logged-in principal.
type handler func(w http.ResponseWriter, r *http.Request, p org.Principal)

// page registers pattern for logged-in users holding perm ("" for any logged-in user).
// Anonymous requests go to the login page; a missing permission answers 403; a user who must
// change their password is sent to do so first. A query value beyond its field's maximum (or
// not valid text) answers 422; a posted one stops every write of the request (s.guard), so
// the handler shows its form again with the value kept and the message.
func (s *Server) page(pattern string, perm org.Permission, h handler) {
	var perms []org.Permission
	if perm != "" {
		perms = []org.Permission{perm}
	}
	s.pageAny(pattern, perms, h)
}

// public registers pattern for anyone, logged in or not (the login form).
func (s *Server) public(pattern string, h http.HandlerFunc) {
	s.routes = append(s.routes, Route{Pattern: pattern, Public: true})
	s.mux.HandleFunc(pattern, h)
}

// pageAny registers pattern for logged-in users holding any one of perms (none: any
// logged-in user), like page.
func (s *Server) pageAny(pattern string, perms []org.Permission, h handler) {
	s.routes = append(s.routes, Route{Pattern: pattern, Perms: perms})
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		p, err := s.Auth.Resolve(r)
		if err != nil {
			if r.Method == http.MethodGet && apperr.CodeOf(err) == apperr.Unauthorized {
				http.Redirect(w, r, "/login?next="+urlEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, err)
			return
		}
		r = s.guard(r.WithContext(auth.WithPrincipal(r.Context(), p)))
		if err := s.readInput(r); err != nil {
			s.fail(w, r, err)
			return
		}
		if p.MustChangePassword && r.URL.Path != "/account/password" && r.URL.Path != "/logout" {
			http.Redirect(w, r, "/account/password", http.StatusSeeOther)
			return
		}
		if !canAny(p, perms) {
			s.fail(w, r, errForbidden)
			return
		}
		h(w, r, p)
	})
}

func principalOf(r *http.Request) (org.Principal, bool) { return auth.PrincipalFrom(r.Context()) }

// canAny reports whether p holds one of perms, or perms is empty.
func canAny(p org.Principal, perms []org.Permission) bool {
	for _, perm := range perms {
		if p.Can(perm) {
			return true
		}
	}
	return len(perms) == 0
}

// Package api is the JSON API under /api/v1, over the same services as the web UI. Requests
// authenticate with "Authorization: Bearer <token>" (custos user token) or the session cookie.
// Errors are {"error": {"code", "message", "fields"}} with the status of web.StatusOf.
package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"

	"custos/internal/apperr"
	"custos/internal/auth"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/web"
)

// Deps are the services the API calls.
type Deps struct {
	DB   *db.DB
	Org  *org.Service
	Auth *auth.Service
	Log  *slog.Logger
}

// API serves /api/v1.
type API struct {
	Deps
	mux    *http.ServeMux
	routes []web.Route // what register() registered, in order
}

// Routes returns every route the API registered, in table order: tests walk them all.
func (a *API) Routes() []web.Route { return append([]web.Route(nil), a.routes...) }

// Register adds the API's routes to mux, and a JSON 404 for any other path under /api/.
func Register(d Deps, mux *http.ServeMux) *API {
	a := &API{Deps: d, mux: mux}
	a.register()
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		a.writeError(w, r, apperr.New(apperr.NotFound, "接口不存在"))
	})
	return a
}

type handler func(w http.ResponseWriter, r *http.Request, p org.Principal) (any, error)

// handle registers pattern for authenticated callers holding perm ("" for any).
func (a *API) handle(pattern string, perm org.Permission, h handler) {
	rt := web.Route{Pattern: pattern}
	if perm != "" {
		rt.Perms = []org.Permission{perm}
	}
	a.routes = append(a.routes, rt)
	a.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		p, err := a.Auth.Resolve(r)
		if err == nil && perm != "" && !p.Can(perm) {
			err = apperr.New(apperr.Forbidden, "您没有此项操作的权限")
		}
		if err == nil {
			err = checkQuery(r)
		}
		var out any
		if err == nil {
			out, err = h(w, r.WithContext(auth.WithPrincipal(r.Context(), p)), p)
		}
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		status := http.StatusOK
		if r.Method == http.MethodPost {
			status = http.StatusCreated
		}
		writeJSON(w, status, out)
	})
}

type errorBody struct {
	Error struct {
		Code    apperr.Code       `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := web.StatusOf(err)
	if status == http.StatusInternalServerError {
		a.Log.Error("api request failed", append(web.FailureAttrs(r), "err", err)...)
	}
	var b errorBody
	b.Error.Code, b.Error.Message, b.Error.Fields = apperr.CodeOf(err), apperr.MessageOf(err), apperr.FieldsOf(err)
	writeJSON(w, status, b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// List is the envelope of every list answer.
type List[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
	Page  int `json:"page"`
	Size  int `json:"size"`
}

func queryInt64(r *http.Request, name string) int64 {
	v, _ := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	return v
}

func page(r *http.Request) org.Page {
	return org.Page{Number: int(queryInt64(r, "page")), Size: int(queryInt64(r, "size"))}.Normalize()
}

func pathID(r *http.Request) int64 {
	v, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return v
}

package api

import (
	"custos/internal/clock"
	"net/http"
	"strings"
	"time"

	"custos/internal/audit"
	"custos/internal/org"
)

// Me is the caller.
type Me struct {
	ID           int64    `json:"id"`
	Username     string   `json:"username"`
	Name         string   `json:"name"`
	CommissionID int64    `json:"commission_id"`
	Commission   string   `json:"commission"`
	Roles        []string `json:"roles"`
}

func (a *API) me(w http.ResponseWriter, r *http.Request, p org.Principal) (any, error) {
	return Me{p.UserID, p.Username, p.DisplayName, p.CommissionID, p.CommissionName, p.Roles}, nil
}

// Commission is a commission as the API shows it.
type Commission struct {
	ID       int64  `json:"id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	ParentID int64  `json:"parent_id,omitempty"`
	Zone     string `json:"zone,omitempty"`
	CSOMode  string `json:"cso_mode"`
	CSOStaff int    `json:"cso_staff"`
	Children int    `json:"children"`
}

func commissionOut(c org.Commission) Commission {
	return Commission{c.ID, c.Code, c.Name, string(c.Kind), c.ParentID, c.ZoneName, string(c.CSOMode), c.CSOStaff, c.Children}
}

func (a *API) commissions(w http.ResponseWriter, r *http.Request, p org.Principal) (any, error) {
	q := r.URL.Query()
	pg := page(r)
	rows, total, err := a.Org.ListCommissions(r.Context(), p, org.CommissionFilter{ParentID: queryInt64(r, "parent"),
		Name: strings.TrimSpace(q.Get("name")), Kind: org.Kind(q.Get("kind")), Page: pg})
	out := List[Commission]{Items: []Commission{}, Total: total, Page: pg.Number, Size: pg.Size}
	for _, c := range rows {
		out.Items = append(out.Items, commissionOut(c))
	}
	return out, err
}

func (a *API) commission(w http.ResponseWriter, r *http.Request, p org.Principal) (any, error) {
	c, err := a.Org.Commission(r.Context(), p, pathID(r))
	return commissionOut(c), err
}

// Department is an internal department.
type Department struct {
	ID   int64  `json:"id"`
	Kind string `json:"kind"`
	Name string `json:"name"`
}

func (a *API) departments(w http.ResponseWriter, r *http.Request, p org.Principal) (any, error) {
	ds, err := a.Org.Departments(r.Context(), p, pathID(r))
	out := []Department{}
	for _, d := range ds {
		out = append(out, Department{d.ID, string(d.Kind), d.Name})
	}
	return out, err
}

// User is a user as the API shows it; no password material ever.
type User struct {
	ID           int64    `json:"id"`
	Username     string   `json:"username"`
	Name         string   `json:"name"`
	CommissionID int64    `json:"commission_id"`
	Commission   string   `json:"commission"`
	DepartmentID int64    `json:"department_id,omitempty"`
	Department   string   `json:"department,omitempty"`
	Roles        []string `json:"roles"`
	Status       string   `json:"status"`
}

func userOut(u org.User) User {
	roles := u.Roles
	if roles == nil {
		roles = []string{}
	}
	return User{u.ID, u.Username, u.DisplayName, u.CommissionID, u.CommissionName, u.DepartmentID, u.DepartmentName, roles, u.Status}
}

func (a *API) users(w http.ResponseWriter, r *http.Request, p org.Principal) (any, error) {
	q := r.URL.Query()
	pg := page(r)
	rows, total, err := a.Org.ListUsers(r.Context(), p, org.UserFilter{Query: strings.TrimSpace(q.Get("q")),
		CommissionID: queryInt64(r, "commission"), Role: q.Get("role"), Page: pg})
	out := List[User]{Items: []User{}, Total: total, Page: pg.Number, Size: pg.Size}
	for _, u := range rows {
		out.Items = append(out.Items, userOut(u))
	}
	return out, err
}

func (a *API) user(w http.ResponseWriter, r *http.Request, p org.Principal) (any, error) {
	u, err := a.Org.User(r.Context(), p, pathID(r))
	return userOut(u), err
}

// NewUser is the body of POST /api/v1/users.
type NewUser struct {
	Username     string   `json:"username"`
	Name         string   `json:"name"`
	CommissionID int64    `json:"commission_id"`
	DepartmentID int64    `json:"department_id"`
	Roles        []string `json:"roles"`
}

// CreatedUser is the answer: the user and the initial password, shown once.
type CreatedUser struct {
	User            User   `json:"user"`
	InitialPassword string `json:"initial_password"`
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request, p org.Principal) (any, error) {
	var in NewUser
	if err := decodeJSON(w, r, &in); err != nil {
		return nil, err
	}
	u, pw, err := a.Org.CreateUser(r.Context(), p, org.NewUser{Username: in.Username, DisplayName: in.Name,
		CommissionID: in.CommissionID, DepartmentID: in.DepartmentID, Roles: in.Roles})
	if err != nil {
		return nil, err
	}
	return CreatedUser{userOut(u), pw}, nil
}

// AuditEntry is one entry of the trail.
type AuditEntry struct {
	Seq        int64  `json:"seq"`
	At         string `json:"at"`
	Actor      string `json:"actor"`
	Roles      string `json:"roles"`
	Action     string `json:"action"`
	ObjectType string `json:"object_type"`
	ObjectID   string `json:"object_id"`
	Summary    string `json:"summary"`
	Before     string `json:"before_digest,omitempty"`
	After      string `json:"after_digest,omitempty"`
	ClientAddr string `json:"client_addr"`
	Alg        string `json:"alg"`
	PrevHash   string `json:"prev_hash"`
	Hash       string `json:"hash"`
}

func (a *API) auditList(w http.ResponseWriter, r *http.Request, p org.Principal) (any, error) {
	q := r.URL.Query()
	pg := page(r)
	date := func(name string) time.Time {
		t, _ := time.ParseInLocation("2006-01-02", q.Get(name), clock.Beijing)
		return t
	}
	rows, total, err := audit.List(r.Context(), a.DB.Reader(), audit.Filter{ScopePath: p.ScopePath,
		IncludeSystem: p.AtRoot(), Person: q.Get("person"), Action: q.Get("action"),
		ObjectType: q.Get("object_type"), ObjectID: q.Get("object_id"), From: date("from"), To: date("to"),
		Limit: pg.Size, Offset: pg.Offset()})
	out := List[AuditEntry]{Items: []AuditEntry{}, Total: total, Page: pg.Number, Size: pg.Size}
	for _, e := range rows {
		out.Items = append(out.Items, AuditEntry{e.Seq, e.At, e.ActorName, e.ActorRoles, e.Action, e.ObjectType,
			e.ObjectID, e.Summary, e.BeforeDigest, e.AfterDigest, e.ClientAddr, e.Alg, e.PrevHash, e.Hash})
	}
	return out, err
}

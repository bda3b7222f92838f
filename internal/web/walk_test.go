package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"custos/internal/auth"
	"custos/internal/demo"
	"custos/internal/org"
	"custos/internal/report"
	"custos/internal/web"
)

// missing are path values that name no record: zero, negative, beyond every id, not a number,
// beyond int64.
var missing = []string{"0", "-1", "999999999", "abc", "99999999999999999999999"}

// walkUser is a logged-in session of one demo user (or anonymous, with no cookie).
type walkUser struct {
	name       string
	cookie     string
	p          org.Principal
	outOfScope bool // Guiyang's records are outside the user's scope
}

// walker sends requests straight to the App's handler, as a browser on the same site would.
type walker struct {
	t *testing.T
	h http.Handler
}

func (wk walker) send(method, path, cookie, ctype, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = "127.0.0.1:40000"
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if cookie != "" {
		req.Header.Set("Cookie", auth.CookieName+"="+cookie)
	}
	rec := httptest.NewRecorder()
	wk.h.ServeHTTP(rec, req)
	return rec
}

func (wk walker) login(username, pw string) string {
	wk.t.Helper()
	rec := wk.send("POST", "/login", "", "application/x-www-form-urlencoded",
		url.Values{"username": {username}, "password": {pw}, "next": {"/"}}.Encode())
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.CookieName && c.Value != "" {
			return c.Value
		}
	}
	wk.t.Fatalf("login %s: %d %s", username, rec.Code, rec.Body.String())
	return ""
}

// formFields are the names of every field of every form of the UI, read from the templates:
// a garbage body fills them all, so a new form's fields are walked without naming them here.
func formFields(t *testing.T) []string {
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	seen := map[string]bool{}
	re := regexp.MustCompile(`name="([a-z_]+)"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// garbage returns a form body setting every field to a hostile value, starting at offset in
// the list of values so two bodies put different values in each field.
func garbage(fields []string, offset int) string {
	values := []string{"-1", "abc", "99999999999999999999999", "2026-13-45", "<script>alert(1)</script>", "\xff\xfe\xfd",
		strings.Repeat("长", 600), "0", "", "1:2:3", "9999-12-31", "../../etc/passwd"}
	q := url.Values{}
	for i, f := range fields {
		q.Set(f, values[(i+offset)%len(values)])
	}
	return q.Encode()
}

// TestRoutesNever500 walks every route of the UI and the API — enumerated from the route
// tables themselves, so a new route is walked without being named here — as every demo role
// and anonymously, with ids that name nothing, a real id of another commission, actions that
// do not exist, and empty and garbage bodies: no answer is a 500, a missing record is 404 to
// whoever may use the route, and a record outside the user's scope answers as a missing one.
func TestRoutesNever500(t *testing.T) {
	w := newWorld(t)
	env := w.env
	wk := walker{t: t, h: env.App.Handler()}
	foreign := foreignRecords(t, w)

	// one user per set of roles the demo has, one user outside Guiyang's scope, anonymous
	users := []walkUser{{name: "anonymous"}}
	roleSets := map[string]bool{}
	for _, u := range demo.Users() {
		key := strings.Join(u.Roles, ",")
		if roleSets[key] && u.Username != "zy.ganjian" {
			continue
		}
		roleSets[key] = true
		users = append(users, walkUser{name: u.Username, cookie: wk.login(u.Username, w.pw), p: env.As(t, u.Username),
			outOfScope: u.Username == "zy.ganjian"})
	}

	fields := formFields(t)
	formBodies := []string{"", garbage(fields, 0), garbage(fields, 5)}
	const form = "application/x-www-form-urlencoded"
	type body struct{ ctype, text string }
	bodiesFor := func(pattern string) []body {
		if strings.Contains(pattern, "/api/") {
			return []body{{"application/json", ""}, {"application/json", "{"}, {"application/json", `{"username":["x"],"commission_id":-1,"roles":"x"}`}}
		}
		out := []body{{"multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nnot a workbook"}}
		for _, b := range formBodies {
			out = append(out, body{form, b})
		}
		return out
	}

	routes := env.App.Routes()
	if len(routes) < 100 {
		t.Fatalf("only %d routes enumerated", len(routes))
	}
	var mu sync.Mutex
	problems, requests := 0, 0
	report := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		problems++
		if problems <= 60 {
			t.Errorf(format, args...)
		}
	}
	// the paths to try on each route: every missing value in every wildcard (one body each), and
	// a real record of another commission (or, without one, a missing id) with every body
	type try struct {
		path    string
		missing bool // some path value names no record
		foreign bool // the record is Guiyang's
		full    bool // try every body, not just the first garbage one
	}
	triesOf := func(pattern string) []try {
		names := wildcards(pattern)
		if len(names) == 0 {
			return []try{{path: fill(pattern, nil), full: true}}
		}
		var out []try
		for _, v := range missing {
			out = append(out, try{path: fill(pattern, func(string) string { return v }), missing: true, full: v == "999999999"})
		}
		real := func(n string) string {
			if id, ok := foreign[n+"@"+segment(pattern)]; ok {
				return fmt.Sprint(id)
			}
			return "999999999"
		}
		if real(names[0]) == "999999999" {
			return out
		}
		out[2].full = false
		out = append(out, try{path: fill(pattern, real), foreign: true, missing: len(names) > 1 && real(names[1]) == "999999999", full: true})
		if len(names) > 1 {
			n := 0
			out = append(out, try{path: fill(pattern, func(name string) string {
				if n++; n == 1 {
					return real(name)
				}
				return "abc"
			}), foreign: true, missing: true})
		}
		return out
	}
	// each route's every try and body is sent by one of the users who may use it, in turn; the
	// others send the tries that differ by user (a missing record, a record of Guiyang) once
	primary := map[int]string{}
	for i, rt := range routes {
		var allowed []string
		for _, u := range users {
			if u.cookie != "" && canAny(u.p, rt.Perms) {
				allowed = append(allowed, u.name)
			}
		}
		if len(allowed) > 0 {
			primary[i] = allowed[i%len(allowed)]
		}
	}
	walk := func(u walkUser) {
		n := 0
		for ri, rt := range routes {
			method, pattern, _ := strings.Cut(rt.Pattern, " ")
			if rt.Public || rt.Pattern == "POST /logout" { // the login form; logout would end the walker's session
				continue
			}
			allowed := u.cookie != "" && canAny(u.p, rt.Perms)
			for i, tr := range triesOf(pattern) {
				if !allowed && i > 0 {
					break // the route refuses before any handler runs: one request shows it
				}
				first := primary[ri] == u.name
				if allowed && !first && !tr.foreign && !strings.Contains(tr.path, "999999999") {
					continue
				}
				if allowed && !first && raceDetector && !(tr.foreign && u.outOfScope) && i > 2 {
					break // under the race detector the others send the missing record only
				}
				bodies := []body{{form, ""}}
				if method == "POST" && allowed {
					bodies = bodiesFor(pattern)
					if !tr.full || !first {
						bodies = bodies[2:3]
					}
				}
				for _, b := range bodies {
					n++
					rec := wk.send(method, tr.path, u.cookie, b.ctype, b.text)
					got := rec.Code
					switch {
					case got >= 500:
						report("%s %s as %s (%.40q): %d %.300s", method, tr.path, u.name, b.text, got, rec.Body.String())
					case u.cookie == "" && got != 303 && got != 401:
						report("%s %s anonymously: %d, want 303 or 401", method, tr.path, got)
					case u.cookie != "" && !allowed && got != 403:
						report("%s %s as %s without the permission: %d, want 403", method, tr.path, u.name, got)
					case allowed && method == "GET" && tr.missing && !tr.foreign && got != 404:
						report("GET %s as %s: %d, want 404 for a record that does not exist", tr.path, u.name, got)
					case allowed && method == "POST" && tr.missing && !tr.foreign && got != 404 && got != 422:
						// 422: the garbage body was refused before the record was looked up; a 403
						// means the service needs a permission the route does not ask for
						report("POST %s as %s: %d, want 404 (or 422 for the body) for a record that does not exist", tr.path, u.name, got)
					case allowed && method == "GET" && tr.foreign && u.outOfScope && got != 404:
						report("GET %s as %s: %d, want 404 for a record outside the user's scope", tr.path, u.name, got)
					}
				}
			}
		}
		mu.Lock()
		requests += n
		mu.Unlock()
	}
	// a few users at a time, as an office would use it
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, u := range users {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			walk(u)
		}()
	}
	wg.Wait()
	// actions that do not exist, on real records and on none
	for _, path := range []string{"/cases/%d/anything", "/cases/%d/documents/%d/anything", "/clues/%d/anything", "/clues/%d/documents/%d/anything",
		"/rectify/%d/anything", "/reports/%d/anything", "/users/%d/anything", "/cases/%d/history/x", "/api/v1/users/%d/anything"} {
		seg := strings.Split(path, "/")[1]
		if seg == "api" {
			seg = "users"
		}
		real := strings.Replace(path, "%d", fmt.Sprint(foreign["id@"+seg]), 1)
		real = strings.Replace(real, "%d", fmt.Sprint(foreign["doc@"+seg]), 1)
		for _, p := range []string{real, strings.ReplaceAll(path, "%d", "abc")} {
			for _, method := range []string{"GET", "POST"} {
				for _, u := range users {
					requests++
					rec := wk.send(method, p, u.cookie, form, garbage(fields, 1))
					if rec.Code != 404 {
						report("%s %s as %s: %d, want 404 for an action that does not exist", method, p, u.name, rec.Code)
					}
				}
			}
		}
	}
	if problems > 60 {
		t.Errorf("… and %d more", problems-60)
	}
	t.Logf("%d routes, %d users, %d requests", len(routes), len(users), requests)
}

// canAny is the route's permission rule: one of perms, or none needed.
func canAny(p org.Principal, perms []org.Permission) bool {
	for _, perm := range perms {
		if p.Can(perm) {
			return true
		}
	}
	return len(perms) == 0
}

// wildcards returns the names of a pattern's wildcards, in order.
func wildcards(pattern string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`).FindAllStringSubmatch(pattern, -1) {
		out = append(out, m[1])
	}
	return out
}

// fill replaces each wildcard of pattern with value(name); {$} is dropped.
func fill(pattern string, value func(string) string) string {
	pattern = strings.ReplaceAll(pattern, "{$}", "")
	return regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`).ReplaceAllStringFunc(pattern, func(m string) string {
		return url.PathEscape(value(strings.Trim(m, "{}.")))
	})
}

// segment is the first path segment after /api/v1 or /: the kind of record the route is about.
func segment(pattern string) string {
	p := strings.TrimPrefix(strings.TrimPrefix(pattern, "/api/v1"), "/")
	s, _, _ := strings.Cut(p, "/")
	return s
}

// foreignRecords makes records at Guiyang (5201) — a case with its clue and a document, a
// report, a user — and returns them as "wildcard@segment" → id, with the commission and a
// cadre of Guiyang.
func foreignRecords(t *testing.T, w *world) map[string]int64 {
	t.Helper()
	ctx, env := context.Background(), w.env
	caseID := guiyangCase(t, w)
	clueID := env.Lookup(t, `SELECT clue_id FROM cases WHERE id = ?`, caseID)
	d, err := env.App.Cases.DraftDocument(ctx, env.As(t, "gy.ganjian"), caseID, "recommendation")
	if err != nil {
		t.Fatal(err)
	}
	r, err := env.App.Reports.Register(ctx, env.As(t, "gy.xinfang"), report.Input{ReceivedOn: "2026-11-20", Channel: "letter", Category: "accusation",
		Title: "反映郑勇问题", Content: "反映郑勇违规插手工程。", Subjects: []report.SubjectInput{{Name: "郑勇"}}})
	if err != nil {
		t.Fatal(err)
	}
	gy := w.ids["5201"]
	// a user of Guiyang none of the walkers is (the walk resets its password and sessions);
	// with no role when accounts may be created so, else with a role without business data
	u, _, err := env.App.Org.CreateUser(ctx, env.As(t, "admin"), org.NewUser{Username: "gy.walk", DisplayName: "路由测试", CommissionID: gy})
	if err != nil {
		u, _, err = env.App.Org.CreateUser(ctx, env.As(t, "admin"), org.NewUser{Username: "gy.walk", DisplayName: "路由测试", CommissionID: gy, Roles: []string{"inspector"}})
	}
	if err != nil {
		t.Fatal(err)
	}
	clueDoc, err := env.App.Clues.DraftDocument(ctx, env.As(t, "gy.ganjian"), clueID, "inquiry_letter", w.ids["c:郑勇"])
	out := map[string]int64{
		"id@cases": caseID, "doc@cases": d.ID, "id@clues": clueID, "id@reports": r.ID, "id@users": u.ID,
		"id@cadres": w.ids["c:郑勇"], "id@commissions": gy, "id@org": gy,
	}
	if err == nil {
		out["doc@clues"] = clueDoc.ID
	}
	return out
}

var _ = web.Route{}

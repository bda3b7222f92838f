package web

import (
	"bytes"
	"custos/internal/clock"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"custos/internal/apperr"
	"custos/internal/cadre"
	"custos/internal/casework"
	"custos/internal/clue"
	"custos/internal/daily"
	"custos/internal/db"
	"custos/internal/document"
	"custos/internal/interference"
	"custos/internal/org"
	"custos/internal/paper"
	"custos/internal/rectify"
	"custos/internal/report"
)

//go:embed templates static
var assets embed.FS

// Base is what every page's view model carries for the layout.
type Base struct {
	Title     string
	Principal org.Principal
	Nav       string // the active navigation key
	Notice    string // a one-line success message
	Error     string // a one-line error message
}

// Pager is the navigation of a paged list.
type Pager struct {
	More               bool // Total is a floor: there are more
	Page, Pages, Total int
	Prev, Next         string // URLs, "" when there is none
}

// newPager builds a Pager for the current request's URL, for a total counted up to
// db.CountCap+1.
func newPager(r *http.Request, page, size, total int) Pager {
	return newPagerCap(r, page, size, total, db.CountCap)
}

// newPagerCap builds a Pager for a total counted up to limit+1 (a larger one means "more").
func newPagerCap(r *http.Request, page, size, total, limit int) Pager {
	pages := (total + size - 1) / size
	if pages == 0 {
		pages = 1
	}
	p := Pager{Page: page, Pages: pages, Total: total}
	if total > limit { // a capped count: "10000+"
		p.Total, p.More = limit, true
		p.Pages = (limit + size - 1) / size
	}
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < pages {
		p.Next = link(page + 1)
	}
	return p
}

func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"roleName":    org.RoleName,
		"kindName":    func(k org.Kind) string { return org.KindName(k) },
		"csoModeName": func(m org.CSOMode) string { return org.CSOModeName(m) },
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return clock.Minute(t)
		},
		"auditTime": func(s string) string {
			t, err := time.Parse("2006-01-02T15:04:05.000000Z", s)
			if err != nil {
				return s
			}
			return clock.In(t).Format("2006-01-02 15:04:05")
		},
		"short": func(s string) string {
			if len(s) > 12 {
				return s[:12] + "…"
			}
			return s
		},
		"has": func(list []string, v string) bool {
			for _, x := range list {
				if x == v {
					return true
				}
			}
			return false
		},
		"can": func(p org.Principal, perm string) bool { return p.Can(org.Permission(perm)) },
		"query": func(kv ...string) string {
			q := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] != "" {
					q.Set(kv[i], kv[i+1])
				}
			}
			return q.Encode()
		},
		"add":          func(a, b int) int { return a + b },
		"rectView":     newRectView,
		"reportStatus": report.StatusName,
		"channelName":  func(id string) string { return report.Name(report.Channels(), id) },
		"categoryName": func(id string) string { return report.Name(report.Categories(), id) },
		"allegName":    func(id string) string { return report.Name(report.Allegations(), id) },
		"pct":          func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
		"kb": func(n int64) string {
			if n < 1<<20 {
				return fmt.Sprintf("%.0f KB", math.Ceil(float64(n)/1024))
			}
			return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
		},
		"list":         func(xs ...int) []int { return xs },
		"clueStatus":   clue.StatusName,
		"minAttendees": func() int { return clue.MinAttendees },
		"inquiryKind": func(k string) string {
			if k == "talk" {
				return "谈话"
			}
			return "函询"
		},
		"outcomeName": func(id string) string {
			for _, o := range clue.Outcomes() {
				if o.ID == id {
					return o.Name
				}
			}
			return id
		},
		"modules":           modules,
		"caseStatus":        casework.StatusName,
		"forms":             casework.Forms,
		"teamRoles":         casework.TeamRoles,
		"measureKinds":      casework.MeasureKinds,
		"jurisdictionKinds": casework.JurisdictionKinds,
		"reviewKinds":       casework.ReviewKinds,
		"ratings":           casework.Ratings,
		"docStatus":         document.StatusName,
		"rectifyStatus":     rectify.StatusName,
		"paperDate":         paper.DateText,
		"matterName": func(id string) string {
			for _, m := range document.Matters() {
				if m.ID == id {
					return m.Name
				}
			}
			return id
		},
		"interferenceKinds":     interference.Kinds,
		"interferenceChannels":  interference.Channels,
		"interferenceFollowUps": interference.FollowUps,
		"interferenceName": func(catalogue, id string) string {
			switch catalogue {
			case "kind":
				return interference.Name(interference.Kinds(), id)
			case "channel":
				return interference.Name(interference.Channels(), id)
			}
			return interference.Name(interference.FollowUps(), id)
		},
		"caseName": func(catalogue, id string) string {
			switch catalogue {
			case "filing":
				return casework.Name(casework.FilingTypes(), id)
			case "role":
				return casework.Name(casework.TeamRoles(), id)
			case "measure":
				return casework.Name(casework.MeasureKinds(), id)
			case "jurisdiction":
				return casework.Name(casework.JurisdictionKinds(), id)
			case "system":
				return casework.Name(casework.SanctionSystems(), id)
			case "review":
				return casework.Name(casework.ReviewKinds(), id)
			case "rating":
				return casework.Name(casework.Ratings(), id)
			case "form":
				return casework.FormName(id)
			}
			return id
		},
		"rankName":     func(r cadre.Rank) string { return cadre.RankName(r) },
		"statusName":   func(s cadre.Status) string { return cadre.StatusName(s) },
		"relationName": func(r cadre.Relation) string { return cadre.RelationName(r) },
		"isClose":      func(r cadre.Relation) bool { return cadre.IsClose(r) },
		"talkKind":     cadre.TalkKindName,
		"apptKind":     cadre.AppointmentKindName,
		"itemKind":     cadre.KindName,
		"committees":   cadre.Committees,
		"sections":     cadre.Sections,
		"slice3":       func(a, b, c string) []string { return []string{a, b, c} },
		"boolstr": func(b bool) string {
			if b {
				return "1"
			}
			return ""
		},
		"idstr": func(id int64) string {
			if id == 0 {
				return ""
			}
			return strconv.FormatInt(id, 10)
		},
	}
}

// renderer holds one parsed template set per page: the layout plus the page's own file.
type renderer struct {
	pages map[string]*template.Template
}

func newRenderer() (*renderer, error) {
	r := &renderer{pages: map[string]*template.Template{}}
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := template.New(name).Funcs(templateFuncs()).ParseFS(assets, "templates/layout.html", "templates/partials.html", f)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		r.pages[name] = t
	}
	return r, nil
}

// render writes page with data and status; a template error becomes a 500 without a half page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	t, ok := s.tmpl.pages[page]
	if !ok {
		s.fail(w, r, fmt.Errorf("no template %q", page))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.fail(w, r, fmt.Errorf("render %s: %w", page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// ErrorPage is the view model of error.html.
type ErrorPage struct {
	Base
	Status  int
	Message string
}

// fail shows err as a page with the status its code maps to; internal errors are logged and
// shown as 「内部错误」.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := StatusOf(err)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", append(FailureAttrs(r), "err", err)...)
	}
	p, _ := principalOf(r)
	data := ErrorPage{Base: Base{Title: http.StatusText(status), Principal: p}, Status: status, Message: apperr.MessageOf(err)}
	t := s.tmpl.pages["error"]
	var buf bytes.Buffer
	if t == nil || t.ExecuteTemplate(&buf, "layout", data) != nil {
		http.Error(w, data.Message, status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// StatusOf maps an error's code to its HTTP status: the one place that does so.
func StatusOf(err error) int {
	switch apperr.CodeOf(err) {
	case apperr.Invalid:
		return http.StatusUnprocessableEntity
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.TooMany:
		return http.StatusTooManyRequests
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// invalidBanner is the page-level message over a form that came back with field errors.
func invalidBanner(f Form) string {
	if f.Problem != "" {
		return f.Problem
	}
	if len(f.Errors) > 0 {
		return "提交的内容有误，请按提示修改"
	}
	return ""
}

// RectView is what the "rectifications" partial shows: a visit's or meeting's items, the forms
// to add and close them, and the form state after an error.
type RectView struct {
	Items     []daily.Rectification
	Today     string
	CanManage bool
	Form      Form
	FormName  string
	Back      string // visits | meetings: where a closed item returns to
	Action    string // where a new item is posted
}

func newRectView(p org.Principal, items []daily.Rectification, today string, f Form, formName, back, action string) RectView {
	return RectView{Items: items, Today: today, CanManage: p.Can(org.PermCadreManage), Form: f, FormName: formName, Back: back, Action: action}
}

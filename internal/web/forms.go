package web

import (
	"custos/internal/clock"
	"net/http"
	"strconv"
	"strings"
	"time"

	"custos/internal/org"
)

// Form is what a form page shows again after an error: the values as typed and the message
// beside each field.
type Form struct {
	Values  map[string]string
	Multi   map[string][]string
	Errors  map[string]string
	Problem string // a message over the whole form (input refused for its size or characters)
}

func newForm(r *http.Request) Form {
	f := Form{Values: map[string]string{}, Multi: map[string][]string{}, Errors: map[string]string{}}
	if r != nil && r.Form != nil {
		for k, v := range r.PostForm {
			if len(v) > 0 {
				f.Values[k] = v[0]
			}
			f.Multi[k] = v
		}
	}
	return f
}

// Get returns the typed value of field.
func (f Form) Get(field string) string { return f.Values[field] }

// Has reports whether a multi-value field (checkboxes) holds v.
func (f Form) Has(field, v string) bool {
	for _, x := range f.Multi[field] {
		if x == v {
			return true
		}
	}
	return false
}

func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

func formInt(r *http.Request, name string) int64 {
	v, _ := strconv.ParseInt(strings.TrimSpace(r.FormValue(name)), 10, 64)
	return v
}

func queryInt(r *http.Request, name string) int {
	v, _ := strconv.Atoi(r.URL.Query().Get(name))
	return v
}

// queryDate parses a YYYY-MM-DD query value as a Beijing date; zero when absent or bad.
func queryDate(r *http.Request, name string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", r.URL.Query().Get(name), clock.Beijing)
	if err != nil {
		return time.Time{}
	}
	return t
}

// subtreeFilter reads the list filter ?commission=ID: that commission (in p's scope, else a
// not-found error), or the zero Commission when the filter is absent.
func (s *Server) subtreeFilter(r *http.Request, p org.Principal) (org.Commission, error) {
	id, _ := strconv.ParseInt(r.URL.Query().Get("commission"), 10, 64)
	if id == 0 {
		return org.Commission{}, nil
	}
	return s.Org.Commission(r.Context(), p, id)
}

// mustDay parses a YYYY-MM-DD date the server formatted itself.
func mustDay(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

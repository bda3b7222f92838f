package web

import (
	"net/http"
	"strconv"
	"strings"

	"custos/internal/auth"
)

// FailureAttrs are the log attributes of a request that failed with an internal error: the
// route (its pattern: the operation), the method and path, each path value by name (the
// record: id=12 doc=3) and the user's id — so a 500 in the log says what was being done to
// which record by whom, without the form's contents or any personal data.
func FailureAttrs(r *http.Request) []any {
	attrs := []any{"route", r.Pattern, "method", r.Method, "path", r.URL.Path}
	for _, name := range patternNames(r.Pattern) {
		attrs = append(attrs, name, r.PathValue(name))
	}
	if p, ok := auth.PrincipalFrom(r.Context()); ok {
		attrs = append(attrs, "user_id", strconv.FormatInt(p.UserID, 10))
	}
	return attrs
}

// patternNames returns the names of a route pattern's wildcards, in order:
// "POST /cases/{id}/documents/{doc}/issue" → id, doc.
func patternNames(pattern string) []string {
	var names []string
	for {
		i := strings.IndexByte(pattern, '{')
		if i < 0 {
			return names
		}
		pattern = pattern[i+1:]
		j := strings.IndexByte(pattern, '}')
		if j < 0 {
			return names
		}
		name := strings.TrimSuffix(pattern[:j], "...")
		if name != "$" {
			names = append(names, name)
		}
		pattern = pattern[j+1:]
	}
}

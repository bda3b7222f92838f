package web

import (
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"custos/internal/apperr"
	"custos/internal/input"
)

// Bounded input. A form field's maximum is written once, as the maxlength of its input or
// textarea in the template; limits are read from the templates at start, so what the browser
// enforces and what the server checks cannot drift. Every value of a request — posted or in
// the query — is checked against the maximum of its field (input.Problem: valid UTF-8, no
// control characters, not too long). A field without a declared maximum (hidden ids, selects,
// dates, check boxes, values no form has) may hold undeclaredMax characters.
const undeclaredMax = 200

// queryParams are the values a request may carry that no form declares: the notice a redirect
// shows after a write, and where to go after logging in.
func queryParams() map[string]int { return map[string]int{"notice": 1000, "next": 2000} }

// Request bodies: a form without files is read up to maxFormBody bytes; a multipart body up to
// maxMultipartBody (the upload handlers bound their own bodies further).
const (
	maxFormBody      = 2 << 20
	maxMultipartBody = 80 << 20
)

// fieldLimits holds the declared maxima: per form (by its action as a path pattern) and, for
// forms whose action is computed and fields outside a form (partials), per field name.
type fieldLimits struct {
	forms  []formLimits
	byName map[string]int // the largest maximum declared for the name anywhere
}

type formLimits struct {
	action string         // path pattern: the form's action with each {{…}} as *
	fields map[string]int // canonical field name → maximum (undeclaredMax when none is declared)
}

var (
	formRe    = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	fieldRe   = regexp.MustCompile(`<(input|textarea|select)\b([^>]*)>`)
	attrRe    = regexp.MustCompile(`\b([a-z-]+)="([^"]*)"`)
	actionRe  = regexp.MustCompile(`\{\{.*?\}\}`)
	includeRe = regexp.MustCompile(`\{\{\s*template\s+"([^"]+)"`)
	defineRe  = regexp.MustCompile(`\{\{\s*define\s+"([^"]+)"\s*\}\}`)
	digitsRe  = regexp.MustCompile(`[0-9]+`)
)

// canonicalField maps a field name as templated (subject_{{$i}}_name) or as posted
// (subject_0_name) to one key (subject_*_name).
func canonicalField(name string) string {
	return digitsRe.ReplaceAllString(actionRe.ReplaceAllString(name, "*"), "*")
}

// templateField is one form control found in a template.
type templateField struct {
	Name, Type string
	Max        int // 0: no maxlength
}

// fieldsIn returns the named controls of a template fragment.
func fieldsIn(html string) []templateField {
	var out []templateField
	for _, m := range fieldRe.FindAllStringSubmatch(html, -1) {
		attrs := map[string]string{}
		for _, a := range attrRe.FindAllStringSubmatch(m[2], -1) {
			attrs[a[1]] = a[2]
		}
		if attrs["name"] == "" {
			continue
		}
		typ := m[1]
		if typ == "input" {
			typ = attrs["type"]
			if typ == "" {
				typ = "text"
			}
		}
		max, _ := strconv.Atoi(attrs["maxlength"])
		out = append(out, templateField{Name: attrs["name"], Type: typ, Max: max})
	}
	return out
}

// definitions returns each {{define "name"}} of a template file with its text (up to the next
// definition: enough to find the controls a partial adds to the form that includes it).
func definitions(src string) map[string]string {
	out := map[string]string{}
	locs := defineRe.FindAllStringSubmatchIndex(src, -1)
	for i, l := range locs {
		end := len(src)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		out[src[l[2]:l[3]]] = src[l[1]:end]
	}
	return out
}

// loadLimits reads the maxima from the templates in fsys (templates/*.html).
func loadLimits(fsys fs.FS) (fieldLimits, error) {
	l := fieldLimits{byName: queryParams()}
	files, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return l, err
	}
	sources := map[string]string{}
	defs := map[string]string{}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return l, err
		}
		sources[f] = string(b)
		for k, v := range definitions(string(b)) {
			defs[k] = v
		}
	}
	declare := func(fields map[string]int, tf templateField) {
		max := tf.Max
		if max == 0 {
			max = undeclaredMax
		}
		key := canonicalField(tf.Name)
		if fields != nil {
			fields[key] = maxOf(fields[key], max)
		}
		l.byName[key] = maxOf(l.byName[key], max)
	}
	for _, f := range files {
		src := sources[f]
		for _, tf := range fieldsIn(src) {
			declare(nil, tf) // every control, in a form or a partial, declares its name
		}
		for _, m := range formRe.FindAllStringSubmatch(src, -1) {
			action := ""
			for _, a := range attrRe.FindAllStringSubmatch(m[1], -1) {
				if a[1] == "action" {
					action = a[2]
				}
			}
			action, _, _ = strings.Cut(action, "?")
			if !strings.HasPrefix(action, "/") {
				continue // computed or missing: its fields count by name
			}
			body := m[2]
			for _, inc := range includeRe.FindAllStringSubmatch(body, -1) {
				body += defs[inc[1]]
			}
			fl := formLimits{action: actionRe.ReplaceAllString(action, "*"), fields: map[string]int{}}
			for _, tf := range fieldsIn(body) {
				declare(fl.fields, tf)
			}
			l.forms = append(l.forms, fl)
		}
	}
	return l, nil
}

func maxOf(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// max returns the maximum length of field in a request to urlPath: the largest any form posted
// there declares for it, else the largest declared for the name anywhere, else undeclaredMax.
func (l fieldLimits) max(urlPath, field string) int {
	key := canonicalField(field)
	best := 0
	for _, f := range l.forms {
		if n, ok := f.fields[key]; ok && n > best {
			if ok, _ := path.Match(f.action, urlPath); ok {
				best = n
			}
		}
	}
	if best > 0 {
		return best
	}
	if n, ok := l.byName[key]; ok {
		return n
	}
	return undeclaredMax
}

// check returns the refusal for the values sent to urlPath, or nil.
func (l fieldLimits) check(urlPath string, values ...url.Values) error {
	problems := map[string]string{}
	for _, vs := range values {
		for field, list := range vs {
			if msg := input.Problem(field, undeclaredMax); msg != "" {
				problems["字段名"] = msg
				continue
			}
			max := l.max(urlPath, field)
			for _, v := range list {
				if msg := input.Problem(v, max); msg != "" {
					problems[field] = msg
					break
				}
			}
		}
	}
	return input.Refusal(problems)
}

// checkRequest checks everything r carries: its query and, once parsed, its posted form
// (multipart too; file names are checked by their own rules).
func (l fieldLimits) checkRequest(r *http.Request) error {
	vals := []url.Values{r.URL.Query()}
	if r.PostForm != nil {
		vals = append(vals, r.PostForm)
	}
	if r.MultipartForm != nil {
		vals = append(vals, r.MultipartForm.Value)
	}
	return l.check(r.URL.Path, vals...)
}

// boundBody limits the body of r: maxMultipartBody for a multipart upload, maxFormBody for
// anything else.
func boundBody(w http.ResponseWriter, r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	limit := int64(maxFormBody)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		limit = maxMultipartBody
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
}

// guard returns r carrying the check of its input for db.InTx (input.Guard): the check runs
// when a write is attempted, on the form as the handler parsed it.
func (s *Server) guard(r *http.Request) *http.Request {
	var g *http.Request
	g = r.WithContext(input.WithGuard(r.Context(), func() error { return s.limits.checkRequest(g) }))
	return g
}

// errTooLarge answers a form body beyond maxFormBody.
var errTooLarge = apperr.New(apperr.Invalid, "提交的内容过多（超过 %d MB），请删减后重新提交", maxFormBody>>20)

// readInput reads what a page request carries before its handler runs: a query that is not
// acceptable answers at once (a GET writes nothing, so the guard would not see it), and a form
// body without files is parsed here so that one too large is refused with a message, never a
// half-read form. Multipart bodies are left to the upload handlers, which bound them further.
func (s *Server) readInput(r *http.Request) error {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return s.limits.check(r.URL.Path, r.URL.Query())
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return nil
	}
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return errTooLarge
		}
		return apperr.Wrap(err, apperr.Invalid, "提交的表单无法读取，请返回重新填写")
	}
	return nil
}

package web

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/input"
)

// FuzzFormDecoding: any body posted to any address is decoded without a panic, and the bound
// either refuses it with a Chinese message (and the guard then refuses every write) or every
// value it lets through is valid text within its field's maximum.
func FuzzFormDecoding(f *testing.F) {
	l, err := loadLimits(assets)
	if err != nil {
		f.Fatal(err)
	}
	f.Add("/reports", "subject_0_name=%E7%8E%8B%E4%BC%9F&content=abc&title=x")
	f.Add("/cases/7/decide", "decision=%FF%FE&decided_on=2026-11-26")
	f.Add("/login", "username=admin&password=x&next=%2F")
	f.Add("/cadres", "name=a%00b&committees=1&committees=2")
	f.Fuzz(func(t *testing.T, path, body string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.URL.Path = path
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := r.ParseForm(); err != nil {
			return // not a form: the page answers with a message (readInput)
		}
		refusal := l.checkRequest(r)
		ctx := input.WithGuard(context.Background(), func() error { return refusal })
		if refusal != nil {
			if apperr.CodeOf(refusal) != apperr.Invalid || !utf8.ValidString(apperr.MessageOf(refusal)) || len(apperr.FieldsOf(refusal)) == 0 {
				t.Fatalf("refusal %v", refusal)
			}
			if input.Guard(ctx) == nil {
				t.Fatal("a refused request may write")
			}
			return
		}
		f := newForm(r)
		for field, values := range r.PostForm {
			for _, v := range values {
				if !utf8.ValidString(v) || input.Len(v) > l.max(path, field) || strings.ContainsRune(v, 0) {
					t.Fatalf("%s %s=%q let through", path, field, v)
				}
			}
			if len(values) > 0 && f.Get(field) != values[0] {
				t.Fatalf("the form does not keep %s", field)
			}
		}
	})
}

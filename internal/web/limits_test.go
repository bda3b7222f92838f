package web

import (
	"io/fs"
	"net/url"
	"strings"
	"testing"

	"custos/internal/apperr"
	"custos/internal/input"
)

// TestEveryTextFieldDeclaresItsMaximum walks every template: each text control (text,
// search, password, textarea) has a maxlength, which is the server's limit for it.
func TestEveryTextFieldDeclaresItsMaximum(t *testing.T) {
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	text := map[string]bool{"text": true, "search": true, "password": true, "email": true, "tel": true, "url": true, "textarea": true}
	count := 0
	for _, f := range files {
		b, _ := fs.ReadFile(assets, f)
		for _, tf := range fieldsIn(string(b)) {
			if text[tf.Type] {
				count++
				if tf.Max <= 0 {
					t.Errorf("%s: field %q (%s) has no maxlength", f, tf.Name, tf.Type)
				}
			}
		}
	}
	if count < 150 {
		t.Fatalf("found only %d text fields: the template parser misses some", count)
	}
}

// TestEveryFormRefusesOversizedInput walks every form of every template: each of its fields
// is refused one character beyond the maximum the form declares (with a Chinese message for
// that field), accepted at it, and refused when it is not valid text.
func TestEveryFormRefusesOversizedInput(t *testing.T) {
	l, err := loadLimits(assets)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.forms) < 60 {
		t.Fatalf("found only %d forms", len(l.forms))
	}
	fields := 0
	for _, f := range l.forms {
		path := strings.ReplaceAll(f.action, "*", "7")
		for key, declared := range f.fields {
			fields++
			name := strings.ReplaceAll(key, "*", "0")
			limit := l.max(path, name)
			if limit < declared {
				t.Errorf("%s %s: the server allows %d, less than the form's %d", f.action, name, limit, declared)
			}
			if limit != declared {
				// another form posting to the same address declares the same name longer
				t.Logf("%s %s: the form declares %d, the address allows %d", f.action, name, declared, limit)
			}
			if err := l.check(path, url.Values{name: {strings.Repeat("字", limit)}}); err != nil {
				t.Errorf("%s %s: %d characters refused: %v", f.action, name, limit, err)
			}
			err := l.check(path, url.Values{name: {strings.Repeat("字", limit+1)}})
			if msg := apperr.FieldsOf(err)[name]; !strings.Contains(msg, "不能超过") || apperr.CodeOf(err) != apperr.Invalid {
				t.Errorf("%s %s: %d characters: %v", f.action, name, limit+1, err)
			}
			err = l.check(path, url.Values{name: {"王\xff伟"}})
			if msg := apperr.FieldsOf(err)[name]; !strings.Contains(msg, "UTF-8") {
				t.Errorf("%s %s: invalid UTF-8: %v", f.action, name, err)
			}
		}
	}
	if fields < 250 {
		t.Fatalf("walked only %d fields", fields)
	}
	// a field no form has, and a hostile field name, are bounded too
	if err := l.check("/reports", url.Values{"zzz": {strings.Repeat("a", undeclaredMax+1)}}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("an undeclared field: %v", err)
	}
	if err := l.check("/reports", url.Values{strings.Repeat("a", 1000): {"1"}}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a hostile field name: %v", err)
	}
}

// TestLimitsFollowTheForm: the report form's subject name is 30 characters wherever the
// template says so, the same name in another form keeps that form's own maximum, and a line
// break counts one character as in the browser.
func TestLimitsFollowTheForm(t *testing.T) {
	l, err := loadLimits(assets)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, field string
		want        int
	}{
		{"/reports", "subject_2_name", 30},
		{"/reports", "content", 20000},
		{"/cadres/5/talks", "talker", 30},
		{"/org/zones", "name", 30}, // collaboration zones: 30, though other forms allow a longer "name"
		{"/login", "username", 32},
		{"/login", "next", 2000},
		{"/anything", "notice", 1000},
	} {
		if got := l.max(tc.path, tc.field); got != tc.want {
			t.Errorf("max(%s, %s) = %d, want %d", tc.path, tc.field, got, tc.want)
		}
	}
	if input.Problem(strings.Repeat("一\r\n", 10), 20) != "" {
		t.Error("a line break must count one character")
	}
}

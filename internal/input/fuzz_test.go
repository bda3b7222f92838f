package input

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzProblem: a value passes exactly when it is valid UTF-8, free of control characters
// other than tab and line breaks, and within the maximum; a refusal is Chinese text.
func FuzzProblem(f *testing.F) {
	for _, s := range []string{"王伟", "a\r\nb", "\xff", "\x00", strings.Repeat("长", 40), ""} {
		f.Add(s, 30)
	}
	f.Fuzz(func(t *testing.T, v string, max int) {
		msg := Problem(v, max)
		ok := utf8.ValidString(v) && Len(v) <= max && !strings.ContainsFunc(v, func(r rune) bool {
			return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7F
		})
		if ok != (msg == "") {
			t.Fatalf("Problem(%q, %d) = %q", v, max, msg)
		}
		if msg != "" && !utf8.ValidString(msg) {
			t.Fatalf("message %q", msg)
		}
	})
}

package textnorm

import (
	"testing"
	"unicode/utf8"
)

// FuzzNormalize: normalising is idempotent, gives valid UTF-8 without spaces or punctuation,
// never grows the text, and Runes agrees with Normalize.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"反映某某收受礼金问题。", "反映某某收受禮金問題！", "ＡＢＣ１２３　受贿罪", "\xff\xfe王", "", "後台 乾隆 著作"} {
		f.Add(s)
	}
	fold := New()
	f.Fuzz(func(t *testing.T, s string) {
		n := fold.Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q: not valid UTF-8", s, n)
		}
		if again := fold.Normalize(n); again != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, again)
		}
		if utf8.RuneCountInString(n) > utf8.RuneCountInString(s) {
			t.Fatalf("Normalize(%q) = %q grew", s, n)
		}
		if string(fold.Runes(nil, s)) != n {
			t.Fatalf("Runes and Normalize differ on %q", s)
		}
		for _, r := range n {
			if fold.Rune(r) != r {
				t.Fatalf("Normalize(%q) holds %q, which folds to %q", s, r, fold.Rune(r))
			}
		}
	})
}

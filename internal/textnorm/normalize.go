// Package textnorm folds Chinese text to a canonical form for comparing documents: full-width
// letters and digits to half width, traditional (and Taiwan / Hong Kong variant) characters to
// simplified, Latin letters to lower case, and punctuation, symbols and whitespace removed. Two
// re-submissions of one report that differ only in script, width, punctuation or line breaks
// normalise to the same string. Pure; the conversion table is embedded.
package textnorm

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed t2s.txt
var t2sData string

// Folder normalises text; build one with New and share it (it is read-only after New).
type Folder struct {
	t2s   map[rune]rune
	dense []rune // t2s for the ideograph block, 0 where none: a table lookup instead of a map's
	class []rune // matching class of each ideograph (classes.go)
	isSur []bool // whether each ideograph is a common surname (keys.go)
}

// New parses the embedded conversion table.
func New() *Folder {
	f := &Folder{t2s: make(map[rune]rune, 4200), class: classes(), isSur: surnameTable()}
	for _, line := range strings.Split(t2sData, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		t, size := utf8.DecodeRuneInString(line)
		s, _ := utf8.DecodeRuneInString(line[size+1:])
		f.t2s[t] = s
	}
	f.dense = make([]rune, cjkLast-cjkFirst+1)
	for t, s := range f.t2s {
		if t >= cjkFirst && t <= cjkLast {
			f.dense[t-cjkFirst] = s
		}
	}
	return f
}

// Rune folds one character; 0 means the character is dropped (punctuation, symbols, spaces).
func (f *Folder) Rune(r rune) rune {
	switch {
	case r >= '！' && r <= '～': // full-width ASCII block
		r = r - '！' + '!'
	case r == '\u3000':
		return 0
	}
	if r < utf8.RuneSelf {
		switch {
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		}
		return 0
	}
	if r >= cjkFirst && r <= cjkLast {
		if s := f.dense[r-cjkFirst]; s != 0 {
			return s
		}
		return r
	}
	if s, ok := f.t2s[r]; ok {
		return s
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return r
	}
	return 0 // CJK punctuation, symbols, other spaces
}

// Normalize returns the folded text.
func (f *Folder) Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r = f.Rune(r); r != 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Runes returns the folded text as characters, appended to dst (reused to save allocations).
func (f *Folder) Runes(dst []rune, s string) []rune {
	for _, r := range s {
		if r = f.Rune(r); r != 0 {
			dst = append(dst, r)
		}
	}
	return dst
}

// Simplified returns s with traditional characters replaced and nothing else changed — for
// showing a traditional-script submission next to the original.
func (f *Folder) Simplified(s string) string {
	return strings.Map(func(r rune) rune {
		if x, ok := f.t2s[r]; ok {
			return x
		}
		return r
	}, s)
}

// Traditional returns one traditional form for each simplified character that has one: the
// inverse of the table, for building test corpora of re-submissions in traditional script.
func (f *Folder) Traditional() map[rune]rune {
	inv := make(map[rune]rune, len(f.t2s))
	for t, s := range f.t2s {
		if old, ok := inv[s]; !ok || t < old { // deterministic choice
			inv[s] = t
		}
	}
	return inv
}

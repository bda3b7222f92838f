// Package search turns Chinese and mixed text into index terms so that a 2-character word
// (受贿, 函询, 王伟) is found by an index lookup, not a scan. It is pure: the database side is
// db.SearchPut and db.SearchMatch.
//
// Terms: text is normalised (full-width → half-width, lower case); each run of CJK characters
// gives its overlapping bigrams (and, for short fields such as names, every single character);
// each run of ASCII letters and digits gives the whole word (and, for names, its prefixes
// characters, so a login name is found by its beginning). A query matches a document when every
// query term is among the document's terms; callers keep an exact LIKE as a post-filter, since
// bigrams can match characters that are not adjacent in the same order.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mode says how much to index.
type Mode int

const (
	Text Mode = iota // long text: bigrams and whole ASCII words
	Name             // short fields: also single CJK characters and ASCII prefixes
)

// Terms returns the distinct index terms of text, in first-seen order.
func Terms(text string, m Mode) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, run := range runs(text) {
		if run.cjk {
			rs := []rune(run.text)
			if len(rs) == 1 || m == Name {
				for _, r := range rs {
					add(string(r))
				}
			}
			for i := 0; i+1 < len(rs); i++ {
				add(string(rs[i : i+2]))
			}
			continue
		}
		if m == Name {
			for n := 1; n < len(run.text); n++ {
				add(run.text[:n])
			}
		}
		add(run.text)
	}
	return out
}

// QueryTerms returns the terms a query must all match: bigrams of each CJK run (its single
// character when the run is one character long) and each whole ASCII word.
func QueryTerms(q string) []string {
	seen := map[string]bool{}
	var out []string
	for _, run := range runs(q) {
		var ts []string
		if run.cjk {
			rs := []rune(run.text)
			if len(rs) == 1 {
				ts = append(ts, run.text)
			}
			for i := 0; i+1 < len(rs); i++ {
				ts = append(ts, string(rs[i:i+2]))
			}
		} else {
			ts = append(ts, run.text)
		}
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

type run struct {
	text string
	cjk  bool
}

// runs splits normalised text into runs of CJK characters and runs of ASCII letters/digits;
// everything else separates runs.
func runs(text string) []run {
	var out []run
	var b strings.Builder
	cur := -1 // -1 none, 0 ascii, 1 cjk
	flush := func() {
		if b.Len() > 0 {
			out = append(out, run{text: b.String(), cjk: cur == 1})
			b.Reset()
		}
		cur = -1
	}
	for _, r := range text {
		r = Fold(r)
		kind := -1
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			kind = 0
		case IsCJK(r):
			kind = 1
		}
		if kind != cur {
			flush()
		}
		if kind >= 0 {
			cur = kind
			b.WriteRune(r)
		}
	}
	flush()
	return out
}

// Fold maps full-width ASCII to half-width and upper case to lower case.
func Fold(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	if r == 0x3000 {
		r = ' '
	}
	return unicode.ToLower(r)
}

// IsCJK reports whether r is a CJK ideograph (the Han script).
func IsCJK(r rune) bool { return unicode.Is(unicode.Han, r) }

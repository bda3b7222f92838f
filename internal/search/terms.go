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
//
// Bounds: the work is linear in the text and the result is capped, whatever the text. An ASCII
// word is cut to MaxWord bytes (so a name's prefixes are at most MaxWord per word, never the
// square of its length), and Terms stops at MaxTerms distinct terms: a 200,000-character name
// gives MaxTerms terms in a few milliseconds. The cut is the same in QueryTerms, so a long word
// still finds itself; the caller's LIKE keeps the answer exact.
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

// Bounds on the terms of one text.
const (
	MaxTerms = 10000 // distinct terms of one call to Terms; the rest of the text is not indexed
	MaxWord  = 32    // bytes of an ASCII word kept as a term (and the longest name prefix)
)

// Terms returns the distinct index terms of text, in first-seen order: at most MaxTerms of
// them, found in time linear in the text.
func Terms(text string, m Mode) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) bool {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
		return len(out) < MaxTerms
	}
	eachRun(text, func(run run) bool {
		if run.cjk {
			rs := []rune(run.text)
			if len(rs) == 1 || m == Name {
				for _, r := range rs {
					if !add(string(r)) {
						return false
					}
				}
			}
			for i := 0; i+1 < len(rs); i++ {
				if !add(string(rs[i : i+2])) {
					return false
				}
			}
			return true
		}
		if m == Name {
			for n := 1; n < len(run.text); n++ {
				if !add(run.text[:n]) {
					return false
				}
			}
		}
		return add(run.text)
	})
	return out
}

// QueryTerms returns the terms a query must all match: bigrams of each CJK run (its single
// character when the run is one character long) and each whole ASCII word.
func QueryTerms(q string) []string {
	seen := map[string]bool{}
	var out []string
	eachRun(q, func(run run) bool {
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
		return len(out) < MaxTerms
	})
	return out
}

type run struct {
	text string
	cjk  bool
}

// eachRun splits normalised text into runs of CJK characters and runs of ASCII letters/digits
// (everything else separates runs) and calls yield with each until it returns false. An ASCII
// run is cut to MaxWord bytes (its remainder is skipped); a CJK run is handed over in pieces of
// at most MaxTerms characters that overlap by one, so its bigrams are all seen and no piece
// holds more than the cap can use.
func eachRun(text string, yield func(run) bool) {
	var b strings.Builder
	cur, n := -1, 0 // cur: -1 none, 0 ascii, 1 cjk; n: characters in b
	var last rune
	flush := func() bool {
		ok := true
		if b.Len() > 0 {
			ok = yield(run{text: b.String(), cjk: cur == 1})
			b.Reset()
		}
		cur, n = -1, 0
		return ok
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
		if kind != cur && !flush() {
			return
		}
		switch {
		case kind == 0 && n >= MaxWord:
			continue // the rest of a long word
		case kind == 1 && n >= MaxTerms:
			if !flush() {
				return
			}
			cur, n = 1, 1
			b.WriteRune(last) // overlap: the bigram across the cut
		}
		if kind >= 0 {
			cur = kind
			b.WriteRune(r)
			n++
			last = r
		}
	}
	flush()
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

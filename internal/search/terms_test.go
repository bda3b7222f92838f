package search

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestTerms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		m    Mode
		want []string
	}{
		{"王伟", Name, []string{"王", "伟", "王伟"}},
		{"王伟明", Text, []string{"王伟", "伟明"}},
		{"受贿", Text, []string{"受贿"}},
		{"李", Text, []string{"李"}},
		{"nm.ganjian", Name, []string{"n", "nm", "g", "ga", "gan", "ganj", "ganji", "ganjia", "ganjian"}},
		{"ＡＢＣ１２３　受贿罪", Text, []string{"abc123", "受贿", "贿罪"}},
		{"2024年收受礼金", Text, []string{"2024", "年收", "收受", "受礼", "礼金"}},
		{"，。！", Text, nil},
	} {
		if got := Terms(tc.in, tc.m); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Terms(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestQueryTerms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"王伟", []string{"王伟"}},
		{"王", []string{"王"}},
		{"王伟明", []string{"王伟", "伟明"}},
		{"Gan 王", []string{"gan", "王"}},
		{"  ", nil},
	} {
		if got := QueryTerms(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("QueryTerms(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestQueryFindsIndexed: every query made of a piece of a name finds that name.
func TestQueryFindsIndexed(t *testing.T) {
	for _, name := range []string{"欧阳娜娜", "王伟", "张三丰", "gz.ganjian"} {
		idx := map[string]bool{}
		for _, term := range Terms(name, Name) {
			idx[term] = true
		}
		rs := []rune(name)
		for i := range rs {
			for j := i + 1; j <= len(rs); j++ {
				q := string(rs[i:j])
				if i > 0 && rs[i] < 128 {
					continue // ASCII is matched by prefix only
				}
				for _, term := range QueryTerms(q) {
					if !idx[term] {
						t.Errorf("name %q: query %q term %q not indexed", name, q, term)
					}
				}
			}
		}
	}
}

// TestTermsBounded: a hostile 200,000-character field (the report whose subject's name was that
// long) gives at most MaxTerms terms, quickly and in bounded memory, in every mode and script.
func TestTermsBounded(t *testing.T) {
	const n = 200_000
	for _, tc := range []struct {
		name string
		text string
	}{
		{"ascii word", strings.Repeat("a", n)},
		{"ascii words", strings.Repeat("ab1 ", n/4)},
		{"cjk", strings.Repeat("王伟明受贿罪", n/6)},
		{"cjk distinct", distinctCJK(n)},
		{"mixed", strings.Repeat("王a", n/2)},
	} {
		for _, m := range []Mode{Name, Text} {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			terms := Terms(tc.text, m)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if len(terms) > MaxTerms {
				t.Errorf("%s mode %d: %d terms, want at most %d", tc.name, m, len(terms), MaxTerms)
			}
			for _, term := range terms {
				if len(term) > MaxWord*4 {
					t.Fatalf("%s mode %d: a term of %d bytes", tc.name, m, len(term))
				}
			}
			if took > 2*time.Second {
				t.Errorf("%s mode %d: took %v", tc.name, m, took)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("%s mode %d: allocated %d MiB", tc.name, m, alloc>>20)
			}
		}
	}
}

// TestLongWordFindsItself: a word longer than MaxWord is cut the same way in a document and in
// a query, so it is still found (the caller's LIKE keeps the match exact).
func TestLongWordFindsItself(t *testing.T) {
	word := strings.Repeat("x", 100) + "y"
	doc := map[string]bool{}
	for _, term := range Terms("前 "+word+" 后", Text) {
		doc[term] = true
	}
	for _, q := range QueryTerms(word) {
		if !doc[q] {
			t.Errorf("query term %q not among the document's terms", q)
		}
	}
	if got := Terms(strings.Repeat("a", 1000), Name); len(got) != MaxWord {
		t.Errorf("a 1000-letter name gives %d terms, want %d (its prefixes up to MaxWord)", len(got), MaxWord)
	}
}

// distinctCJK returns n CJK characters that give (nearly) all-distinct bigrams.
func distinctCJK(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteRune(rune(0x4E00 + (i*7919)%20000))
	}
	return b.String()
}

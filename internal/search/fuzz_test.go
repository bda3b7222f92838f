package search

import (
	"testing"
	"unicode/utf8"
)

// FuzzTerms: for any text, Terms and QueryTerms stay within their bounds and never panic;
// every term is valid UTF-8 and not empty, and a document's terms include its own query's
// (a text always finds itself).
func FuzzTerms(f *testing.F) {
	for _, s := range []string{"王伟", "nm.ganjian", "ＡＢＣ１２３　受贿罪", "2024年收受礼金", "\xff\xfe王", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := map[string]bool{}
		for _, m := range []Mode{Text, Name} {
			terms := Terms(s, m)
			if len(terms) > MaxTerms {
				t.Fatalf("%d terms", len(terms))
			}
			for _, term := range terms {
				if term == "" || !utf8.ValidString(term) {
					t.Fatalf("bad term %q", term)
				}
				doc[term] = true
			}
		}
		q := QueryTerms(s)
		if len(q) > MaxTerms {
			t.Fatalf("%d query terms", len(q))
		}
		if len(Terms(s, Text)) < MaxTerms {
			for _, term := range q {
				if !doc[term] {
					t.Fatalf("query term %q of %q not among its own terms", term, s)
				}
			}
		}
	})
}

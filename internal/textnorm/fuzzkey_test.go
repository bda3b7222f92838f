package textnorm

import "testing"

// FuzzKey: the matching key never panics, and its tokens' spans lie in the text, in order.
func FuzzKey(f *testing.F) {
	for _, s := range []string{"收受2万元", "2021.3.15", "二〇二一年三月", "张某某", "Z某", "1,000,000", "2.5万", "一亿五千万", "\xff\xfe", "9999999999999999999999亿亿亿"} {
		f.Add(s)
	}
	fo := New()
	f.Fuzz(func(t *testing.T, s string) {
		at := 0
		for _, tok := range fo.Tokens(nil, s) {
			// the tokens of one number share its span, so From never goes back
			if tok.From < at || tok.From >= tok.To || tok.To > len(s) {
				t.Fatalf("token %+v out of order or out of %q", tok, s)
			}
			at = tok.From
		}
		_ = fo.KeyString(s)
	})
}

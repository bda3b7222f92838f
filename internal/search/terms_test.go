package search

import (
	"reflect"
	"testing"
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

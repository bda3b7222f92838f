package dedup_test

import (
	"slices"
	"strings"
	"testing"

	"custos/internal/dedup"
)

// marked returns the marked text of one side of an explanation.
func marked(x dedup.Explanation, sideA bool) []string {
	var out []string
	for _, r := range x.Rows {
		side := r.B
		if sideA {
			side = r.A
		}
		for _, s := range side {
			if s.Differs {
				out = append(out, s.Text)
			}
		}
	}
	return out
}

func TestExplain(t *testing.T) {
	e := dedup.New()
	trad := e.Folder().Traditional()
	toTrad := func(s string) string {
		return strings.Map(func(r rune) rune {
			if x, ok := trad[r]; ok {
				return x
			}
			return r
		}, s)
	}
	base := "尊敬的领导：\n我反映某县交通局局长王建国的问题。2021年3月，王建国在城东工业园项目中收受现金2万元。他还经常出入私人会所，群众意见很大。请组织调查处理。"
	cases := []struct {
		name, text string
		kinds      []string
		marks      []string // on the re-submission's side
	}{
		{"one word changed", strings.Replace(base, "私人会所", "高档会所", 1), []string{dedup.KindEdited}, []string{"高档"}},
		{"numerals", strings.NewReplacer("2021年3月", "二〇二一年三月", "2万元", "两万元").Replace(base), []string{dedup.KindNumerals}, nil},
		{"traditional", toTrad(base), []string{dedup.KindScript}, nil},
		{"masked", strings.ReplaceAll(base, "王建国", "王某某"), []string{dedup.KindMasked}, []string{"王某某", "王某某"}},
		{"reordered", "尊敬的领导：\n他还经常出入私人会所，群众意见很大。我反映某县交通局局长王建国的问题。2021年3月，王建国在城东工业园项目中收受现金2万元。请组织调查处理。", []string{dedup.KindOrder}, nil},
		{"homophone", strings.Replace(base, "调查", "掉查", 1), []string{dedup.KindSound}, nil},
		{"excerpt", "2021年3月，王建国在城东工业园项目中收受现金2万元。他还经常出入私人会所，群众意见很大。", []string{dedup.KindExcerpt}, nil},
	}
	for _, c := range cases {
		x := e.Explain(c.text, base)
		if x.Score < dedup.DefaultThreshold {
			t.Errorf("%s: score %.2f", c.name, x.Score)
		}
		for _, k := range c.kinds {
			if !slices.Contains(x.Kinds, k) {
				t.Errorf("%s: kinds %v lack %s", c.name, x.Kinds, k)
			}
		}
		if got := marked(x, true); c.marks != nil && !slices.Equal(got, c.marks) || c.marks == nil && c.name != "excerpt" && len(got) != 0 {
			t.Errorf("%s: marked %q, want %q (kinds %v)", c.name, got, c.marks, x.Kinds)
		}
	}
	x := e.Explain(strings.ReplaceAll(base, "王建国", "王某"), strings.ReplaceAll(base, "王建国", "Z某"))
	if !slices.Contains(x.Kinds, dedup.KindMasked) || len(marked(x, true)) != 0 {
		t.Errorf("two maskings of a name: kinds %v, marked %q", x.Kinds, marked(x, true))
	}
	if x := e.Explain(base, "尊敬的领导：\n"+base[len("尊敬的领导：\n"):]); x.Score != 1 || x.Shared != x.Shorter {
		t.Errorf("identical texts: %+v", x)
	}
}

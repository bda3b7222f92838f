package casework

import (
	"strings"
	"testing"
)

func TestRecusalGrounds(t *testing.T) {
	subject := Person{CadreID: 1, Name: "赵敏", IDNumber: "S", Family: []Relative{{"spouse", "钱军", "SP"}, {"related", "孙丽", "X"}}}
	reporter := Person{Name: "刘实名", IDNumber: "R"}
	for _, tc := range []struct {
		name     string
		member   Person
		reporter Person
		declared []Declaration
		want     []string
	}{
		{"stranger", Person{CadreID: 2, IDNumber: "M"}, reporter, nil, nil},
		{"the subject", Person{CadreID: 1, IDNumber: "S"}, reporter, nil, []string{"本人是被审查调查人"}},
		{"the reporter", Person{CadreID: 2, IDNumber: "R"}, reporter, nil, []string{"本人是举报人"}},
		{"the subject's spouse by her archive", Person{CadreID: 2, IDNumber: "SP"}, reporter, nil, []string{"是被审查调查人的配偶"}},
		{"the subject's specific related person", Person{CadreID: 2, IDNumber: "X"}, reporter, nil, []string{"是被审查调查人的特定关系人"}},
		{"the subject is his brother by his archive", Person{CadreID: 2, IDNumber: "M", Family: []Relative{{"brother", "赵敏", "S"}}}, reporter, nil, []string{"被审查调查人是其兄弟"}},
		{"his wife is the reporter", Person{CadreID: 2, IDNumber: "M", Family: []Relative{{"spouse", "刘实名", "R"}}}, reporter, nil, []string{"举报人是其配偶"}},
		{"an in-law", Person{CadreID: 2, IDNumber: "M", Family: []Relative{{"sister", "孙丽", "X"}}}, reporter, nil, []string{"其姐妹孙丽是被审查调查人的特定关系人"}},
		{"anonymous report, relative without ID", Person{CadreID: 2, IDNumber: "M", Family: []Relative{{"spouse", "某某", ""}}}, Person{}, nil, nil},
		{"a witness", Person{CadreID: 2, IDNumber: "M"}, reporter, []Declaration{{Kind: "witness", Statement: "曾参与相关工程验收"}}, []string{"是本案证人：曾参与相关工程验收"}},
		{"an interest", Person{CadreID: 2, IDNumber: "M"}, reporter, []Declaration{{Kind: "interest", Statement: "其子在涉案企业任职"}}, []string{"申报与本案有利害关系"}},
		{"no roster record", Person{Name: "外借人员"}, reporter, nil, nil},
	} {
		got := RecusalGrounds(tc.member, subject, tc.reporter, tc.declared)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if !strings.Contains(got[i], tc.want[i]) {
				t.Errorf("%s: %q, want %q", tc.name, got[i], tc.want[i])
			}
		}
	}
}

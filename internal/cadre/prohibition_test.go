package cadre

import "testing"

func TestCheckProhibitions(t *testing.T) {
	rules := []ProhibitionRule{
		{ID: 1, Name: "本地经商", Relations: []Relation{"spouse", "son", "daughter"}, Ranks: []Rank{"provincial", "bureau", "county"}, SameArea: true},
		{ID: 2, Name: "法律中介", Relations: []Relation{"spouse", "son", "brother"}, Keywords: []string{"律师", "中介"}},
	}
	leader := Cadre{Name: "周杰", Rank: "bureau"}
	staff := Cadre{Name: "褚静", Rank: "staff"}
	for _, tc := range []struct {
		name   string
		k      Cadre
		area   string
		member FamilyMember
		want   []int64 // rule ids that fire
	}{
		{"son's company in the city", leader, "贵阳市纪委监委", FamilyMember{Relation: "son", Name: "周航", Business: "软件开发（持股 30%）", Region: "贵阳市"}, []int64{1}},
		{"named in the business text", leader, "贵阳市纪委监委", FamilyMember{Relation: "spouse", Name: "甲", Business: "贵阳某贸易公司股东"}, []int64{1}},
		{"business elsewhere", leader, "贵阳市纪委监委", FamilyMember{Relation: "son", Name: "乙", Business: "餐饮", Region: "遵义市"}, nil},
		{"rank not covered", staff, "贵阳市纪委监委", FamilyMember{Relation: "son", Name: "丙", Business: "餐饮", Region: "贵阳市"}, nil},
		{"no business", leader, "贵阳市纪委监委", FamilyMember{Relation: "spouse", Name: "丁", Employer: "贵阳某小学", Post: "教师"}, nil},
		{"law firm by employer", staff, "南明区纪委监委", FamilyMember{Relation: "brother", Name: "戊", Employer: "贵州某律师事务所", Post: "律师"}, []int64{2}},
		{"relation not covered", leader, "贵阳市纪委监委", FamilyMember{Relation: "father", Name: "己", Business: "房产中介", Region: "贵阳市"}, nil},
		{"both", leader, "遵义市纪委监委", FamilyMember{Relation: "spouse", Name: "庚", Business: "房产中介", Region: "遵义市汇川区"}, []int64{1, 2}},
		{"autonomous prefecture", leader, "黔东南苗族侗族自治州纪委监委", FamilyMember{Relation: "spouse", Name: "辛", Business: "建材", Region: "黔东南州凯里市"}, []int64{1}},
	} {
		got := CheckProhibitions(tc.k, tc.area, []FamilyMember{tc.member}, rules)
		var ids []int64
		for _, c := range got {
			ids = append(ids, c.Rule.ID)
		}
		if len(ids) != len(tc.want) || (len(ids) > 0 && (ids[0] != tc.want[0] || ids[len(ids)-1] != tc.want[len(tc.want)-1])) {
			t.Errorf("%s: rules %v fired, want %v (%+v)", tc.name, ids, tc.want, got)
		}
	}
	if got := CheckProhibitions(leader, "贵阳市纪委监委", []FamilyMember{{Relation: "son", Name: "周航", Business: "软件", Region: "贵阳市"}}, rules); got[0].Reason != "儿子 周航：软件，在本人管辖地区贵阳市内" {
		t.Errorf("reason: %s", got[0].Reason)
	}
	if got := areaStem("贵阳市纪委监委"); got != "贵阳" {
		t.Errorf("areaStem: %s", got)
	}
	if got := areaStem("黔东南苗族侗族自治州纪委监委"); got != "黔东南" {
		t.Errorf("areaStem: %s", got)
	}
	if got := areaStem("黔西南布依族苗族自治州"); got != "黔西南" {
		t.Errorf("areaStem: %s", got)
	}
}

package unit

import (
	"strings"
	"testing"

	"custos/internal/org"
)

// tree is a small country: two provinces, a prefecture each with counties, an autonomous
// prefecture, a resident group, and two districts called 朝阳区.
func tree() []org.Commission {
	return []org.Commission{
		{ID: 1, Code: "000000", Name: "中央纪委国家监委"},
		{ID: 2, Code: "52", Name: "贵州省纪委监委", ParentID: 1},
		{ID: 3, Code: "5201", Name: "贵阳市纪委监委", ParentID: 2},
		{ID: 4, Code: "520102", Name: "南明区纪委监委", ParentID: 3},
		{ID: 5, Code: "520103", Name: "云岩区纪委监委", ParentID: 3},
		{ID: 6, Code: "5226", Name: "黔东南苗族侗族自治州纪委监委", ParentID: 2},
		{ID: 7, Code: "522601", Name: "凯里市纪委监委", ParentID: 6},
		{ID: 8, Code: "52R01", Name: "驻省教育厅纪检监察组", ParentID: 2},
		{ID: 9, Code: "11", Name: "北京市纪委监委", ParentID: 1},
		{ID: 10, Code: "110105", Name: "朝阳区纪委监委", ParentID: 9},
		{ID: 11, Code: "22", Name: "吉林省纪委监委", ParentID: 1},
		{ID: 12, Code: "2201", Name: "长春市纪委监委", ParentID: 11},
		{ID: 13, Code: "220104", Name: "朝阳区纪委监委", ParentID: 12},
		{ID: 14, Code: "5202", Name: "六盘水市纪委监委", ParentID: 2},
		{ID: 15, Code: "520201", Name: "钟山区纪委监委", ParentID: 14},
	}
}

func TestResolve(t *testing.T) {
	x := NewIndex(tree(), func(org.Commission) bool { return true })
	for _, tc := range []struct {
		code, name string
		want       int64 // 0: refused
		problem    string
	}{
		{"520102", "", 4, ""},
		{"", "520102", 4, ""},
		{"", "南明区纪委监委", 4, ""},
		{"", "中共贵阳市南明区纪律检查委员会", 4, ""},
		{"", "贵阳市南明区纪律检查委员会、监察委员会", 4, ""},
		{"", "贵阳市南明区纪委监委", 4, ""},
		{"", "贵州省贵阳市南明区纪委", 4, ""},
		{"", "贵州省南明区纪委", 4, ""},
		{"", "贵阳南明区监委", 4, ""},
		{"", "南明区纪委", 4, ""},
		{"", "南明纪委", 4, ""},
		{"", " 南明区 纪委监委 ", 4, ""},
		{"", "南明區紀委監委", 4, ""}, // traditional script
		{"", "贵阳市纪委监委", 3, ""},
		{"", "中共贵阳市纪律检查委员会", 3, ""},
		{"", "黔东南州纪委监委", 6, ""},
		{"", "黔东南纪委", 6, ""},
		{"", "黔东南苗族侗族自治州凯里市纪委监委", 7, ""},
		{"", "驻省教育厅纪检监察组", 8, ""},
		{"", "北京市朝阳区纪委监委", 10, ""},
		{"", "长春市朝阳区纪委", 13, ""},
		{"", "吉林省朝阳区纪委", 13, ""},
		{"", "朝阳区纪委监委", 0, "对应 2 个机构：北京市朝阳区纪委监委（110105）、长春市朝阳区纪委监委（220104）"},
		{"", "遵义市南明区纪委", 0, "不存在"},
		{"", "南明县纪委", 0, "您是否指：贵阳市南明区纪委监委（520102）？"},
		{"999999", "", 0, "机构代码 999999 不存在"},
		{"", "", 0, "请填写所属机构代码或所属机构"},
		{"", "火星纪委监委", 0, "机构“火星纪委监委”不存在或不在您的管理范围内"},
	} {
		r := x.Resolve(tc.code, tc.name)
		switch {
		case tc.want != 0 && (!r.OK || r.Commission.ID != tc.want):
			t.Errorf("Resolve(%q, %q) = %+v, want id %d", tc.code, tc.name, r, tc.want)
		case tc.want == 0 && (r.OK || !strings.Contains(r.Problem, tc.problem)):
			t.Errorf("Resolve(%q, %q) = %+v, want a problem with %q", tc.code, tc.name, r, tc.problem)
		}
	}
}

// A county user's index resolves only the county, but the county may be named with its city.
func TestResolveInScope(t *testing.T) {
	x := NewIndex(tree(), func(c org.Commission) bool { return c.ID == 4 })
	if r := x.Resolve("", "贵阳市南明区纪委监委"); !r.OK || r.Commission.ID != 4 {
		t.Errorf("city-qualified county: %+v", r)
	}
	for _, name := range []string{"云岩区纪委监委", "贵阳市纪委监委"} {
		if r := x.Resolve("", name); r.OK || !strings.Contains(r.Problem, "不在您的管理范围内") {
			t.Errorf("%s out of scope: %+v", name, r)
		}
	}
	if r := x.Resolve("520103", ""); r.OK {
		t.Errorf("code out of scope: %+v", r)
	}
}

func TestPlaceAndShort(t *testing.T) {
	for _, tc := range []struct{ in, place, short string }{
		{"中共贵阳市南明区纪律检查委员会", "贵阳市南明区", "贵阳市南明"},
		{"南明区纪委监委", "南明区", "南明"},
		{"黔东南苗族侗族自治州纪委监委", "黔东南苗族侗族自治州", "黔东南"},
		{"三都水族自治县纪委", "三都水族自治县", "三都"},
		{"驻省教育厅纪检监察组", "驻省教育厅", ""},
		{"城区纪委", "城区", ""},
	} {
		if p := place(tc.in); p != tc.place || short(p) != tc.short {
			t.Errorf("%s: place %q short %q, want %q %q", tc.in, p, short(p), tc.place, tc.short)
		}
	}
}

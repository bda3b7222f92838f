package cadre

import (
	"strings"
	"testing"
)

func good() Input {
	return Input{Name: "张三", IDNumber: withCheck("52010219800101001"), Post: "干部监督室主任", Rank: "县处级"}
}

func TestParseGood(t *testing.T) {
	c, f := Parse(good(), today)
	if len(f) != 0 {
		t.Fatalf("errors: %v", f)
	}
	if c.BirthDate != "1980-01-01" || c.Gender != "M" || !c.PartyMember || c.Ethnicity != "汉族" || c.Status != InPost || c.Rank != "county" {
		t.Fatalf("derived fields: %+v", c)
	}
	in := good()
	in.Gender, in.BirthDate, in.Committees, in.KeyMinority, in.Status, in.LeftAt = "男", "1980/1/1", "纪委委员、监委委员", "是", "退休", "2025-12-31"
	c, f = Parse(in, today)
	if len(f) != 0 || !c.KeyMinority || c.CommitteeNames() != "纪委委员、监委委员" || c.Status != Retired || c.LeftAt != "2025-12-31" {
		t.Fatalf("%+v %v", c, f)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		change func(*Input)
		field  string
		words  string
	}{
		{func(in *Input) { in.Name = "" }, "name", "请填写姓名"},
		{func(in *Input) { in.IDNumber = "520102198001010010" }, "id_number", "校验位错误"},
		{func(in *Input) { in.Gender = "女" }, "gender", "与身份证号码不符"},
		{func(in *Input) { in.Gender = "未知" }, "gender", "应为“男”或“女”"},
		{func(in *Input) { in.BirthDate = "1981-01-01" }, "birth_date", "与身份证号码不符"},
		{func(in *Input) { in.PartyJoinDate = "2030-07-01" }, "party_join_date", "晚于今天"},
		{func(in *Input) { in.PartyJoinDate = "1979-07-01" }, "party_join_date", "早于出生日期"},
		{func(in *Input) { in.PartyJoinDate = "去年" }, "party_join_date", "格式"},
		{func(in *Input) { in.Rank = "正处" }, "rank", "职级应为"},
		{func(in *Input) { in.Post = "" }, "post", "请填写职务"},
		{func(in *Input) { in.Committees = "人大代表" }, "committees", "未知的委员身份"},
		{func(in *Input) { in.Status = "退休" }, "left_at", "请填写日期"},
		{func(in *Input) { in.LeftAt = "2020-01-01" }, "left_at", "在职人员不应有离岗日期"},
		{func(in *Input) { in.Status = "调走" }, "status", "状态应为"},
		{func(in *Input) { in.PartyMember = "也许" }, "party_member", "是否党员"},
	} {
		in := good()
		tc.change(&in)
		_, f := Parse(in, today)
		if !strings.Contains(f[tc.field], tc.words) {
			t.Errorf("%s: got %v, want %q", tc.field, f, tc.words)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-03-05": "2024-03-05", "2024/3/5": "2024-03-05", "2024.03.05": "2024-03-05",
		"20240305": "2024-03-05", "2024年3月5日": "2024-03-05", "45356": "2024-03-05",
	} {
		if got, ok := ParseDate(in); !ok || got != want {
			t.Errorf("ParseDate(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"2024-02-30", "三月", "1800-01-01", ""} {
		if _, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

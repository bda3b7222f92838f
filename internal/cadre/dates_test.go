package cadre

import (
	"testing"
	"time"

	"custos/internal/apperr"
)

func TestParseRosterDate(t *testing.T) {
	for in, want := range map[string]string{
		"1968.10": "1968-10", "1968.1": "1968-01", "1968年10月": "1968-10", "196810": "1968-10", "1968-10": "1968-10",
		"1968/10": "1968-10", "1968.10.15": "1968-10-15", "1968-10-15": "1968-10-15", "1968/10/5": "1968-10-05",
		"1968年10月5日": "1968-10-05", "19681015": "1968-10-15", "25112": "1968-10-01", " 1968.10 ": "1968-10",
		"2003.07.01": "2003-07-01",
	} {
		if got, ok := ParseRosterDate(in); !ok || got != want {
			t.Errorf("ParseRosterDate(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "1968.13", "1968.10.32", "1899.12", "abc", "1968年", "68.10", "1968-02-30", "1", "1968.10a"} {
		if got, ok := ParseRosterDate(bad); ok {
			t.Errorf("ParseRosterDate(%q) accepted as %q", bad, got)
		}
	}
}

func TestParseRosterColumns(t *testing.T) {
	today := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	id := "520102196810150017" // born 1968-10-15, male
	base := Input{Name: "甲", IDNumber: id, Post: "主任", Rank: "二级调研员"}
	for _, tc := range []struct {
		name  string
		edit  func(*Input)
		field string // "" for accepted
	}{
		{"year-month birth", func(in *Input) { in.BirthDate = "1968.10" }, ""},
		{"Excel turned 1968.10 into 1968.1", func(in *Input) { in.BirthDate = "1968.1" }, ""},
		{"year-month birth wrong", func(in *Input) { in.BirthDate = "1968.11" }, "birth_date"},
		{"serial in a 出生年月 column", func(in *Input) { in.BirthDate, in.BirthMonthOnly = "25112", true }, ""},
		{"serial in a 出生日期 column", func(in *Input) { in.BirthDate = "25112" }, "birth_date"},
		{"full birth date", func(in *Input) { in.BirthDate = "1968年10月15日" }, ""},
		{"future post date", func(in *Input) { in.PostSince = "2027.01" }, "post_since"},
		{"this month", func(in *Input) { in.PostSince = "2026.12" }, ""},
		{"work before birth", func(in *Input) { in.WorkStart = "1960.07" }, "work_start"},
		{"bad rank date", func(in *Input) { in.RankSince = "去年" }, "rank_since"},
		{"long note", func(in *Input) { in.Note = string(make([]rune, 501)) }, "note"},
	} {
		in := base
		tc.edit(&in)
		_, f := Parse(in, today)
		if tc.field == "" && len(f) > 0 || tc.field != "" && f[tc.field] == "" {
			t.Errorf("%s: %v", tc.name, f)
		}
	}
	in := base
	in.WorkStart, in.PostSince, in.RankSince, in.Education, in.Degree, in.NativePlace, in.PartyJoinDate = "1990.7", "2021年3月", "2019.12", "大学", "学士", "贵州贵阳", "1992.07"
	k, f := Parse(in, today)
	if len(f) > 0 || k.WorkStart != "1990-07" || k.PostSince != "2021-03" || k.RankSince != "2019-12" || k.PartyJoinDate != "1992-07" ||
		k.Rank != "county" || k.RankTitle != "二级调研员" || k.Education != "大学" || k.NativePlace != "贵州贵阳" {
		t.Fatalf("roster columns: %+v %v", k, f)
	}
	_ = apperr.Fields{}
}

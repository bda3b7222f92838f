package opinion_test

import (
	"strings"
	"testing"
	"time"

	"custos/internal/cadre"
	"custos/internal/opinion"
)

func TestArchiveFindings(t *testing.T) {
	asOf := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	a := cadre.Archive{
		Records: []cadre.Record{
			{Section: "appraisal", Date: "2026-01-10", Title: "2025 年度考核：优秀"},
			{Section: "appraisal", Date: "2025-01-10", Title: "2024 年度考核：基本称职"},
			{Section: "appraisal", Date: "2022-01-10", Title: "2021 年度考核：不称职"}, // older than 3 years
			{Section: cadre.PersonalMatters, Date: "2026-01-16", Title: "2025 年度报告", Changes: "新增：配偶投资"},
			{Section: cadre.PersonalMatters, Date: "2025-01-16", Title: "2024 年度报告"},
			{Section: "commendation", Date: "2026-02-01", Title: "优秀党员"},
		},
		Talks: []cadre.Talk{
			{Kind: cadre.TalkAnytime, HeldDate: "2026-03-02", Reason: "反映其插手工程\n项目。"},
			{Kind: cadre.TalkAnytime, Reason: "未谈"},
			{Kind: cadre.TalkArrival, HeldDate: "2026-04-01", Reason: "到岗"},
		},
	}
	got := opinion.ArchiveFindings(a, asOf, 3)
	want := []struct {
		source  string
		adverse bool
		text    string
	}{
		{"年度考核", false, "优秀"},
		{"年度考核", true, "基本称职"},
		{"个人有关事项报告", false, "配偶投资"},
		{"监督谈话", true, "因反映其插手工程 项目被谈话提醒"},
	}
	if len(got) != len(want) {
		t.Fatalf("findings %+v", got)
	}
	for i, w := range want {
		if got[i].Source != w.source || got[i].Adverse != w.adverse || !strings.Contains(got[i].Text, w.text) {
			t.Errorf("finding %d = %+v, want %+v", i, got[i], w)
		}
	}
}

func TestDraftReply(t *testing.T) {
	asOf := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name     string
		findings []opinion.Finding
		want     string
	}{
		{"nothing", nil, "经查阅廉政档案，截至2026年11月26日，未发现张三同志有违反党风廉政建设规定的问题。"},
		{"only for reference", []opinion.Finding{{Source: "年度考核", Text: "优秀"}}, "未发现张三同志有违反党风廉政建设规定的问题。"},
		{"two adverse", []opinion.Finding{
			{Source: "禁业范围", Text: "儿子 周航：软件开发。", Adverse: true},
			{Source: "年度考核", Text: "优秀"},
			{Source: "监督谈话", Date: "2026-03-02", Text: "因插手工程被谈话提醒", Adverse: true},
		}, "张三同志有以下情况：1.（禁业范围）儿子 周航：软件开发；2.2026年3月2日，（监督谈话）因插手工程被谈话提醒。"},
	}
	for _, c := range cases {
		if got := opinion.DraftReply("张三", asOf, c.findings); !strings.Contains(got, c.want) {
			t.Errorf("%s: %s\nwant it to contain %s", c.name, got, c.want)
		}
	}
}

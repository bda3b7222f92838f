package daily_test

import (
	"context"
	"strings"
	"testing"

	"custos/internal/apperr"
	"custos/internal/daily"
	"custos/internal/org"
	"custos/internal/testkit"
)

type fixture struct {
	env testkit.Env
	svc *daily.Service
	ctx context.Context
}

func setup(t *testing.T) fixture {
	env := testkit.NewApp(t)
	env.Demo(t)
	return fixture{env: env, svc: env.App.Daily, ctx: context.Background()}
}

func (f fixture) user(t *testing.T, name string) org.Principal { return f.env.As(t, name) }

func (f fixture) commission(t *testing.T, code string) int64 {
	return f.env.Lookup(t, `SELECT id FROM commissions WHERE code = ?`, code)
}

// TestVisitLifecycle: a research visit to 贵阳 with interviews, report and feedback, the team
// profile filed with its key leader, rectifications to completion; refusals keep nothing.
func TestVisitLifecycle(t *testing.T) {
	f := setup(t)
	p := f.user(t, "gz.ganjian")
	gy := f.commission(t, "5201")
	in := daily.VisitInput{CommissionID: gy, Title: "2026 年度政治监督调研", StartedOn: "2026-11-02", EndedOn: "2026-11-06",
		Methods: []string{"听取汇报", "个别谈话"}, Interviews: "1", Interviewees: "吴芳\n郑勇"}
	if _, err := f.svc.CreateVisit(f.ctx, p, in); !strings.Contains(apperr.FieldsOf(err)["interviews"], "不能少于") {
		t.Errorf("fewer person-times than interviewees: %v", err)
	}
	bad := in
	bad.EndedOn, bad.Methods, bad.Interviewees = "2026-11-01", nil, "无此人"
	err := func() error { _, err := f.svc.CreateVisit(f.ctx, p, bad); return err }()
	if fe := apperr.FieldsOf(err); fe["ended_on"] == "" || fe["methods"] == "" {
		t.Errorf("bad visit: %v", fe)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM visits`); n != 0 {
		t.Fatalf("%d visits written by refused calls", n)
	}
	in.Interviews = "12"
	v, err := f.svc.CreateVisit(f.ctx, p, in)
	if err != nil {
		t.Fatal(err)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM archive_items WHERE kind = 'visit' AND source_id = ?`, v.ID); n != 2 {
		t.Errorf("%d interviewees' archives got the visit, want 2", n)
	}
	if got, _ := f.svc.Visit(f.ctx, p, v.ID); got.Stage() != "调研中" {
		t.Errorf("stage %s", got.Stage())
	}
	if err := f.svc.SetVisitReport(f.ctx, p, v.ID, daily.VisitReport{Report: "报告", Feedback: "反馈", FeedbackOn: "2026-11-01"}); apperr.FieldsOf(err)["feedback_on"] == "" {
		t.Errorf("feedback before the visit ended: %v", err)
	}
	if err := f.svc.SetVisitReport(f.ctx, p, v.ID, daily.VisitReport{Report: "总体情况良好。", Feedback: "指出三方面问题。", FeedbackOn: "2026-11-20"}); err != nil {
		t.Fatal(err)
	}
	dims, _ := f.env.App.Cadres.Dimensions(f.ctx)
	j := map[int64]string{}
	for _, d := range dims {
		j[d.ID] = d.Name + "：较好"
	}
	if err := f.svc.WriteTeamProfile(f.ctx, p, v.ID, j, "班子政治坚定、团结有力。"); err != nil {
		t.Fatal(err)
	}
	zhou := f.env.Lookup(t, `SELECT id FROM cadres WHERE name = '周杰'`)
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM archive_items WHERE kind = 'team_profile' AND cadre_id = ?`, zhou); n != 1 {
		t.Errorf("the key leader's archive should hold the team profile (%d)", n)
	}
	r, err := f.svc.AddRectification(f.ctx, p, "visit", v.ID, "完善干部监督工作台账", "2027-01-31")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Visit(f.ctx, p, v.ID); got.Stage() != "整改中" || len(got.Team) != len(dims) || got.TeamConclusion == "" {
		t.Errorf("after feedback: stage %s, team %d", got.Stage(), len(got.Team))
	}
	if _, err := f.svc.CompleteRectification(f.ctx, f.user(t, "nm.ganjian"), r.ID, "2026-11-25", "已完善"); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a county officer closed a provincial item: %v", err)
	}
	if _, err := f.svc.CompleteRectification(f.ctx, p, r.ID, "2026-11-25", "已建立台账并通报"); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Visit(f.ctx, p, v.ID); got.Stage() != "已办结" {
		t.Errorf("stage after the last item: %s", got.Stage())
	}
	if _, err := f.svc.Visit(f.ctx, f.user(t, "yy.ganjian"), v.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("another county sees the visit: %v", err)
	}
	if rows, total, _ := f.svc.Visits(f.ctx, f.user(t, "gy.ganjian"), org.Page{Size: 10}.Normalize()); total != 1 || len(rows) != 1 {
		t.Errorf("the visited city sees %d visits", total)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM audit_log WHERE action IN ('visit.create','visit.report','visit.team_profile','rectification.create','rectification.complete')`); n != 5 {
		t.Errorf("%d audited writes, want 5", n)
	}
}

// TestMeeting: before, during (a member's statement lands in their archive; a member of another
// commission is refused), after.
func TestMeeting(t *testing.T) {
	f := setup(t)
	p := f.user(t, "gy.ganjian")
	nm := f.commission(t, "520102")
	if _, err := f.svc.CreateMeeting(f.ctx, p, daily.MeetingInput{CommissionID: nm}); len(apperr.FieldsOf(err)) < 3 {
		t.Errorf("empty meeting: %v", err)
	}
	m, err := f.svc.CreateMeeting(f.ctx, p, daily.MeetingInput{CommissionID: nm, HeldOn: "2026-12-10", Topic: "2026 年度专题民主生活会",
		Attendee: "吴芳", Preparation: "审核了会议方案和班子成员对照检查材料，提出修改意见 3 条。", PreparationOK: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RecordStatement(f.ctx, p, m.ID, "吴芳", "自我批评", ""); !strings.Contains(apperr.FieldsOf(err)["member"], "不是") {
		t.Errorf("a member of another commission: %v", err)
	}
	if err := f.svc.RecordStatement(f.ctx, p, m.ID, "冯涛", "对干部日常监督抓得不够紧。", "建议加强对年轻干部的教育管理。"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RecordStatement(f.ctx, p, m.ID, "冯涛", "再次", ""); !strings.Contains(apperr.FieldsOf(err)["member"], "已记录") {
		t.Errorf("second statement: %v", err)
	}
	feng := f.env.Lookup(t, `SELECT id FROM cadres WHERE name = '冯涛'`)
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM archive_items WHERE kind = 'meeting' AND cadre_id = ? AND detail LIKE ?`, feng, "%抓得不够紧%"); n != 1 {
		t.Errorf("the statement is not in 冯涛's archive (%d)", n)
	}
	if err := f.svc.SetMeetingComments(f.ctx, p, m.ID, "批评辣味不足。"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddRectification(f.ctx, p, "life_meeting", m.ID, "建立年轻干部谈心谈话制度", "bad"); apperr.FieldsOf(err)["due_on"] == "" {
		t.Errorf("bad due date: %v", err)
	}
	if _, err := f.svc.AddRectification(f.ctx, p, "life_meeting", m.ID, "建立年轻干部谈心谈话制度", "2027-03-31"); err != nil {
		t.Fatal(err)
	}
	got, err := f.svc.Meeting(f.ctx, p, m.ID)
	if err != nil || len(got.Statements) != 1 || got.Comments == "" || len(got.Rectifications) != 1 {
		t.Fatalf("meeting %+v %v", got, err)
	}
	if _, err := f.svc.Meeting(f.ctx, f.user(t, "yy.ganjian"), m.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a sibling county sees the meeting: %v", err)
	}
}

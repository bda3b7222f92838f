package interference_test

import (
	"context"
	"strings"
	"testing"

	"custos/internal/apperr"
	"custos/internal/casework"
	"custos/internal/clue"
	"custos/internal/interference"
	"custos/internal/org"
	"custos/internal/testkit"
)

type fixture struct {
	env testkit.Env
	svc *interference.Service
	ctx context.Context
}

func setup(t *testing.T) fixture {
	env := testkit.NewApp(t)
	env.Demo(t)
	return fixture{env: env, svc: env.App.Interference, ctx: context.Background()}
}

func (f fixture) as(t *testing.T, name string) org.Principal { return f.env.As(t, name) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// aCase opens a provincial case about 赵敏 with gz.diaocha leading its team.
func (f fixture) aCase(t *testing.T) casework.Case {
	t.Helper()
	clues := f.env.App.Clues
	c, err := clues.Register(f.ctx, f.as(t, "gz.anguan"), clue.ClueInput{Source: "信访举报", ReceivedOn: "2026-11-02", Summary: "反映其收受购物卡", Subjects: "赵敏"})
	must(t, err)
	dept := f.env.Lookup(t, `SELECT d.id FROM departments d JOIN commissions c ON c.id = d.commission_id WHERE c.code = '52' AND d.kind = 'cadre_supervision'`)
	must(t, clues.Allocate(f.ctx, f.as(t, "gz.shuji"), c.ID, dept))
	must(t, clues.Review(f.ctx, f.as(t, "gz.ganjian"), c.ID, clue.ReviewInput{Meeting: clue.MeetingInput{HeldOn: "2026-11-05", Kind: "集体研判", Chair: "李主任", Attendees: "王一\n张二"},
		Opinion: "移送审查调查", Disposal: clue.Transferred}))
	must(t, clues.Approve(f.ctx, f.as(t, "gz.shuji"), c.ID))
	k, err := f.env.App.Cases.Register(f.ctx, f.as(t, "gz.ganjian"), casework.RegisterInput{ClueID: c.ID, CadreID: c.Subjects[0].ID, FilingType: "both", Summary: "涉嫌受贿", RequestedOn: "2026-11-20"})
	must(t, err)
	_, err = f.env.App.Cases.AddMember(f.ctx, f.as(t, "gz.ganjian"), k.ID, "gz.diaocha", "leader", "")
	must(t, err)
	return k
}

// TestRecordAndFollowUp: a team member records an approach by a colleague; it goes to the
// team leader and the cadre-supervision office; the recorder and the office see it, the
// intervener — even the principal — never does; the office turns it into a clue.
func TestRecordAndFollowUp(t *testing.T) {
	f := setup(t)
	k := f.aCase(t)
	member := f.as(t, "gz.diaocha")
	if _, err := f.svc.Record(f.ctx, member, interference.Input{}); len(apperr.FieldsOf(err)) < 5 {
		t.Errorf("an empty record: %v", err)
	}
	r, err := f.svc.Record(f.ctx, member, interference.Input{ApproachedOn: "2026-11-25", Matter: k.Number, Kind: "ask", Channel: "phone",
		IntervenerName: "赵调查", IntervenerUser: "gz.diaocha2", Relation: "同事", Content: "问赵敏的案子查到哪一步了", Response: "按规定不能透露，已登记"})
	must(t, err)
	if r.MatterType != "case" || r.MatterID != k.ID || !strings.Contains(r.ReportedTo, "审查调查组组长刘调查") {
		t.Fatalf("record %+v", r)
	}
	about, err := f.svc.Record(f.ctx, member, interference.Input{ApproachedOn: "2026-11-25", Matter: "某工程招标问题", Kind: "intercede", Channel: "in_person",
		IntervenerName: "王书记", IntervenerUser: "gz.shuji", Content: "打招呼", Response: "拒绝"})
	must(t, err)
	office, principal := f.as(t, "gz.ganjian"), f.as(t, "gz.shuji")
	if rows, n, _ := f.svc.List(f.ctx, office, org.Page{Size: 20}); n != 2 || len(rows) != 2 {
		t.Errorf("the office sees %d", n)
	}
	if rows, n, _ := f.svc.List(f.ctx, principal, org.Page{Size: 20}); n != 1 || rows[0].ID != r.ID {
		t.Errorf("the principal sees records about himself: %d", n)
	}
	if _, err := f.svc.Get(f.ctx, principal, about.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("the intervener opened the record about him: %v", err)
	}
	if _, n, _ := f.svc.List(f.ctx, f.as(t, "gz.shenli"), org.Page{Size: 20}); n != 0 {
		t.Errorf("a bystander sees %d records", n)
	}
	if _, err := f.svc.FollowUp(f.ctx, member, r.ID, "clue", "x"); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the recorder assessed: %v", err)
	}
	got, err := f.svc.FollowUp(f.ctx, office, r.ID, "clue", "多次打听案情，移送处置")
	must(t, err)
	if got.ClueID == 0 || !strings.Contains(got.FollowUpNote, "线索编号") {
		t.Fatalf("follow-up %+v", got)
	}
	c, err := f.env.App.Clues.Get(f.ctx, f.as(t, "gz.anguan"), got.ClueID)
	if err != nil || len(c.Subjects) != 1 || c.Subjects[0].Name != "赵刚" || !strings.Contains(c.Custody[0].Note, "打听过问登记") {
		t.Fatalf("clue against the intervener %+v %v", c, err)
	}
	if _, err := f.svc.FollowUp(f.ctx, office, r.ID, "none", "再处理"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("assessed twice: %v", err)
	}
}

// TestQuarterAndZeroReport: a commission with a record cannot file a zero report; one without
// can; the summary shows both.
func TestQuarterAndZeroReport(t *testing.T) {
	f := setup(t)
	_, err := f.svc.Record(f.ctx, f.as(t, "gz.diaocha"), interference.Input{ApproachedOn: "2026-11-25", Matter: "某案", Kind: "ask", Channel: "phone",
		IntervenerName: "某人", Content: "打听", Response: "拒绝"})
	must(t, err)
	office := f.as(t, "gz.ganjian")
	if err := f.svc.ZeroReport(f.ctx, office, "2026-Q4"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("zero report with a record: %v", err)
	}
	must(t, f.svc.ZeroReport(f.ctx, f.as(t, "gy.ganjian"), "2026-Q4"))
	if err := f.svc.ZeroReport(f.ctx, office, "2027-Q2"); apperr.FieldsOf(err)["quarter"] == "" {
		t.Errorf("zero report of a future quarter: %v", err)
	}
	rows, err := f.svc.Summary(f.ctx, office, "2026-Q4")
	must(t, err)
	status := map[string]string{}
	for _, r := range rows {
		status[r.CommissionName] = r.Status()
	}
	if status["贵州省纪委监委"] != "已登记 1 件" || status["贵阳市纪委监委"] != "零报告" || status["遵义市纪委监委"] != "未报告" {
		t.Errorf("summary %v", status)
	}
	if interference.Quarter("2026-11-25") != "2026-Q4" || interference.Quarter("2026-01-01") != "2026-Q1" {
		t.Error("Quarter")
	}
}

// TestFlaggedReads: a read of a case by someone outside its chain is flagged for the office,
// which turns it into a record; the investigator's own reads never are.
func TestFlaggedReads(t *testing.T) {
	f := setup(t)
	k := f.aCase(t)
	if _, err := f.env.App.Cases.Get(f.ctx, f.as(t, "gz.diaocha"), k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.env.App.Cases.Get(f.ctx, f.as(t, "gz.shenli"), k.ID); err != nil {
		t.Fatal(err)
	}
	office := f.as(t, "gz.ganjian")
	flags, err := f.svc.Flags(f.ctx, office, true)
	if err != nil || len(flags) != 1 || !strings.Contains(flags[0].UserName, "孔审理") || flags[0].MatterNumber != k.Number {
		t.Fatalf("flags %+v %v", flags, err)
	}
	if err := f.svc.DecideFlag(f.ctx, office, flags[0].ID, true, ""); apperr.FieldsOf(err)["note"] == "" {
		t.Errorf("a decision without a note: %v", err)
	}
	must(t, f.svc.DecideFlag(f.ctx, office, flags[0].ID, true, "审理室人员在移送审理前查阅，无工作需要"))
	rows, _, err := f.svc.List(f.ctx, office, org.Page{Size: 20})
	must(t, err)
	if len(rows) != 1 || rows[0].Source != "flagged" || rows[0].IntervenerName != "孔审理" || rows[0].Channel != "system" {
		t.Fatalf("record from the flag %+v", rows)
	}
	if err := f.svc.DecideFlag(f.ctx, office, flags[0].ID, false, "再"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("decided twice: %v", err)
	}
	// clue reads are watched too: the supervision office of another department is outside
	if _, err := f.env.App.Clues.Get(f.ctx, f.as(t, "gz.anguan"), k.ClueID); err != nil {
		t.Fatal(err)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM flagged_reads WHERE matter_type = 'clue'`); n != 0 {
		t.Errorf("case management's read of a clue flagged: %d", n)
	}
}

package casework_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"custos/internal/apperr"
	"custos/internal/casework"
	"custos/internal/clue"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/rectify"
	"custos/internal/testkit"
)

type fixture struct {
	env testkit.Env
	svc *casework.Service
	ctx context.Context
}

func setup(t *testing.T) fixture {
	env := testkit.NewApp(t)
	env.Demo(t)
	return fixture{env: env, svc: env.App.Cases, ctx: context.Background()}
}

func (f fixture) as(t *testing.T, name string) org.Principal { return f.env.As(t, name) }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// transferred registers a clue about subject at the commission of the case-management user
// cm, and has it collectively reviewed and approved for transfer to investigation.
func (f fixture) transferred(t *testing.T, cm, leader, handler, subject string) clue.Clue {
	t.Helper()
	clues := f.env.App.Clues
	c, err := clues.Register(f.ctx, f.as(t, cm), clue.ClueInput{Source: "信访举报", ReceivedOn: "2026-11-02", Summary: "反映其收受管理服务对象财物", Subjects: subject})
	must(t, err)
	p := f.as(t, cm)
	dept := f.env.Lookup(t, `SELECT id FROM departments WHERE commission_id = ? AND kind = 'cadre_supervision'`, p.CommissionID)
	must(t, clues.Allocate(f.ctx, f.as(t, leader), c.ID, dept))
	must(t, clues.Review(f.ctx, f.as(t, handler), c.ID, clue.ReviewInput{Meeting: clue.MeetingInput{HeldOn: "2026-11-05", Kind: "集体研判", Chair: "李主任",
		Attendees: "王一\n张二"}, Opinion: "问题具体，已涉嫌违纪，建议移送审查调查", Disposal: clue.Transferred}))
	must(t, clues.Approve(f.ctx, f.as(t, leader), c.ID))
	return c
}

// TestCaseLifecycle walks a provincial case from the clue to the archive: filing approved, a
// team with a recusal refusal and a temporary branch, the plan at a special meeting, measures
// with the detention limit, safety, an outsider's read flagged, the trial with an extension,
// sanctions with their periods and form, the three letters and the rectification signed off.
func TestCaseLifecycle(t *testing.T) {
	f := setup(t)
	cl := f.transferred(t, "gz.anguan", "gz.shuji", "gz.ganjian", "赵敏")
	handler, leader, investigator, trial := f.as(t, "gz.ganjian"), f.as(t, "gz.shuji"), f.as(t, "gz.diaocha"), f.as(t, "gz.shenli")
	zhao := cl.Subjects[0].ID
	if _, err := f.svc.Register(f.ctx, f.as(t, "gz.xinfang"), casework.RegisterInput{}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("petitions requested a filing: %v", err)
	}
	c, err := f.svc.Register(f.ctx, handler, casework.RegisterInput{ClueID: cl.ID, CadreID: zhao, FilingType: "both", Summary: "涉嫌收受购物卡2万元", RequestedOn: "2026-11-20"})
	must(t, err)
	if c.Number != "2026-0001" || c.Status != casework.Requested || c.SubjectRank != "county" {
		t.Fatalf("registered %+v", c)
	}
	if _, err := f.svc.Register(f.ctx, handler, casework.RegisterInput{ClueID: cl.ID, CadreID: zhao, FilingType: "both", Summary: "再报", RequestedOn: "2026-11-20"}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a second request for the same clue and subject: %v", err)
	}
	if _, err := f.svc.File(f.ctx, handler, c.ID, "省纪委常委会", "2026-11-21"); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the handler approved the filing: %v", err)
	}
	if _, err := f.svc.File(f.ctx, leader, c.ID, "", "2026-11-21"); apperr.FieldsOf(err)["authority"] == "" {
		t.Errorf("a filing without its authority: %v", err)
	}
	_, err = f.svc.File(f.ctx, leader, c.ID, "省纪委常委会", "2026-11-21")
	must(t, err)

	// the team: 赵刚 is 赵敏's brother by her archive
	_, err = f.svc.AddMember(f.ctx, handler, c.ID, "gz.diaocha", "leader", "")
	must(t, err)
	grounds, err := f.svc.AddMember(f.ctx, handler, c.ID, "gz.diaocha2", "member", "")
	if msg := apperr.FieldsOf(err)["username"]; !strings.Contains(msg, "是被审查调查人的兄弟") || len(grounds) != 1 {
		t.Fatalf("the brother was not refused: %v %v", grounds, err)
	}
	if _, err := f.svc.AddMember(f.ctx, handler, c.ID, "gz.diaocha2", "member", "经批准"); apperr.FieldsOf(err)["override"] == "" {
		t.Errorf("the handler overrode a recusal: %v", err)
	}
	_, err = f.svc.AddMember(f.ctx, handler, c.ID, "gz.ganjian", "safety_officer", "")
	must(t, err)
	if _, err := f.svc.AddMember(f.ctx, handler, c.ID, "gy.diaocha", "member", ""); apperr.FieldsOf(err)["username"] == "" {
		t.Errorf("a Guiyang investigator joined a provincial team: %v", err)
	}
	if _, err := f.svc.Announce(f.ctx, handler, c.ID, "2026-11-20", ""); apperr.FieldsOf(err)["announced_on"] == "" {
		t.Errorf("announced before the filing: %v", err)
	}
	_, err = f.svc.Announce(f.ctx, handler, c.ID, "2026-11-22", "")
	must(t, err)
	if _, err := f.svc.Start(f.ctx, leader, c.ID, "审查调查方案", "2026-11-23 专题会议，王书记主持"); !strings.Contains(apperr.MessageOf(err), "临时党支部") {
		t.Errorf("started without a branch: %v", err)
	}
	must(t, f.svc.SetBranch(f.ctx, handler, c.ID, investigator.UserID, "2026-11-23"))
	must(t, f.svc.BranchMeet(f.ctx, investigator, c.ID, "2026-11-23", "支部成立暨办案纪律教育", "学习监督执纪工作规则，签订保密承诺书"))
	_, err = f.svc.Start(f.ctx, leader, c.ID, "审查调查方案：查明收受购物卡问题", "2026-11-23 专题会议，王书记主持")
	must(t, err)

	// measures: a detention at the province needs no upper approval; one extension only
	det, err := f.svc.ApproveMeasure(f.ctx, leader, c.ID, casework.MeasureInput{Kind: casework.Detention, Target: "赵敏", StartedOn: "2026-11-26"})
	must(t, err)
	if det.EndsOn != "2027-02-26" || det.Approval != "own" {
		t.Fatalf("detention %+v", det)
	}
	if _, err := f.svc.ApproveMeasure(f.ctx, leader, c.ID, casework.MeasureInput{Kind: casework.Detention, Target: "赵敏", StartedOn: "2026-11-26"}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a second detention: %v", err)
	}
	end, err := f.svc.ExtendDetention(f.ctx, leader, det.ID, "国家监委批准，国监批〔2026〕1号")
	if err != nil || end != "2027-05-26" {
		t.Fatalf("extension to %s: %v", end, err)
	}
	if _, err := f.svc.ExtendDetention(f.ctx, leader, det.ID, "再延"); !strings.Contains(apperr.MessageOf(err), "不得再次延长") {
		t.Errorf("a second extension: %v", err)
	}
	query, err := f.svc.ApproveMeasure(f.ctx, leader, c.ID, casework.MeasureInput{Kind: "query", Target: "赵敏及其配偶名下银行账户", StartedOn: "2026-11-26"})
	must(t, err)
	ledger, err := f.svc.Ledger(f.ctx, f.as(t, "gz.anguan"), true)
	if err != nil || len(ledger) != 2 {
		t.Fatalf("ledger %+v %v", ledger, err)
	}
	must(t, f.svc.RecordSafetyCheck(f.ctx, f.as(t, "gz.ganjian"), c.ID, "2026-11-26", "谈话场所、陪护人员、饮食医疗", true, ""))
	inc, err := f.svc.ReportIncident(f.ctx, handler, c.ID, testkit.Start.Add(-2*time.Hour), "被审查调查人突发心脏不适，已送医")
	must(t, err)
	f.env.Clock.Advance(25 * time.Hour)
	must(t, f.svc.EscalateIncident(f.ctx, leader, inc.ID, "中央纪委国家监委"))
	got, err := f.svc.Get(f.ctx, leader, c.ID)
	must(t, err)
	if len(got.Incidents) != 1 || !got.Incidents[0].Late(f.env.Clock.Now()) {
		t.Errorf("the escalation after 25 hours should be late: %+v", got.Incidents)
	}

	// reads: the team and the chain are not flagged; the trial office before the trial is
	if _, err := f.svc.Get(f.ctx, investigator, c.ID); err != nil {
		t.Fatal(err)
	}
	if g, err := f.svc.Get(f.ctx, trial, c.ID); err != nil || g.InChain {
		t.Fatalf("the trial office before the trial: in chain %v, %v", g.InChain, err)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM flagged_reads WHERE matter_type = 'case' AND matter_id = ?`, c.ID); n != 1 {
		t.Errorf("%d flagged reads, want 1 (gz.shenli's)", n)
	}

	if _, err := f.svc.ToTrial(f.ctx, handler, c.ID, "2026-11-27"); !strings.Contains(apperr.MessageOf(err), "审查调查报告") {
		t.Errorf("to trial without a report: %v", err)
	}
	must(t, f.svc.SetReport(f.ctx, investigator, c.ID, "经查，赵敏收受购物卡2万元属实。", "办案期间未发生安全问题以外的事故；突发疾病已及时处置并上报。"))
	if _, err := f.svc.ToTrial(f.ctx, handler, c.ID, "2026-11-27"); !strings.Contains(apperr.MessageOf(err), "措施未解除") {
		t.Errorf("to trial with a query still open: %v", err)
	}
	must(t, f.svc.EndMeasure(f.ctx, investigator, query.ID, "2026-11-27"))
	c, err = f.svc.ToTrial(f.ctx, handler, c.ID, "2026-11-27")
	must(t, err)
	if c.TrialDue != "2026-12-27" {
		t.Errorf("trial due %s", c.TrialDue)
	}
	if g, _ := f.svc.Get(f.ctx, trial, c.ID); !g.InChain {
		t.Error("the trial office at the trial is in the chain")
	}
	if err := f.svc.ExtendTrial(f.ctx, leader, c.ID, "2027-02-01", "案情复杂"); apperr.FieldsOf(err)["new_due"] == "" {
		t.Errorf("an extension beyond a month: %v", err)
	}
	must(t, f.svc.ExtendTrial(f.ctx, leader, c.ID, "2027-01-20", "案情复杂"))
	must(t, f.svc.AddSanction(f.ctx, trial, c.ID, "party", "serious_warning", "", ""))
	must(t, f.svc.AddSanction(f.ctx, trial, c.ID, "gov", "demerit", "", ""))
	if err := f.svc.AddSanction(f.ctx, trial, c.ID, "party", "warning", "", ""); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a second party sanction: %v", err)
	}
	_, err = f.svc.SubmitTrialReport(f.ctx, trial, c.ID, "事实清楚，证据确凿，建议给予严重警告、记过处分。")
	must(t, err)
	_, err = f.svc.ApproveTrialReport(f.ctx, leader, c.ID)
	must(t, err)
	f.env.Clock.Advance(4 * 24 * time.Hour) // 2026-12-01
	// promoted between the filing and the decision: the statistics count the rank at the decision
	must(t, f.env.App.DB.InTx(f.ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(f.ctx, `UPDATE cadres SET rank = 'bureau' WHERE id = ?`, c.CadreID)
		return err
	}))
	c, err = f.svc.Decide(f.ctx, f.as(t, "gz.changwei"), c.ID, "2026-12-01", "给予赵敏党内严重警告、政务记过处分", "")
	must(t, err)
	if c.Form != casework.F2 || c.AnnounceDue != "2027-01-01" {
		t.Errorf("decision form %s, announce due %s", c.Form, c.AnnounceDue)
	}
	got, _ = f.svc.Get(f.ctx, leader, c.ID)
	for _, x := range got.Sanctions {
		if x.System == "party" && x.RestrictionUntil != "2028-06-01" || x.System == "gov" && x.PeriodEnd != "2027-12-01" {
			t.Errorf("sanction periods %+v", x)
		}
		if x.SubjectRank != "bureau" {
			t.Errorf("sanction rank %s, want the rank at the decision", x.SubjectRank)
		}
	}
	if got.SubjectRank != "county" {
		t.Errorf("the case's rank at filing became %s", got.SubjectRank)
	}
	findings, err := casework.OpinionSource{}.Findings(f.ctx, f.env.App.DB.Reader(), zhao, testkit.Start.AddDate(0, 1, 0))
	if err != nil || len(findings) != 2 || !strings.Contains(findings[0].Text+findings[1].Text, "严重警告") || !strings.Contains(findings[0].Text+findings[1].Text, "记过") {
		t.Errorf("integrity opinion findings %+v %v", findings, err)
	}
	_, err = f.svc.AnnounceDecision(f.ctx, handler, c.ID, "2026-12-01")
	must(t, err)
	_, err = f.svc.Execute(f.ctx, handler, c.ID, "2026-12-01", "已通知所在党支部和人事部门，按规定调整职级待遇")
	must(t, err)

	// after the case: the three letters and the rectification of the unit
	if _, err := f.svc.Archive(f.ctx, f.as(t, "gz.anguan"), c.ID); !strings.Contains(apperr.MessageOf(err), "一案三书") {
		t.Errorf("archived without the letters: %v", err)
	}
	for _, kind := range casework.DefaultDocumentSet {
		d, err := f.svc.DraftDocument(f.ctx, handler, c.ID, kind)
		must(t, err)
		if kind == casework.Recommendation {
			if _, err := f.svc.IssueDocument(f.ctx, handler, c.ID, d.ID); apperr.CodeOf(err) != apperr.Forbidden {
				t.Errorf("the handler signed a numbered letter: %v", err)
			}
			if _, err := f.svc.IssueDocument(f.ctx, leader, c.ID, d.ID); !strings.Contains(apperr.MessageOf(err), "存在问题") {
				t.Errorf("issued with blanks: %v", err)
			}
			must(t, f.svc.EditDocument(f.ctx, handler, c.ID, d.ID, d.Title, d.Addressee, strings.NewReplacer("【存在问题】", "干部监督管理宽松软。", "【整改建议】", "健全干部日常监督机制。").Replace(d.Body), d.ReplyDue))
			d, err = f.svc.IssueDocument(f.ctx, leader, c.ID, d.ID)
			must(t, err)
			if d.Number != "黔纪建〔2026〕1号" {
				t.Errorf("letter number %q", d.Number)
			}
			if err := f.svc.EditDocument(f.ctx, handler, c.ID, d.ID, "改", "", "改", ""); apperr.CodeOf(err) != apperr.Conflict {
				t.Errorf("an issued letter edited: %v", err)
			}
			continue
		}
		must(t, f.svc.EditDocument(f.ctx, handler, c.ID, d.ID, d.Title, d.Addressee, strings.NewReplacer("【剖析内容】", "单位存在重业务轻监督的问题。", "【忏悔内容】", "我深刻认识到自己的错误。").Replace(d.Body), ""))
		_, err = f.svc.IssueDocument(f.ctx, handler, c.ID, d.ID)
		must(t, err)
	}
	if _, err := f.svc.Archive(f.ctx, f.as(t, "gz.anguan"), c.ID); !strings.Contains(apperr.MessageOf(err), "一案一整改") {
		t.Errorf("archived before the rectification: %v", err)
	}
	got, _ = f.svc.Get(f.ctx, leader, c.ID)
	if len(got.Rectifications) != 1 || got.Rectifications[0].UnitName != "贵州省纪委监委" || len(got.MissingDocuments) != 0 {
		t.Fatalf("rectification %+v, missing %v", got.Rectifications, got.MissingDocuments)
	}
	rs := f.env.App.Rectify
	task := got.Rectifications[0].ID
	must(t, rs.SubmitPlan(f.ctx, handler, task, "一、健全干部日常监督机制（责任人：李红，2027年1月底前）"))
	if err := rs.ReviewPlan(f.ctx, handler, task, true, ""); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the unit approved its own plan: %v", err)
	}
	must(t, rs.ReviewPlan(f.ctx, f.as(t, "gz.anguan"), task, true, ""))
	must(t, rs.ReportCompletion(f.ctx, handler, task, "已出台干部日常监督办法"))
	must(t, rs.Verify(f.ctx, f.as(t, "gz.anguan"), task, false, "台账不完整"))
	must(t, rs.ReportCompletion(f.ctx, handler, task, "已补充台账"))
	must(t, rs.Verify(f.ctx, f.as(t, "gz.anguan"), task, true, "现场查看，整改到位"))
	c, err = f.svc.Archive(f.ctx, f.as(t, "gz.anguan"), c.ID)
	must(t, err)
	if c.Status != casework.Archived {
		t.Fatalf("status %s", c.Status)
	}
	if task, _ := rs.Get(f.ctx, leader, task); task.Status != rectify.Closed || task.Reopened != 1 {
		t.Errorf("rectification %+v", task)
	}
	_, err = f.svc.Appeal(f.ctx, trial, c.ID, "2026-12-01", "认为处分过重")
	must(t, err)
	c, err = f.svc.DecideAppeal(f.ctx, trial, c.ID, "维持原处分决定")
	must(t, err)
	if c.Status != casework.Archived {
		t.Errorf("after the appeal: %s", c.Status)
	}
	items := f.env.Lookup(t, `SELECT COUNT(*) FROM archive_items WHERE cadre_id = ? AND source_type = 'case'`, zhao)
	if items < 5 { // filed, decided, two sanctions, the appeal's conclusion
		t.Errorf("%d case items on the archive", items)
	}
}

// TestEscalation: the province takes over (提级办理) a case Guiyang registered; the history moves
// with it, Guiyang no longer sees it, and Guiyang's investigator leaves the team.
func TestEscalation(t *testing.T) {
	f := setup(t)
	cl := f.transferred(t, "gy.anguan", "gy.shuji", "gy.ganjian", "郑勇")
	gyHandler := f.as(t, "gy.ganjian")
	c, err := f.svc.Register(f.ctx, gyHandler, casework.RegisterInput{ClueID: cl.ID, CadreID: cl.Subjects[0].ID, FilingType: "party", Summary: "涉嫌违规插手工程", RequestedOn: "2026-11-20"})
	must(t, err)
	_, err = f.svc.File(f.ctx, f.as(t, "gy.shuji"), c.ID, "市纪委常委会", "2026-11-21")
	must(t, err)
	_, err = f.svc.AddMember(f.ctx, gyHandler, c.ID, "gy.diaocha", "leader", "")
	must(t, err)
	if err := f.svc.ChangeJurisdiction(f.ctx, f.as(t, "gy.shuji"), c.ID, "escalate", 0, "案情复杂"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("Guiyang escalated its own case: %v", err)
	}
	prov := f.as(t, "gz.shuji")
	must(t, f.svc.ChangeJurisdiction(f.ctx, prov, c.ID, "escalate", 0, "涉及多个地区，提级办理"))
	if _, err := f.svc.Get(f.ctx, gyHandler, c.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("Guiyang still reads the case: %v", err)
	}
	got, err := f.svc.Get(f.ctx, prov, c.ID)
	must(t, err)
	if got.CommissionName != "贵州省纪委监委" || len(got.Team) != 0 || len(got.Jurisdiction) != 1 {
		t.Fatalf("after escalation: %s, team %+v, changes %+v", got.CommissionName, got.Team, got.Jurisdiction)
	}
	fromGuiyang := 0
	for _, e := range got.Events {
		if e.Commission == "贵阳市纪委监委" {
			fromGuiyang++
		}
	}
	if fromGuiyang < 3 || !strings.Contains(got.Events[len(got.Events)-1].Action, "由贵阳市纪委监委移交贵州省纪委监委办理") {
		t.Errorf("history did not move with the case: %+v", got.Events)
	}
	// joint handling gives Guiyang access back
	gy := f.env.Lookup(t, `SELECT id FROM commissions WHERE code = '5201'`)
	must(t, f.svc.ChangeJurisdiction(f.ctx, prov, c.ID, "joint", gy, "室地联合办理"))
	if _, err := f.svc.Get(f.ctx, gyHandler, c.ID); err != nil {
		t.Errorf("Guiyang with joint access: %v", err)
	}
	if _, err := f.svc.AddMember(f.ctx, f.as(t, "gz.ganjian"), c.ID, "gy.diaocha", "member", ""); err != nil {
		t.Errorf("a Guiyang investigator on the joint team: %v", err)
	}
}

// TestHideFromDepartment: a case kept from the subject's own department (灯下黑) disappears for
// its people — the list and the page — unless they are on the team.
func TestHideFromDepartment(t *testing.T) {
	f := setup(t)
	cl := f.transferred(t, "gz.anguan", "gz.shuji", "gz.ganjian", "赵敏")
	trialDept := f.env.Lookup(t, `SELECT d.id FROM departments d JOIN commissions c ON c.id = d.commission_id WHERE c.code = '52' AND d.kind = 'trial'`)
	if err := f.env.App.DB.InTx(f.ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(f.ctx, `UPDATE cadres SET department_id = ? WHERE id = ?`, trialDept, cl.Subjects[0].ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	c, err := f.svc.Register(f.ctx, f.as(t, "gz.ganjian"), casework.RegisterInput{ClueID: cl.ID, CadreID: cl.Subjects[0].ID, FilingType: "party", Summary: "涉嫌违纪", RequestedOn: "2026-11-20"})
	must(t, err)
	colleague := f.as(t, "gz.shenli") // in the trial office, like 赵敏
	if _, err := f.svc.Get(f.ctx, colleague, c.ID); err != nil {
		t.Fatalf("before: %v", err)
	}
	if err := f.svc.HideFromDepartment(f.ctx, f.as(t, "gz.ganjian"), c.ID, true); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the handler decided: %v", err)
	}
	must(t, f.svc.HideFromDepartment(f.ctx, f.as(t, "gz.shuji"), c.ID, true))
	if _, err := f.svc.Get(f.ctx, colleague, c.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("the subject's department still reads the case: %v", err)
	}
	if rows, _, _ := f.svc.List(f.ctx, colleague, casework.Filter{}); len(rows) != 0 {
		t.Errorf("the subject's department lists it: %+v", rows)
	}
	if _, err := f.svc.Get(f.ctx, f.as(t, "gz.anguan"), c.ID); err != nil {
		t.Errorf("case management lost it: %v", err)
	}
	must(t, f.svc.HideFromDepartment(f.ctx, f.as(t, "gz.shuji"), c.ID, false))
	if _, err := f.svc.Get(f.ctx, colleague, c.ID); err != nil {
		t.Errorf("after: %v", err)
	}
}

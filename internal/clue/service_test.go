package clue_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"custos/internal/apperr"
	"custos/internal/clue"
	"custos/internal/opinion"
	"custos/internal/org"
	"custos/internal/report"
	"custos/internal/testkit"
)

type fixture struct {
	env testkit.Env
	svc *clue.Service
	ctx context.Context
}

func setup(t *testing.T) fixture {
	env := testkit.NewApp(t)
	env.Demo(t)
	return fixture{env: env, svc: env.App.Clues, ctx: context.Background()}
}

func (f fixture) user(t *testing.T, name string) org.Principal { return f.env.As(t, name) }

// review is a collective review at a new meeting of three.
func review(opinion, disposal string) clue.ReviewInput {
	return clue.ReviewInput{Meeting: clue.MeetingInput{HeldOn: "2026-11-05", Kind: "集体研判", Chair: "李主任", Attendees: "王一\n张二"}, Opinion: opinion, Disposal: disposal}
}

// approvedInquiry registers a clue about subjects, allocates it, reviews and approves inquiry.
func (f fixture) approvedInquiry(t *testing.T, subjects string) clue.Clue {
	t.Helper()
	c, err := f.svc.Register(f.ctx, f.user(t, "gz.anguan"), clue.ClueInput{Source: "信访举报", ReceivedOn: "2026-11-02", Summary: "反映其违规收受礼金", Subjects: subjects})
	if err != nil {
		t.Fatal(err)
	}
	dept := f.env.Lookup(t, `SELECT d.id FROM departments d JOIN commissions c ON c.id = d.commission_id WHERE c.code = '52' AND d.kind = 'cadre_supervision'`)
	if err := f.svc.Allocate(f.ctx, f.user(t, "gz.shuji"), c.ID, dept); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Review(f.ctx, f.user(t, "gz.ganjian"), c.ID, review("一致同意谈话函询", clue.Inquiry)); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Approve(f.ctx, f.user(t, "gz.shuji"), c.ID); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestClueToInquiryToSpotCheck walks the path: register (priority for a key leader), allocate
// (principal), review, approve, inquire by letter with its deadlines in working days, conclude,
// draw and record a spot check that contradicts the reply.
func TestClueToInquiryToSpotCheck(t *testing.T) {
	f := setup(t)
	if _, err := f.svc.Register(f.ctx, f.user(t, "gz.ganjian"), clue.ClueInput{}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("registration belongs to case management: %v", err)
	}
	c := f.approvedInquiry(t, "周杰")
	if !c.Priority || c.Number != "2026-0001" {
		t.Errorf("clue %+v", c)
	}
	h := f.user(t, "gz.ganjian")
	zhou := c.Subjects[0].ID
	q, err := f.svc.StartInquiry(f.ctx, h, c.ID, zhou, "letter", "2026-11-03", "")
	if err != nil {
		t.Fatal(err)
	}
	if q, err = f.svc.RecordReceipt(f.ctx, h, q.ID, "2026-11-04"); err != nil || q.ReplyDue != "2026-11-25" {
		t.Fatalf("reply due %q (15 working days after 11-04), %v", q.ReplyDue, err)
	}
	if q, err = f.svc.RecordAnswer(f.ctx, h, q.ID, "2026-11-20"); err != nil || q.ConclusionDue != "2026-12-20" {
		t.Fatalf("conclusion due %q, %v", q.ConclusionDue, err)
	}
	if q, err = f.svc.Conclude(f.ctx, h, q.ID, "2026-11-25", "cleared"); err != nil {
		t.Fatal(err)
	}
	d, err := f.svc.DrawSpotChecks(f.ctx, h, "2026")
	if err != nil || d.Pool != 1 || len(d.Selected) != 1 || d.Selected[0].ID != q.ID {
		t.Fatalf("draw %+v %v", d, err)
	}
	if err := f.svc.RecordSpotCheck(f.ctx, h, q.ID, "records", "经查阅工商登记，其子仍持股，与函询回复不符", true); err != nil {
		t.Fatal(err)
	}
	got, err := f.svc.Get(f.ctx, h, c.ID)
	if err != nil || !got.Deception || got.Status != clue.Allocated || len(got.Custody) < 8 {
		t.Errorf("after the contradiction: %+v %v", got, err)
	}
	// the clue, its disposal, the inquiry and its outcome are all on the archive
	for _, title := range []string{"问题线索 2026-0001（信访举报）", "问题线索 2026-0001 处置：谈话函询", "函询（线索 2026-0001）", "函询了结："} {
		if n := f.env.Lookup(t, `SELECT COUNT(*) FROM archive_items WHERE cadre_id = ? AND kind IN ('clue', 'inquiry') AND title LIKE ?`, zhou, title+"%"); n != 1 {
			t.Errorf("%d archive items %q", n, title)
		}
	}
	if _, err := f.svc.Get(f.ctx, f.user(t, "gy.ganjian"), c.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a city officer sees a provincial clue: %v", err)
	}
}

// TestThirdInquiryRefused: the third inquiry about one person in a year is refused, naming the
// earlier two; a leader's recorded approval lets it through; under 100 racing attempts exactly
// two pass (P8), on either engine.
func TestThirdInquiryRefused(t *testing.T) {
	f := setup(t)
	c := f.approvedInquiry(t, "冯涛")
	h := f.user(t, "gz.ganjian")
	feng := c.Subjects[0].ID
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, refused := 0, 0
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.svc.StartInquiry(f.ctx, h, c.ID, feng, []string{"talk", "letter"}[i%2], "2026-11-10", "")
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case apperr.CodeOf(err) == apperr.Conflict && strings.Contains(err.Error(), "每人每年至多 2 次"):
				refused++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok != 2 || refused != 98 {
		t.Fatalf("%d passed, %d refused; want 2 and 98", ok, refused)
	}
	_, err := f.svc.StartInquiry(f.ctx, h, c.ID, feng, "talk", "2026-11-26", "")
	if err == nil || !strings.Contains(apperr.MessageOf(err), "2026-11-10（线索 2026-0001）、2026-11-10（线索 2026-0001）") {
		t.Errorf("the refusal should name the earlier two: %v", err)
	}
	if _, err := f.svc.StartInquiry(f.ctx, h, c.ID, feng, "talk", "2026-11-26", "省纪委书记批准"); apperr.FieldsOf(err)["override"] == "" {
		t.Errorf("a handler cannot override: %v", err)
	}
	q, err := f.svc.StartInquiry(f.ctx, f.user(t, "gz.shuji"), c.ID, feng, "talk", "2026-11-26", "经省纪委书记批准（2026 年 11 月 26 日）")
	if err != nil || q.Override == "" {
		t.Fatalf("a leader's override: %+v %v", q, err)
	}
}

// TestClueFromReport: a report waiting at the case-management's commission becomes a clue once;
// a report of another commission cannot.
func TestClueFromReport(t *testing.T) {
	f := setup(t)
	pet := f.user(t, "gz.xinfang")
	r, err := f.env.App.Reports.Register(f.ctx, pet, report.Input{ReceivedOn: "2026-11-20", Channel: "letter", Category: "accusation",
		Title: "反映陈立问题", Content: "反映省纪委副书记陈立之子经商办企业。", Subjects: []report.SubjectInput{{Name: "陈立"}}})
	if err != nil {
		t.Fatal(err)
	}
	cm := f.user(t, "gz.anguan")
	in := clue.ClueInput{Source: "信访举报", ReceivedOn: r.ReceivedOn, Summary: r.Title, Subjects: "陈立", ReportID: r.ID}
	c, err := f.svc.Register(f.ctx, cm, in)
	if err != nil || c.ReportID != r.ID {
		t.Fatalf("clue from report: %+v %v", c, err)
	}
	if _, err := f.svc.Register(f.ctx, cm, in); apperr.FieldsOf(err)["report_id"] == "" {
		t.Errorf("a report turned into a clue twice: %v", err)
	}
	got, _, err := f.env.App.Reports.Get(f.ctx, pet, r.ID)
	if err != nil || got.Status != report.StatusToClue {
		t.Errorf("report status %q %v", got.Status, err)
	}
}

// TestPrelimTeamRecusal: a verification team needs two members; a member whose archive records
// a family tie to the subject is refused with the reason, unless a leader's approval is noted.
func TestPrelimTeamRecusal(t *testing.T) {
	f := setup(t)
	c, err := f.svc.Register(f.ctx, f.user(t, "gz.anguan"), clue.ClueInput{Source: "巡视巡察", ReceivedOn: "2026-11-02", Summary: "反映其违规打听案情", Subjects: "李强"})
	if err != nil {
		t.Fatal(err)
	}
	dept := f.env.Lookup(t, `SELECT d.id FROM departments d JOIN commissions c ON c.id = d.commission_id WHERE c.code = '52' AND d.kind = 'cadre_supervision'`)
	leader, h := f.user(t, "gz.shuji"), f.user(t, "gz.ganjian")
	if err := f.svc.Allocate(f.ctx, leader, c.ID, dept); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Review(f.ctx, h, c.ID, review("研判会意见：初步核实", clue.Prelim)); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Approve(f.ctx, leader, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.StartPrelim(f.ctx, h, c.ID, "核实方案", "gy.ganjian", "2026-11-20", ""); apperr.FieldsOf(err)["team"] == "" {
		t.Errorf("a team of one: %v", err)
	}
	_, _, err = f.svc.StartPrelim(f.ctx, h, c.ID, "核实方案", "gz.ganjian\ngy.ganjian", "2026-11-20", "")
	if msg := apperr.FieldsOf(err)["team"]; !strings.Contains(msg, "李干部监督") || !strings.Contains(msg, "与被反映人李强有兄弟关系") {
		t.Fatalf("李红 (gz.ganjian) is 李强's sister: %v", err)
	}
	v, rs, err := f.svc.StartPrelim(f.ctx, leader, c.ID, "核实方案", "gz.ganjian\ngy.ganjian", "2026-11-20", "经书记批准：仅负责调取书证，不参与谈话")
	if err != nil || len(rs) != 1 || v.Override == "" {
		t.Fatalf("override: %+v %+v %v", v, rs, err)
	}
	if err := f.svc.ConcludePrelim(f.ctx, h, v.ID, "经核实，反映问题基本属实", "file_case", "2026-11-25"); err != nil {
		t.Fatal(err)
	}
	got, _ := f.svc.Get(f.ctx, h, c.ID)
	if len(got.Prelims) != 1 || got.Prelims[0].Outcome != "file_case" || !strings.Contains(got.Custody[len(got.Custody)-2].Note, "经批准不回避") {
		t.Errorf("after conclusion: %+v", got.Prelims)
	}
}

// TestFilingAndSupervision: a disposal about a county commission secretary is filed with the
// province within the deadline; the province sees it missing, then late, reviews it (returns it
// with an opinion, accepts the corrected one) and supervises the clue, whose handlers report
// progress.
func TestFilingAndSupervision(t *testing.T) {
	f := setup(t)
	gy := f.env.Lookup(t, `SELECT id FROM commissions WHERE code = '5201'`)
	c, err := f.svc.Register(f.ctx, f.user(t, "gy.anguan"), clue.ClueInput{Source: "信访举报", ReceivedOn: "2026-11-02", Summary: "反映其公车私用", Subjects: "冯涛"})
	if err != nil {
		t.Fatal(err)
	}
	dept := f.env.Lookup(t, `SELECT id FROM departments WHERE commission_id = ? AND kind = 'cadre_supervision'`, gy)
	city, cityH := f.user(t, "gy.shuji"), f.user(t, "gy.ganjian")
	if err := f.svc.Allocate(f.ctx, city, c.ID, dept); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Review(f.ctx, cityH, c.ID, review("研判：初步核实", clue.Prelim)); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Approve(f.ctx, city, c.ID); err != nil {
		t.Fatal(err)
	}
	prov := f.user(t, "gz.ganjian")
	in, _, err := f.svc.Filings(f.ctx, prov)
	if err != nil || len(in) != 1 || !strings.Contains(in[0].Reason, "冯涛（县级纪委书记）") || in[0].DueOn != "2026-12-17" || in[0].FiledOn != "" {
		t.Fatalf("incoming at the province: %+v %v", in, err)
	}
	f.env.Clock.Advance(30 * 24 * time.Hour)
	in, _, _ = f.svc.Filings(f.ctx, prov)
	if !in[0].Late("2026-12-26") {
		t.Error("an unfiled disposal past its deadline should be late")
	}
	_, out, _ := f.svc.Filings(f.ctx, cityH)
	if len(out) != 1 {
		t.Fatalf("outgoing at the city: %+v", out)
	}
	if err := f.svc.FileWith(f.ctx, cityH, out[0].ID, "拟初步核实，核实组 3 人"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ReviewFiling(f.ctx, prov, out[0].ID, false, ""); apperr.FieldsOf(err)["opinion"] == "" {
		t.Errorf("returning needs an opinion: %v", err)
	}
	if err := f.svc.ReviewFiling(f.ctx, cityH, out[0].ID, true, ""); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("the city cannot review its own filing: %v", err)
	}
	if err := f.svc.ReviewFiling(f.ctx, prov, out[0].ID, false, "核实组应增加审计人员"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.FileWith(f.ctx, cityH, out[0].ID, "已按意见调整核实组"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ReviewFiling(f.ctx, prov, out[0].ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Supervise(f.ctx, f.user(t, "gz.shuji"), c.ID, "请于年底前报告核实结果", "2027-01-15"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Supervise(f.ctx, city, c.ID, "本级", "2027-01-15"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("supervising one's own clue: %v", err)
	}
	got, _ := f.svc.Get(f.ctx, cityH, c.ID)
	if len(got.Supervisions) != 1 {
		t.Fatalf("supervisions %+v", got.Supervisions)
	}
	if err := f.svc.ReportProgress(f.ctx, cityH, got.Supervisions[0].ID, "已调取相关车辆使用记录"); err != nil {
		t.Fatal(err)
	}
	got, _ = f.svc.Get(f.ctx, prov, c.ID)
	if len(got.Supervisions[0].Reports) != 1 {
		t.Errorf("progress not recorded: %+v", got.Supervisions)
	}
	// pressing: only the supervising commission presses or closes; twice pressed escalates
	sup := got.Supervisions[0].ID
	if err := f.svc.Remind(f.ctx, cityH, sup, "自己催自己", "2027-01-20"); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the supervised city pressed its own supervision: %v", err)
	}
	if err := f.svc.Remind(f.ctx, prov, sup, "请加快进度", "2026-01-01"); apperr.FieldsOf(err)["due_on"] == "" {
		t.Errorf("a new deadline in the past: %v", err)
	}
	for _, due := range []string{"2027-01-20", "2027-01-31"} {
		if err := f.svc.Remind(f.ctx, prov, sup, "请加快进度", due); err != nil {
			t.Fatal(err)
		}
	}
	got, _ = f.svc.Get(f.ctx, prov, c.ID)
	if v := got.Supervisions[0]; !v.Escalated() || v.DueOn != "2027-01-31" || len(v.Reminders) != 2 {
		t.Errorf("after two reminders: %+v", v)
	}
	work, err := f.svc.Worklist(f.ctx, f.user(t, "gz.shuji"))
	if err != nil || !hasWork(work, "督办经两次催办仍未办结") {
		t.Errorf("the province's leader should see the escalation: %+v %v", work, err)
	}
	if err := f.svc.CloseSupervision(f.ctx, prov, sup, "核实结果已报，督办办结"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ReportProgress(f.ctx, cityH, sup, "再报"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("progress on a closed supervision: %v", err)
	}
	got, _ = f.svc.Get(f.ctx, cityH, c.ID)
	if v := got.Supervisions[0]; v.ClosedOn == "" || v.Escalated() || v.ClosedNote != "核实结果已报，督办办结" {
		t.Errorf("closed supervision: %+v", v)
	}
}

func hasWork(items []clue.WorkItem, words string) bool {
	for _, it := range items {
		if strings.Contains(it.What, words) {
			return true
		}
	}
	return false
}

// TestReviewMeetings: a collective review needs a meeting of at least three; several clues are
// reviewed at one meeting; a meeting of another commission cannot be used; the clue page lists
// the meetings that discussed it.
func TestReviewMeetings(t *testing.T) {
	f := setup(t)
	h := f.user(t, "gz.ganjian")
	if _, err := f.svc.HoldMeeting(f.ctx, h, clue.MeetingInput{HeldOn: "2026-11-20", Kind: "集体研判", Chair: "李主任", Attendees: "王一"}); apperr.FieldsOf(err)["attendees"] == "" {
		t.Errorf("two people are not collective: %v", err)
	}
	if _, err := f.svc.HoldMeeting(f.ctx, h, clue.MeetingInput{HeldOn: "2027-01-01", Kind: "茶话会", Chair: "李主任", Attendees: "王一\n张二"}); len(apperr.FieldsOf(err)) != 2 {
		t.Errorf("a future date and an unknown kind: %v", err)
	}
	m, err := f.svc.HoldMeeting(f.ctx, h, clue.MeetingInput{HeldOn: "2026-11-20", Kind: "集体研判", Chair: "李主任", Attendees: "王一、张二\n李主任\n赵三"})
	if err != nil || len(m.Attendees) != 4 || m.Attendees[0] != "李主任" {
		t.Fatalf("meeting %+v %v", m, err)
	}
	cm, leader := f.user(t, "gz.anguan"), f.user(t, "gz.shuji")
	dept := f.env.Lookup(t, `SELECT d.id FROM departments d JOIN commissions c ON c.id = d.commission_id WHERE c.code = '52' AND d.kind = 'cadre_supervision'`)
	var ids []int64
	for _, who := range []string{"陈立", "赵敏"} {
		c, err := f.svc.Register(f.ctx, cm, clue.ClueInput{Source: "信访举报", ReceivedOn: "2026-11-02", Summary: "反映问题", Subjects: who})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Allocate(f.ctx, leader, c.ID, dept); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	if waiting, err := f.svc.AwaitingReview(f.ctx, h); err != nil || len(waiting) != 2 {
		t.Fatalf("waiting for review: %+v %v", waiting, err)
	}
	for i, d := range []string{clue.Inquiry, clue.Shelved} {
		if err := f.svc.Review(f.ctx, h, ids[i], clue.ReviewInput{MeetingID: m.ID, Opinion: "研究意见", Disposal: d}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.svc.Review(f.ctx, h, ids[0], clue.ReviewInput{MeetingID: m.ID, Opinion: "再研究", Disposal: clue.Closed}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a proposed clue reviewed again: %v", err)
	}
	got, err := f.svc.Meeting(f.ctx, h, m.ID)
	if err != nil || len(got.Items) != 2 {
		t.Fatalf("meeting items %+v %v", got, err)
	}
	city, err := f.svc.HoldMeeting(f.ctx, f.user(t, "gy.ganjian"), clue.MeetingInput{HeldOn: "2026-11-20", Kind: "集体研判", Chair: "周主任", Attendees: "甲\n乙"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Approve(f.ctx, leader, ids[1]); err != nil { // shelved
		t.Fatal(err)
	}
	c, _ := f.svc.Get(f.ctx, h, ids[1])
	if c.Status != clue.Shelved || c.ReviewDue != "2027-02-26" || len(c.Meetings) != 1 || c.Meetings[0].Items[0].Opinion != "研究意见" {
		t.Fatalf("shelved clue: status %s, review due %s, meetings %+v", c.Status, c.ReviewDue, c.Meetings)
	}
	if err := f.svc.Review(f.ctx, h, ids[1], clue.ReviewInput{MeetingID: city.ID, Opinion: "x", Disposal: clue.Closed}); apperr.FieldsOf(err)["meeting_id"] == "" {
		t.Errorf("the province reviewed its clue at the city's meeting: %v", err)
	}
	// a shelved clue is not waiting until its review falls due, and then shows on the worklist
	if waiting, _ := f.svc.AwaitingReview(f.ctx, h); len(waiting) != 0 {
		t.Errorf("a shelved clue not yet due is waiting: %+v", waiting)
	}
	f.env.Clock.Advance(95 * 24 * time.Hour)
	if waiting, _ := f.svc.AwaitingReview(f.ctx, h); len(waiting) != 1 {
		t.Errorf("a shelved clue due for review is not waiting: %+v", waiting)
	}
	work, _ := f.svc.Worklist(f.ctx, h)
	for _, w := range work {
		if w.ClueID == ids[1] && (!w.Overdue || w.Due != "2027-02-26") {
			t.Errorf("shelved review on the worklist: %+v", w)
		}
	}
	if !hasWork(work, "暂存待查线索定期清理") {
		t.Errorf("worklist %+v", work)
	}
}

// TestBacklogAndWorklist: open clues by age per commission below, the monthly trend, and the
// officer's worklist ordered by deadline with overdue first.
func TestBacklogAndWorklist(t *testing.T) {
	f := setup(t)
	cm := f.user(t, "gz.anguan")
	for _, c := range []struct{ on, who string }{{"2026-11-20", "陈立"}, {"2026-10-01", "赵敏"}, {"2026-04-01", "孙伟"}, {"2026-09-15", "钱芳"}} {
		if _, err := f.svc.Register(f.ctx, cm, clue.ClueInput{Source: "信访举报", ReceivedOn: c.on, Summary: "反映问题", Subjects: c.who}); err != nil {
			t.Fatal(err)
		}
	}
	closed := f.approvedInquiry(t, "王建国") // received 2026-11-02
	h := f.user(t, "gz.ganjian")
	q, err := f.svc.StartInquiry(f.ctx, h, closed.ID, closed.Subjects[0].ID, "talk", "2026-11-03", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordAnswer(f.ctx, h, q.ID, "2026-11-05"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Conclude(f.ctx, h, q.ID, "2026-11-06", "cleared"); err != nil {
		t.Fatal(err)
	}
	rows, trend, err := f.svc.Backlog(f.ctx, h, 12)
	if err != nil {
		t.Fatal(err)
	}
	own := rows[0]
	if own.CommissionName != "贵州省纪委监委" || own.Open != 4 || own.ByAge[0] != 1 || own.ByAge[1] != 2 || own.ByAge[2] != 0 || own.ByAge[3] != 1 {
		t.Errorf("own backlog %+v", own)
	}
	if len(trend) != 12 || trend[11].Month != "2026-11" || trend[11].Open != 4 || trend[10].Open != 3 || trend[6].Open != 1 {
		t.Errorf("trend %+v", trend)
	}
	work, err := f.svc.Worklist(f.ctx, f.user(t, "gz.shuji"))
	if err != nil || len(work) != 4 || work[0].What != "待批准分办" {
		t.Errorf("principal's worklist: %+v %v", work, err)
	}
}

// TestTeamAnalysis: the clues about a commission's key leaders over three years, by year,
// source and disposal, laid out as a document.
func TestTeamAnalysis(t *testing.T) {
	f := setup(t)
	f.approvedInquiry(t, "王建国")
	if _, err := f.svc.Register(f.ctx, f.user(t, "gz.anguan"), clue.ClueInput{Source: "巡视巡察", ReceivedOn: "2025-05-06", Summary: "反映问题", Subjects: "陈立"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Register(f.ctx, f.user(t, "gz.anguan"), clue.ClueInput{Source: "巡视巡察", ReceivedOn: "2025-05-06", Summary: "反映问题", Subjects: "赵敏"}); err != nil {
		t.Fatal(err) // not a key leader: not counted
	}
	prov := f.env.Lookup(t, `SELECT id FROM commissions WHERE code = '52'`)
	a, err := f.svc.TeamAnalysis(f.ctx, f.user(t, "gz.ganjian"), prov)
	if err != nil {
		t.Fatal(err)
	}
	if a.Total != 2 || a.ByYear[2026] != 1 || a.ByYear[2025] != 1 || a.BySource["巡视巡察"] != 1 || a.ByStatus["谈话函询"] != 1 {
		t.Errorf("analysis %+v", a)
	}
	doc := a.Document("贵州省纪委监委", time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))
	var body string
	for _, p := range doc.Body {
		body += p.Text + "\n"
	}
	if !strings.Contains(doc.Title, "贵州省纪委监委领导班子近三年问题线索情况的分析报告") || !strings.Contains(body, "共受理反映该班子成员的问题线索 2 件") {
		t.Errorf("document:\n%s\n%s", doc.Title, body)
	}
	if _, err := f.svc.TeamAnalysis(f.ctx, f.user(t, "gy.ganjian"), prov); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a city officer analysing the province: %v", err)
	}
}

// TestOpinionDraftNamesClues: an integrity-opinion draft about a cadre with an open clue and a
// recent inquiry names both.
func TestOpinionDraftNamesClues(t *testing.T) {
	f := setup(t)
	c := f.approvedInquiry(t, "王建国")
	if _, err := f.svc.StartInquiry(f.ctx, f.user(t, "gz.ganjian"), c.ID, c.Subjects[0].ID, "letter", "2026-11-03", ""); err != nil {
		t.Fatal(err)
	}
	r, err := f.env.App.Opinions.Create(f.ctx, f.user(t, "gz.ganjian"), opinion.Input{Requester: "省委组织部", Purpose: "拟提拔任用",
		ReceivedOn: "2026-11-20", Cadres: "王建国"})
	if err != nil {
		t.Fatal(err)
	}
	sub := r.Subjects[0]
	if !sub.Adverse || !strings.Contains(sub.Reply, "有在办问题线索（编号 2026-0001") || !strings.Contains(sub.Reply, "被函询，尚未了结") {
		t.Errorf("draft: %s", sub.Reply)
	}
	if !strings.Contains(strings.Join(sub.Sources, "；"), "问题线索和谈话函询") {
		t.Errorf("sources: %v", sub.Sources)
	}
}

// TestResultFeedback: a real-name report turned into a clue owes its reporter the result within
// 15 working days of the clue's conclusion; the petitions office sees it owed, records it, and
// an objection with new evidence puts the report back to be made a clue again.
func TestResultFeedback(t *testing.T) {
	f := setup(t)
	pet := f.user(t, "gz.xinfang")
	reports := f.env.App.Reports
	r, err := reports.Register(f.ctx, pet, report.Input{ReceivedOn: "2026-11-20", Channel: "letter", Category: "accusation", RealName: true,
		Reporter: report.Reporter{Name: "刘实名", Contact: "13800000000"},
		Title:    "反映陈立问题", Content: "反映省纪委副书记陈立之子经商办企业。", Subjects: []report.SubjectInput{{Name: "陈立"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := reports.SendResult(f.ctx, pet, r.ID, "2026-11-25", "电话告知"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a result before any clue: %v", err)
	}
	c, err := f.svc.Register(f.ctx, f.user(t, "gz.anguan"), clue.ClueInput{Source: "信访举报", ReceivedOn: "2026-11-20", Summary: "反映其子经商", Subjects: "陈立", ReportID: r.ID})
	if err != nil {
		t.Fatal(err)
	}
	dept := f.env.Lookup(t, `SELECT d.id FROM departments d JOIN commissions c ON c.id = d.commission_id WHERE c.code = '52' AND d.kind = 'cadre_supervision'`)
	leader := f.user(t, "gz.shuji")
	if err := f.svc.Allocate(f.ctx, leader, c.ID, dept); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Review(f.ctx, f.user(t, "gz.ganjian"), c.ID, review("经了解其子企业与本人职权无关，予以了结", clue.Closed)); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Approve(f.ctx, leader, c.ID); err != nil { // concluded on 2026-11-26
		t.Fatal(err)
	}
	got, _, err := reports.Get(f.ctx, pet, r.ID)
	if err != nil || got.Outcome.ClueNumber != c.Number || got.Outcome.ConcludedOn != "2026-11-26" || got.Outcome.ResultDue != "2026-12-17" {
		t.Fatalf("outcome %+v %v", got.Outcome, err)
	}
	pending, err := reports.Pending(f.ctx, pet)
	if err != nil || len(pending) != 2 || pending[1].What != "结果反馈" || pending[1].Due != "2026-12-17" {
		t.Fatalf("pending %+v %v", pending, err) // the acceptance notice and the result
	}
	if err := reports.RecordObjection(f.ctx, pet, r.ID, "2026-11-26", "不服", false); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("an objection before the result was sent: %v", err)
	}
	if err := reports.SendResult(f.ctx, pet, r.ID, "2026-11-20", "电话告知"); apperr.FieldsOf(err)["result_sent_on"] == "" {
		t.Errorf("a result sent before the conclusion: %v", err)
	}
	if err := reports.SendResult(f.ctx, pet, r.ID, "2026-11-26", "电话告知办理结果"); err != nil {
		t.Fatal(err)
	}
	if err := reports.RecordObjection(f.ctx, pet, r.ID, "2026-11-26", "举报人提供了该企业中标的新材料", true); err != nil {
		t.Fatal(err)
	}
	got, _, _ = reports.Get(f.ctx, pet, r.ID)
	if got.Status != report.StatusRegistered || got.Outcome.Objection == "" || got.Outcome.SentOn != "2026-11-26" {
		t.Fatalf("after the objection: %s %+v", got.Status, got.Outcome)
	}
	if _, err := f.svc.Register(f.ctx, f.user(t, "gz.anguan"), clue.ClueInput{Source: "信访举报", ReceivedOn: "2026-11-26", Summary: "新证据", Subjects: "陈立", ReportID: r.ID}); err != nil {
		t.Errorf("the report with new evidence could not become a clue again: %v", err)
	}
}

// TestClueDocuments: an inquiry letter is drafted from the clue, filled with the subject and
// the reply deadline, signed off by a leader with its number, locked, and revised as a new
// version that supersedes it.
func TestClueDocuments(t *testing.T) {
	f := setup(t)
	c := f.approvedInquiry(t, "周杰")
	h, leader := f.user(t, "gz.ganjian"), f.user(t, "gz.shuji")
	d, err := f.svc.DraftDocument(f.ctx, h, c.ID, "inquiry_letter", c.Subjects[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Title, "周杰") || !strings.Contains(d.Body, c.Number) || !strings.Contains(d.Body, "15个工作日") || !strings.Contains(d.Addressee, "贵阳市纪委监委") {
		t.Fatalf("draft %+v", d)
	}
	if _, err := f.svc.DraftDocument(f.ctx, h, c.ID, "filing_decision", c.Subjects[0].ID); apperr.FieldsOf(err)["kind"] == "" {
		t.Errorf("a case template drafted for a clue: %v", err)
	}
	if _, err := f.svc.IssueDocument(f.ctx, h, c.ID, d.ID); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the handler signed the letter: %v", err)
	}
	issued, err := f.svc.IssueDocument(f.ctx, leader, c.ID, d.ID)
	if err != nil || issued.Number != "黔纪函〔2026〕1号" {
		t.Fatalf("issued %q %v", issued.Number, err)
	}
	if err := f.svc.EditDocument(f.ctx, h, c.ID, d.ID, "改", "", "改", ""); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("an issued letter edited: %v", err)
	}
	v2, err := f.svc.ReviseDocument(f.ctx, h, c.ID, d.ID)
	if err != nil || v2.Version != 2 || v2.Status != "draft" {
		t.Fatalf("revision %+v %v", v2, err)
	}
	if _, err := f.svc.IssueDocument(f.ctx, leader, c.ID, v2.ID); err != nil {
		t.Fatal(err)
	}
	docs, _ := f.svc.Documents(f.ctx, c.ID)
	if len(docs) != 2 || docs[0].Status != "superseded" || docs[1].Number != "黔纪函〔2026〕2号" {
		t.Errorf("after the revision: %+v", docs)
	}
	if _, p, err := f.svc.Document(f.ctx, f.user(t, "gz.anguan"), c.ID, docs[1].ID); err != nil || p.Number != "黔纪函〔2026〕2号" || p.Issuer != "贵州省纪委监委" {
		t.Errorf("paper %+v %v", p, err)
	}
}

// TestDisposalChain: with a chain deputy → principal, the principal cannot approve first, the
// deputy's step is signed and leaves the proposal pending, the principal's decides it; a new
// review starts the chain over.
func TestDisposalChain(t *testing.T) {
	f := setup(t)
	a := f.env.App
	svc := clue.NewService(a.DB, a.Audit, a.Cadres, a.Docs, a.Calendar, f.env.Clock.Now, clue.Settings{DisposalChain: []string{"deputy_in_charge", "principal"}})
	c, err := svc.Register(f.ctx, f.user(t, "gz.anguan"), clue.ClueInput{Source: "信访举报", ReceivedOn: "2026-11-02", Summary: "反映问题", Subjects: "陈立"})
	if err != nil {
		t.Fatal(err)
	}
	dept := f.env.Lookup(t, `SELECT d.id FROM departments d JOIN commissions c ON c.id = d.commission_id WHERE c.code = '52' AND d.kind = 'cadre_supervision'`)
	principal, deputy := f.user(t, "gz.shuji"), f.user(t, "gz.fushuji")
	if err := svc.Allocate(f.ctx, principal, c.ID, dept); err != nil {
		t.Fatal(err)
	}
	if err := svc.Review(f.ctx, f.user(t, "gz.ganjian"), c.ID, review("予以了结", clue.Closed)); err != nil {
		t.Fatal(err)
	}
	if err := svc.Approve(f.ctx, principal, c.ID); apperr.CodeOf(err) != apperr.Forbidden || !strings.Contains(apperr.MessageOf(err), "分管领导") {
		t.Errorf("the principal approved before the deputy: %v", err)
	}
	if work, _ := svc.Worklist(f.ctx, principal); hasWork(work, "待审批处置意见") {
		t.Error("the principal's worklist shows a proposal the deputy has not passed")
	}
	if err := svc.Approve(f.ctx, deputy, c.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := svc.Get(f.ctx, principal, c.ID)
	if got.Status != clue.Proposed || got.Approvals != 1 {
		t.Fatalf("after the deputy: %s, %d approvals", got.Status, got.Approvals)
	}
	if work, _ := svc.Worklist(f.ctx, principal); !hasWork(work, "待审批处置意见") {
		t.Error("the principal's worklist lacks the proposal")
	}
	if err := svc.Approve(f.ctx, deputy, c.ID); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the deputy took the principal's step: %v", err)
	}
	if err := svc.Approve(f.ctx, principal, c.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = svc.Get(f.ctx, principal, c.ID)
	if got.Status != clue.Closed || !strings.Contains(got.Custody[len(got.Custody)-2].Action, "分管领导审核同意") {
		t.Errorf("after the principal: %s, custody %+v", got.Status, got.Custody)
	}
}

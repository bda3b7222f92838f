package report_test

import (
	"context"
	"strings"
	"testing"

	"custos/internal/apperr"
	"custos/internal/org"
	"custos/internal/report"
	"custos/internal/testkit"
)

type fixture struct {
	env testkit.Env
	svc *report.Service
	ctx context.Context
}

func setup(t *testing.T) fixture {
	env := testkit.NewApp(t)
	env.Demo(t)
	return fixture{env: env, svc: env.App.Reports, ctx: context.Background()}
}

func (f fixture) user(t *testing.T, name string) org.Principal { return f.env.As(t, name) }

func input(subject, content string) report.Input {
	return report.Input{ReceivedOn: "2026-11-20", Channel: "letter", Category: "accusation", RealName: true,
		Reporter: report.Reporter{Name: "刘实名", Contact: "13800000000", Address: "贵阳市某小区"},
		Title:    "反映" + subject + "的问题", Content: content, Allegations: []string{"integrity"},
		Subjects: []report.SubjectInput{{Name: subject}}}
}

const letter = "反映省纪委案件审理室主任赵敏多次接受管理服务对象宴请，收受购物卡共计2万元；其丈夫在本市开办建材公司，赵敏利用职务便利为该公司承揽工程提供帮助。以上情况属实，请组织调查。"

// TestRegisterOwnLevelAndReporterSecrecy: a real-name report at the province is registered
// with its acceptance-notice deadline; the reporter is sealed, shown to the petitions office and
// to a handler with a reason, audited without the identity, and the subject never sees it.
func TestRegisterOwnLevelAndReporterSecrecy(t *testing.T) {
	f := setup(t)
	pet := f.user(t, "gz.xinfang")
	r, err := f.svc.Register(f.ctx, pet, input("赵敏", letter))
	if err != nil {
		t.Fatal(err)
	}
	if r.Jurisdiction != report.Own || r.Status != report.StatusRegistered || r.AckDue != "2026-12-11" || !r.Sealed || r.Number != "2026-0001" {
		t.Fatalf("registered %+v", r)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM reports WHERE reporter LIKE '%刘实名%' OR reporter LIKE '%13800000000%'`); n != 0 {
		t.Fatal("the reporter is stored in clear")
	}
	who, err := f.svc.RevealReporter(f.ctx, pet, r.ID, "")
	if err != nil || who.Name != "刘实名" || who.Contact != "13800000000" {
		t.Fatalf("petitions reveal: %+v %v", who, err)
	}
	handler := f.user(t, "gz.ganjian")
	if _, err := f.svc.RevealReporter(f.ctx, handler, r.ID, ""); apperr.FieldsOf(err)["reason"] == "" {
		t.Errorf("a handler without a reason: %v", err)
	}
	if _, err := f.svc.RevealReporter(f.ctx, handler, r.ID, "核实举报内容需联系举报人"); err != nil {
		t.Errorf("a handler with a reason: %v", err)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'reporter.reveal'`); n != 2 {
		t.Errorf("%d reveals audited, want 2", n)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM audit_log WHERE summary LIKE '%刘实名%' OR summary LIKE '%13800000000%'`); n != 0 {
		t.Error("the reporter's identity reached the audit trail")
	}
	// 李红 is gz.ganjian's own cadre record: a report about her is invisible to that user
	about, err := f.svc.Register(f.ctx, pet, input("李红", "反映省纪委干部监督室主任李红违规打听案情，干预下级办案。"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Get(f.ctx, handler, about.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("the subject read a report about herself: %v", err)
	}
	if _, _, err := f.svc.Get(f.ctx, f.user(t, "gy.ganjian"), r.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a city user read a provincial report: %v", err)
	}
	if _, err := f.svc.Register(f.ctx, f.user(t, "gz.ganjian"), input("赵敏", letter)); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("registration needs the petitions role: %v", err)
	}
	bad := input("", "")
	bad.Reporter.Contact, bad.Channel = "", "pigeon"
	if fe := apperr.FieldsOf(func() error { _, err := f.svc.Register(f.ctx, pet, bad); return err }()); fe["content"] == "" || fe["reporter_contact"] == "" || fe["channel"] == "" || fe["subject_0"] == "" {
		t.Errorf("bad input: %v", fe)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM archive_items WHERE kind = 'report'`); n != 2 {
		t.Errorf("%d archive items, want one per report", n)
	}
}

// TestRouting: up for the upper level's cadres (a stub without content stays), straight up and
// hidden for the receiver's own principal, down for a lower commission's cadres.
func TestRouting(t *testing.T) {
	f := setup(t)
	city := f.user(t, "gy.xinfang")
	prov := f.user(t, "gz.xinfang")
	up, err := f.svc.Register(f.ctx, city, input("王建国", "反映省纪委书记王建国违规插手工程项目。"))
	if err != nil {
		t.Fatal(err)
	}
	if up.Jurisdiction != report.Upper || !up.Stub || up.Content != "" || up.Sent != "贵州省纪委监委" {
		t.Fatalf("upper: %+v", up)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM reports WHERE id = ? AND content = '' AND reporter = '' AND title = ''`, up.ID); n != 1 {
		t.Error("the stub keeps content")
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM report_subjects WHERE report_id = ?`, up.ID); n != 0 {
		t.Error("the stub keeps the subject")
	}
	direct, err := f.svc.Register(f.ctx, city, input("周杰", "反映贵阳市纪委书记周杰的儿子经商问题。"))
	if err != nil {
		t.Fatal(err)
	}
	if direct.Jurisdiction != report.UpperDirect {
		t.Fatalf("direct: %+v", direct)
	}
	list := func(p org.Principal) string {
		rows, _, err := f.svc.List(f.ctx, p, report.Filter{Page: org.Page{Size: 50}.Normalize()})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, r := range rows {
			b.WriteString(r.CommissionName + "|" + r.Status + "|" + r.Title + "\n")
		}
		return b.String()
	}
	for _, who := range []string{"gy.xinfang", "gy.ganjian"} {
		if got := list(f.user(t, who)); strings.Contains(got, "周杰") || strings.Count(got, "\n") != 1 {
			t.Errorf("%s at the city sees:\n%s", who, got)
		}
	}
	if got := list(prov); !strings.Contains(got, "贵州省纪委监委|received|反映周杰的问题") || !strings.Contains(got, "贵州省纪委监委|received|反映王建国的问题") {
		t.Errorf("the province should hold both:\n%s", got)
	}
	down, err := f.svc.Register(f.ctx, prov, input("冯涛", "反映南明区纪委书记冯涛公车私用。"))
	if err != nil {
		t.Fatal(err)
	}
	if down.Jurisdiction != report.Lower || down.Sent != "贵阳市纪委监委" || down.Status != report.StatusForwarded {
		t.Fatalf("down: %+v", down)
	}
	if got := list(city); !strings.Contains(got, "贵阳市纪委监委|received|反映冯涛的问题") {
		t.Errorf("the city should have received it:\n%s", got)
	}
}

// TestDuplicateFoundAndConfirmed: a re-submission in traditional script with a salutation is
// shown against the first report with the differing passages; both decisions are recorded.
func TestDuplicateFoundAndConfirmed(t *testing.T) {
	f := setup(t)
	pet := f.user(t, "gz.xinfang")
	first, err := f.svc.Register(f.ctx, pet, input("赵敏", letter))
	if err != nil {
		t.Fatal(err)
	}
	other, err := f.svc.Register(f.ctx, pet, input("孙伟", "反映信访室主任孙伟对群众来访态度恶劣，推诿扯皮。"))
	if err != nil {
		t.Fatal(err)
	}
	trad := f.env.App.Reports
	again := input("赵敏", "尊敬的領導：\n反映省紀委案件審理室主任趙敏多次接受管理服務對象宴請，收受購物卡共計２萬元；其丈夫在本市開辦建材公司，趙敏利用職務便利為該公司承攬工程提供幫助。以上情況屬實，請組織調查。\n此致敬禮！")
	second, err := trad.Register(f.ctx, pet, again)
	if err != nil {
		t.Fatal(err)
	}
	_, cands, err := f.svc.Get(f.ctx, pet, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cands) != 1 || cands[0].Report.ID != first.ID || cands[0].Score < 0.6 || len(cands[0].Explain.Rows) == 0 {
		t.Fatalf("candidates %+v", cands)
	}
	if err := f.svc.ReviewDuplicate(f.ctx, pet, second.ID, other.ID, true); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("confirming a report that is not a candidate: %v", err)
	}
	if err := f.svc.ReviewDuplicate(f.ctx, pet, second.ID, first.ID, true); err != nil {
		t.Fatal(err)
	}
	got, cands, _ := f.svc.Get(f.ctx, pet, second.ID)
	if got.Status != report.StatusDuplicate || got.DuplicateOf != first.ID || got.AckDue != "" || cands[0].Decision != "confirmed" {
		t.Errorf("after confirming: %+v %+v", got, cands)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM report_duplicate_reviews`); n != 1 {
		t.Errorf("%d reviews recorded", n)
	}
}

// TestCloseInBulkAndAcknowledge: duplicates and no-substance reports close together after a
// collective assessment, each audited on its own; a report still to be handled refuses the lot.
// The acceptance notice is recorded once.
func TestCloseInBulkAndAcknowledge(t *testing.T) {
	f := setup(t)
	pet := f.user(t, "gz.xinfang")
	first, err := f.svc.Register(f.ctx, pet, input("赵敏", letter))
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.svc.Register(f.ctx, pet, input("赵敏", letter))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ReviewDuplicate(f.ctx, pet, again.ID, first.ID, true); err != nil {
		t.Fatal(err)
	}
	empty := input("孙伟", "他有问题。")
	empty.Category = "no_substance"
	nothing, err := f.svc.Register(f.ctx, pet, empty)
	if err != nil || nothing.Status != report.StatusNoSubstance {
		t.Fatalf("no substance: %+v %v", nothing, err)
	}
	if _, err := f.svc.CloseInBulk(f.ctx, pet, []int64{again.ID, first.ID}, "研判会认定"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a report still to be handled was closed: %v", err)
	}
	n, err := f.svc.CloseInBulk(f.ctx, pet, []int64{again.ID, nothing.ID}, "2026 年 11 月信访研判会：重复件 1 件、无实质内容 1 件，予以存档")
	if err != nil || n != 2 {
		t.Fatalf("bulk close: %d %v", n, err)
	}
	if c := f.env.Lookup(t, `SELECT COUNT(*) FROM reports WHERE status = 'archived' AND reporter <> ''`); c != 2 {
		t.Errorf("each closed report keeps its own sealed reporter (%d)", c)
	}
	if c := f.env.Lookup(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'report.close'`); c != 2 {
		t.Errorf("%d closings audited", c)
	}
	if err := f.svc.Acknowledge(f.ctx, pet, first.ID, "2026-11-25"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Acknowledge(f.ctx, pet, first.ID, "2026-11-25"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("acknowledged twice: %v", err)
	}
}

// TestSearch: two-character words of the title, content or a subject's name find a report;
// every word must occur; single characters still work (by scan); scope applies.
func TestSearch(t *testing.T) {
	f := setup(t)
	pet := f.user(t, "gz.xinfang")
	if _, err := f.svc.Register(f.ctx, pet, input("赵敏", letter)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Register(f.ctx, pet, input("孙伟", "反映信访室主任孙伟对群众来访态度恶劣，推诿扯皮。")); err != nil {
		t.Fatal(err)
	}
	find := func(p org.Principal, q string) int {
		t.Helper()
		_, n, err := f.svc.List(f.ctx, p, report.Filter{Query: q, Page: org.Page{Size: 20}.Normalize()})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	cases := []struct {
		q    string
		want int
	}{{"购物卡", 1}, {"建材 赵敏", 1}, {"赵敏 推诿", 0}, {"反映", 2}, {"卡", 1}, {"孙伟", 1}, {"无此内容", 0}}
	for _, c := range cases {
		if got := find(pet, c.q); got != c.want {
			t.Errorf("%q: %d, want %d", c.q, got, c.want)
		}
	}
	if got := find(f.user(t, "gy.xinfang"), "购物卡"); got != 0 {
		t.Errorf("a city office finds a provincial report: %d", got)
	}
}

// TestAttachments: files handed in with a report are checked (count, size, kind), sealed at
// rest, opened only for those who may read the report, and every opening is audited.
func TestAttachments(t *testing.T) {
	f := setup(t)
	pet := f.user(t, "gz.xinfang")
	in := input("赵敏", letter)
	in.Attachments = []report.AttachmentInput{{Name: "病毒.exe", Data: []byte("MZ")}, {Name: "空.pdf"}}
	if _, err := f.svc.Register(f.ctx, pet, in); !strings.Contains(apperr.FieldsOf(err)["attachments"], "病毒.exe") ||
		!strings.Contains(apperr.FieldsOf(err)["attachments"], "空文件") {
		t.Fatalf("bad attachments: %v", err)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM reports`); n != 0 {
		t.Fatal("a refused registration left a report")
	}
	// a renamed executable is refused by its content, with a message naming the file
	in.Attachments = []report.AttachmentInput{{Name: "转账记录.pdf", Data: []byte("MZ\x90\x00\x03\x00\x00\x00")}}
	if _, err := f.svc.Register(f.ctx, pet, in); !strings.Contains(apperr.FieldsOf(err)["attachments"], "“转账记录.pdf”的内容与其扩展名不符") {
		t.Fatalf("a renamed executable: %v", err)
	}
	scan := []byte("%PDF-1.4 购物卡照片及转账记录 刘实名 13800000000")
	in.Attachments = []report.AttachmentInput{{Name: `C:\扫描\证据.pdf`, Data: scan}}
	r, err := f.svc.Register(f.ctx, pet, in)
	if err != nil {
		t.Fatal(err)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM report_attachments WHERE sealed LIKE '%PDF%' OR sealed LIKE '%购物卡%'`); n != 0 {
		t.Fatal("an attachment is stored in clear")
	}
	got, _, err := f.svc.Get(f.ctx, pet, r.ID)
	if err != nil || len(got.Attachments) != 1 || got.Attachments[0].Name != "证据.pdf" || got.Attachments[0].MIME != "application/pdf" {
		t.Fatalf("attachments %+v %v", got.Attachments, err)
	}
	a, data, err := f.svc.Attachment(f.ctx, f.user(t, "gz.ganjian"), r.ID, got.Attachments[0].ID)
	if err != nil || string(data) != string(scan) || a.Size != int64(len(scan)) {
		t.Fatalf("open %+v %q %v", a, data, err)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'report.attachment'`); n != 1 {
		t.Errorf("%d attachment reads audited, want 1", n)
	}
	if _, _, err := f.svc.Attachment(f.ctx, f.user(t, "gy.ganjian"), r.ID, got.Attachments[0].ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a city user opened a provincial attachment: %v", err)
	}
}

package opinion_test

import (
	"context"
	"strings"
	"testing"

	"custos/internal/apperr"
	"custos/internal/opinion"
	"custos/internal/org"
	"custos/internal/testkit"
)

type fixture struct {
	env testkit.Env
	svc *opinion.Service
	ctx context.Context
}

func setup(t *testing.T) fixture {
	env := testkit.NewApp(t)
	env.Demo(t)
	return fixture{env: env, svc: env.App.Opinions, ctx: context.Background()}
}

func (f fixture) user(t *testing.T, name string) org.Principal { return f.env.As(t, name) }

func (f fixture) count(t *testing.T, query string, args ...any) int64 {
	t.Helper()
	return f.env.Lookup(t, query, args...)
}

func input(cadres string) opinion.Input {
	return opinion.Input{Requester: "中共贵州省委组织部", RequestRef: "关于征求王建国等同志党风廉政意见的函", Purpose: "拟提拔任用",
		ReceivedOn: "2026-11-20", Cadres: cadres}
}

// TestCreateDraftsFromArchive: a request drafts a clean reply for a clean archive and names
// the business-prohibition conflict for the other; each draft is an audited archive read.
func TestCreateDraftsFromArchive(t *testing.T) {
	f := setup(t)
	p := f.user(t, "gz.ganjian")
	reads := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'archive.read'`)
	r, err := f.svc.Create(f.ctx, p, input("王建国\n\n周杰\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Subjects) != 2 || r.Status != opinion.Draft || r.Number != "" {
		t.Fatalf("request %+v", r)
	}
	clean, flagged := r.Subjects[0], r.Subjects[1]
	if clean.Adverse || !strings.Contains(clean.Reply, "未发现王建国同志有违反党风廉政建设规定的问题") {
		t.Errorf("王建国's draft: %s", clean.Reply)
	}
	if !flagged.Adverse || !strings.Contains(flagged.Reply, "禁业范围") || !strings.Contains(flagged.Reply, "周航") {
		t.Errorf("周杰's draft should name the son's business: %s", flagged.Reply)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'archive.read'`) - reads; n != 2 {
		t.Errorf("%d archive reads audited, want 2", n)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'archive.read' AND summary LIKE ?`, "%党风廉政意见回复：中共贵州省委组织部拟提拔任用%"); n != 2 {
		t.Errorf("the reads should state the request as purpose (%d do)", n)
	}
}

// TestCreateRefusals: every bad line is reported with its number, nothing is written; one's
// own archive and a relative's cannot be drawn into a reply.
func TestCreateRefusals(t *testing.T) {
	f := setup(t)
	p := f.user(t, "gz.ganjian")
	cases := []struct {
		name, cadres, field, want string
	}{
		{"unknown and duplicate", "王建国\n查无此人\n王建国", "cadres", "第 2 行“查无此人”：管辖范围内查无此人；第 3 行“王建国”：与前面重复"},
		{"empty", "\n \n", "cadres", "请填写征求意见的干部"},
		{"own archive", "李红", "cadres", "不能查阅本人的廉政档案"},
		{"relative", "李强", "cadres", "近亲属"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.svc.Create(f.ctx, p, input(c.cadres))
			if got := apperr.FieldsOf(err)[c.field]; !strings.Contains(got, c.want) {
				t.Fatalf("error %v (field %q), want %q", err, got, c.want)
			}
		})
	}
	in := input("王建国")
	in.ReceivedOn = "2027-01-01"
	if _, err := f.svc.Create(f.ctx, p, in); apperr.FieldsOf(err)["received_on"] == "" {
		t.Errorf("a future receipt date should be refused: %v", err)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM opinion_requests`); n != 0 {
		t.Errorf("%d requests written by refused calls", n)
	}
	county := f.user(t, "nm.ganjian")
	if _, err := f.svc.Create(f.ctx, county, input("王建国")); !strings.Contains(apperr.FieldsOf(err)["cadres"], "管辖范围内查无此人") {
		t.Errorf("a county officer must not reach a provincial cadre: %v", err)
	}
}

// TestConfirmNumbersAndFiles: confirming numbers the reply with the commission's code, files it
// in each archive and freezes it; the document follows; others' scope cannot see it.
func TestConfirmNumbersAndFiles(t *testing.T) {
	f := setup(t)
	p := f.user(t, "gz.ganjian")
	r, err := f.svc.Create(f.ctx, p, input("王建国\n周杰"))
	if err != nil {
		t.Fatal(err)
	}
	zhou := r.Subjects[1].Cadre.ID
	if _, err := f.svc.Document(f.ctx, p, r.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a draft cannot be exported: %v", err)
	}
	if err := f.svc.SetReply(f.ctx, p, r.ID, zhou, " "); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("an empty reply should be refused: %v", err)
	}
	edited := "经查阅廉政档案，周杰同志之子周航持股的软件开发企业，经核实不在本人管辖业务范围内，已作说明。"
	if err := f.svc.SetReply(f.ctx, p, r.ID, zhou, edited); err != nil {
		t.Fatal(err)
	}
	c, err := f.svc.Confirm(f.ctx, p, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Number != "黔纪函〔2026〕1号" || c.Status != opinion.Confirmed || c.ConfirmedOn != "2026-11-26" {
		t.Errorf("confirmed %q %s %s", c.Number, c.Status, c.ConfirmedOn)
	}
	if _, err := f.svc.Confirm(f.ctx, p, r.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("second confirm: %v", err)
	}
	if err := f.svc.SetReply(f.ctx, p, r.ID, zhou, "改"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("edit after confirm: %v", err)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM archive_items WHERE kind = 'opinion' AND source_id = ? AND detail = ?`, r.ID, edited); n != 1 {
		t.Errorf("the edited reply should be filed in 周杰's archive (%d items)", n)
	}
	d, err := f.svc.Document(f.ctx, p, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Number != c.Number || d.Title != "关于王建国等2名同志党风廉政意见的复函" || d.Addressee != "中共贵州省委组织部" {
		t.Errorf("document %q %q %q", d.Number, d.Title, d.Addressee)
	}
	body := ""
	for _, para := range d.Body {
		body += para.Text + "\n"
	}
	if !strings.Contains(body, "一、王建国同志") || !strings.Contains(body, "二、周杰同志") || !strings.Contains(body, edited) {
		t.Errorf("document body:\n%s", body)
	}
	if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action IN ('opinion.create', 'opinion.edit', 'opinion.confirm', 'opinion.export')`); n != 4 {
		t.Errorf("%d opinion writes and exports audited, want 4", n)
	}
	r2, err := f.svc.Create(f.ctx, p, input("陈立"))
	if err != nil {
		t.Fatal(err)
	}
	if c2, err := f.svc.Confirm(f.ctx, p, r2.ID); err != nil || c2.Number != "黔纪函〔2026〕2号" {
		t.Errorf("second number %q, %v", c2.Number, err)
	}
	if _, err := f.svc.Get(f.ctx, f.user(t, "gy.ganjian"), r.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a city officer must not see the province's reply: %v", err)
	}
	if rows, total, err := f.svc.List(f.ctx, f.user(t, "gy.ganjian"), org.Page{Size: 10}.Normalize()); err != nil || total != 0 || len(rows) != 0 {
		t.Errorf("city list: %d rows, %v", total, err)
	}
}

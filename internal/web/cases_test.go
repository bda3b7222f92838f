package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"custos/internal/casework"
	"custos/internal/clue"
)

// transferredClue makes a clue about subject at the province, reviewed and approved for
// transfer to investigation, through the services (the clue screens have their own tests).
func transferredClue(t *testing.T, w *world, subject string) int64 {
	return transferredClueAt(t, w, "gz", "52", subject)
}

// transferredClueAt does it at the commission of code whose demo users start with prefix.
func transferredClueAt(t *testing.T, w *world, prefix, code, subject string) int64 {
	t.Helper()
	ctx, clues := context.Background(), w.env.App.Clues
	c, err := clues.Register(ctx, w.env.As(t, prefix+".anguan"), clue.ClueInput{Source: "信访举报", ReceivedOn: "2026-11-02", Summary: "反映其收受购物卡2万元", Subjects: subject})
	if err != nil {
		t.Fatal(err)
	}
	dept := w.env.Lookup(t, `SELECT d.id FROM departments d JOIN commissions c ON c.id = d.commission_id WHERE c.code = ? AND d.kind = 'cadre_supervision'`, code)
	if err := clues.Allocate(ctx, w.env.As(t, prefix+".shuji"), c.ID, dept); err != nil {
		t.Fatal(err)
	}
	if err := clues.Review(ctx, w.env.As(t, prefix+".ganjian"), c.ID, clue.ReviewInput{Meeting: clue.MeetingInput{HeldOn: "2026-11-05", Kind: "集体研判", Chair: "李主任",
		Attendees: "王一\n张二"}, Opinion: "移送审查调查", Disposal: clue.Transferred}); err != nil {
		t.Fatal(err)
	}
	if err := clues.Approve(ctx, w.env.As(t, prefix+".shuji"), c.ID); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// guiyangCase is a case Guiyang registered and filed about 郑勇.
func guiyangCase(t *testing.T, w *world) int64 {
	t.Helper()
	ctx := context.Background()
	clueID := transferredClueAt(t, w, "gy", "5201", "郑勇")
	c, err := w.env.App.Cases.Register(ctx, w.env.As(t, "gy.ganjian"), casework.RegisterInput{ClueID: clueID, CadreID: w.ids["c:郑勇"], FilingType: "party",
		Summary: "涉嫌违规插手工程", RequestedOn: "2026-11-20"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.env.App.Cases.File(ctx, w.env.As(t, "gy.shuji"), c.ID, "市纪委常委会", "2026-11-21"); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// TestCaseThroughForms drives a case from the clue page to the archive through the forms, as
// each office would, checking the page every step renders and refusals come back on the page.
func TestCaseThroughForms(t *testing.T) {
	w := newWorld(t)
	clueID := transferredClue(t, w, "赵敏")
	post := func(user, path string, form url.Values, status int, want ...string) string {
		t.Helper()
		res := w.as(user).Do("POST", path, form, nil)
		if res.Status != status {
			t.Fatalf("%s %s: status %d, want %d: %s", user, path, res.Status, status, excerpt(res.Body))
		}
		if status == 303 {
			loc := res.Header.Get("Location")
			res = w.as(user).Do("GET", loc, nil, nil)
			if res.Status != 200 {
				t.Fatalf("%s after %s: GET %s %d: %s", user, path, loc, res.Status, excerpt(res.Body))
			}
		}
		for _, s := range want {
			if !strings.Contains(res.Body, s) {
				t.Fatalf("%s %s: page lacks %q: %s", user, path, s, excerpt(res.Body))
			}
		}
		return res.Body
	}
	get := func(user, path string, want ...string) string {
		t.Helper()
		res := w.as(user).Do("GET", path, nil, nil)
		if res.Status != 200 {
			t.Fatalf("%s GET %s: %d %s", user, path, res.Status, excerpt(res.Body))
		}
		for _, s := range want {
			if !strings.Contains(res.Body, s) {
				t.Fatalf("%s GET %s: page lacks %q: %s", user, path, s, excerpt(res.Body))
			}
		}
		return res.Body
	}
	get("gz.ganjian", fmt.Sprintf("/clues/%d", clueID), "立案审查调查", `id="case-request"`)
	page := post("gz.ganjian", "/cases", url.Values{"clue_id": {fmt.Sprint(clueID)}, "cadre_id": {fmt.Sprint(w.ids["c:赵敏"])}, "filing_type": {"both"},
		"summary": {"涉嫌收受购物卡"}, "requested_on": {"2026-11-20"}}, 303, "已提出立案申请", "立案待批")
	id := regexp.MustCompile(`/cases/(\d+)/member`).FindStringSubmatch(page)[1]
	c := "/cases/" + id
	post("gz.shuji", c+"/file", url.Values{"authority": {""}, "filed_on": {"2026-11-21"}}, 422, "请填写批准立案的干部管理权限机关")
	post("gz.shuji", c+"/file", url.Values{"authority": {"省纪委常委会"}, "filed_on": {"2026-11-21"}}, 303, "已批准立案", "经省纪委常委会批准")
	post("gz.ganjian", c+"/member", url.Values{"username": {"gz.diaocha"}, "role": {"leader"}}, 303, "刘调查（gz.diaocha）")
	post("gz.ganjian", c+"/member", url.Values{"username": {"gz.diaocha2"}, "role": {"member"}}, 422, "应当回避", "是被审查调查人的兄弟", `value="gz.diaocha2"`)
	post("gz.ganjian", c+"/member", url.Values{"username": {"gz.ganjian"}, "role": {"safety_officer"}}, 303, "安全员", "回避核对记录")
	post("gz.ganjian", c+"/announce", url.Values{"announced_on": {"2026-11-22"}}, 303, "已登记宣布立案")
	post("gz.shuji", c+"/start", url.Values{"plan": {"方案"}, "meeting": {"专题会议"}}, 409, "尚缺临时党支部", `value="专题会议"`)
	post("gz.ganjian", c+"/branch", url.Values{"secretary_id": {fmt.Sprint(w.ids["gz.diaocha"])}, "established_on": {"2026-11-23"}}, 303, "刘调查任书记")
	post("gz.diaocha", c+"/branch_meeting", url.Values{"held_on": {"2026-11-23"}, "topic": {"支部成立"}, "minutes": {"学习办案纪律"}}, 303, "支部成立")
	post("gz.shuji", c+"/start", url.Values{"plan": {"查明收受购物卡问题"}, "meeting": {"2026-11-23 专题会议，王书记主持"}}, 303, "开始审查调查")
	post("gz.shuji", c+"/measure", url.Values{"kind": {"detention"}, "target": {"赵敏"}, "started_on": {"2026-11-26"}}, 303, "批准采取留置措施", "2027-02-26")
	post("gz.shuji", c+"/measure", url.Values{"kind": {"query"}, "target": {"银行账户"}, "started_on": {"2026-11-26"}}, 303, "银行账户")
	get("gz.anguan", "/ledger", "留置", "赵敏", "执行中")
	post("gz.ganjian", c+"/safety_check", url.Values{"checked_on": {"2026-11-26"}, "items": {"谈话场所"}, "ok": {"1"}}, 303, "未发现问题")
	post("gz.ganjian", c+"/incident", url.Values{"occurred_at": {"2026-11-26T08:00"}, "description": {"突发不适"}}, 303, "逐级上报")
	post("gz.shuji", c+"/incident_escalate", url.Values{"incident_id": {fmt.Sprint(w.env.Lookup(t, `SELECT id FROM safety_incidents`))}, "escalated_to": {"中央纪委国家监委"}}, 303, "已于")
	// an outsider reads the case: flagged for the cadre-supervision office
	get("gz.shenli", c, `id="outsider"`)
	get("gz.ganjian", "/flags", "孔审理", "案件 2026-0001")
	post("gz.diaocha", c+"/report", url.Values{"report": {"经查属实"}, "safety_summary": {"安全无事故以外问题"}}, 303, "已保存")
	post("gz.ganjian", c+"/to_trial", url.Values{"to_trial_on": {"2026-11-26"}}, 409, "措施未解除")
	post("gz.diaocha", c+"/measure_end", url.Values{"measure_id": {fmt.Sprint(w.env.Lookup(t, `SELECT id FROM case_measures WHERE kind = 'query'`))}, "ended_on": {"2026-11-26"}}, 303, "已登记措施解除")
	post("gz.ganjian", c+"/to_trial", url.Values{"to_trial_on": {"2026-11-26"}}, 303, "已移送审理", "2026-12-26")
	post("gz.shenli", c+"/sanction", url.Values{"sanction": {"party:serious_warning"}}, 303, "严重警告")
	post("gz.shenli", c+"/trial_report", url.Values{"trial_report": {"建议给予严重警告处分"}}, 303, "已提交审理报告")
	post("gz.shuji", c+"/approve_report", nil, 303, "提请常委会审议")
	post("gz.changwei", c+"/decide", url.Values{"decided_on": {"2026-11-26"}, "decision": {"给予赵敏党内严重警告处分"}}, 303, "第二种形态", "2028-05-26")
	post("gz.ganjian", c+"/announce_decision", url.Values{"announced_on": {"2026-11-26"}}, 303, "已登记宣布处分决定")
	post("gz.ganjian", c+"/execute", url.Values{"executed_on": {"2026-11-26"}, "execution": {"已通知党支部"}}, 303, "案后整改")
	post("gz.anguan", c+"/archive", nil, 409, "一案三书")
	// the three letters
	for _, kind := range []string{"ecology_statement", "confession", "recommendation"} {
		page := post("gz.ganjian", c+"/document", url.Values{"kind": {kind}}, 303, "已按模板起草", `id="doc-edit"`)
		doc := regexp.MustCompile(`/cases/\d+/documents/(\d+)/edit`).FindStringSubmatch(page)[1]
		d := c + "/documents/" + doc
		body := strings.NewReplacer("【剖析内容】", "重业务轻监督。", "【忏悔内容】", "我深刻认识到错误。", "【存在问题】", "监督宽松软。", "【整改建议】", "健全监督机制。").
			Replace(htmlText(regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)[1]))
		post("gz.ganjian", d+"/edit", url.Values{"title": {"标题"}, "body": {body}, "reply_due": {"2027-01-31"}}, 303, "已保存草稿")
		signer := "gz.ganjian"
		if kind == "recommendation" {
			post(signer, d+"/issue", nil, 403)
			signer = "gz.shuji"
		}
		post(signer, d+"/issue", nil, 303, "已签发")
		if kind == "recommendation" {
			get("gz.ganjian", d, "黔纪建〔2026〕1号")
			res := w.as("gz.ganjian").Do("GET", d+"/docx", nil, nil)
			if res.Status != 200 || !strings.HasPrefix(res.Body, "PK") {
				t.Fatalf("docx %d", res.Status)
			}
			get("gz.ganjian", d+"/print", "paper-title", "2027年1月31日")
		}
	}
	page = get("gz.ganjian", c, "一案一整改")
	task := "/rectify/" + regexp.MustCompile(`/rectify/(\d+)`).FindStringSubmatch(page)[1]
	post("gz.ganjian", task+"/plan", url.Values{"plan": {"健全监督机制"}}, 303, "已报送整改方案")
	post("gz.ganjian", task+"/review", url.Values{"decision": {"accept"}}, 403)
	post("gz.anguan", task+"/review", url.Values{"decision": {"accept"}}, 303, "整改中")
	post("gz.ganjian", task+"/complete", url.Values{"completion": {"已出台办法"}}, 303, "待验收")
	post("gz.anguan", task+"/verify", url.Values{"decision": {"pass"}, "verification": {"现场查看"}}, 303, "验收通过，销号")
	post("gz.anguan", c+"/archive", nil, 303, "已归档")
	get("gz.anguan", "/rectify", "已验收销号")
	get("gz.ganjian", "/cases", "2026-0001", "已归档")
}

// TestInterferenceThroughForms: anyone records an approach from the case page's link; the
// office assesses it and files the quarter.
func TestInterferenceThroughForms(t *testing.T) {
	w := newWorld(t)
	res := w.as("gz.diaocha").Do("GET", "/interference/new?matter=2026-0009", nil, nil)
	if res.Status != 200 || !strings.Contains(res.Body, `value="2026-0009"`) {
		t.Fatalf("new record form: %d", res.Status)
	}
	res = w.as("gz.diaocha").Do("POST", "/interference", url.Values{"approached_on": {"2026-11-25"}, "matter": {"某案"}, "kind": {"ask"}, "channel": {"phone"}}, nil)
	if res.Status != 422 || !strings.Contains(res.Body, "请填写打听、过问人的姓名") || !strings.Contains(res.Body, `value="某案"`) {
		t.Fatalf("bad record: %d %s", res.Status, excerpt(res.Body))
	}
	res = w.as("gz.diaocha").Do("POST", "/interference", url.Values{"approached_on": {"2026-11-25"}, "matter": {"某案"}, "kind": {"ask"}, "channel": {"phone"},
		"intervener_name": {"某领导"}, "content": {"问进展"}, "response": {"未透露"}}, nil)
	if res.Status != 303 {
		t.Fatalf("record: %d %s", res.Status, excerpt(res.Body))
	}
	if body := w.as("gz.ganjian").Do("GET", "/interference", nil, nil).Body; !strings.Contains(body, "某领导") || !strings.Contains(body, "待研判") {
		t.Fatalf("office list: %s", excerpt(body))
	}
	if body := w.as("gz.shenli").Do("GET", "/interference", nil, nil).Body; strings.Contains(body, "某领导") {
		t.Fatal("a bystander sees another's record")
	}
	id := w.env.Lookup(t, `SELECT id FROM interference_records`)
	res = w.as("gz.ganjian").Do("POST", fmt.Sprintf("/interference/%d/followup", id), url.Values{"followup": {"notice"}, "followup_note": {"通报提醒"}}, nil)
	if res.Status != 303 {
		t.Fatalf("follow-up %d %s", res.Status, excerpt(res.Body))
	}
	if body := w.as("gz.ganjian").Do("GET", "/interference/summary?quarter=2026-Q4", nil, nil).Body; !strings.Contains(body, "已登记 1 件") || !strings.Contains(body, "未报告") {
		t.Fatalf("summary %s", excerpt(body))
	}
	if res := w.as("gy.ganjian").Do("POST", "/interference/zero", url.Values{"quarter": {"2026-Q4"}}, nil); res.Status != 303 {
		t.Fatalf("zero report %d", res.Status)
	}
	for _, path := range []string{"/templates", "/compilation", "/cases", "/rectify"} {
		if res := w.as("gz.ganjian").Do("GET", path, nil, nil); res.Status != 200 {
			t.Errorf("%s: %d", path, res.Status)
		}
	}
}

func excerpt(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 3000 {
		s = s[:3000]
	}
	return s
}

// htmlText undoes the escaping of a textarea's content.
func htmlText(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&amp;", "&").Replace(s)
}

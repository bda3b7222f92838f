package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"custos/internal/testkit"
)

// TestBrowserCaseToRectification drives issue 5's main path in Chromium: from a clue
// transferred to investigation, the filing is requested and approved; the team is formed and
// an investigator who is the subject's brother is refused with the reason shown; the branch is
// set up and the plan approved; a detention is approved into the ledger; a team member records
// an approach from the case page, and a trial officer's read before the trial is flagged and
// turned into a record by the cadre-supervision office; the case goes through the trial to the
// decision; the three letters are signed off, the rectification of the unit signed off, and
// the case archived.
func TestBrowserCaseToRectification(t *testing.T) {
	ctx := testkit.Browser(t)
	w := newWorld(t)
	base := w.srv
	clueID := transferredClue(t, w, "赵敏")
	as := func(user string) {
		t.Helper()
		_ = chromedp.Do(ctx, chromedp.Navigate(base+"/"))
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('form[action="/logout"]').length`)); n > 0 {
			if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`))); err != nil {
				t.Fatal(err)
			}
		}
		browserLogin(t, ctx, base, user, w.pw)
	}
	do := func(acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, acts...); err != nil {
			t.Fatal(err)
		}
	}
	submit := func(form string) {
		t.Helper()
		// confirmations are answered yes, as the officer would
		do(chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`))
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(form+` button[type=submit]`))); err != nil {
			t.Fatal(err)
		}
	}
	expect := func(sel string, words ...string) {
		t.Helper()
		got := text(t, ctx, sel)
		for _, w := range words {
			if !strings.Contains(got, w) {
				t.Fatalf("%s lacks %q: %q", sel, w, got)
			}
		}
	}
	fill := func(form string, kv ...string) {
		t.Helper()
		for i := 0; i+1 < len(kv); i += 2 {
			do(chromedp.SetValue(chromedp.CSS(form+` [name=`+kv[i]+`]`), kv[i+1]))
		}
	}
	var caseURL string
	open := func() { do(chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.CSS(`#case-facts`))) }

	as("gz.ganjian")
	do(chromedp.Navigate(base+"/clues/"+itoa(clueID)), chromedp.WaitVisible(chromedp.CSS(`#case-request`)))
	fill("#case-request", "filing_type", "both", "summary", "涉嫌收受管理服务对象购物卡2万元", "requested_on", "2026-11-20")
	submit("#case-request")
	expect("h1", "2026-0001", "立案待批")
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#outsider').length`)); n != 0 {
		t.Fatal("the handling office's read of its own case was flagged")
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	caseURL = strings.Split(loc, "?")[0]

	as("gz.shuji")
	open()
	fill("#step-file", "authority", "省纪委常委会", "filed_on", "2026-11-21")
	submit("#step-file")
	expect("#case-facts", "经省纪委常委会批准")

	as("gz.ganjian")
	open()
	fill("#member-new", "username", "gz.diaocha", "role", "leader")
	submit("#member-new")
	fill("#member-new", "username", "gz.diaocha2", "role", "member")
	submit("#member-new")
	expect("#member-new", "应当回避", "是被审查调查人的兄弟（廉政档案记载）")
	shot(t, ctx, "case-recusal")
	open()
	expect("#recusals", "赵调查", "回避")
	fill("#member-new", "username", "gz.ganjian", "role", "safety_officer")
	submit("#member-new")
	expect("#team", "刘调查", "组长", "李干部监督", "安全员")
	fill("#branch-form", "established_on", "2026-11-23")
	submit("#branch-form")
	fill("#step-announce", "announced_on", "2026-11-22")
	submit("#step-announce")

	as("gz.shuji")
	open()
	fill("#step-start", "plan", "查明收受购物卡问题", "meeting", "2026-11-23 专题会议，王书记主持，4 人参加")
	submit("#step-start")
	expect("h1", "审查调查中")
	fill("#measure-new", "kind", "detention", "target", "赵敏", "started_on", "2026-11-26")
	submit("#measure-new")
	expect("#measures", "留置", "2027-02-26")

	// an approach recorded from the case page by a team member
	as("gz.diaocha")
	open()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#record-approach`))); err != nil {
		t.Fatal(err)
	}
	if v := value(t, ctx, `#interference-new input[name=matter]`); v != "2026-0001" {
		t.Fatalf("the record form did not carry the case number: %q", v)
	}
	fill("#interference-new", "kind", "ask", "channel", "phone", "intervener_name", "赵调查", "intervener_user", "gz.diaocha2", "content", "问赵敏的案子查到哪一步了", "response", "不能透露，已登记")
	submit("#interference-new")
	expect(".notice", "已登记")
	// a trial officer reads the case before the trial: flagged
	as("gz.shenli")
	open()
	expect("#outsider", "已自动记录")
	as("gz.ganjian")
	do(chromedp.Navigate(base+"/flags"), chromedp.WaitVisible(chromedp.CSS(`#flags`)))
	expect("#flags", "孔审理", "案件 2026-0001")
	fill(".flag-decide", "note", "移送审理前无工作需要")
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`.flag-decide button[value=record]`))); err != nil {
		t.Fatal(err)
	}
	do(chromedp.Navigate(base+"/interference"), chromedp.WaitVisible(chromedp.CSS(`#interference`)))
	expect("#interference", "赵调查", "孔审理")

	as("gz.diaocha")
	open()
	fill("#report-form", "report", "经查，赵敏收受购物卡2万元属实。", "safety_summary", "办案期间安全无事故。")
	submit("#report-form")
	as("gz.ganjian")
	open()
	fill("#step-to_trial", "to_trial_on", "2026-11-26")
	submit("#step-to_trial")
	expect("h1", "审理中")

	as("gz.shenli")
	open()
	fill("#sanction-new", "sanction", "party:serious_warning")
	submit("#sanction-new")
	fill("#step-trial_report", "trial_report", "事实清楚，证据确凿，建议给予严重警告处分。")
	submit("#step-trial_report")
	as("gz.shuji")
	open()
	submit("#step-approve_report")
	as("gz.changwei")
	open()
	fill("#step-decide", "decided_on", "2026-11-26", "decision", "给予赵敏党内严重警告处分")
	submit("#step-decide")
	expect("#case-facts", "第二种形态")
	expect("#sanctions", "严重警告", "2028-05-26")
	as("gz.ganjian")
	open()
	fill("#step-announce_decision", "announced_on", "2026-11-26")
	submit("#step-announce_decision")
	fill("#step-execute", "executed_on", "2026-11-26", "execution", "已通知党支部和人事部门")
	submit("#step-execute")
	expect("h1", "案后整改")

	// the three letters
	for _, kind := range []string{"ecology_statement", "confession", "recommendation"} {
		open()
		fill("#document-new", "kind", kind)
		submit("#document-new")
		body := value(t, ctx, `#doc-edit textarea[name=body]`)
		body = strings.NewReplacer("【剖析内容】", "单位存在重业务轻监督的问题。", "【忏悔内容】", "我深刻认识到自己的错误。",
			"【存在问题】", "干部监督管理宽松软。", "【整改建议】", "健全干部日常监督机制。").Replace(body)
		fill("#doc-edit", "body", body)
		submit("#doc-edit")
		if kind == "recommendation" {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			as("gz.shuji")
			do(chromedp.Navigate(strings.Split(loc, "?")[0]), chromedp.WaitVisible(chromedp.CSS(`#doc-issue`)))
		}
		submit("#doc-issue")
		expect(".notice", "已签发")
		if kind == "recommendation" {
			expect("h1", "黔纪建〔2026〕1号")
			shot(t, ctx, "case-recommendation")
			as("gz.ganjian")
		}
	}
	open()
	expect("#case-rectifications", "贵州省纪委监委", "待报整改方案")
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#case-rectifications a`))); err != nil {
		t.Fatal(err)
	}
	fill("#rectify-plan", "plan", "一、健全干部日常监督机制（责任人：李红，2027 年 1 月底前）")
	submit("#rectify-plan")
	taskURL, _ := chromedp.Run(ctx, chromedp.Location())
	taskURL = strings.Split(taskURL, "?")[0]
	as("gz.anguan")
	do(chromedp.Navigate(taskURL), chromedp.WaitVisible(chromedp.CSS(`#rectify-review`)))
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#rectify-review button[value=accept]`))); err != nil {
		t.Fatal(err)
	}
	as("gz.ganjian")
	do(chromedp.Navigate(taskURL), chromedp.WaitVisible(chromedp.CSS(`#rectify-complete`)))
	fill("#rectify-complete", "completion", "已出台干部日常监督办法")
	submit("#rectify-complete")
	as("gz.anguan")
	do(chromedp.Navigate(taskURL), chromedp.WaitVisible(chromedp.CSS(`#rectify-verify`)))
	fill("#rectify-verify", "verification", "现场查看，整改到位")
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#rectify-verify button[value=pass]`))); err != nil {
		t.Fatal(err)
	}
	expect("h1", "已验收销号")
	open()
	submit("#step-archive")
	expect("h1", "已归档")
}

// TestBrowserEscalation: the province takes over a case Guiyang registered (提级办理); Guiyang
// can no longer open it, and the province sees its whole history, Guiyang's steps included.
func TestBrowserEscalation(t *testing.T) {
	ctx := testkit.Browser(t)
	w := newWorld(t)
	base := w.srv
	// a Guiyang case, filed there (services: the filing screens are tested above)
	c := guiyangCase(t, w)
	caseURL := base + "/cases/" + itoa(c)
	browserLogin(t, ctx, base, "gz.shuji", w.pw)
	err := chromedp.Do(ctx, chromedp.Navigate(caseURL), chromedp.WaitVisible(chromedp.CSS(`#jurisdiction`)),
		chromedp.SetValue(chromedp.CSS(`#jurisdiction select[name=kind]`), "escalate"),
		chromedp.SetValue(chromedp.CSS(`#jurisdiction input[name=reason]`), "涉及多个地区，提级办理"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#jurisdiction button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#case-facts"); !strings.Contains(got, "贵州省纪委监委") {
		t.Fatalf("handler after escalation: %q", got)
	}
	if got := text(t, ctx, "#events"); !strings.Contains(got, "贵阳市纪委监委") || !strings.Contains(got, "由贵阳市纪委监委移交贵州省纪委监委办理") {
		t.Fatalf("history: %q", got)
	}
	if res := w.as("gy.ganjian").Do("GET", "/cases/"+itoa(c), nil, nil); res.Status != 404 {
		t.Fatalf("Guiyang still opens the case: %d", res.Status)
	}
}

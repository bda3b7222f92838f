package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"custos/internal/testkit"
)

// TestBrowserClueToSpotCheck drives the path of issue 4 through the screens: the petitions
// office registers a report, case management turns it into a clue, the principal allocates it, the cadre-supervision office records the
// collective review, the principal approves inquiry, the office sends a letter, records its
// receipt (the reply deadline in working days appears), the reply and the conclusion, draws the
// spot checks and records one; a third inquiry in the year is refused with the earlier two named.
func TestBrowserClueToSpotCheck(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	as := func(user string) {
		t.Helper()
		_ = chromedp.Do(ctx, chromedp.Navigate(base+"/"))
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('form[action="/logout"]').length`)); n > 0 {
			if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`))); err != nil {
				t.Fatal(err)
			}
		}
		browserLogin(t, ctx, base, user, res.Password)
	}
	submit := func(form string) {
		t.Helper()
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(form+` button[type=submit]`))); err != nil {
			t.Fatal(err)
		}
	}
	do := func(acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, acts...); err != nil {
			t.Fatal(err)
		}
	}
	as("gz.xinfang")
	do(chromedp.Navigate(base+"/reports/new"), chromedp.WaitVisible(chromedp.CSS(`#report-new`)),
		chromedp.SetValue(chromedp.CSS(`#report-new select[name=channel]`), "online"),
		chromedp.SendKeys(chromedp.CSS(`#report-new input[name=title]`), "反映陈立之子经商问题"),
		chromedp.SendKeys(chromedp.CSS(`#report-new input[name=subject_0_name]`), "陈立"),
		chromedp.SetValue(chromedp.CSS(`#report-new textarea[name=content]`), "反映省纪委副书记陈立之子在本省开办工程咨询公司，陈立未如实报告个人有关事项。"))
	submit("#report-new")
	report, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	as("gz.anguan")
	do(chromedp.Navigate(report), chromedp.WaitVisible(chromedp.CSS(`#to-clue`)))
	submit("#to-clue")
	if got := text(t, ctx, "h1"); !strings.Contains(got, "2026-0001") || !strings.Contains(got, "关键少数") {
		t.Fatalf("registered clue: %q", got)
	}
	if got := text(t, ctx, "dl.facts"); !strings.Contains(got, "来自检举控告") || !strings.Contains(got, "陈立") {
		t.Fatalf("clue from the report: %q", got)
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	as("gz.shuji")
	do(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`#allocate`)))
	submit("#allocate")
	as("gz.ganjian")
	// the collective review: a meeting with its attendees, then the clue discussed at it
	do(chromedp.Navigate(base+"/clue-meetings"), chromedp.WaitVisible(chromedp.CSS(`#meeting-new`)),
		chromedp.SendKeys(chromedp.CSS(`#meeting-new input[name=chair]`), "李主任"),
		chromedp.SendKeys(chromedp.CSS(`#meeting-new textarea[name=attendees]`), "王一\n"))
	submit("#meeting-new") // two people are not a collective review
	if got := text(t, ctx, "#meeting-new"); !strings.Contains(got, "至少 3 人参加") {
		t.Fatalf("two attendees accepted: %q", got)
	}
	if got := value(t, ctx, `#meeting-new input[name=chair]`); got != "李主任" {
		t.Fatalf("the chair typed was lost: %q", got)
	}
	do(chromedp.SetValue(chromedp.CSS(`#meeting-new textarea[name=attendees]`), "王一\n张二\n赵三"))
	submit("#meeting-new")
	do(chromedp.WaitVisible(chromedp.CSS(`#meeting-item`)),
		chromedp.SendKeys(chromedp.CSS(`#meeting-item textarea[name=opinion]`), "反映问题具体但情节轻微，一致同意函询"),
		chromedp.SetValue(chromedp.CSS(`#meeting-item select[name=disposal]`), "inquiry"))
	submit("#meeting-item")
	if got := text(t, ctx, "#meeting-items"); !strings.Contains(got, "一致同意函询") || !strings.Contains(got, "谈话函询") {
		t.Fatalf("meeting items: %q", got)
	}
	as("gz.shuji")
	do(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`#approve`)))
	submit("#approve")
	as("gz.ganjian")
	do(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`#inquiry-new`)),
		chromedp.SetValue(chromedp.CSS(`#inquiry-new input[name=started_on]`), "2026-11-03"))
	submit("#inquiry-new")
	step := func(action, date string) {
		t.Helper()
		do(chromedp.SetValue(chromedp.CSS(`form[action$="/`+action+`"] input[name=date]`), date))
		submit(`form[action$="/` + action + `"]`)
	}
	step("receipt", "2026-11-04")
	if got := text(t, ctx, "#inquiries"); !strings.Contains(got, "应于 2026-11-25 前回复") {
		t.Fatalf("reply deadline: %q", got)
	}
	step("answer", "2026-11-20")
	// the reply leaves a specific question open: a second inquiry follows, so the clue stays open
	do(chromedp.SetValue(chromedp.CSS(`form[action$="/conclude"] select[name=outcome]`), "re_inquiry"))
	step("conclude", "2026-11-25")
	shot(t, ctx, "clue")
	do(chromedp.Navigate(base+"/spot-checks"), chromedp.WaitVisible(chromedp.CSS(`#spot-draw`)),
		chromedp.SendKeys(chromedp.CSS(`#spot-draw input[name=period]`), "2026"))
	submit("#spot-draw")
	if got := text(t, ctx, "#draw-result"); !strings.Contains(got, "1/1") || !strings.Contains(got, "种子") {
		t.Fatalf("draw: %q", got)
	}
	do(chromedp.SendKeys(chromedp.CSS(`#spot-open input[name=finding]`), "查阅工商登记，与回复一致"))
	submit(`#spot-open form`)
	if got := text(t, ctx, "#spot-open"); !strings.Contains(got, "没有待核实的抽查") {
		t.Fatalf("after recording: %q", got)
	}
	// a second inquiry this year is allowed, a third is not
	do(chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`#inquiry-new`)))
	submit("#inquiry-new")
	do(chromedp.WaitVisible(chromedp.CSS(`#inquiry-new`)))
	submit("#inquiry-new")
	shot(t, ctx, "third-inquiry")
	if got := text(t, ctx, "main"); !strings.Contains(got, "每人每年至多 2 次") || !strings.Contains(got, "2026-11-03（线索 2026-0001）") || !strings.Contains(got, "陈立") {
		t.Fatalf("third inquiry: %q", got)
	}
	do(chromedp.Navigate(base+"/backlog"), chromedp.WaitVisible(chromedp.CSS(`#backlog`)))
	shot(t, ctx, "backlog")
	if got := text(t, ctx, "#backlog"); !strings.Contains(got, "贵州省纪委监委") {
		t.Fatalf("backlog: %q", got)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('svg.chart rect').length`)); err != nil || n != 12 {
		t.Fatalf("trend chart bars: %d %v", n, err)
	}
}

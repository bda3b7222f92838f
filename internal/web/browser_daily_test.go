package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"custos/internal/testkit"
)

// TestBrowserVisitAndMeeting: the provincial officer registers a research visit (a bad form
// first, kept as typed), writes the report and the team profile, lists a rectification; then
// the city officer records a county's democratic life meeting with a member's statement.
func TestBrowserVisitAndMeeting(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	browserLogin(t, ctx, base, "gz.ganjian", res.Password)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/visits"),
		chromedp.WaitVisible(chromedp.CSS(`#visit-new`)),
		chromedp.SetValue(chromedp.CSS(`#visit-new select[name=commission_id]`), strconv.FormatInt(env.Lookup(t, `SELECT id FROM commissions WHERE code = '5201'`), 10)),
		chromedp.SendKeys(chromedp.CSS(`#visit-new input[name=title]`), "政治监督专项调研"),
		chromedp.SetValue(chromedp.CSS(`#visit-new input[name=started_on]`), "2026-11-02"),
		chromedp.SetValue(chromedp.CSS(`#visit-new input[name=ended_on]`), "2026-11-06"),
		chromedp.SendKeys(chromedp.CSS(`#visit-new input[name=interviews]`), "15"),
		chromedp.SendKeys(chromedp.CSS(`#visit-new textarea[name=interviewees]`), "吴芳"),
		chromedp.Click(chromedp.CSS(`#visit-new button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#visit-new .field-error`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#visit-new"); !strings.Contains(got, "请至少选择一种调研方式") {
		t.Fatalf("missing method not reported: %q", got)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#visit-new input[name=title]`))); v != "政治监督专项调研" {
		t.Fatalf("title lost: %q", v)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#visit-new input[value=个别谈话]`)),
		chromedp.Click(chromedp.CSS(`#visit-new button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#team-profile`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('details').forEach(d => d.open = true)`),
		chromedp.SendKeys(chromedp.CSS(`#visit-report-form textarea[name=report]`), "总体情况良好，发现三方面问题。"),
		chromedp.Click(chromedp.CSS(`#visit-report-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#visit-report`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('details').forEach(d => d.open = true)`),
	)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#team-form textarea')].map(t => t.name)`))
	if err != nil || len(ids) != 4 {
		t.Fatalf("team form fields %v %v", ids, err)
	}
	for _, name := range ids {
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#team-form textarea[name=`+name+`]`), "政治坚定，团结有力")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#team-form button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(`form.rect-new input[name=item]`), "健全干部监督工作台账"),
		chromedp.SetValue(chromedp.CSS(`form.rect-new input[name=due_on]`), "2027-01-31"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.rect-new button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "visit")
	page := text(t, ctx, "main")
	for _, want := range []string{"已列入整改清单", "总体情况良好", "政治坚定，团结有力", "健全干部监督工作台账", "吴芳"} {
		if !strings.Contains(page, want) {
			t.Fatalf("visit page lacks %s: %q", want, page)
		}
	}

	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`))); err != nil {
		t.Fatal(err)
	}
	browserLogin(t, ctx, base, "gy.ganjian", res.Password)
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/meetings"),
		chromedp.WaitVisible(chromedp.CSS(`#meeting-new`)),
		chromedp.SetValue(chromedp.CSS(`#meeting-new select[name=commission_id]`), strconv.FormatInt(env.Lookup(t, `SELECT id FROM commissions WHERE code = '520102'`), 10)),
		chromedp.SetValue(chromedp.CSS(`#meeting-new input[name=held_on]`), "2026-12-10"),
		chromedp.SendKeys(chromedp.CSS(`#meeting-new input[name=topic]`), "2026 年度专题民主生活会"),
		chromedp.SendKeys(chromedp.CSS(`#meeting-new input[name=attendee]`), "吴芳"),
		chromedp.SendKeys(chromedp.CSS(`#meeting-new textarea[name=preparation]`), "审核对照检查材料，提出修改意见 3 条"),
		chromedp.Click(chromedp.CSS(`#meeting-new input[name=preparation_ok]`)),
		chromedp.Click(chromedp.CSS(`#meeting-new button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#statement-form`)),
		chromedp.SendKeys(chromedp.CSS(`#statement-form input[name=member]`), "冯涛"),
		chromedp.SendKeys(chromedp.CSS(`#statement-form textarea[name=statement]`), "对干部日常监督抓得不够紧"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#statement-form button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "meeting")
	if got := text(t, ctx, "#statements"); !strings.Contains(got, "冯涛") || !strings.Contains(got, "抓得不够紧") {
		t.Fatalf("statement: %q", got)
	}
}

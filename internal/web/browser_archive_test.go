package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"custos/internal/testkit"
)

// TestBrowserArchiveAndArrivalTalk: a cadre-supervision officer opens an archive stating a
// purpose, records an appointment, and finds the arrival talk on the worklist with its due date.
func TestBrowserArchiveAndArrivalTalk(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	zhou := env.Lookup(t, `SELECT id FROM cadres WHERE name = '周杰'`)
	chu := env.Lookup(t, `SELECT id FROM cadres WHERE name = '褚静'`)

	browserLogin(t, ctx, base, "gz.ganjian", res.Password)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/cadres"),
		chromedp.WaitVisible(chromedp.CSS(`table.list`)),
		chromedp.SendKeys(chromedp.CSS(`form.filters input[name=q]`), "周杰"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.filters button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "cadres")
	if got := text(t, ctx, "table.list"); !strings.Contains(got, "周杰") || strings.Contains(got, "冯涛") {
		t.Fatalf("search: %q", got)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/cadres/%d", base, zhou)),
		chromedp.WaitVisible(chromedp.CSS(`#archive-open`)),
		chromedp.SetValue(chromedp.CSS(`#archive-open select[name=purpose]`), "党风廉政意见回复"),
		chromedp.SendKeys(chromedp.CSS(`#archive-open input[name=detail]`), "拟提拔考察"),
		chromedp.Click(chromedp.CSS(`#archive-open button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.timeline`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "archive")
	if got := text(t, ctx, "main"); !strings.Contains(got, "周杰 廉政档案") || !strings.Contains(got, "事由：党风廉政意见回复：拟提拔考察") || !strings.Contains(got, "周航") {
		t.Fatalf("archive page: %q", got)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/cadres/%d", base, chu)),
		chromedp.WaitVisible(chromedp.CSS(`#appointment`)),
		chromedp.SetValue(chromedp.CSS(`#appointment input[name=date]`), "2026-11-20"),
		chromedp.SendKeys(chromedp.CSS(`#appointment input[name=post]`), "干部监督室副主任"),
		chromedp.SendKeys(chromedp.CSS(`#appointment input[name=doc_no]`), "南纪干〔2026〕3号"),
		chromedp.Click(chromedp.CSS(`#appointment button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "应于 2026-12-18 前完成") {
		t.Fatalf("appointment notice: %q", got)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/talks"), chromedp.WaitVisible(chromedp.CSS(`table.list`)))
	if err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "talks")
	got := text(t, ctx, "table.list")
	if !strings.Contains(got, "褚静") || !strings.Contains(got, "2026-12-18") || !strings.Contains(got, "卫东") || !strings.Contains(got, "逾期") {
		t.Fatalf("worklist: %q", got)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/archive-log"), chromedp.WaitVisible(chromedp.CSS(`table.audit`)))
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "table.audit"); !strings.Contains(got, "查阅 周杰") || !strings.Contains(got, "拟提拔考察") {
		t.Fatalf("access log: %q", got)
	}
}

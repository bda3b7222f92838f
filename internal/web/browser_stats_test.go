package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"custos/internal/stats"
	"custos/internal/testkit"
)

// TestBrowserStatsFormDrillXLSXLock: the provincial case-management office opens the form of a
// period, follows a figure to its records and one record to its page, downloads the XLSX (read
// back with excelize: the same figures as the page), sees the charts and the A4 print view, and
// locks the period.
func TestBrowserStatsFormDrillXLSXLock(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	bg := context.Background()
	if _, err := stats.Generate(bg, env.App.DB, stats.GenOptions{Reports: 300, CluesPer: 2, Cases: 60, Start: "2026-01-01", Days: 300, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	base := env.Serve(t).URL
	browserLogin(t, ctx, base, "gz.anguan", res.Password)
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.Click(chromedp.CSS(`nav.side a[href="/stats"]`)), chromedp.WaitVisible(chromedp.CSS(`#stats-pick`)),
		chromedp.SetValue(chromedp.CSS(`#stats-pick input[name=from]`), "2026-01-01"), chromedp.SetValue(chromedp.CSS(`#stats-pick input[name=to]`), "2026-06-30"))
	if err != nil {
		t.Fatal(err)
	}
	// the page may already show a form (the default period): wait for the submitted one to load
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#stats-pick button`))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#stats-form`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "stats-form")
	form := text(t, ctx, "#stats-form")
	if !strings.Contains(form, "接收信访举报") || !strings.Contains(form, "第四种形态") || !strings.Contains(form, "2026-01-01 至 2026-06-30") {
		t.Fatalf("form: %q", form)
	}
	reports := text(t, ctx, `#stats-form tr[data-line=reports] a`)
	if n, _ := strconv.Atoi(reports); n == 0 {
		t.Fatalf("no reports counted: %q", reports)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#stats-form tr[data-line=reports] a`)), chromedp.WaitVisible(chromedp.CSS(`#stats-records`)))
	if err != nil {
		t.Fatal(err)
	}
	if h := text(t, ctx, "h1"); h != "接收信访举报："+reports+" 件次" {
		t.Fatalf("drill-down heading %q, figure %s", h, reports)
	}
	number := text(t, ctx, `#stats-records tbody tr:first-child a`)
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#stats-records tbody tr:first-child a`)), chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	if err != nil {
		t.Fatal(err)
	}
	if page := text(t, ctx, "main"); !strings.Contains(page, number) {
		t.Fatalf("record page does not show %s", number)
	}

	// the XLSX holds the page's figures
	c := testkit.NewClient(t, base).Login("gz.anguan", res.Password)
	prov := env.Lookup(t, `SELECT id FROM commissions WHERE code = '52'`)
	q := "commission=" + strconv.FormatInt(prov, 10) + "&from=2026-01-01&to=2026-06-30"
	resp := c.Do("GET", "/stats/xlsx?"+q, nil, nil)
	if resp.Status != 200 {
		t.Fatalf("xlsx: %d", resp.Status)
	}
	x, err := excelize.OpenReader(strings.NewReader(resp.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(stats.SheetName)
	if rows[3][1] != "接收信访举报" || rows[3][3] != reports || !strings.Contains(rows[1][0], "贵州省纪委监委") {
		t.Fatalf("xlsx rows %q", rows[:4])
	}

	err = chromedp.Do(ctx, chromedp.Navigate(base+"/stats/charts?"+q), chromedp.WaitVisible(chromedp.CSS(`#chart-trend svg`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"#chart-ranks svg", "#chart-forms svg", "#chart-subtree svg"} {
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(id))); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/stats/print?"+q), chromedp.WaitVisible(chromedp.CSS(`#stats-paper`)))
	if err != nil {
		t.Fatal(err)
	}
	if p := text(t, ctx, "#stats-paper"); !strings.Contains(p, "填报人：") || !strings.Contains(p, stats.Title) {
		t.Fatalf("print: %q", p)
	}

	// lock the period
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/stats?"+q), chromedp.WaitVisible(chromedp.CSS(`#stats-lock`)),
		chromedp.SendKeys(chromedp.CSS(`#stats-lock input[name=note]`), "上半年报表"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#stats-lock button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "stats-locked")
	if got := text(t, ctx, "#stats-locked"); !strings.Contains(got, "锁定") || !strings.Contains(got, "上半年报表") {
		t.Fatalf("after locking: %q", got)
	}
	if n := env.Lookup(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'stats.lock'`); n != 1 {
		t.Fatalf("%d lock audit entries", n)
	}
}

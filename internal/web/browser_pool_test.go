package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"custos/internal/testkit"
)

// TestBrowserPool: enrol a cadre in the personnel pool (a missing skill first, kept as typed),
// then filter the pool by skill and availability.
func TestBrowserPool(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	browserLogin(t, ctx, base, "gz.ganjian", res.Password)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/pool"),
		chromedp.WaitVisible(chromedp.CSS(`#pool-enroll`)),
		chromedp.SendKeys(chromedp.CSS(`#pool-enroll input[name=cadre]`), "褚静"),
		chromedp.SendKeys(chromedp.CSS(`#pool-enroll textarea[name=training]`), "2026 年干部监督业务培训"),
		chromedp.Click(chromedp.CSS(`#pool-enroll button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#pool-enroll .field-error`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#pool-enroll textarea[name=training]`))); v != "2026 年干部监督业务培训" {
		t.Fatalf("training lost: %q", v)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#pool-enroll input[value=法律法规]`)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#pool-enroll button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "已保存 褚静") {
		t.Fatalf("notice %q", got)
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`form.filters select[name=skill]`), "审查调查"),
		chromedp.Click(chromedp.CSS(`form.filters input[name=available]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.filters button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "pool")
	got := text(t, ctx, "#pool")
	if !strings.Contains(got, "吴芳") || strings.Contains(got, "郑勇") || strings.Contains(got, "褚静") {
		t.Fatalf("available 审查调查: %q", got)
	}
}

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"custos/internal/testkit"
)

// TestBrowserRulesAndDimensions: the officer edits a prohibition rule, retires another, and
// adds a portrait dimension.
func TestBrowserRulesAndDimensions(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	browserLogin(t, ctx, base, "gz.ganjian", res.Password)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/rules"),
		chromedp.WaitVisible(chromedp.CSS(`#rules`)),
		chromedp.Click(chromedp.CSS(`#rules a[href^="/rules?edit="]`)),
		chromedp.WaitVisible(chromedp.CSS(`#rule input[name=name]`)),
		chromedp.SetValue(chromedp.CSS(`#rule input[name=keywords]`), "房地产、工程"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#rule button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#rules"); !strings.Contains(got, "房地产、工程") {
		t.Fatalf("edited rule: %q", got)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#rules form[action$="/retire"] button`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#rules"); !strings.Contains(got, "停用") {
		t.Fatalf("retired rule: %q", got)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/dimensions"),
		chromedp.WaitVisible(chromedp.CSS(`#dimension-new`)),
		chromedp.SendKeys(chromedp.CSS(`#dimension-new input[name=position]`), "4"),
		chromedp.SendKeys(chromedp.CSS(`#dimension-new input[name=name]`), "担当作为"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#dimension-new button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "dimensions")
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#dimensions input[name=name]').length`))
	if err != nil || n != 4 {
		t.Fatalf("%d dimensions in use, want 4 (%v)", n, err)
	}
}

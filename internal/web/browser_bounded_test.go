package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"custos/internal/testkit"
)

// TestBrowserOversizedFieldKept: the browser's maxlength is no defence (here removed, as an
// attacker would); the server refuses a 300-character name with the Chinese message under the
// field and over the form, and the form keeps everything typed.
func TestBrowserOversizedFieldKept(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	browserLogin(t, ctx, base, "gz.xinfang", res.Password)
	long := strings.Repeat("王", 300)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/reports/new"),
		chromedp.WaitVisible(chromedp.CSS(`#report-new`)),
		chromedp.RemoveAttribute(chromedp.CSS(`#report-new input[name=subject_0_name]`), "maxlength"),
		chromedp.SetValue(chromedp.CSS(`#report-new select[name=channel]`), "letter"),
		chromedp.SendKeys(chromedp.CSS(`#report-new input[name=title]`), "反映某某问题"),
		chromedp.SetValue(chromedp.CSS(`#report-new input[name=subject_0_name]`), long),
		chromedp.SetValue(chromedp.CSS(`#report-new textarea[name=content]`), "反映其收受购物卡。"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#report-new button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "report-oversized-name")
	if got := text(t, ctx, "#report-new .subject .field-error"); !strings.Contains(got, "不能超过 30 个字（现为 300 个字）") {
		t.Fatalf("message under the field: %q", got)
	}
	if got := text(t, ctx, ".error"); !strings.Contains(got, "已保留您填写的内容") {
		t.Fatalf("message over the form: %q", got)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#report-new input[name=subject_0_name]`))); v != long {
		t.Fatalf("the name typed was not kept (%d characters)", len([]rune(v)))
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#report-new input[name=title]`))); v != "反映某某问题" {
		t.Fatalf("the title typed was not kept: %q", v)
	}
	if n := env.Lookup(t, `SELECT COUNT(*) FROM reports`); n != 0 {
		t.Fatalf("%d reports written", n)
	}
}

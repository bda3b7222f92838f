package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"custos/internal/testkit"
)

// TestBrowserDuplicateExplained: a re-submission with its sentences reordered, its amount and
// date written in Chinese numerals, the cadre's name masked and one word changed shows the
// earlier report side by side: the content overlap and how it was computed, the kinds of
// difference, and only the changed characters marked — not whole sentences.
func TestBrowserDuplicateExplained(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	browserLogin(t, ctx, base, "gz.xinfang", res.Password)
	register := func(title, content string) {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Navigate(base+"/reports/new"),
			chromedp.WaitVisible(chromedp.CSS(`#report-new`)),
			chromedp.SetValue(chromedp.CSS(`#report-new select[name=channel]`), "letter"),
			chromedp.SendKeys(chromedp.CSS(`#report-new input[name=title]`), title),
			chromedp.SendKeys(chromedp.CSS(`#report-new input[name=subject_0_name]`), "钱立新"),
			chromedp.SetValue(chromedp.CSS(`#report-new textarea[name=content]`), content),
		); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#report-new button[type=submit]`))); err != nil {
			t.Fatal(err)
		}
	}
	register("反映钱立新收受现金问题", "反映市交通运输局副局长钱立新的问题。2021年3月，钱立新在城东工业园道路工程招标中为其亲属的公司打招呼，事后收受该公司现金2万元。他还经常出入私人会所，接受老板宴请，群众意见很大。请组织调查处理。")
	register("再次反映钱立新问题", "尊敬的领导：\n钱某某还经常出入高档会所，接受老板宴请，群众意见很大。反映市交通运输局副局长钱某某的问题。二〇二一年三月，钱某某在城东工业园道路工程招标中为其亲属的公司打招呼，事后收受该公司现金两万元。请组织调查处理。")
	shot(t, ctx, "report-duplicate-explained")
	got := text(t, ctx, ".candidate")
	for _, want := range []string{"内容重合度", "两件共有的三字片段", "较短一件的三字片段", "语序调整", "数字写法", "姓名隐去", "文字改动", "称谓落款", "（前件此处无对应内容）"} {
		if !strings.Contains(got, want) {
			t.Errorf("the explanation lacks %q: %q", want, got)
		}
	}
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.candidate .side-by-side td:first-child mark')].map(m => m.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	// the changed word and the masked names are marked; the numerals, which say the same, are not
	joined := strings.Join(marks, "|")
	if !strings.Contains(joined, "高档") || strings.Contains(joined, "两万") || strings.Contains(joined, "二〇二一") || strings.Contains(joined, "经常出入") {
		t.Errorf("marked on this report's side: %q", marks)
	}
}

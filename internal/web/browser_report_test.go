package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"custos/internal/testkit"
)

// TestBrowserReportIntake: the petitions office registers a report (a bad form first, kept as
// typed), then a re-submission in traditional script, sees the earlier one with the differing
// passages, confirms the duplicate and opens the sealed reporter; a city office's report about
// its own principal leader goes up and stays invisible there.
func TestBrowserReportIntake(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	browserLogin(t, ctx, base, "gz.xinfang", res.Password)
	evidence := filepath.Join(t.TempDir(), "转账记录.pdf")
	if err := os.WriteFile(evidence, []byte("%PDF-1.4 转账记录"), 0o600); err != nil {
		t.Fatal(err)
	}
	register := func(title, subject, content string, realName bool) {
		t.Helper()
		acts := []chromedp.Action[chromedp.Void]{
			chromedp.Navigate(base + "/reports/new"),
			chromedp.WaitVisible(chromedp.CSS(`#report-new`)),
			chromedp.SetValue(chromedp.CSS(`#report-new select[name=channel]`), "letter"),
			chromedp.SendKeys(chromedp.CSS(`#report-new input[name=title]`), title),
			chromedp.SendKeys(chromedp.CSS(`#report-new input[name=subject_0_name]`), subject),
		}
		if content != "" {
			acts = append(acts, chromedp.SetValue(chromedp.CSS(`#report-new textarea[name=content]`), content))
		}
		if realName {
			acts = append(acts, chromedp.Click(chromedp.CSS(`#report-new input[name=real_name]`)),
				chromedp.SendKeys(chromedp.CSS(`#report-new input[name=reporter_name]`), "刘实名"),
				chromedp.SendKeys(chromedp.CSS(`#report-new input[name=reporter_contact]`), "13800000000"),
				chromedp.SetUploadFiles(chromedp.CSS(`#report-new input[name=attachments]`), []string{evidence}))
		}
		if err := chromedp.Do(ctx, acts...); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#report-new button[type=submit]`))); err != nil {
			t.Fatal(err)
		}
	}
	register("反映赵敏问题", "赵敏", "", false)
	if got := text(t, ctx, "#report-new"); !strings.Contains(got, "请填写反映内容") {
		t.Fatalf("missing content not reported: %q", got)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#report-new input[name=subject_0_name]`))); v != "赵敏" {
		t.Fatalf("subject lost: %q", v)
	}
	register("反映赵敏收受购物卡问题", "赵敏", "反映省纪委案件审理室主任赵敏多次接受管理服务对象宴请，收受购物卡共计2万元；其丈夫在本市开办建材公司，赵敏利用职务便利为该公司承揽工程提供帮助。", true)
	register("再次反映赵敏问题", "赵敏", "尊敬的領導：\n反映省紀委案件審理室主任趙敏多次接受管理服務對象宴請，收受購物卡共計２萬元；其丈夫在本市開辦建材公司，趙敏利用職務便利為該公司承攬工程提供幫助。\n此致敬禮！", false)
	shot(t, ctx, "report-duplicate")
	if got := text(t, ctx, "main"); !strings.Contains(got, "疑似重复件") || !strings.Contains(got, "2026-0001") || !strings.Contains(got, "尊敬的領導") {
		t.Fatalf("duplicate not shown: %q", got)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`.candidate button[value=confirm]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "h1"); !strings.Contains(got, "重复件") {
		t.Fatalf("status after confirming: %q", got)
	}
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/reports"), chromedp.WaitVisible(chromedp.CSS(`#bulk-close`)),
		chromedp.Click(chromedp.CSS(`#bulk-close input[name=ids]`)),
		chromedp.SendKeys(chromedp.CSS(`#bulk-close textarea[name=assessment]`), "11 月信访研判会：重复件予以存档"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#bulk-close button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".notice"); got != "已了结 1 件" {
		t.Fatalf("bulk close: %q", got)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/reports"), chromedp.WaitVisible(chromedp.CSS(`#reports`)),
		chromedp.Click(chromedp.CSS(`#reports a[href$="/1"]`)), chromedp.WaitVisible(chromedp.CSS(`#reveal`)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#reveal button`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#reporter"); !strings.Contains(got, "刘实名") || !strings.Contains(got, "13800000000") {
		t.Fatalf("reporter: %q", got)
	}
	if got := text(t, ctx, "#attachments"); !strings.Contains(got, "转账记录.pdf") {
		t.Fatalf("attachment not listed: %q", got)
	}

	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`))); err != nil {
		t.Fatal(err)
	}
	browserLogin(t, ctx, base, "gy.xinfang", res.Password)
	register("反映周杰问题", "周杰", "反映贵阳市纪委书记周杰之子经商办企业问题。", false)
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "报送贵州省纪委监委") {
		t.Fatalf("notice: %q", got)
	}
	if got := text(t, ctx, "#reports"); strings.Contains(got, "周杰") || !strings.Contains(got, "没有检举控告") {
		t.Fatalf("the city still sees it: %q", got)
	}
}

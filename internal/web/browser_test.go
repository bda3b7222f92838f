package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"custos/internal/testkit"
)

// shot saves a screenshot when CUSTOS_SCREENSHOTS names a folder (for looking at the UI).
func shot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("CUSTOS_SCREENSHOTS")
	if dir == "" {
		return
	}
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	os.WriteFile(filepath.Join(dir, name+".png"), b, 0o644)
}

func browserLogin(t *testing.T, ctx context.Context, base, user, pw string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), user),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), pw),
		chromedp.Click(chromedp.CSS(`form.card button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.side`)),
	)
	if err != nil {
		t.Fatalf("log in as %s: %v", user, err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// value is the current value of a form field.
func value(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("value of %s: %v", sel, err)
	}
	return s
}

// TestBrowserAddUserSeenInAudit: log in, add a user with a role in a department through the
// forms, and find the entry in the audit viewer.
func TestBrowserAddUserSeenInAudit(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	province := env.Lookup(t, `SELECT id FROM commissions WHERE code = '52'`)

	browserLogin(t, ctx, base, "admin", res.Password)
	shot(t, ctx, "home")
	if got := text(t, ctx, "main"); !strings.Contains(got, "贵州省纪委监委") || !strings.Contains(got, "尚未建设") {
		t.Fatalf("home page: %q", got)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/org/commissions/%d", base, province)),
		chromedp.WaitVisible(chromedp.CSS(`a.button[href^="/users/new"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "commission")
	// first a mistake: the form comes back with the error beside the field and the name kept
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a.button[href^="/users/new"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#user-new`)),
		chromedp.SendKeys(chromedp.CSS(`#user-new input[name=username]`), "Bad Name"),
		chromedp.SendKeys(chromedp.CSS(`#user-new input[name=display_name]`), "浏览器测试员"),
		chromedp.Click(chromedp.CSS(`#user-new button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.field-error`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "user-new-error")
	kept, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#user-new input[name=display_name]`)))
	if kept != "浏览器测试员" || !strings.Contains(text(t, ctx, "#user-new"), "登录名为") {
		t.Fatalf("form did not keep the input or show the error: %q", kept)
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#user-new input[name=username]`), "browser.user"),
		chromedp.SetValue(chromedp.CSS(`#user-new select[name=department_id]`), fmt.Sprint(env.Lookup(t,
			`SELECT id FROM departments WHERE commission_id = ? AND kind = 'cadre_supervision'`, province))),
		chromedp.Click(chromedp.CSS(`#user-new input[value=cadre_supervision]`)),
		chromedp.Click(chromedp.CSS(`#user-new button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "user-created")
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "已新增用户 browser.user") || !strings.Contains(got, "初始密码") {
		t.Fatalf("notice: %q", got)
	}
	if got := text(t, ctx, "dl.facts"); !strings.Contains(got, "干部监督室") || !strings.Contains(got, "干部监督") {
		t.Fatalf("user page: %q", got)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/audit"),
		chromedp.WaitVisible(chromedp.CSS(`table.audit`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=action]`), "user."),
	)
	if err != nil {
		t.Fatal(err)
	}
	// the filtered page replaces a page that already has the table: wait for its response
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.filters button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`table.audit`))); err != nil {
		t.Fatal(err)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "action=user.") {
		t.Fatalf("filter not applied: %s", loc)
	}
	shot(t, ctx, "audit")
	if got := text(t, ctx, "table.audit"); !strings.Contains(got, "新增用户 browser.user（浏览器测试员），角色：干部监督") {
		t.Fatalf("audit viewer: %q", got)
	}
}

// TestBrowserCountyRefusedSibling: a county user opening a sibling county's page by its
// address gets a plain 404 that says nothing about it.
func TestBrowserCountyRefusedSibling(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	own := env.Lookup(t, `SELECT id FROM commissions WHERE code = '520102'`)
	sibling := env.Lookup(t, `SELECT id FROM commissions WHERE code = '520103'`)

	browserLogin(t, ctx, base, "nm.ganjian", res.Password)
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/org/commissions/%d", base, own)), chromedp.WaitVisible(chromedp.CSS(`dl.facts`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "h1"); got != "南明区纪委监委" {
		t.Fatalf("own county: %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/org/commissions/%d", base, sibling)), chromedp.WaitVisible(chromedp.CSS(`main h1`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "sibling-refused")
	got := text(t, ctx, "main")
	if !strings.Contains(got, "404") || !strings.Contains(got, "不存在或无权查看") || strings.Contains(got, "云岩区") {
		t.Fatalf("sibling county page: %q", got)
	}
}

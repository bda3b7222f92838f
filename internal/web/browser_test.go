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

// TestBrowserAddUserSeenInAudit is 三员分立 through the forms: the system administrator adds
// an account (no role on the form; a mistake first, the form keeps what was typed); the
// security administrator grants its role; the system administrator asks for a password reset,
// which does not work until the security administrator approves it; the owner, logging in,
// is told who reset the password and when; the auditor finds it all in the audit viewer.
func TestBrowserAddUserSeenInAudit(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	province := env.Lookup(t, `SELECT id FROM commissions WHERE code = '52'`)
	do := func(acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, acts...); err != nil {
			t.Fatal(err)
		}
	}
	submit := func(form string) {
		t.Helper()
		do(chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`)) // confirmations answered yes
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(form+` button[type=submit]`))); err != nil {
			t.Fatal(err)
		}
	}
	logout := func() {
		t.Helper()
		do(chromedp.Navigate(base + "/"))
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('form[action="/logout"]').length`)); n > 0 {
			if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`))); err != nil {
				t.Fatal(err)
			}
		}
	}
	as := func(user string) {
		t.Helper()
		logout()
		browserLogin(t, ctx, base, user, res.Password)
	}

	browserLogin(t, ctx, base, "admin", res.Password)
	shot(t, ctx, "home")
	if got := text(t, ctx, "main"); !strings.Contains(got, "贵州省纪委监委") || !strings.Contains(got, "尚未建设") {
		t.Fatalf("home page: %q", got)
	}
	do(chromedp.Navigate(fmt.Sprintf("%s/org/commissions/%d", base, province)),
		chromedp.WaitVisible(chromedp.CSS(`a.button[href^="/users/new"]`)))
	shot(t, ctx, "commission")
	// first a mistake: the form comes back with the error beside the field and the name kept
	do(chromedp.Click(chromedp.CSS(`a.button[href^="/users/new"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#user-new`)),
		chromedp.SendKeys(chromedp.CSS(`#user-new input[name=username]`), "Bad Name"),
		chromedp.SendKeys(chromedp.CSS(`#user-new input[name=display_name]`), "浏览器测试员"),
		chromedp.Click(chromedp.CSS(`#user-new button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.field-error`)))
	shot(t, ctx, "user-new-error")
	kept, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#user-new input[name=display_name]`)))
	if kept != "浏览器测试员" || !strings.Contains(text(t, ctx, "#user-new"), "登录名为") {
		t.Fatalf("form did not keep the input or show the error: %q", kept)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#user-new input[name=roles]').length`)); n != 0 {
		t.Fatalf("the system administrator's form offers %d roles", n)
	}
	do(chromedp.SetValue(chromedp.CSS(`#user-new input[name=username]`), "browser.user"),
		chromedp.SetValue(chromedp.CSS(`#user-new select[name=department_id]`), fmt.Sprint(env.Lookup(t,
			`SELECT id FROM departments WHERE commission_id = ? AND kind = 'cadre_supervision'`, province))),
		chromedp.Click(chromedp.CSS(`#user-new button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)))
	shot(t, ctx, "user-created")
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "已新增用户 browser.user") || !strings.Contains(got, "初始密码") {
		t.Fatalf("notice: %q", got)
	}
	if got := text(t, ctx, "dl.facts"); !strings.Contains(got, "干部监督室") || !strings.Contains(got, "未授予角色") {
		t.Fatalf("user page: %q", got)
	}
	userPage := fmt.Sprintf("%s/users/%d", base, env.Lookup(t, `SELECT id FROM users WHERE username = 'browser.user'`))

	// the security administrator grants the role
	as("secadmin")
	do(chromedp.Navigate(userPage), chromedp.WaitVisible(chromedp.CSS(`#user-roles-form`)),
		chromedp.Click(chromedp.CSS(`#user-roles-form input[value=cadre_supervision]`)))
	submit("#user-roles-form")
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "已保存角色") || !strings.Contains(text(t, ctx, "#user-roles"), "干部监督") {
		t.Fatalf("grant: %q", got)
	}
	shot(t, ctx, "role-granted")

	// the system administrator asks for a reset: the password is shown, not yet in effect
	as("admin")
	do(chromedp.Navigate(userPage), chromedp.WaitVisible(chromedp.CSS(`#user-reset`)),
		chromedp.SendKeys(chromedp.CSS(`#user-reset input[name=reason]`), "本人当面申请，忘记密码"))
	submit("#user-reset")
	notice := text(t, ctx, ".notice")
	pw := strings.SplitN(strings.SplitN(notice, "新密码：", 2)[1], "（", 2)[0]
	if pw == "" || !strings.Contains(notice, "经安全保密管理员批准后生效") || !strings.Contains(text(t, ctx, "#resets + table"), "待安全保密管理员批准") {
		t.Fatalf("reset request: %q", notice)
	}
	shot(t, ctx, "reset-requested")
	logout()
	do(chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), "browser.user"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), pw))
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.card button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "用户名或密码错误") {
		t.Fatalf("the reset password worked before its approval: %q", got)
	}

	// the security administrator approves it
	browserLogin(t, ctx, base, "secadmin", res.Password)
	do(chromedp.Navigate(base+"/users"), chromedp.WaitVisible(chromedp.CSS(`#pending-resets`)))
	if got := text(t, ctx, "#pending-resets"); !strings.Contains(got, "browser.user") || !strings.Contains(got, "本人当面申请") {
		t.Fatalf("pending resets: %q", got)
	}
	do(chromedp.Navigate(userPage), chromedp.WaitVisible(chromedp.CSS(`form[action$="/approve"]`)))
	submit(`form[action$="/approve"]`)
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "已批准密码重置") {
		t.Fatalf("approval: %q", got)
	}
	shot(t, ctx, "reset-approved")

	// the owner logs in and is told who reset the password and when
	logout()
	do(chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), "browser.user"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), pw),
		chromedp.Click(chromedp.CSS(`form.card button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#reset-notice`)))
	shot(t, ctx, "reset-notice")
	if got := text(t, ctx, "#reset-notice"); !strings.Contains(got, "您的密码已于 2026年11月26日") ||
		!strings.Contains(got, "系统管理员（admin） 申请、安全保密管理员（secadmin） 批准重置") {
		t.Fatalf("reset notice: %q", got)
	}
	do(chromedp.Click(chromedp.CSS(`#reset-notice a.button`)), chromedp.WaitVisible(chromedp.CSS(`input[name=current]`)))

	// the auditor finds every step
	as("gz.shenji")
	do(chromedp.Navigate(base+"/audit"), chromedp.WaitVisible(chromedp.CSS(`table.audit`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=action]`), "user."))
	// the filtered page replaces a page that already has the table: wait for its response
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.filters button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	do(chromedp.WaitVisible(chromedp.CSS(`table.audit`)))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "action=user.") {
		t.Fatalf("filter not applied: %s", loc)
	}
	shot(t, ctx, "audit")
	got := text(t, ctx, "table.audit")
	for _, want := range []string{"新增用户 browser.user（浏览器测试员），角色：—", "设置用户 browser.user 的角色：干部监督",
		"申请重置用户 browser.user 的密码", "批准重置用户 browser.user 的密码"} {
		if !strings.Contains(got, want) {
			t.Errorf("audit viewer lacks %q: %q", want, got)
		}
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

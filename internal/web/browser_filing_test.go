package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"custos/internal/auth"
	"custos/internal/clue"
	"custos/internal/org"
	"custos/internal/testkit"
)

// TestBrowserFilingReviewed: a city's approved disposal about a county commission secretary is
// filed from the city's filings page and reviewed — returned with an opinion, then accepted — by
// the province.
func TestBrowserFilingReviewed(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	bg := context.Background()
	principal := func(u string) org.Principal {
		p, err := auth.LoadPrincipal(bg, env.App.DB.Reader(), env.Lookup(t, `SELECT id FROM users WHERE username = ?`, u))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	svc := env.App.Clues
	c, err := svc.Register(bg, principal("gy.anguan"), clue.ClueInput{Source: "信访举报", ReceivedOn: "2026-11-02", Summary: "反映其公车私用", Subjects: "冯涛"})
	if err != nil {
		t.Fatal(err)
	}
	gy := env.Lookup(t, `SELECT id FROM commissions WHERE code = '5201'`)
	dept := env.Lookup(t, `SELECT id FROM departments WHERE commission_id = ? AND kind = 'cadre_supervision'`, gy)
	if err := svc.Allocate(bg, principal("gy.shuji"), c.ID, dept); err != nil {
		t.Fatal(err)
	}
	if err := svc.Review(bg, principal("gy.ganjian"), c.ID, clue.ReviewInput{Meeting: clue.MeetingInput{HeldOn: "2026-11-05", Kind: "集体研判", Chair: "李主任",
		Attendees: "王一\n张二"}, Opinion: "研判：初步核实", Disposal: clue.Prelim}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Approve(bg, principal("gy.shuji"), c.ID); err != nil {
		t.Fatal(err)
	}

	browserLogin(t, ctx, base, "gy.ganjian", res.Password)
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/filings"), chromedp.WaitVisible(chromedp.CSS(`#filings-out`)),
		chromedp.SendKeys(chromedp.CSS(`#filings-out input[name=report]`), "拟初步核实，核实组 3 人"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#filings-out button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#filings-out"); !strings.Contains(got, "已报备，待审查") {
		t.Fatalf("after filing: %q", got)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`))); err != nil {
		t.Fatal(err)
	}
	browserLogin(t, ctx, base, "gz.ganjian", res.Password)
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/filings"), chromedp.WaitVisible(chromedp.CSS(`#filings-in`)),
		chromedp.SendKeys(chromedp.CSS(`#filings-in input[name=opinion]`), "核实组应增加审计人员"))
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#filings-in"); !strings.Contains(got, "冯涛（县级纪委书记）") || !strings.Contains(got, "贵阳市纪委监委") {
		t.Fatalf("incoming: %q", got)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#filings-in button[value=return]`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "filing-returned")
	if got := text(t, ctx, "#filings-in"); !strings.Contains(got, "已退回") || !strings.Contains(got, "核实组应增加审计人员") {
		t.Fatalf("after returning: %q", got)
	}
}

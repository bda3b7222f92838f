package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"custos/internal/demo"
	"custos/internal/testkit"
)

// TestBrowserInspection: plan a round (a bad period first, kept as typed), draw its teams with
// a seed and read the exclusions, replace a member, record a finding at a target and send it
// to rectification and to a clue; the coverage page lists the round's units as covered.
func TestBrowserInspection(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	if err := demo.LoadInspection(context.Background(), env.App.DB, env.App.Cadres, env.App.Pool, env.App.Inspection, env.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	base := env.Serve(t).URL
	browserLogin(t, ctx, base, "gz.ganjian", res.Password)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/inspections"),
		chromedp.WaitVisible(chromedp.CSS(`#inspection-new`)),
		chromedp.SendKeys(chromedp.CSS(`#inspection-new input[name=title]`), "专项督查"),
		chromedp.SetValue(chromedp.CSS(`#inspection-new input[name=period]`), "二〇二六"),
		chromedp.SendKeys(chromedp.CSS(`#inspection-new textarea[name=plan]`), "督查线索处置"),
		chromedp.SetValue(chromedp.CSS(`#inspection-new input[name=onsite_from]`), "2026-12-10"),
		chromedp.SetValue(chromedp.CSS(`#inspection-new input[name=onsite_to]`), "2026-12-20"),
		chromedp.SetValue(chromedp.CSS(`#inspection-new input[name=team_size]`), "2"),
		chromedp.SendKeys(chromedp.CSS(`#inspection-new textarea[name=targets]`), "52-R01\n52-S01"),
		chromedp.Click(chromedp.CSS(`#inspection-new button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#inspection-new .field-error`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#inspection-new textarea[name=plan]`))); v != "督查线索处置" {
		t.Fatalf("plan lost: %q", v)
	}
	if _, err := chromedp.Run(ctx, chromedp.SetValue(chromedp.CSS(`#inspection-new input[name=period]`), "2026")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#inspection-new button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "已制定督查方案") {
		t.Fatalf("notice %q", got)
	}
	if _, err := chromedp.Run(ctx, chromedp.SendKeys(chromedp.CSS(`#inspection-draw input[name=seed]`), "12345")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#inspection-draw button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#draw-facts"); !strings.Contains(got, "随机种子 12345") {
		t.Fatalf("draw %q", got)
	}
	teams := text(t, ctx, "#inspection-targets")
	if !strings.Contains(teams, "组长") || !strings.Contains(teams, "回避和排除说明") {
		t.Fatalf("teams %q", teams)
	}
	shot(t, ctx, "inspection-teams")
	err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#inspection-targets form.replace input[name=why]`), "另有专案任务"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#inspection-targets form.replace button`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "按同一规则抽取") {
		t.Fatalf("replace %q", got)
	}
	if got := text(t, ctx, "#inspection-targets"); !strings.Contains(got, "已替换：另有专案任务") {
		t.Fatalf("after replacement %q", got)
	}

	// The demo round's 南明区: a finding to rectification and to a clue.
	round := env.Lookup(t, `SELECT id FROM inspection_rounds WHERE title = ?`, demo.InspectionRound)
	target := env.Lookup(t, `SELECT t.id FROM inspection_targets t JOIN commissions c ON c.id = t.unit_id WHERE t.round_id = ? AND c.code = '520102'`, round)
	err = chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/inspections/%d/targets/%d", base, round, target)),
		chromedp.WaitVisible(chromedp.CSS(`#finding-new`)),
		chromedp.SetValue(chromedp.CSS(`#finding-new select[name=dimension]`), "political"),
		chromedp.SetValue(chromedp.CSS(`#finding-new select[name=category]`), "主体责任落实不力"),
		chromedp.SetValue(chromedp.CSS(`#finding-new select[name=severity]`), "grave"),
		chromedp.SetValue(chromedp.CSS(`#finding-new select[name=stage]`), "duty"),
		chromedp.SendKeys(chromedp.CSS(`#finding-new input[name=tags]`), "队伍建设、专题研究"),
		chromedp.SendKeys(chromedp.CSS(`#finding-new textarea[name=description]`), "未专题研究纪检监察干部队伍建设"),
		chromedp.SendKeys(chromedp.CSS(`#finding-new textarea[name=evidence]`), "2025 年党委会议记录"),
		chromedp.SendKeys(chromedp.CSS(`#finding-new input[name=responsible]`), "冯涛"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#finding-new button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#findings"); !strings.Contains(got, "未专题研究纪检监察干部队伍建设") {
		t.Fatalf("findings %q", got)
	}
	if _, err := chromedp.Run(ctx, chromedp.SetValue(chromedp.CSS(`#findings form.to-rectify input[name=due_on]`), "2027-03-01")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#findings form.to-rectify button`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "已下达整改任务，期限 2027-03-01") {
		t.Fatalf("rectify %q", got)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#findings form.to-clue button`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".notice"); !strings.Contains(got, "已作为问题线索移送，线索编号") {
		t.Fatalf("clue %q", got)
	}
	shot(t, ctx, "inspection-target")
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/inspections/coverage?period=2026"), chromedp.WaitVisible(chromedp.CSS(`#coverage-total`)))
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#coverage-total"); !strings.Contains(got, "已督查 5 个") {
		t.Fatalf("coverage %q", got)
	}
	if got := text(t, ctx, "#coverage-uncovered"); strings.Contains(got, "南明区纪委监委") || strings.Contains(got, "省属能源集团纪委") {
		t.Fatalf("covered units listed as uncovered: %q", got)
	}

	// The problem library: a search by a tag word, then only the repeated problems.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/inspections/problems"),
		chromedp.WaitVisible(chromedp.CSS(`#problem-search`)),
		chromedp.SendKeys(chromedp.CSS(`#problem-search input[name=q]`), "专题研究"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#problem-search button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#problems"); !strings.Contains(got, "未专题研究纪检监察干部队伍建设") || strings.Contains(got, "到岗谈话") {
		t.Fatalf("search %q", got)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/inspections/problems"),
		chromedp.WaitVisible(chromedp.CSS(`#problem-search`)),
		chromedp.Click(chromedp.CSS(`#problem-search input[name=repeated]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#problem-search button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "inspection-problems")
	if got := text(t, ctx, "#problems"); !strings.Contains(got, "整改不到位") || !strings.Contains(got, "3 件问题线索未经集体研判即予了结") || strings.Contains(got, "到岗谈话") {
		t.Fatalf("repeated %q", got)
	}
	if got := text(t, ctx, "#problem-analysis"); !strings.Contains(got, "其中整改不到位 1 个") {
		t.Fatalf("analysis %q", got)
	}
}

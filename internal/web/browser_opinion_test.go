package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"custos/internal/testkit"
)

// TestBrowserIntegrityOpinion: an officer registers the organisation department's request
// (first with a name that is nobody, keeping what was typed), reads the drafts drawn from the
// archives, edits one, confirms, and downloads the numbered reply as a DOCX.
func TestBrowserIntegrityOpinion(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	browserLogin(t, ctx, base, "gz.ganjian", res.Password)

	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/opinions"),
		chromedp.WaitVisible(chromedp.CSS(`#opinion-new`)),
		chromedp.SendKeys(chromedp.CSS(`#opinion-new input[name=requester]`), "中共贵州省委组织部"),
		chromedp.SendKeys(chromedp.CSS(`#opinion-new input[name=purpose]`), "拟提拔任用"),
		chromedp.SendKeys(chromedp.CSS(`#opinion-new textarea[name=cadres]`), "王建国\n周杰\n王不存在"),
		chromedp.Click(chromedp.CSS(`#opinion-new button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.field-error`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#opinion-new"); !strings.Contains(got, "第 3 行“王不存在”：管辖范围内查无此人") {
		t.Fatalf("bad line not reported: %q", got)
	}
	typed, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#opinion-new textarea[name=cadres]`)))
	if err != nil || !strings.Contains(typed, "王建国\n周杰") {
		t.Fatalf("typed list lost: %q %v", typed, err)
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#opinion-new textarea[name=cadres]`), "王建国\n周杰"),
		chromedp.Click(chromedp.CSS(`#opinion-new button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#opinion-confirm`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "opinion-draft")
	zhou := env.Lookup(t, `SELECT id FROM cadres WHERE name = '周杰'`)
	wang := env.Lookup(t, `SELECT id FROM cadres WHERE name = '王建国'`)
	page := text(t, ctx, "main")
	if !strings.Contains(page, "周航") || !strings.Contains(page, "有需说明的情况") {
		t.Fatalf("drafts: %q", page)
	}
	clean, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(fmt.Sprintf(`#subject-%d textarea[name=reply]`, wang))))
	if err != nil || !strings.Contains(clean, "未发现王建国同志有违反党风廉政建设规定的问题") {
		t.Fatalf("王建国's draft: %q %v", clean, err)
	}
	box := fmt.Sprintf(`#subject-%d textarea[name=reply]`, zhou)
	err = chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(box), "周杰同志之子周航持股企业已按规定报告，经核实不在其管辖业务范围内。"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#subject-%d button[type=submit]`, zhou)))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".notice"); got != "已保存修改" {
		t.Fatalf("after saving: %q", got)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#opinion-confirm button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "opinion-confirmed")
	if got := text(t, ctx, "#opinion-status"); !strings.Contains(got, "黔纪函〔2026〕1号") {
		t.Fatalf("status: %q", got)
	}
	type download struct{ Type, Data string }
	d, err := chromedp.Run(ctx, chromedp.Evaluate[download](`(async () => {
		const r = await fetch(document.querySelector('#opinion-docx').href);
		const b = new Uint8Array(await r.arrayBuffer());
		let s = ''; for (const x of b) s += String.fromCharCode(x);
		return {Type: r.headers.get('content-type'), Data: btoa(s)};
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(d.Data)
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil || !strings.Contains(d.Type, "wordprocessingml") {
		t.Fatalf("download is not a DOCX (%s): %v", d.Type, err)
	}
	doc := ""
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			doc = string(b)
		}
	}
	for _, want := range []string{"黔纪函〔2026〕1号", "关于王建国等2名同志党风廉政意见的复函", "中共贵州省委组织部：", "经核实不在其管辖业务范围内", `w:pgSz w:w="11906"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("DOCX lacks %s", want)
		}
	}
	// the same letter as a printable page
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#opinion-print`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".paper"); !strings.Contains(got, "黔纪函〔2026〕1号") || !strings.Contains(got, "关于王建国等2名同志党风廉政意见的复函") {
		t.Errorf("print view: %q", got)
	}
}

// TestBrowserPortraitWithEvidence: the officer writes a key leader's three portraits, ticking
// archive items as evidence; a dimension without evidence is refused with the judgments kept.
func TestBrowserPortraitWithEvidence(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	zhou := env.Lookup(t, `SELECT id FROM cadres WHERE name = '周杰'`)
	browserLogin(t, ctx, base, "gz.ganjian", res.Password)
	err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/cadres/%d", base, zhou)),
		chromedp.WaitVisible(chromedp.CSS(`#archive-open`)),
		chromedp.SetValue(chromedp.CSS(`#archive-open select[name=purpose]`), "日常监督"),
		chromedp.Click(chromedp.CSS(`#archive-open button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.timeline`)),
		chromedp.Click(chromedp.CSS(`details.noprint summary`)),
		chromedp.SendKeys(chromedp.CSS(`#portrait input[name=period]`), "2026 年度"),
	)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#portrait fieldset')].map(f => f.querySelector('textarea').name.slice('judgment_'.length))`))
	if err != nil || len(ids) != 3 {
		t.Fatalf("dimensions %v %v", ids, err)
	}
	for i, id := range ids {
		acts := []chromedp.Action[chromedp.Void]{chromedp.SendKeys(chromedp.CSS(`#portrait textarea[name=judgment_`+id+`]`), fmt.Sprintf("判断%d：表现良好", i+1))}
		if i < 2 { // the third dimension is left without evidence first
			acts = append(acts, chromedp.Click(chromedp.CSS(`#portrait input[name=evidence_`+id+`]`)))
		}
		if err := chromedp.Do(ctx, acts...); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#portrait button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#portrait .field-error`))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#portrait"); !strings.Contains(got, "须至少关联一项档案事项作为依据") {
		t.Fatalf("missing evidence not reported: %q", got)
	}
	kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#portrait textarea[name=judgment_`+ids[0]+`]`)))
	if err != nil || kept != "判断1：表现良好" {
		t.Fatalf("judgment lost: %q %v", kept, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#portrait input[name=evidence_`+ids[2]+`]`)),
		chromedp.Click(chromedp.CSS(`#portrait button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "portrait")
	got := text(t, ctx, "main")
	if !strings.Contains(got, "已撰写 2026 年度 三幅画像") || !strings.Contains(got, "判断3：表现良好") || !strings.Contains(got, "依据：") {
		t.Fatalf("portrait not shown: %q", got)
	}
}

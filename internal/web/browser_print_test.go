package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"custos/internal/cadre"
	"custos/internal/org"
	"custos/internal/testkit"
)

// TestBrowserArchivePrintsOnOnePage: the summary (一口清) of a key leader with ten years of
// history — appointments, talks, portraits, records — prints on one A4 page.
func TestBrowserArchivePrintsOnOnePage(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	bg := context.Background()
	sys := org.SystemPrincipal("test")
	zhou := env.Lookup(t, `SELECT id FROM cadres WHERE name = '周杰'`)
	svc := env.App.Cadres
	for year := 2016; year <= 2025; year++ {
		for i := 0; i < 2; i++ {
			if _, _, err := svc.RecordAppointment(bg, sys, zhou, cadre.AppointmentInput{Date: fmt.Sprintf("%d-%02d-10", year, 3+i*6),
				Kind: cadre.Exchange, Post: fmt.Sprintf("市纪委书记、市监委主任（%d-%d）", year, i), DocNo: fmt.Sprintf("筑委〔%d〕%d号", year, i+1)}); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < 4; i++ {
			talk, err := svc.ScheduleTalk(bg, sys, zhou, cadre.TalkPeriodic, fmt.Sprintf("%d-%02d-15", year, 1+i*3), "定期谈话")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.RecordTalk(bg, sys, talk.ID, fmt.Sprintf("%d-%02d-20", year, 1+i*3), "陈立", strings.Repeat("谈话内容记录。", 30)); err != nil {
				t.Fatal(err)
			}
		}
		for _, sec := range cadre.Sections() {
			if _, err := svc.AddRecord(bg, sys, zhou, cadre.Record{Section: sec.ID, Date: fmt.Sprintf("%d-12-01", year),
				Title: fmt.Sprintf("%d 年度%s", year, sec.Name), Content: strings.Repeat("内容。", 40), Source: "测试"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	browserLogin(t, ctx, base, "gz.ganjian", res.Password)
	err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/cadres/%d", base, zhou)),
		chromedp.WaitVisible(chromedp.CSS(`#archive-open`)),
		chromedp.SetValue(chromedp.CSS(`#archive-open select[name=purpose]`), "干部考察"),
		chromedp.Click(chromedp.CSS(`#archive-open button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#summary`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#summary"); !strings.Contains(got, "已谈 40 次") || !strings.Contains(got, "禁业冲突 1 项") || !strings.Contains(got, "年度考核") {
		t.Fatalf("summary: %q", got)
	}
	pdf, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: ptr(true)})
		return r.Data, err
	})
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("CUSTOS_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "archive-summary.pdf"), pdf, 0o644)
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1))
	if pages != 1 {
		t.Fatalf("the summary prints on %d pages, want 1", pages)
	}
}

func ptr[T any](v T) *T { return &v }

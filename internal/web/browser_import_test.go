package web_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"custos/internal/testkit"
)

// rosterFile writes a roster workbook like an organisation department's, with bad rows: a
// wrong check digit, an unknown commission and a date in the future.
func rosterFile(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	rows := [][]any{
		{"姓名", "身份证号码", "性别", "所属机构", "职务", "职级", "入党时间"},
		{"范明", withCheck("52010219800101001"), "男", "南明区纪委监委", "监督检查室主任", "乡科级", "2002-07-01"},
		{"黄丽", withCheck("52010319850202002"), "女", "云岩区纪委监委", "信访室副主任", "乡科级", ""},
		{"错号", wrongCheck("52010219800101003"), "男", "南明区纪委监委", "科员", "一般干部", ""},
		{"无机构", withCheck("52010219900303001"), "男", "火星纪委监委", "科员", "一般干部", ""},
		{"未来", withCheck("52010219910404001"), "男", "南明区纪委监委", "科员", "一般干部", "2099-07-01"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	// the optional sheets: one good row each, and a relation nobody knows
	f.NewSheet("任免记录")
	f.SetSheetRow("任免记录", "A1", &[]any{"干部身份证号码", "日期", "类别", "职务", "文号"})
	f.SetSheetRow("任免记录", "A2", &[]any{withCheck("52010219800101001"), "2020-05-06", "任职", "监督检查室主任", "南纪干〔2020〕5号"})
	f.NewSheet("家庭成员")
	f.SetSheetRow("家庭成员", "A1", &[]any{"干部身份证号码", "关系", "姓名", "工作单位"})
	f.SetSheetRow("家庭成员", "A2", &[]any{withCheck("52010219800101001"), "配偶", "范妻", "南明区某小学"})
	f.SetSheetRow("家庭成员", "A3", &[]any{withCheck("52010319850202002"), "表哥", "黄表哥", ""})
	path := filepath.Join(t.TempDir(), "花名册.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func checkChar(d17 string) byte {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(d17[i]-'0') * w[i]
	}
	return "10X98765432"[sum%11]
}

func withCheck(d17 string) string { return d17 + string(checkChar(d17)) }

// wrongCheck gives 17 digits a check character that is not theirs.
func wrongCheck(d17 string) string {
	c := checkChar(d17)
	if c == '0' {
		return d17 + "1"
	}
	return d17 + "0"
}

func TestBrowserImportRoster(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	file := rosterFile(t)
	if _, err := os.Stat(file); err != nil {
		t.Fatal(err)
	}
	browserLogin(t, ctx, base, "gz.ganjian", res.Password)
	upload := func(mode string) string {
		t.Helper()
		err := chromedp.Do(ctx,
			chromedp.Navigate(base+"/cadres/import"),
			chromedp.WaitVisible(chromedp.CSS(`#import`)),
			chromedp.SetUploadFiles(chromedp.CSS(`#import input[type=file]`), []string{file}),
			chromedp.Click(chromedp.CSS(`#import input[value=`+mode+`]`)),
			chromedp.Click(chromedp.CSS(`#import button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`#import-errors`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		return text(t, ctx, "main")
	}
	got := upload("all")
	shot(t, ctx, "import-all")
	for _, want := range []string{"本次未导入任何数据", "第 4 行", "校验位错误", "第 5 行", "火星纪委监委", "第 6 行", "晚于今天", "新登记 0 人", "家庭成员\t第 3 行\t关系"} {
		if !strings.Contains(got, want) {
			t.Errorf("all-or-nothing result lacks %q:\n%s", want, got)
		}
	}
	got = upload("rows")
	shot(t, ctx, "import-rows")
	if !strings.Contains(got, "新登记 2 人") || !strings.Contains(got, "任免记录 1 条") || !strings.Contains(got, "家庭成员 1 人") || !strings.Contains(got, "4 处错误") {
		t.Fatalf("per-row result: %s", got)
	}
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/cadres?q=黄丽"), chromedp.WaitVisible(chromedp.CSS(`table.list`)))
	if err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "table.list"); !strings.Contains(got, "黄丽") || !strings.Contains(got, "云岩区纪委监委") {
		t.Fatalf("imported cadre not listed: %q", got)
	}
}

// A roster as an organisation department keeps it (testkit.OfficeRoster, 400 rows: city-
// qualified and full official unit names, 1968.10 dates, rooms not yet set up, bad rows) is
// uploaded row by row: the summary counts every valid row in, names the new rooms, lists every
// bad row, and the refused rows come back as a workbook with 错误原因.
func TestBrowserImportOfficeRoster(t *testing.T) {
	ctx := testkit.Browser(t)
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	units := []string{"贵阳市南明区纪委监委", "中共贵阳市云岩区纪律检查委员会", "花溪区纪委", "贵阳市乌当区纪委监委"}
	book, bad := testkit.OfficeRoster(t, 400, units)
	path := filepath.Join(t.TempDir(), "干部名册（组织部）.xlsx")
	if err := os.WriteFile(path, book.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	browserLogin(t, ctx, base, "gz.ganjian", res.Password)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/cadres/import"),
		chromedp.WaitVisible(chromedp.CSS(`#import`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#import input[type=file]`), []string{path}),
		chromedp.Click(chromedp.CSS(`#import input[value=rows]`)),
		chromedp.Click(chromedp.CSS(`#import button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#import-rejects`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "import-office-roster")
	summary := text(t, ctx, "#import-summary")
	if want := fmt.Sprintf("新登记 %d 人", 400-len(bad)); !strings.Contains(summary, want) || !strings.Contains(summary, fmt.Sprintf("%d 行未导入", len(bad))) {
		t.Fatalf("summary %q, want %q and %d refused", summary, want, len(bad))
	}
	if got := text(t, ctx, "#import-departments"); !strings.Contains(got, "南明区纪委监委 第一监督检查室") {
		t.Errorf("new departments: %q", got)
	}
	errs := text(t, ctx, "#import-errors")
	for line := range bad {
		if !strings.Contains(errs, fmt.Sprintf("第 %d 行", line)) {
			t.Errorf("bad line %d not listed", line)
		}
	}
	type download struct{ Type, Data string }
	d, err := chromedp.Run(ctx, chromedp.Evaluate[download](`(async () => {
		const r = await fetch(document.querySelector('#import-rejects').href);
		const b = new Uint8Array(await r.arrayBuffer());
		let s = ''; for (const x of b) s += String.fromCharCode(x);
		return {Type: r.headers.get('content-type'), Data: btoa(s)};
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(d.Data)
	x, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil || !strings.Contains(d.Type, "spreadsheetml") {
		t.Fatalf("refused rows are not a workbook (%s): %v", d.Type, err)
	}
	rows, _ := x.GetRows("干部名册")
	if len(rows) != len(bad)+1 || rows[0][len(rows[0])-1] != "错误原因" || !strings.HasPrefix(rows[1][len(rows[1])-1], "原第 ") {
		t.Fatalf("refused rows workbook: %d rows, first %v", len(rows), rows[:min(2, len(rows))])
	}
}

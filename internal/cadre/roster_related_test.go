package cadre_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"custos/internal/cadre"
)

// sheets builds an XLSX with named sheets in order, each given as rows (the first is the
// header).
func sheets(t *testing.T, names []string, data ...[][]any) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	for i, name := range names {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else {
			f.NewSheet(name)
		}
		for j, r := range data[i] {
			cell, _ := excelize.CoordinatesToCellName(1, j+1)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return &b
}

func withRelated(t *testing.T) *bytes.Buffer {
	jia, yi := idn("52010219800101001"), idn("52010319810202002")
	return sheets(t, []string{"干部名册", "任免记录", "家庭成员"},
		[][]any{
			{"姓名", "身份证号码", "所属机构代码", "职务", "职级"},
			{"甲一", jia, "520102", "干部监督室主任", "乡科级"},
			{"乙二", yi, "520103", "科员", "一般干部"},
		},
		[][]any{
			{"干部身份证号码", "日期", "类别", "职务", "文号"},
			{jia, "2021-06-15", "任职", "干部监督室主任", "南纪干〔2021〕7号"},
			{jia, "2026-11-20", "交流", "干部监督室主任", "南纪干〔2026〕9号"},  // recent: the arrival talk is still due
			{yi, "2030-01-01", "任职", "科员", ""},                   // future date
			{"520102198203030011", "2020-01-01", "任职", "科员", ""}, // wrong check digit
			{jia, "2019-01-01", "提拔", "科员", ""},                  // unknown kind
		},
		[][]any{
			{"干部身份证号码", "关系", "姓名", "工作单位", "经商办企业", "地区"},
			{jia, "配偶", "甲妻", "某小学", "", ""},
			{yi, "儿子", "乙子", "某公司", "建筑工程", "南明区"},
			{yi, "表哥", "乙兄", "", "", ""}, // unknown relation
		})
}

func TestImportRelatedSheets(t *testing.T) {
	f := setup(t)
	res, err := f.svc.Import(f.ctx, f.prov, withRelated(t), true)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ sheet, column, words string }{
		{"任免记录", "日期", "晚于今天"},
		{"任免记录", "干部身份证号码", "校验位错误"},
		{"任免记录", "类别", "任职、免职 或 交流"},
		{"家庭成员", "关系", "特定关系人"},
	}
	if len(res.Errors) != len(want) || res.Created != 0 {
		t.Fatalf("atomic import: %+v", res)
	}
	for i, w := range want {
		e := res.Errors[i]
		if e.Sheet != w.sheet || e.Column != w.column || !strings.Contains(e.Reason, w.words) {
			t.Errorf("error %d = %+v, want %v", i, e, w)
		}
	}
	if _, total, _ := f.svc.List(f.ctx, f.prov, cadre.Filter{}); total != 0 {
		t.Fatalf("atomic import with bad related rows wrote %d cadres", total)
	}

	res, err = f.svc.Import(f.ctx, f.prov, withRelated(t), false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 2 || res.Appointments != 2 || res.Family != 2 || len(res.Errors) != 4 {
		t.Fatalf("per-row import: %+v", res)
	}
	jia := f.env.Lookup(t, `SELECT id FROM cadres WHERE name = '甲一'`)
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM talks WHERE cadre_id = ? AND kind = 'arrival'`, jia); n != 1 {
		t.Errorf("%d arrival talks: only the appointment whose talk is still due schedules one", n)
	}
	if post := f.env.Lookup(t, `SELECT COUNT(*) FROM cadres WHERE id = ? AND post = '干部监督室主任'`, jia); post != 1 {
		t.Error("an imported historical appointment must not change the roster's post")
	}
	again, err := f.svc.Import(f.ctx, f.prov, withRelated(t), false)
	if err != nil {
		t.Fatal(err)
	}
	if again.Created != 0 || again.Updated != 0 || again.Unchanged != 2 || again.Appointments != 0 || again.Family != 0 {
		t.Errorf("an unchanged re-import writes nothing: %+v", again)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM family_members`); n != 2 {
		t.Errorf("%d family members after re-import, want 2", n)
	}

	// a workbook of family members only, for cadres already registered
	only := sheets(t, []string{"家庭成员"}, [][]any{
		{"干部身份证号码", "关系", "姓名", "工作单位"},
		{idn("52010219800101001"), "女儿", "甲女", "某大学"},
	})
	res, err = f.svc.Import(f.ctx, f.prov, only, true)
	if err != nil || res.Family != 1 || len(res.Errors) != 0 {
		t.Fatalf("family-only workbook: %+v %v", res, err)
	}
	county := f.nm // 南明区: 乙二 (云岩区) is outside
	res, err = f.svc.Import(f.ctx, county, sheets(t, []string{"家庭成员"}, [][]any{
		{"干部身份证号码", "关系", "姓名"}, {idn("52010319810202002"), "配偶", "乙妻"},
	}), true)
	if err != nil || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Reason, "不在您的管理范围内") {
		t.Fatalf("out-of-scope cadre: %+v %v", res, err)
	}
}

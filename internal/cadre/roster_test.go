package cadre_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"custos/internal/cadre"
)

// workbook builds an XLSX with the given rows (the first is the header).
func workbook(t *testing.T, rows [][]any) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return &b
}

var header = []any{"序号", "姓名", "身份证号码", "所属机构代码", "所属机构", "部门", "职务", "职级", "入党时间", "委员身份"}

func roster(t *testing.T) *bytes.Buffer {
	return workbook(t, [][]any{
		header,
		{1, "甲一", idn("52010219800101001"), "520102", "", "干部监督室", "干部监督室主任", "乡科级", "2003-07-01", "纪委委员"},
		{2, "乙二", idn("52010319810202002"), "", "云岩区纪委监委", "", "科员", "一般干部", "", ""},
		{3, "丙三", "520102198203030011", "520102", "", "", "科员", "一般干部", "", ""},               // wrong check digit
		{4, "丁四", idn("52010219830404004"), "999999", "", "", "科员", "一般干部", "", ""},           // unknown commission
		{5, "戊五", idn("52010219840505005"), "520102", "", "", "科员", "一般干部", "2031-07-01", ""}, // future date
		{},
		{7, "己六", idn("52010219850606006"), "", "贵阳市纪委监委", "", "科员", "一般干部", "", ""},
	})
}

func TestImportAllOrNothing(t *testing.T) {
	f := setup(t)
	res, err := f.svc.Import(f.ctx, f.prov, roster(t), true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 0 || res.Updated != 0 || res.Rows != 6 || len(res.Errors) != 3 {
		t.Fatalf("atomic import with bad rows: %+v", res)
	}
	want := []struct {
		line   int
		column string
		words  string
	}{
		{4, "身份证号码", "校验位错误"},
		{5, "所属机构", "机构代码 999999 不存在"},
		{6, "入党时间", "晚于今天"},
	}
	for i, w := range want {
		e := res.Errors[i]
		if e.Line != w.line || e.Column != w.column || !strings.Contains(e.Reason, w.words) {
			t.Errorf("error %d: %+v, want line %d column %s %q", i, e, w.line, w.column, w.words)
		}
	}
	if rows, total, _ := f.svc.List(f.ctx, f.prov, cadre.Filter{}); total != 0 {
		t.Fatalf("atomic import wrote %d cadres: %+v", total, rows)
	}
}

func TestImportPerRowAndReimport(t *testing.T) {
	f := setup(t)
	res, err := f.svc.Import(f.ctx, f.prov, roster(t), false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 3 || len(res.Errors) != 3 {
		t.Fatalf("per-row import: %+v", res)
	}
	rows, total, _ := f.svc.List(f.ctx, f.prov, cadre.Filter{Query: "甲一"})
	if total != 1 || rows[0].DepartmentName != "干部监督室" || rows[0].CommitteeNames() != "纪委委员" || rows[0].PartyJoinDate != "2003-07-01" {
		t.Fatalf("imported row: %+v", rows)
	}
	// the same people again, one post changed: updates, no duplicates
	again := workbook(t, [][]any{header,
		{1, "甲一", idn("52010219800101001"), "520102", "", "", "干部监督室副主任", "乡科级", "", ""},
		{2, "乙二", idn("52010319810202002"), "520103", "", "", "科员", "一般干部", "", ""},
	})
	res, err = f.svc.Import(f.ctx, f.prov, again, true)
	if err != nil || res.Created != 0 || res.Updated != 1 || res.Unchanged != 1 || len(res.Errors) != 0 {
		t.Fatalf("re-import (甲一 changed, 乙二 as registered): %+v %v", res, err)
	}
	if _, total, _ = f.svc.List(f.ctx, f.prov, cadre.Filter{}); total != 3 {
		t.Fatalf("after re-import: %d cadres", total)
	}
	// a county user may not take over a cadre registered elsewhere
	res, err = f.svc.Import(f.ctx, f.nm, workbook(t, [][]any{header, {1, "乙二", idn("52010319810202002"), "520102", "", "", "科员", "一般干部", "", ""}}), false)
	if err != nil || res.Updated != 0 || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Reason, "管理范围以外") {
		t.Fatalf("import over another scope: %+v %v", res, err)
	}
	// export and import back: everything matches, so nothing is written
	var out bytes.Buffer
	n, err := f.svc.Export(f.ctx, f.prov, cadre.Filter{}, &out)
	if err != nil || n != 3 {
		t.Fatalf("export: %d %v", n, err)
	}
	res, err = f.svc.Import(f.ctx, f.prov, &out, true)
	if err != nil || res.Unchanged != 3 || res.Updated != 0 || res.Created != 0 || len(res.Errors) != 0 {
		t.Fatalf("export → import: %+v %v", res, err)
	}
}

func TestImportRejectsBadFiles(t *testing.T) {
	f := setup(t)
	for _, tc := range []struct {
		name string
		body *bytes.Buffer
		want string
	}{
		{"not xlsx", bytes.NewBufferString("姓名,身份证号码\n"), "不是有效的 XLSX"},
		{"no header", workbook(t, [][]any{{"姓名", "职务"}, {"甲", "科员"}}), "缺少列：身份证号码、职级、所属机构代码 或 所属机构"},
		{"duplicate in file", workbook(t, [][]any{header,
			{1, "甲", idn("52010219800101001"), "520102", "", "", "科员", "一般干部", "", ""},
			{2, "甲", idn("52010219800101001"), "520102", "", "", "科员", "一般干部", "", ""}}), "与第 2 行的身份证号码重复"},
	} {
		res, err := f.svc.Import(f.ctx, f.prov, tc.body, true)
		if err != nil || len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Reason, tc.want) {
			t.Errorf("%s: %+v %v", tc.name, res, err)
		}
	}
	var tpl bytes.Buffer
	if err := cadre.Template(&tpl); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&tpl)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("干部名册")
	if len(rows) != 2 || rows[0][0] != "姓名" || rows[0][1] != "身份证号码" {
		t.Fatalf("template: %v", rows)
	}
}

// A roster as an organisation department keeps it: a title row and a date line above the
// header, its own column names (身份证号, 工作单位, 现任职务, 政治面貌, 级别 with a star), levels
// and civil-service ranks instead of the five grades. Errors name the file's own columns.
func TestImportForeignRoster(t *testing.T) {
	f := setup(t)
	book := workbook(t, [][]any{
		{"贵州省纪检监察干部名册"},
		{"截至 2026 年 10 月"},
		{"序号", "姓 名", "性别", "身份证号", "工作单位", "内设机构", "现任职务", "级别*", "政治面貌", "入党时间"},
		{1, "庚七", "男", idn("52010219860707007"), "南明区纪委监委", "干部监督室", "副主任", "副科级", "中共党员", "2010-07-01"},
		{2, "辛八", "女", idn("52010319870808008"), "云岩区纪委监委", "", "科员", "一级科员", "群众", ""},
		{3, "壬九", "男", idn("52010219880909009"), "南明区纪委监委", "", "主任", "二级调研员", "民盟盟员", ""},
		{4, "癸十", "男", idn("52010219891010001"), "某某县纪委监委", "", "科员", "科员", "中共党员", ""}, // unknown commission
	})
	res, err := f.svc.Import(f.ctx, f.prov, book, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rejected || res.Created != 3 || len(res.Errors) != 1 {
		t.Fatalf("foreign roster: %+v", res)
	}
	if e := res.Errors[0]; e.Line != 7 || e.Column != "工作单位" || !strings.Contains(e.Reason, "某某县纪委监委") {
		t.Errorf("error %+v, want line 7, column 工作单位", e)
	}
	rows, _, err := f.svc.List(f.ctx, f.prov, cadre.Filter{Query: "庚七"})
	if err != nil || len(rows) != 1 || rows[0].Rank != "section" || !rows[0].PartyMember || rows[0].Post != "副主任" {
		t.Fatalf("庚七: %+v %v", rows, err)
	}
	rows, _, _ = f.svc.List(f.ctx, f.prov, cadre.Filter{Query: "壬九"})
	if len(rows) != 1 || rows[0].Rank != "county" || rows[0].PartyMember {
		t.Fatalf("壬九: %+v", rows)
	}
}

// A workbook whose first rows hold no header is refused with the row that came closest.
func TestImportNoHeader(t *testing.T) {
	f := setup(t)
	book := workbook(t, [][]any{{"名册"}, {"姓名", "职务", "职级"}, {"甲", "科员", "一般干部"}})
	res, err := f.svc.Import(f.ctx, f.prov, book, true)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Rejected || len(res.Errors) != 1 || res.Errors[0].Line != 2 || !strings.Contains(res.Errors[0].Reason, "身份证号码") {
		t.Fatalf("no ID column: %+v", res)
	}
}

package cadre_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"custos/internal/cadre"
	"custos/internal/testkit"
)

// officeUnits are the ways offices name Guiyang's district and county commissions: with the
// city, by the full official name, by a short name.
func officeUnits(t *testing.T, f fixture) []string {
	t.Helper()
	rows, err := f.env.App.DB.Reader().Query(context.Background(), `SELECT name FROM commissions WHERE code LIKE '5201__' ORDER BY code`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		place := strings.TrimSuffix(n, "纪委监委")
		out = append(out, "贵阳市"+n, "中共贵阳市"+place+"纪律检查委员会", place+"纪委")
	}
	if len(out) < 9 {
		t.Fatalf("demo Guiyang has %d names", len(out))
	}
	return out
}

// A 2,000-row roster of the shape organisation departments keep: every valid row in, every
// bad row named; the unknown rooms created once each and listed; the refused rows as a
// workbook with 错误原因; the same file again writes nothing; a changed post writes only it.
func TestImportOfficeRoster(t *testing.T) {
	f := setup(t)
	book, bad := testkit.OfficeRoster(t, 2000, officeUnits(t, f))
	raw := book.Bytes()
	audits := func() int64 { return f.env.Lookup(t, `SELECT COUNT(*) FROM audit_log`) }
	before := audits()
	res, err := f.svc.Import(f.ctx, f.prov, bytes.NewReader(raw), false)
	if err != nil {
		t.Fatal(err)
	}
	valid := 2000 - len(bad)
	if res.Rejected || res.Rows != 2000 || res.Created != valid || res.RefusedRows != len(bad) {
		t.Fatalf("office roster: rows %d created %d (want %d) refused %d (want %d) rejected %v; first errors %v",
			res.Rows, res.Created, valid, res.RefusedRows, len(bad), res.Rejected, res.Errors[:min(5, len(res.Errors))])
	}
	named := map[int][]string{}
	for _, e := range res.Errors {
		named[e.Line] = append(named[e.Line], e.Column+"："+e.Reason)
	}
	for line, word := range bad {
		if !strings.Contains(strings.Join(named[line], "；"), word) {
			t.Errorf("line %d: want a reason with %q, got %v", line, word, named[line])
		}
	}
	for line := range named {
		if _, ok := bad[line]; !ok {
			t.Errorf("good line %d refused: %v", line, named[line])
		}
	}
	once := map[string]bool{}
	for _, d := range res.NewDepartments {
		if once[d] || !strings.HasSuffix(d, "监督检查室") {
			t.Errorf("new departments: %v", res.NewDepartments)
		}
		once[d] = true
	}
	if len(once) < 10 {
		t.Errorf("new departments: %v", res.NewDepartments)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'department.create'`); n != int64(len(res.NewDepartments)) {
		t.Errorf("%d departments audited, %d listed", n, len(res.NewDepartments))
	}
	// dates as rosters write them
	rows, _, _ := f.svc.List(f.ctx, f.prov, cadre.Filter{Query: "干部0002"})
	if len(rows) != 1 || rows[0].WorkStart != "1983-07" || rows[0].PostSince != "2021-06" || rows[0].RankSince != "2019-12" ||
		rows[0].RankTitle != "二级调研员" || rows[0].Rank != "county" || rows[0].DepartmentName != "干部监督室" || rows[0].Education != "大学" {
		t.Fatalf("干部0002: %+v", rows)
	}
	rows, _, _ = f.svc.List(f.ctx, f.prov, cadre.Filter{Query: "干部0003"})
	if len(rows) != 1 || rows[0].WorkStart != "1984-07-01" || rows[0].DepartmentID != 0 {
		t.Fatalf("干部0003 (参加工作时间 an Excel date, no room): %+v", rows)
	}

	// the refused rows, to fix and upload again
	content, err := f.svc.Rejects(f.ctx, f.prov, res.RejectsID)
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := x.GetRows("干部名册")
	if len(got) != len(bad)+1 || got[0][len(got[0])-1] != "错误原因" || got[0][1] != "姓  名" {
		t.Fatalf("refused rows workbook: %d rows, header %v", len(got), got[0])
	}
	if _, err := f.svc.Rejects(f.ctx, f.nm, res.RejectsID); err == nil {
		t.Error("another user downloaded the refused rows")
	}

	// the same file again: nothing written, nothing audited
	mid := audits()
	res, err = f.svc.Import(f.ctx, f.prov, bytes.NewReader(raw), false)
	if err != nil || res.Created != 0 || res.Updated != 0 || res.Unchanged != valid || len(res.NewDepartments) != 0 {
		t.Fatalf("unchanged re-import: created %d updated %d unchanged %d new departments %v %v", res.Created, res.Updated, res.Unchanged, res.NewDepartments, err)
	}
	if n := audits(); n != mid {
		t.Errorf("unchanged re-import wrote %d audit entries", n-mid)
	}
	if mid <= before {
		t.Error("the first import audited nothing")
	}

	// one post changed: one update, audited before → after
	x, _ = excelize.OpenReader(bytes.NewReader(raw))
	post, _ := x.GetCellValue("Sheet1", "O7")
	name, _ := x.GetCellValue("Sheet1", "B7")
	x.SetCellStr("Sheet1", "O7", "第一监督检查室主任")
	var changed bytes.Buffer
	x.Write(&changed)
	res, err = f.svc.Import(f.ctx, f.prov, &changed, false)
	if err != nil || res.Updated != 1 || res.Created != 0 {
		t.Fatalf("changed re-import: %+v %v", res.Updated, err)
	}
	var summary string
	f.env.App.DB.Reader().QueryRow(f.ctx, `SELECT summary FROM audit_log WHERE action = 'cadre.update' ORDER BY seq DESC LIMIT 1`).Scan(&summary)
	if want := fmt.Sprintf("更新干部信息 %s：职务：%s → 第一监督检查室主任", name, post); summary != want {
		t.Errorf("audit summary %q, want %q", summary, want)
	}
}

// Duplicates are found whatever became of the first row, and the refused rows of every sheet
// are in the workbook.
func TestImportDuplicateAfterBadRow(t *testing.T) {
	f := setup(t)
	id := idn("52010219800101001")
	book := workbook(t, [][]any{header,
		{1, "甲", id, "520102", "", "", "科员", "不存在的职级", "", ""},
		{2, "甲", id, "520102", "", "", "科员", "一般干部", "", ""},
	})
	res, err := f.svc.Import(f.ctx, f.prov, book, false)
	if err != nil || res.Created != 0 || len(res.Errors) != 2 || !strings.Contains(res.Errors[1].Reason, "与第 2 行的身份证号码重复") {
		t.Fatalf("duplicate after a bad row: %+v %v", res, err)
	}
}

func officeRoster(t *testing.T, f fixture, n int) (*bytes.Buffer, map[int]string) {
	return testkit.OfficeRoster(t, n, officeUnits(t, f))
}

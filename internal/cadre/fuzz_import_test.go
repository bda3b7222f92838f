package cadre_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/xuri/excelize/v2"

	"custos/internal/apperr"
	"custos/internal/cadre"
	"custos/internal/testkit"
)

// FuzzRosterImport: any file handed to the roster import (all-or-nothing) is read without a
// panic and answered with a result — a refusal with a Chinese reason for what is not a good
// workbook — never an internal error.
func FuzzRosterImport(f *testing.F) {
	env := testkit.NewApp(f)
	env.Demo(f)
	p := env.As(f, "gz.ganjian")
	var tmpl bytes.Buffer
	if err := cadre.Template(&tmpl); err != nil {
		f.Fatal(err)
	}
	f.Add(tmpl.Bytes())
	wb := excelize.NewFile()
	for i, row := range [][]any{{"姓名", "身份证号码", "职务", "职级", "所属机构代码"}, {"赵敏", "11010519491231002X", "处长", "县处级", "52"}, {"钱\x00某", "\xff", "科长", "乡科级", "52"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := wb.SetSheetRow("Sheet1", cell, &row); err != nil {
			f.Fatal(err)
		}
	}
	var roster bytes.Buffer
	if err := wb.Write(&roster); err != nil {
		f.Fatal(err)
	}
	f.Add(roster.Bytes())
	f.Add([]byte("PK\x03\x04 not a workbook"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := env.App.Cadres.Import(context.Background(), p, bytes.NewReader(data), true)
		if err != nil && apperr.CodeOf(err) == apperr.Internal {
			t.Fatalf("internal error for a malformed file: %v", err)
		}
		if res.Rejected && len(res.Errors) == 0 {
			t.Fatal("refused without a reason")
		}
	})
}

package cadre_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"custos/internal/cadre"
	"custos/internal/xlsxguard"
)

// undeclared drops the worksheets' <dimension> so that only the reader's count can find the
// rows (writers other than Excel often leave it out).
func undeclared(t *testing.T, book *bytes.Buffer) *bytes.Buffer {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book.Bytes()), int64(book.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	dim := regexp.MustCompile(`<dimension[^>]*/>`)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			b = dim.ReplaceAll(b, nil)
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	return &out
}

// Rows past the limit that the sheet did not declare stop the import where they are counted;
// a client gone away stops it too.
func TestImportStopsAtRowLimitAndWhenTheClientLeaves(t *testing.T) {
	f := setup(t)
	a := f.env.App
	limited := cadre.NewService(a.DB, a.Audit, a.Org, a.Calendar, f.env.Clock.Now, cadre.Settings{Upload: xlsxguard.Limits{MaxRows: 50}})
	rows := [][]any{header}
	for i := range 60 {
		rows = append(rows, []any{i + 1, "甲", idn(fmt.Sprintf("5201021980%02d%02d%03d", 1+i%12, 1+i%28, i)), "520102", "", "", "科员", "一般干部", "", ""})
	}
	res, err := limited.Import(f.ctx, f.prov, undeclared(t, workbook(t, rows)), true)
	if err != nil || !res.Rejected || res.Created != 0 || !strings.Contains(res.Errors[len(res.Errors)-1].Reason, "超过每次导入 50 行的上限") {
		t.Fatalf("60 undeclared rows over a limit of 50: %+v %v", res, err)
	}
	gone, cancel := context.WithCancel(f.ctx)
	cancel()
	book, _ := bookOf(t, f, 600)
	res, err = f.svc.Import(gone, f.prov, book, false)
	if !errors.Is(err, context.Canceled) || res.Created != 0 || res.Rows > 256 {
		t.Fatalf("import for a client gone: %+v %v", res.Rows, err)
	}
}

func bookOf(t *testing.T, f fixture, n int) (*bytes.Buffer, map[int]string) {
	return officeRoster(t, f, n)
}

package xlsxguard

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"custos/internal/apperr"
)

// book builds a real workbook of n rows.
func book(t *testing.T, n int) []byte {
	t.Helper()
	f := excelize.NewFile()
	sw, _ := f.NewStreamWriter("Sheet1")
	sw.SetRow("A1", []any{"姓名", "职务"})
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{fmt.Sprintf("干部%d", i), "科员"})
	}
	sw.Flush()
	var b bytes.Buffer
	f.Write(&b)
	return b.Bytes()
}

// forged copies a workbook's entries, replacing those named in replace (written with the
// best compression) — how a bomb or a false declaration is made.
func forged(t *testing.T, base []byte, replace map[string]func(io.Writer)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	done := map[string]bool{}
	for _, f := range zr.File {
		w, _ := zw.Create(f.Name)
		if fn, ok := replace[f.Name]; ok {
			fn(w)
			done[f.Name] = true
			continue
		}
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	for name, fn := range replace {
		if !done[name] {
			w, _ := zw.Create(name)
			fn(w)
		}
	}
	zw.Close()
	return out.Bytes()
}

// A workbook whose shared strings unpack to hundreds of megabytes from a couple: refused from
// the zip's declared sizes in milliseconds, before excelize reads a byte of it.
func TestBombRefusedBeforeParsing(t *testing.T) {
	bomb := forged(t, book(t, 1), map[string]func(io.Writer){
		"xl/sharedStrings.xml": func(w io.Writer) {
			io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>`)
			chunk := bytes.Repeat([]byte("纪"), 1<<20/3)
			for range 100 { // 100 MB of one string
				w.Write(chunk)
			}
			io.WriteString(w, `</t></si></sst>`)
		},
	})
	if len(bomb) > 2<<20 {
		t.Fatalf("bomb of %d bytes", len(bomb))
	}
	start := time.Now()
	_, err := Open(bytes.NewReader(bomb), Defaults())
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(err), "解压后超过") {
		t.Fatalf("bomb: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refusing the bomb took %v", d)
	}
}

func TestDeclarationsRefused(t *testing.T) {
	sheet := func(dim string) func(io.Writer) {
		return func(w io.Writer) {
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="%s"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row></sheetData></worksheet>`, dim)
		}
	}
	strs := func(n int) func(io.Writer) {
		return func(w io.Writer) {
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d"><si><t>x</t></si></sst>`, n, n)
		}
	}
	base := book(t, 3)
	for _, tc := range []struct {
		name string
		data []byte
		l    Limits
		want string
	}{
		{"a million rows declared", forged(t, base, map[string]func(io.Writer){"xl/worksheets/sheet1.xml": sheet("A1:T1048576")}), Defaults(), "工作表声明有 1,048,576 行，超过每次导入 200,000 行的上限"},
		{"rows over a lower limit", forged(t, base, map[string]func(io.Writer){"xl/worksheets/sheet1.xml": sheet("A1:B61")}), Limits{MaxRows: 50}, "超过每次导入 50 行的上限"},
		{"shared strings declared", forged(t, base, map[string]func(io.Writer){"xl/sharedStrings.xml": strs(50_000_000)}), Defaults(), "50,000,000 个文本单元格"},
		{"too big", base, Limits{MaxBytes: 1024}, "文件超过 1 KB 的上限"},
		{"not a workbook", []byte("姓名,身份证号码\n"), Defaults(), "不是有效的 XLSX"},
	} {
		_, err := Open(bytes.NewReader(tc.data), tc.l)
		if !strings.Contains(apperr.MessageOf(err), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	// within the limits, the dimension declared is no obstacle
	f, err := Open(bytes.NewReader(forged(t, base, map[string]func(io.Writer){"xl/worksheets/sheet1.xml": sheet("A1:B60")})), Limits{MaxRows: 50})
	if err != nil {
		t.Fatalf("60 declared rows within 50 + the header's slack: %v", err)
	}
	f.Close()
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 200000: "200,000", 1048576: "1,048,576"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q", n, got)
		}
	}
}

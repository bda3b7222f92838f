// Package xlsxguard opens an uploaded XLSX workbook within limits that protect the server
// (issue 15 §5): the file's size, the rows a sheet may hold, and how far the archive may expand.
// Everything it can learn without parsing — the size read, the zip entries' declared
// uncompressed sizes, each worksheet's declared dimension, the shared-strings table's declared
// count — is checked before excelize parses anything, so a decompression bomb or a sheet
// declaring a million rows is refused at once with a Chinese reason (an apperr Invalid error).
// Rows a sheet does not declare are counted by the reader (TooManyRows).
package xlsxguard

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"custos/internal/apperr"
)

// Limits bound one upload.
type Limits struct {
	MaxBytes int64 // the file itself (20 MB)
	MaxRows  int   // data rows of a sheet (200,000)
}

// Defaults are the limits when the installation sets none.
func Defaults() Limits { return Limits{MaxBytes: 20 << 20, MaxRows: 200_000} }

// WithDefaults is l with the defaults in the limits it leaves at zero.
func (l Limits) WithDefaults() Limits {
	d := Defaults()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	return l
}

const (
	// maxRatio is how many times its compressed size the archive may expand to: XLSX XML
	// compresses 5–20 times, very repetitive sheets up to about 50; bombs hundreds of times.
	maxRatio = 100
	// minExpand is what any file may expand to regardless of the ratio (small files).
	minExpand = 64 << 20
	// maxExpand is the most any file may expand to (a full 20 MB file at a high ratio).
	maxExpand = 1 << 30
	// headRows is the slack above the data for a title and the header (the header scan).
	headRows = 10
	// stringsPerRow bounds the shared strings a sheet of MaxRows rows can need.
	stringsPerRow = 64
)

// Open reads the workbook from r, refusing it before any parsing when it breaks l, and opens
// it with excelize bounded to the sizes checked. The caller closes the file.
func Open(r io.Reader, l Limits) (*excelize.File, error) {
	l = l.WithDefaults()
	data, err := io.ReadAll(io.LimitReader(r, l.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > l.MaxBytes {
		return nil, apperr.New(apperr.Invalid, "文件超过 %s 的上限，请分成几个文件导入", size(l.MaxBytes))
	}
	expand, err := Check(data, l)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: max(expand+1, 16<<20)})
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "文件不是有效的 XLSX 工作簿")
	}
	return f, nil
}

var (
	dimension   = regexp.MustCompile(`<(?:\w+:)?dimension\s+ref="(?:[A-Z]+[0-9]+:)?[A-Z]+([0-9]+)"`)
	stringCount = regexp.MustCompile(`<(?:\w+:)?sst\b[^>]*?\b(?:uniqueCount|count)="([0-9]+)"`)
)

// Check inspects the archive without parsing it and returns the total uncompressed size it
// declares, or the reason it is refused.
func Check(data []byte, l Limits) (int64, error) {
	l = l.WithDefaults()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, apperr.New(apperr.Invalid, "文件不是有效的 XLSX 工作簿")
	}
	limit := min(max(int64(len(data))*maxRatio, minExpand), maxExpand)
	var total int64
	for _, f := range z.File {
		total += int64(f.UncompressedSize64)
		if f.UncompressedSize64 > uint64(maxExpand) || total > limit {
			return 0, apperr.New(apperr.Invalid, "文件解压后超过 %s（压缩前 %s），不像是正常的工作簿，已拒绝导入", size(max(total, int64(f.UncompressedSize64))), size(int64(len(data))))
		}
	}
	for _, f := range z.File {
		name := strings.ToLower(f.Name)
		switch {
		case strings.HasPrefix(name, "xl/worksheets/") && strings.HasSuffix(name, ".xml"):
			if n, ok := declared(f, dimension); ok && n > l.MaxRows+headRows {
				return 0, apperr.New(apperr.Invalid, "工作表声明有 %s 行，超过每次导入 %s 行的上限，请分成几个文件导入", count(n), count(l.MaxRows))
			}
		case name == "xl/sharedstrings.xml":
			if n, ok := declared(f, stringCount); ok && n > (l.MaxRows+headRows)*stringsPerRow {
				return 0, apperr.New(apperr.Invalid, "工作簿声明有 %s 个文本单元格，超过每次导入 %s 行所能容纳的数量，已拒绝导入", count(n), count(l.MaxRows))
			}
		}
	}
	return total, nil
}

// declared reads the first part of an entry (the declarations come before the data) and
// returns the number re finds.
func declared(f *zip.File, re *regexp.Regexp) (int, bool) {
	rc, err := f.Open()
	if err != nil {
		return 0, false
	}
	defer rc.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(rc, head)
	m := re.FindSubmatch(head[:n])
	if m == nil {
		return 0, false
	}
	v, err := strconv.Atoi(string(m[1]))
	return v, err == nil
}

// TooManyRows is the refusal of a sheet whose rows, counted while reading, pass the limit.
func TooManyRows(l Limits) error {
	l = l.WithDefaults()
	return apperr.New(apperr.Invalid, "工作表超过每次导入 %s 行的上限，已停止导入，请分成几个文件导入", count(l.MaxRows))
}

// Rows is l's row limit, defaults applied.
func (l Limits) Rows() int { return l.WithDefaults().MaxRows }

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", (n+(1<<20)-1)>>20)
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}

// count writes n with thousands separators: 200,000.
func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

package web_test

import (
	"archive/zip"
	"bytes"
	"mime/multipart"
	"strings"
	"testing"
)

// multipartFile is an import form with file as the upload.
func multipartFile(t *testing.T, file []byte) (body, contentType string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.WriteField("mode", "rows")
	fw, _ := w.CreateFormFile("file", "名册.xlsx")
	fw.Write(file)
	w.Close()
	return b.String(), w.FormDataContentType()
}

// Uploads past the size limit, and archives that declare more than they may expand to, are
// refused with a Chinese reason before any work.
func TestImportLimits(t *testing.T) {
	w := newWorld(t)
	c := w.as("gz.ganjian")
	big, ct := multipartFile(t, bytes.Repeat([]byte{'x'}, 21<<20))
	res := c.JSON("POST", "/cadres/import", big, map[string]string{"Content-Type": ct})
	if res.Status != 413 || !strings.Contains(res.Body, "文件超过 20 MB 的上限") {
		t.Fatalf("21 MB upload: %d %s", res.Status, mainOf(res.Body))
	}
	// a zip whose shared strings declare 600 MB
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	f, _ := zw.CreateRaw(&zip.FileHeader{Name: "xl/sharedStrings.xml", Method: zip.Store, CompressedSize64: 4, UncompressedSize64: 600 << 20})
	f.Write([]byte("<sst"))
	zw.Close()
	body, ct := multipartFile(t, z.Bytes())
	res = c.JSON("POST", "/cadres/import", body, map[string]string{"Content-Type": ct})
	if res.Status != 422 || !strings.Contains(res.Body, "文件解压后超过 600 MB") {
		t.Fatalf("bomb: %d %s", res.Status, mainOf(res.Body))
	}
}

func mainOf(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	return s[:min(len(s), 1500)]
}

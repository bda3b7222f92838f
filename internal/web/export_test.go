package web_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestAuditExportXLSX(t *testing.T) {
	w := newWorld(t)
	res := w.as("gz.shenji").Do("GET", "/audit/export?action=user.", nil, nil)
	if res.Status != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("export: %d %v", res.Status, res.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("审计日志")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 12 || rows[0][0] != "序号" || rows[0][5] != "摘要" {
		t.Fatalf("want a header and 11 user.create rows, got %d rows: %v", len(rows), rows[0])
	}
	found := false
	for _, r := range rows[1:] {
		found = found || strings.Contains(r[5], "新增用户 nm.ganjian")
		if !strings.HasPrefix(r[4], "user.") {
			t.Errorf("filter ignored: %v", r)
		}
	}
	if !found {
		t.Error("export lacks the demo user entries")
	}
	// the export itself is audited
	if !strings.Contains(w.as("gz.shenji").Do("GET", "/audit?action=audit.export", nil, nil).Body, "导出审计日志") {
		t.Error("the export was not audited")
	}
}

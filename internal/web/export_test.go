package web_test

import (
	"bytes"
	"custos/internal/demo"
	"fmt"
	"net/url"
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
	if want := len(demo.Users()) + 1; len(rows) != want || rows[0][0] != "序号" || rows[0][5] != "摘要" {
		t.Fatalf("want a header and %d user.create rows (one per demo user), got %d rows: %v", want-1, len(rows), rows[0])
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

// TestListExports: the worklist, the personnel pool (filtered) and the archive access log
// download as XLSX, scoped like their pages, and each download is audited.
func TestListExports(t *testing.T) {
	w := newWorld(t)
	read := func(user, path, sheet string) [][]string {
		t.Helper()
		res := w.as(user).Do("GET", path, nil, nil)
		if res.Status != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("%s: %d", path, res.Status)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	talks := read("gz.ganjian", "/talks/export", "谈话安排")
	if len(talks) < 2 || !strings.Contains(strings.Join(talks[1], " ")+strings.Join(talks[len(talks)-1], " "), "卫东") {
		t.Errorf("worklist export: %v", talks)
	}
	pool := read("gz.ganjian", "/pool/export?skill=%E5%B9%B2%E9%83%A8%E7%9B%91%E7%9D%A3", "干部监督人员库") // 干部监督
	if len(pool) != 3 || pool[0][0] != "姓名" {
		t.Errorf("pool export filtered by skill: %v", pool)
	}
	if county := read("nm.ganjian", "/pool/export", "干部监督人员库"); len(county) != 1 {
		t.Errorf("a county officer's pool export holds %d rows, want only the header", len(county))
	}
	zhou := w.env.Lookup(t, `SELECT id FROM cadres WHERE name = '周杰'`)
	w.as("gz.ganjian").Do("POST", fmt.Sprintf("/cadres/%d/archive", zhou), url.Values{"purpose": {"日常监督"}}, nil)
	log := read("gz.ganjian", "/archive-log/export", "档案查阅记录")
	if len(log) < 2 || !strings.Contains(log[1][3], "周杰") {
		t.Errorf("access log export: %v", log)
	}
	if n := w.env.Lookup(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'export'`); n != 4 {
		t.Errorf("%d exports audited, want 4", n)
	}
}

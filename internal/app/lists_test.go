package app_test

import (
	"context"
	"testing"

	"custos/internal/auth"
	"custos/internal/db"
	"custos/internal/demo"
	"custos/internal/org"
	"custos/internal/report"
	"custos/internal/testkit"
)

// TestBigScopeLists: past the count cap, the report and clue lists switch to reading in the
// list's order and stopping at the page; they still return the newest (key minority first)
// and say "more".
func TestBigScopeLists(t *testing.T) {
	if testing.Short() {
		t.Skip("短测试模式下跳过大数据量列表测试")
	}
	env := testkit.NewApp(t)
	env.Demo(t)
	ctx := context.Background()
	if err := demo.BulkReports(ctx, env.App.DB, db.CountCap+50, 1, false); err != nil {
		t.Fatal(err)
	}
	p, err := auth.LoadPrincipal(ctx, env.App.DB.Reader(), env.Lookup(t, `SELECT id FROM users WHERE username = 'gz.shuji'`))
	if err != nil {
		t.Fatal(err)
	}
	pg := org.Page{Size: 30}.Normalize()
	rs, total, err := env.App.Reports.List(ctx, p, report.Filter{Page: pg})
	if err != nil || total != db.CountCap+1 || len(rs) != 30 {
		t.Fatalf("reports: %d rows, total %d, %v", len(rs), total, err)
	}
	newest := env.Lookup(t, `SELECT MAX(id) FROM reports`)
	if rs[0].ID != newest || rs[1].ID >= rs[0].ID {
		t.Errorf("reports not newest first: %d, %d (newest %d)", rs[0].ID, rs[1].ID, newest)
	}
	cs, total, err := env.App.Clues.List(ctx, p, pg)
	if err != nil || total != db.CountCap+1 || len(cs) != 30 {
		t.Fatalf("clues: %d rows, total %d, %v", len(cs), total, err)
	}
	if !cs[0].Priority || cs[len(cs)-1].Priority && cs[0].ID < cs[1].ID {
		t.Errorf("clues not key minority first, newest first: %+v", cs[:2])
	}
}

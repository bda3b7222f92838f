package app_test

import (
	"context"
	"strings"
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
	// a search over the big scope: read from the index newest first, counted up to SearchCap.
	// One IndexPending call is bounded by its time budget; the server calls it every second, so
	// work the backlog off here as the server's tick would.
	for {
		n, err := env.App.Reports.IndexPending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	rs, total, err = env.App.Reports.List(ctx, p, report.Filter{Query: "礼金", Page: pg})
	if err != nil || total != db.SearchCap+1 || len(rs) != 30 {
		t.Fatalf("search: %d rows, total %d, %v", len(rs), total, err)
	}
	want := env.Lookup(t, `SELECT MAX(id) FROM reports WHERE content LIKE '%礼金%' OR title LIKE '%礼金%'`)
	if rs[0].ID != want || rs[1].ID >= rs[0].ID {
		t.Errorf("search not newest first: %d, %d (newest match %d)", rs[0].ID, rs[1].ID, want)
	}
	for _, r := range rs {
		if !strings.Contains(r.Title+r.Content, "礼金") {
			t.Errorf("report %d does not contain the word", r.ID)
		}
	}
	// a rare word: every hit, exactly counted
	n := env.Lookup(t, `SELECT COUNT(*) FROM reports WHERE content LIKE '%赌博吃喝旅游%'`)
	rs, total, err = env.App.Reports.List(ctx, p, report.Filter{Query: "赌博吃喝旅游", Page: org.Page{Size: 200}.Normalize()})
	if err != nil || int64(total) != min(n, db.SearchCap+1) || int64(len(rs)) != min(n, 200) {
		t.Errorf("rare word: %d rows, total %d (want %d), %v", len(rs), total, n, err)
	}
	cs, total, err := env.App.Clues.List(ctx, p, pg)
	if err != nil || total != db.CountCap+1 || len(cs) != 30 {
		t.Fatalf("clues: %d rows, total %d, %v", len(cs), total, err)
	}
	if !cs[0].Priority || cs[len(cs)-1].Priority && cs[0].ID < cs[1].ID {
		t.Errorf("clues not key minority first, newest first: %+v", cs[:2])
	}
}

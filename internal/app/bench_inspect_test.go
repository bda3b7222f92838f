package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"custos/internal/db"
	"custos/internal/inspection"
	"custos/internal/org"
)

// BenchmarkInspectionCoverage measures issue 11's coverage target: a period's coverage over
// the whole country tree (about 3,350 commissions; p95 ≤ 50 ms), with a round covering every
// tenth unit. The tree is the same at every scale.
func BenchmarkInspectionCoverage(b *testing.B) {
	a := benchApp(b, true)
	ctx := context.Background()
	var p org.Principal
	if err := a.DB.Reader().QueryRow(ctx, `SELECT id, path FROM commissions ORDER BY depth, id LIMIT 1`).Scan(&p.CommissionID, &p.ScopePath); err != nil {
		b.Fatal(err)
	}
	p.Roles, p.DisplayName = []string{"cadre_supervision"}, "基准测试"
	var n int
	if err := a.DB.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM commissions`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	rows, err := a.DB.Reader().Query(ctx, `SELECT code FROM commissions WHERE id <> ? ORDER BY id`, p.CommissionID)
	codes, err := db.Collect(rows, err, func(r db.Scanner) (string, error) {
		var c string
		return c, r.Scan(&c)
	})
	if err != nil {
		b.Fatal(err)
	}
	var some []string
	for i := 0; i < len(codes); i += 10 {
		some = append(some, codes[i])
	}
	if _, err := a.Inspection.Create(ctx, p, inspection.RoundInput{Title: "基准", Period: "2026", Plan: "基准", OnsiteFrom: "2026-01-01", OnsiteTo: "2026-01-02",
		TeamSize: "3", LeaderRank: "county", Targets: strings.Join(some, "\n")}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	ds := make([]time.Duration, 0, b.N)
	for i := 0; i < b.N; i++ {
		start := time.Now()
		c, err := a.Inspection.Coverage(ctx, p, "2026", 200)
		ds = append(ds, time.Since(start))
		if err != nil || c.Covered != len(some) || c.Total != n-1 {
			b.Fatalf("coverage %d/%d of %d: %v", c.Covered, c.Total, n, err)
		}
	}
	b.ReportMetric(float64(n), "commissions")
	within(b, ds, 50*time.Millisecond)
}

package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"custos/internal/auth"
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

// BenchmarkProblemLibrary measures issue 11's problem-library target: a search over 100,000
// findings (scaled by CUSTOS_BENCH_SCALE), p95 ≤ 50 ms, for a common two-character word, a
// rare one, two words, a word with a filter, and the unfiltered first page.
func BenchmarkProblemLibrary(b *testing.B) {
	a := benchApp(b, false)
	ctx := context.Background()
	var uid int64
	if err := a.DB.Reader().QueryRow(ctx, `SELECT id FROM users WHERE username = 'gz.ganjian'`).Scan(&uid); err != nil {
		b.Fatal(err)
	}
	p, err := auth.LoadPrincipal(ctx, a.DB.Reader(), uid)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := a.DB.Reader().Query(ctx, `SELECT code FROM commissions WHERE kind = 'county' ORDER BY id`)
	codes, err := db.Collect(rows, err, func(r db.Scanner) (string, error) {
		var c string
		return c, r.Scan(&c)
	})
	if err != nil {
		b.Fatal(err)
	}
	r, err := a.Inspection.Create(ctx, p, inspection.RoundInput{Title: "基准", Period: "2026", Plan: "基准", OnsiteFrom: "2026-01-01", OnsiteTo: "2026-01-02",
		TeamSize: "3", LeaderRank: "county", Targets: strings.Join(codes, "\n")})
	if err != nil {
		b.Fatal(err)
	}
	type target struct {
		id, unit int64
		path     string
		name     string
	}
	rows, err = a.DB.Reader().Query(ctx, `SELECT t.id, t.unit_id, t.unit_path, c.name FROM inspection_targets t JOIN commissions c ON c.id = t.unit_id WHERE t.round_id = ?`, r.ID)
	targets, err := db.Collect(rows, err, func(s db.Scanner) (target, error) {
		var t target
		return t, s.Scan(&t.id, &t.unit, &t.path, &t.name)
	})
	if err != nil {
		b.Fatal(err)
	}
	phrases := []string{"问题线索未经集体研判即予了结", "谈话函询回复未经核实", "初步核实报告未经审批", "审查调查措施审批手续不全", "留置场所安全检查记录缺失",
		"涉案财物登记不规范", "案件审理超过期限", "处分决定宣布不及时", "干部到岗谈话未按期开展", "个人有关事项报告未核查", "廉政档案更新不及时",
		"打听过问登记制度未落实", "主体责任清单未细化", "监督检查计划未执行", "信访举报件转办后未跟踪", "执纪审查文书不规范", "回避制度落实不到位",
		"违规收受礼品礼金", "公务接待超标准", "办案安全预案未演练"}
	categories := inspection.Categories()
	stages := inspection.Stages()
	n := scale(100_000)
	start := time.Now()
	const batch = 500
	for from := 0; from < n; from += batch {
		err := a.DB.InTx(ctx, func(tx *db.Tx) error {
			var ids []int64
			var terms [][]string
			for i := from; i < min(from+batch, n); i++ {
				t := targets[i%len(targets)]
				f := inspection.Finding{UnitName: t.name, Category: categories[i%len(categories)], Stage: stages[i%len(stages)].ID,
					Description: phrases[i%len(phrases)] + "，" + phrases[(i*7+3)%len(phrases)], Evidence: fmt.Sprintf("台账第 %d 号", i), ResponsiblePerson: "某某"}
				if i%1000 == 7 {
					f.Description += "，公车私用"
				}
				var id int64
				if err := tx.QueryRow(ctx, `INSERT INTO inspection_findings (round_id, target_id, unit_id, unit_path, commission_path, dimension, category, severity, stage, tags,
					description, evidence, responsible_person, found_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, 'enforcement', ?, 'minor', ?, '', ?, ?, ?, '2026-01-02', '基准', ?)
					RETURNING id`, r.ID, t.id, t.unit, t.path, p.ScopePath, f.Category, f.Stage, f.Description, f.Evidence, f.ResponsiblePerson, time.Now().UTC()).Scan(&id); err != nil {
					return err
				}
				ids, terms = append(ids, id), append(terms, inspection.FindingTerms(f))
			}
			return db.SearchPutMany(ctx, tx, "finding_search", ids, terms)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%d findings loaded in %v", n, time.Since(start))
	if err := a.DB.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		f    inspection.LibraryFilter
	}{
		{"common-word", inspection.LibraryFilter{Query: "线索"}},
		{"rare-word", inspection.LibraryFilter{Query: "公车私用"}},
		{"two-words", inspection.LibraryFilter{Query: "审批 留置"}},
		{"word-and-stage", inspection.LibraryFilter{Query: "谈话", Stage: "clue"}},
		{"first-page", inspection.LibraryFilter{}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			tc.f.Page = org.Page{Size: 30}.Normalize()
			ds := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				start := time.Now()
				rows, total, err := a.Inspection.Library(ctx, p, tc.f)
				ds = append(ds, time.Since(start))
				if err != nil || total == 0 || len(rows) == 0 {
					b.Fatalf("%v: %d rows: %v", tc.f, total, err)
				}
			}
			within(b, ds, 50*time.Millisecond)
		})
	}
}

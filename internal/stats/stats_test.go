package stats_test

import (
	"context"
	"testing"

	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/stats"
	"custos/internal/testkit"
)

// generated builds the demo province and generated statistics data with its true counts.
func generated(t *testing.T) (testkit.Env, *stats.Truth) {
	t.Helper()
	env := testkit.NewApp(t)
	env.Demo(t)
	truth, err := stats.Generate(context.Background(), env.App.DB, stats.GenOptions{Reports: 700, CluesPer: 2, Cases: 250,
		Start: "2024-01-01", Days: 730, Seed: 7, Truth: true})
	if err != nil {
		t.Fatal(err)
	}
	return env, truth
}

// TestFormMatchesTruthAndSubtrees checks the form line by line against the true counts of
// generated data (ranks changing between filing, decision and today; clues without outcomes;
// talks without clues; routed copies of reports) for several periods and subtrees, and that a
// commission's figure is the sum of its own records' and its children's figures, per line.
func TestFormMatchesTruthAndSubtrees(t *testing.T) {
	env, truth := generated(t)
	ctx := context.Background()
	sys := org.SystemPrincipal("test")
	prov, err := env.App.Stats.UnitByCode(ctx, sys, "520000")
	if err != nil {
		t.Fatal(err)
	}
	units := []stats.Unit{prov}
	kids, err := env.App.Stats.Children(ctx, prov)
	if err != nil {
		t.Fatal(err)
	}
	units = append(units, kids...)
	gy, err := env.App.Stats.UnitByCode(ctx, sys, "520100")
	if err != nil {
		t.Fatal(err)
	}
	gyKids, _ := env.App.Stats.Children(ctx, gy)
	units = append(units, gyKids...)
	periods := []stats.Period{{From: "2024-01-01", To: "2024-03-31"}, {From: "2024-07-01", To: "2025-06-30"}, {From: "2024-01-01", To: "2026-12-31"}, {From: "2025-02-15", To: "2025-02-15"}}
	nonzero := map[string]bool{}
	for _, pd := range periods {
		for _, u := range units {
			got, err := env.App.Stats.Compute(ctx, u, pd)
			if err != nil {
				t.Fatal(err)
			}
			want := truth.Figures(u.Path, pd)
			want.Commission, want.From, want.To = u.Code6(), pd.From, pd.To
			for _, l := range stats.Lines() {
				if l.Value(got) != l.Value(want) {
					t.Errorf("%s %v %s: form %d, true %d", u.Name, pd, l.Name, l.Value(got), l.Value(want))
				}
				if l.Value(got) > 0 {
					nonzero[l.Key] = true
				}
			}
			// reconciliation: own records plus each child's subtree
			children, _ := env.App.Stats.Children(ctx, u)
			own := ownFigures(truth, u, children, pd)
			var cfs []stats.Figures
			for _, c := range children {
				cf, err := env.App.Stats.Compute(ctx, c, pd)
				if err != nil {
					t.Fatal(err)
				}
				cfs = append(cfs, cf)
			}
			for _, l := range stats.Lines() {
				n := own[l.Key]
				for _, cf := range cfs {
					n += l.Value(cf)
				}
				if n != l.Value(got) {
					t.Errorf("%s %v %s: %d ≠ own + children %d", u.Name, pd, l.Name, l.Value(got), n)
				}
			}
		}
	}
	for _, l := range stats.Lines() {
		if !nonzero[l.Key] {
			t.Errorf("line %s is never above zero in the generated data: the test proves nothing for it", l.Name)
		}
	}
}

// ownFigures are the true figures of u's own records: its subtree's less its children's.
func ownFigures(truth *stats.Truth, u stats.Unit, children []stats.Unit, pd stats.Period) map[string]int {
	all := truth.Figures(u.Path, pd)
	var kids []stats.Figures
	for _, c := range children {
		kids = append(kids, truth.Figures(c.Path, pd))
	}
	out := map[string]int{}
	for _, l := range stats.Lines() {
		n := l.Value(all)
		for _, k := range kids {
			n -= l.Value(k)
		}
		out[l.Key] = n
	}
	return out
}

// TestDrillDownTotals checks every line's drill-down lists as many records as the figure, pages
// through them, and stays in the unit's subtree.
func TestDrillDownTotals(t *testing.T) {
	env, _ := generated(t)
	ctx := context.Background()
	sys := org.SystemPrincipal("test")
	for _, code := range []string{"520000", "520100"} {
		u, err := env.App.Stats.UnitByCode(ctx, sys, code)
		if err != nil {
			t.Fatal(err)
		}
		pd := stats.Period{From: "2024-04-01", To: "2025-03-31"}
		f, err := env.App.Stats.Compute(ctx, u, pd)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range stats.Lines() {
			seen := 0
			for page := 1; ; page++ {
				d, err := env.App.Stats.Records(ctx, sys, u.ID, pd, l.Key, page)
				if err != nil {
					t.Fatal(err)
				}
				if d.Total != l.Value(f) {
					t.Fatalf("%s %s: drill-down total %d, figure %d", u.Name, l.Name, d.Total, l.Value(f))
				}
				for _, r := range d.Records {
					if r.Date < pd.From || r.Date > pd.To || r.Number == "" || r.Link == 0 || r.KindName() == "" {
						t.Fatalf("%s %s: record %+v", u.Name, l.Name, r)
					}
				}
				seen += len(d.Records)
				if len(d.Records) < stats.DrillPageSize {
					break
				}
			}
			if seen != l.Value(f) {
				t.Errorf("%s %s: %d records listed, figure %d", u.Name, l.Name, seen, l.Value(f))
			}
		}
	}
	// another commission's user cannot drill into the province
	var nm int64
	if err := env.App.DB.Reader().QueryRow(ctx, `SELECT id FROM commissions WHERE code = '520102'`).Scan(&nm); err != nil {
		t.Fatal(err)
	}
	var path string
	env.App.DB.Reader().QueryRow(ctx, `SELECT path FROM commissions WHERE id = ?`, nm).Scan(&path)
	p := org.Principal{CommissionID: nm, ScopePath: path, Roles: []string{"case_mgmt"}}
	prov := testkitLookup(t, env.App.DB, `SELECT id FROM commissions WHERE code = '52'`)
	if _, err := env.App.Stats.Records(ctx, p, prov, stats.Period{From: "2024-01-01", To: "2024-12-31"}, "reports", 1); err == nil {
		t.Fatal("a county reads the province's records")
	}
}

func testkitLookup(t *testing.T, d *db.DB, q string) int64 {
	var id int64
	if err := d.Reader().QueryRow(context.Background(), q).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

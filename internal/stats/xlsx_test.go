package stats_test

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"custos/internal/stats"
)

// TestXLSXLikeThePaperForm opens the written form and reads it back line by line.
func TestXLSXLikeThePaperForm(t *testing.T) {
	f := stats.Figures{From: "2025-01-01", To: "2025-03-31", ReportsReceived: 12, CluesDisposed: 7, CluesByMethod: stats.Methods{Inquiry: 3, Closed: 4},
		PersonsSanctioned: 2, SanctionedByRank: stats.ByRank{County: 1, Other: 1}, FourForms: stats.Forms{F1: 3, F2: 1}}
	var buf bytes.Buffer
	err := stats.WriteXLSX(&buf, stats.Sheet{Unit: stats.Unit{Name: "贵州省纪委监委"}, Figures: f, Preparer: "统计员", Date: "2025-04-05",
		Adjustments: []stats.Adjustment{{Period: stats.Period{From: "2024-10-01", To: "2024-12-31"}, LineName: "接收信访举报", Before: 5, After: 6, Reason: "补登"}}})
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows(stats.SheetName)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != stats.Title || rows[1][0] != "填报单位：贵州省纪委监委" || rows[1][3] != "统计期间：2025-01-01 至 2025-03-31" {
		t.Fatalf("head %q", rows[:2])
	}
	for i, l := range stats.Lines() {
		r := rows[3+i]
		if n, _ := strconv.Atoi(r[3]); n != l.Value(f) || r[2] != l.Unit {
			t.Errorf("line %s: %q", l.Name, r)
		}
	}
	var found struct{ adj, preparer bool }
	for _, r := range rows {
		if len(r) >= 5 && r[4] == "补登" && r[2] == "5" && r[3] == "6" {
			found.adj = true
		}
		if len(r) >= 4 && r[0] == "填报人：统计员" && r[3] == "填报日期：2025-04-05" {
			found.preparer = true
		}
	}
	if !found.adj || !found.preparer {
		t.Errorf("adjustment or preparer missing: %q", rows)
	}
	if share := rows[3+len(stats.Lines())-4][4]; share != "75.0%" {
		t.Errorf("first form's share %q", share)
	}
}

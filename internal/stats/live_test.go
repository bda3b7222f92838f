package stats_test

import (
	"context"
	"testing"

	"custos/internal/clue"
	"custos/internal/org"
	"custos/internal/stats"
	"custos/internal/testkit"
)

// TestLiveDisposalCounted drives a clue through the workflow (register, allocate, collective
// review, approval) and expects the form to count its disposal on the day it was approved, at
// the clue's commission and above, and nowhere before.
func TestLiveDisposalCounted(t *testing.T) {
	env := testkit.NewApp(t)
	env.Demo(t)
	ctx := context.Background()
	svc := env.App.Clues
	c, err := svc.Register(ctx, env.As(t, "gy.anguan"), clue.ClueInput{Source: "信访举报", ReceivedOn: "2026-11-02", Summary: "反映其公车私用", Subjects: "冯涛"})
	if err != nil {
		t.Fatal(err)
	}
	gy := env.Lookup(t, `SELECT id FROM commissions WHERE code = '5201'`)
	dept := env.Lookup(t, `SELECT id FROM departments WHERE commission_id = ? AND kind = 'cadre_supervision'`, gy)
	if err := svc.Allocate(ctx, env.As(t, "gy.shuji"), c.ID, dept); err != nil {
		t.Fatal(err)
	}
	if err := svc.Review(ctx, env.As(t, "gy.ganjian"), c.ID, clue.ReviewInput{Meeting: clue.MeetingInput{HeldOn: "2026-11-05", Kind: "集体研判", Chair: "李主任",
		Attendees: "王一\n张二"}, Opinion: "研判：初步核实", Disposal: clue.Prelim}); err != nil {
		t.Fatal(err)
	}
	day := stats.Period{From: "2026-11-26", To: "2026-11-26"} // the test clock's day
	sys := org.SystemPrincipal("test")
	for _, code := range []string{"520000", "520100"} {
		u, _ := env.App.Stats.UnitByCode(ctx, sys, code)
		if f, _ := env.App.Stats.Compute(ctx, u, day); f.CluesDisposed != 0 {
			t.Fatalf("%s counted a disposal before its approval", code)
		}
	}
	if err := svc.Approve(ctx, env.As(t, "gy.shuji"), c.ID); err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]int{"520000": 1, "520100": 1, "520102": 0} {
		u, err := env.App.Stats.UnitByCode(ctx, sys, code)
		if err != nil {
			t.Fatal(err)
		}
		f, err := env.App.Stats.Compute(ctx, u, day)
		if err != nil || f.CluesDisposed != want || f.CluesByMethod.Prelim != want {
			t.Errorf("%s: %+v %v, want %d", code, f, err, want)
		}
	}
	d, err := env.App.Stats.Records(ctx, env.As(t, "gy.anguan"), gy, day, "clues.prelim", 1)
	if err != nil || d.Total != 1 || d.Records[0].Number != c.Number || d.Records[0].Link != c.ID {
		t.Fatalf("drill-down %+v %v", d, err)
	}
}

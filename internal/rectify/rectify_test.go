package rectify

import "testing"

func TestOverdue(t *testing.T) {
	for _, tc := range []struct {
		status, due, today string
		want               bool
	}{
		{InProgress, "2026-11-30", "2026-12-01", true},
		{InProgress, "2026-12-01", "2026-12-01", false},
		{Issued, "2026-11-30", "2026-12-01", true},
		{PlanSubmitted, "2026-11-30", "2026-12-01", true},
		{CompletionReported, "2026-11-30", "2026-12-01", false}, // waiting for the issuer, not the unit
		{Closed, "2026-11-30", "2026-12-01", false},
	} {
		if got := (Task{Status: tc.status, DueOn: tc.due}).Overdue(tc.today); got != tc.want {
			t.Errorf("%s due %s on %s: %v", tc.status, tc.due, tc.today, got)
		}
	}
	for _, s := range []string{Issued, PlanSubmitted, InProgress, CompletionReported, Closed} {
		if StatusName(s) == "" {
			t.Errorf("no name for %s", s)
		}
	}
}

package web_test

import (
	"strings"
	"testing"
	"time"
)

// TestSameMinuteEverywhere: a step taken at 00:30 Beijing time (16:30 UTC the day before)
// shows as 2026-12-02 00:30 in the clue's log and in the case's history alike.
func TestSameMinuteEverywhere(t *testing.T) {
	w := newWorld(t)
	clock := w.env.Clock
	clock.Advance(time.Date(2026, 12, 1, 16, 30, 0, 0, time.UTC).Sub(clock.Now()))
	caseID := guiyangCase(t, w)
	clueID := w.env.Lookup(t, `SELECT clue_id FROM cases WHERE id = ?`, caseID)
	for _, page := range []struct{ user, path string }{
		{"gy.ganjian", "/clues/" + itoa(clueID)},
		{"gy.ganjian", "/cases/" + itoa(caseID) + "/history"},
	} {
		res := w.as(page.user).Do("GET", page.path, nil, nil)
		if res.Status != 200 {
			t.Fatalf("%s: %d", page.path, res.Status)
		}
		if !strings.Contains(res.Body, "2026-12-02 00:30") || strings.Contains(res.Body, "2026-12-01 16:30") {
			t.Errorf("%s does not show the Beijing minute 2026-12-02 00:30: %s", page.path, excerpt(res.Body))
		}
	}
}

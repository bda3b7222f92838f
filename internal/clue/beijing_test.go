package clue_test

import (
	"testing"
	"time"

	"custos/internal/clock"
	"custos/internal/paper"
)

// TestDocumentDatedInBeijing: a letter drafted and issued at 00:30 Beijing time (16:30 UTC the
// day before) carries the Beijing date in its record, on paper and in its custody log.
func TestDocumentDatedInBeijing(t *testing.T) {
	f := setup(t)
	c := f.approvedInquiry(t, "周杰")
	at := time.Date(2026, 12, 1, 16, 30, 0, 0, time.UTC)
	f.env.Clock.Advance(at.Sub(f.env.Clock.Now()))
	if got := clock.Minute(f.env.Clock.Now()); got != "2026-12-02 00:30" {
		t.Fatalf("clock at %s", got)
	}
	d, err := f.svc.DraftDocument(f.ctx, f.user(t, "gz.ganjian"), c.ID, "inquiry_letter", c.Subjects[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, p, err := f.svc.Document(f.ctx, f.user(t, "gz.ganjian"), c.ID, d.ID); err != nil || paper.DateText(p.Date) != "2026年12月2日" {
		t.Errorf("draft dated %q (%v), want 2026年12月2日", paper.DateText(p.Date), err)
	}
	issued, err := f.svc.IssueDocument(f.ctx, f.user(t, "gz.shuji"), c.ID, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if issued.IssuedOn != "2026-12-02" {
		t.Errorf("issued on %q, want the Beijing date 2026-12-02", issued.IssuedOn)
	}
	full, err := f.svc.Get(f.ctx, f.user(t, "gz.ganjian"), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := full.Custody[len(full.Custody)-1]
	if clock.Minute(last.At) != "2026-12-02 00:30" {
		t.Errorf("custody entry at %s Beijing, want 2026-12-02 00:30", clock.Minute(last.At))
	}
}

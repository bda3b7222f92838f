package stats_test

import (
	"context"
	"testing"

	"custos/internal/apperr"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/stats"
)

// TestLockedPeriodChanged locks a quarter, changes a record in it, and expects the quarter's
// form to stay as reported while the next report carries the change as an adjustment — which
// it cannot be locked without a reason for; once carried, it is not carried again.
func TestLockedPeriodChanged(t *testing.T) {
	env, _ := generated(t)
	ctx := context.Background()
	s := env.App.Stats
	sys := org.SystemPrincipal("test")
	u, err := s.UnitByCode(ctx, sys, "520000")
	if err != nil {
		t.Fatal(err)
	}
	q1 := stats.Period{From: "2025-01-01", To: "2025-03-31"}
	q2 := stats.Period{From: "2025-04-01", To: "2025-06-30"}
	q3 := stats.Period{From: "2025-07-01", To: "2025-09-30"}
	viewer := org.Principal{UserID: 1, Username: "v", DisplayName: "查看者", CommissionID: u.ID, ScopePath: u.Path, Roles: []string{"principal"}}
	if _, err := s.LockPeriod(ctx, viewer, u.ID, q1, "", nil); apperr.CodeOf(err) != apperr.Forbidden {
		t.Fatalf("a principal without stats.lock locked: %v", err)
	}
	clerk := org.Principal{UserID: 1, Username: "c", DisplayName: "统计员", CommissionID: u.ID, ScopePath: u.Path, Roles: []string{"case_mgmt"}}
	l1, err := s.LockPeriod(ctx, clerk, u.ID, q1, "一季度报表", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LockPeriod(ctx, clerk, u.ID, stats.Period{From: "2025-03-01", To: "2025-04-30"}, "", nil); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("overlapping lock: %v", err)
	}
	before := l1.Figures.ReportsReceived
	// a report of February registered late, and a clue's disposal moved out of the quarter
	var comm int64
	var path string
	env.App.DB.Reader().QueryRow(ctx, `SELECT commission_id, commission_path FROM reports ORDER BY id LIMIT 1`).Scan(&comm, &path)
	var clueID int64
	env.App.DB.Reader().QueryRow(ctx, `SELECT id FROM clues WHERE disposed_on >= ? AND disposed_on <= ? ORDER BY id LIMIT 1`, q1.From, q1.To).Scan(&clueID)
	if err := env.App.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO reports (commission_id, commission_path, received_by_id, number, received_on, channel, category, real_name,
			jurisdiction, status, created_by, created_at) VALUES (?, ?, ?, 'LATE-1', '2025-02-10', 'letter', 'accusation', ?, 'own', 'registered', 't', ?)`,
			comm, path, comm, false, env.Clock.Now()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE clues SET disposed_on = '2025-04-02' WHERE id = ?`, clueID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	f, lock, err := s.Form(ctx, clerk, u.ID, q1)
	if err != nil || lock == nil || f.ReportsReceived != before || f != l1.Figures {
		t.Fatalf("the locked quarter changed: %v %v %d→%d", err, lock, before, f.ReportsReceived)
	}
	live, _ := s.Compute(ctx, u, q1)
	if live.ReportsReceived != before+1 || live.CluesDisposed != l1.Figures.CluesDisposed-1 {
		t.Fatalf("live figures %d %d", live.ReportsReceived, live.CluesDisposed)
	}
	pending, err := s.Pending(ctx, u, q2.From)
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]stats.Adjustment{}
	for _, a := range pending {
		lines[a.Line] = a
	}
	if a := lines["reports"]; a.Before != before || a.After != before+1 || a.Delta() != "+1" || a.LockID != l1.ID {
		t.Errorf("reports adjustment %+v", a)
	}
	if a := lines["clues"]; a.Delta() != "-1" {
		t.Errorf("clues adjustment %+v", a)
	}
	// the next report needs a reason for each change
	_, err = s.LockPeriod(ctx, clerk, u.ID, q2, "", map[string]string{lines["reports"].Field(): "补登迟报信访件"})
	if fe := apperr.FieldsOf(err); apperr.CodeOf(err) != apperr.Invalid || fe[lines["clues"].Field()] == "" {
		t.Fatalf("locked without every reason: %v", err)
	}
	reasons := map[string]string{}
	for _, a := range pending {
		reasons[a.Field()] = "补登迟报信访件并更正处置日期"
	}
	l2, err := s.LockPeriod(ctx, clerk, u.ID, q2, "二季度报表", reasons)
	if err != nil {
		t.Fatal(err)
	}
	carried, err := s.Carried(ctx, l2.ID)
	if err != nil || len(carried) != len(pending) || carried[0].Reason == "" || carried[0].LineName == "" {
		t.Fatalf("carried %v %+v", err, carried)
	}
	if again, _ := s.Pending(ctx, u, q3.From); len(again) != 0 {
		t.Errorf("an adjustment carried twice: %+v", again)
	}
	var audited int
	env.App.DB.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'stats.lock'`).Scan(&audited)
	if audited != 2 {
		t.Errorf("%d lock entries audited", audited)
	}
}

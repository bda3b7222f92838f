package auth

import (
	"context"
	"fmt"

	"custos/internal/audit"
	"custos/internal/db"
)

// PurgeSessions deletes the sessions that can no longer be used — past their absolute end,
// idle longer than Settings.SessionIdle, or revoked — and audits how many went, when any did.
// The server calls it periodically; Authenticate refuses such sessions whether or not they
// have been purged yet.
func (s *Service) PurgeSessions(ctx context.Context) (int64, error) {
	now := s.now().UTC()
	var n int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ? OR revoked_at IS NOT NULL`,
			now, now.Add(-s.set.SessionIdle))
		if err != nil {
			return fmt.Errorf("purge sessions: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return s.audit.Append(ctx, tx, audit.System("sessions"), audit.Entry{Action: "session.purge", ObjectType: "session",
			Summary: fmt.Sprintf("清除已失效的会话 %d 个", n)})
	})
	return n, err
}

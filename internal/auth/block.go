package auth

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"custos/internal/db"
)

// BlockFor is how long a login name stays blocked for one client address after its failures-th
// failure in a row from there: nothing below maxFailures, then one minute, doubling with each
// further failure, never more than lockFor (5 failures → 1 min, 6 → 2, 7 → 4, 8 → 8, 9 → 15).
// It is pure.
func BlockFor(failures, maxFailures int, lockFor time.Duration) time.Duration {
	if maxFailures <= 0 || failures < maxFailures {
		return 0
	}
	d := time.Minute
	for i := maxFailures; i < failures && d < lockFor; i++ {
		d *= 2
	}
	return min(d, lockFor)
}

// blockedUntil returns until when username is blocked for addr, or the zero time.
func blockedUntil(ctx context.Context, q db.Querier, username, addr string, now time.Time) (time.Time, error) {
	var until sql.NullTime
	err := q.QueryRow(ctx, `SELECT blocked_until FROM login_blocks WHERE username = ? AND client_addr = ?`, username, addr).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (!until.Valid || !until.Time.After(now)) {
		return time.Time{}, nil
	}
	return until.Time, err
}

// recordFailure counts one more failure of username from addr and returns the count and the
// block it earned (zero when none). After a day without failures the count starts again.
func (s *Service) recordFailure(ctx context.Context, tx *db.Tx, username, addr string, now time.Time) (int, time.Time, error) {
	var n int
	var last time.Time
	err := tx.QueryRow(ctx, `SELECT failures, last_failed FROM login_blocks WHERE username = ? AND client_addr = ?`, username, addr).Scan(&n, &last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, err
	}
	if now.Sub(last) > 24*time.Hour {
		n = 0
	}
	n++
	var until any
	var t time.Time
	if d := BlockFor(n, s.set.MaxFailures, s.set.LockFor); d > 0 {
		t = now.Add(d)
		until = t
	}
	_, err = tx.Exec(ctx, `INSERT INTO login_blocks (username, client_addr, failures, last_failed, blocked_until) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (username, client_addr) DO UPDATE SET failures = excluded.failures, last_failed = excluded.last_failed,
		blocked_until = excluded.blocked_until`, username, addr, n, now, until)
	return n, t, err
}

// clearFailures forgets username's failures from addr (after a successful login there).
func clearFailures(ctx context.Context, tx *db.Tx, username, addr string) error {
	_, err := tx.Exec(ctx, `DELETE FROM login_blocks WHERE username = ? AND client_addr = ?`, username, addr)
	return err
}

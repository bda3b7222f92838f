// Package watch records the reads of protected matters by people outside their team and
// supervising chain (requirement B1): each such read of a case or clue is flagged, in the
// reading transaction, for the cadre-supervision office to dismiss or turn into an
// interference record (package interference). Deciding who is in the chain is the matter's own
// package's business; this one only stores what it is told.
package watch

import (
	"context"
	"time"

	"custos/internal/db"
	"custos/internal/org"
)

// Matter is what was read.
type Matter struct {
	Type           string // case | clue
	ID             int64
	Number         string
	CommissionID   int64
	CommissionPath string
}

// Flag records that p read m while outside its team and supervising chain. It runs in the
// read's own transaction, so a read is never shown without its flag: one insert.
func Flag(ctx context.Context, tx *db.Tx, p org.Principal, m Matter, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO flagged_reads (matter_type, matter_id, matter_number, commission_id, commission_path, user_id, user_name, read_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, m.Type, m.ID, m.Number, m.CommissionID, m.CommissionPath, p.UserID, p.DisplayName+"（"+p.CommissionName+"）", now.UTC())
	return err
}

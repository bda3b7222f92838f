package paper

import (
	"context"

	"custos/internal/db"
)

// NextNumber takes the next sequence number of a commission's documents of kind in year,
// inside the caller's transaction: numbers start at 1 each year, never repeat and have no gaps
// unless the transaction rolls back.
func NextNumber(ctx context.Context, tx *db.Tx, commissionID int64, kind string, year int) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `INSERT INTO doc_sequences (commission_id, kind, year, last) VALUES (?, ?, ?, 1)
		ON CONFLICT (commission_id, kind, year) DO UPDATE SET last = doc_sequences.last + 1
		RETURNING last`, commissionID, kind, year).Scan(&n)
	return n, err
}

// IssuerCode returns a commission's issuer code (机关代字), derived from its name when none is
// set.
func IssuerCode(ctx context.Context, q db.Querier, commissionID int64) (string, error) {
	var code, name string
	if err := q.QueryRow(ctx, `SELECT doc_code, name FROM commissions WHERE id = ?`, commissionID).Scan(&code, &name); err != nil {
		return "", err
	}
	if code == "" {
		code = CodeFor(name)
	}
	return code, nil
}

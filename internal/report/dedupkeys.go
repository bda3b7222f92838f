package report

import (
	"context"
	"strings"

	"custos/internal/db"
	"custos/internal/dedup"
)

// keyRows is how many report_bands rows one INSERT writes.
const keyRows = 400

// InsertKeys writes a report's duplicate-detection keys (dedup.Doc.Keys) to report_bands.
func InsertKeys(ctx context.Context, tx *db.Tx, reportID int64, keys []uint64) error {
	for len(keys) > 0 {
		n := min(len(keys), keyRows)
		args := make([]any, 0, 2*n)
		for _, k := range keys[:n] {
			args = append(args, int64(k), reportID)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO report_bands (band_key, report_id) VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", "), args...); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

// rekeyBatch is how many reports one re-keying transaction takes; rekeyBatches how many
// batches one call of RekeyPending runs at most.
const (
	rekeyBatch   = 200
	rekeyBatches = 10
)

// RekeyPending rebuilds the duplicate-detection keys of reports whose keys were made by an
// older scheme than dedup.Scheme (after an upgrade), at most rekeyBatches batches of rekeyBatch
// reports a call, each batch in one transaction: bounded, and resumable after a stop, since a
// report's key_scheme is raised in the transaction that rewrites its keys. The server calls it
// every second; it returns how many reports it re-keyed.
func (s *Service) RekeyPending(ctx context.Context) (int, error) {
	total := 0
	for range rekeyBatches {
		n, err := s.rekeySome(ctx)
		total += n
		if err != nil || n < rekeyBatch {
			return total, err
		}
	}
	return total, nil
}

func (s *Service) rekeySome(ctx context.Context) (int, error) {
	type doc struct {
		id        int64
		content   string
		keyed     bool
		stub      bool
		forwarded bool
	}
	var docs []doc
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, content, stub, status FROM reports WHERE key_scheme < ? ORDER BY key_scheme, id LIMIT ?`, dedup.Scheme, rekeyBatch)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d doc
			var status string
			if err := rows.Scan(&d.id, &d.content, &d.stub, &status); err != nil {
				rows.Close()
				return err
			}
			d.forwarded = status == StatusForwarded
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range docs {
			if _, err := tx.Exec(ctx, `DELETE FROM report_bands WHERE report_id = ?`, d.id); err != nil {
				return err
			}
			if !d.stub && !d.forwarded && d.content != "" {
				if err := InsertKeys(ctx, tx, d.id, s.dedup.Prepare(d.content).StoredKeys()); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, `UPDATE reports SET key_scheme = ? WHERE id = ?`, dedup.Scheme, d.id); err != nil {
				return err
			}
		}
		return nil
	})
	return len(docs), err
}

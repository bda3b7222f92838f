package secret

import (
	"context"
	"fmt"
	"time"

	"custos/internal/db"
)

// Column names a column of sealed values ("" for none), its table's integer key and the
// purpose the values were sealed for. The packages that own sealed columns list them.
type Column struct {
	Table, Key, Column, Purpose string
}

// idLen is the length of a key id in a sealed value ("v1:" + id + ":").
const idLen = 8

// RecordedID returns the key id the database records, "" when none.
func RecordedID(ctx context.Context, q db.Querier) (string, error) {
	var id string
	err := q.QueryRow(ctx, `SELECT COALESCE(MAX(key_id), '') FROM sealing_key`).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("read sealing key id: %w", err)
	}
	return id, nil
}

// SealedIDs counts the sealed values in cols by the key id they name.
func SealedIDs(ctx context.Context, q db.Querier, cols []Column) (map[string]int64, error) {
	out := map[string]int64{}
	for _, c := range cols {
		rows, err := q.Query(ctx, `SELECT substr(`+c.Column+`, 4, `+fmt.Sprint(idLen)+`), COUNT(*) FROM `+c.Table+
			` WHERE `+c.Column+` <> '' GROUP BY substr(`+c.Column+`, 4, `+fmt.Sprint(idLen)+`)`)
		if err != nil {
			return nil, fmt.Errorf("count sealed %s.%s: %w", c.Table, c.Column, err)
		}
		for rows.Next() {
			var id string
			var n int64
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] += n
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RecordFirst stores id as the database's key id in tx unless one is recorded already (another
// server starting at the same moment), and returns the id recorded afterwards.
func RecordFirst(ctx context.Context, tx *db.Tx, id string, at time.Time) (string, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO sealing_key (id, key_id, recorded_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING`, id, at.UTC()); err != nil {
		return "", fmt.Errorf("record sealing key id: %w", err)
	}
	return RecordedID(ctx, tx)
}

// RecordID stores id as the database's key id in tx, replacing any (a rotation).
func RecordID(ctx context.Context, tx *db.Tx, id string, at time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO sealing_key (id, key_id, recorded_at) VALUES (1, ?, ?)
		ON CONFLICT (id) DO UPDATE SET key_id = excluded.key_id, recorded_at = excluded.recorded_at`, id, at.UTC())
	if err != nil {
		return fmt.Errorf("record sealing key id: %w", err)
	}
	return nil
}

// Reseal opens every value in cols sealed under from and seals it again under to, in tx, in
// batches of key order; values already under to are left alone. A value under any other key,
// or one that does not open, fails the whole call (the caller's transaction rolls back). It
// returns how many values were re-sealed.
func Reseal(ctx context.Context, tx *db.Tx, from, to *Box, cols []Column) (int64, error) {
	var n int64
	for _, c := range cols {
		last := int64(0)
		for {
			type row struct {
				key    int64
				sealed string
			}
			var batch []row
			rows, err := tx.Query(ctx, `SELECT `+c.Key+`, `+c.Column+` FROM `+c.Table+` WHERE `+c.Key+` > ? AND `+c.Column+` <> '' AND `+
				c.Column+` NOT LIKE ? ORDER BY `+c.Key+` LIMIT 200`, last, "v1:"+to.ID()+":%")
			if err != nil {
				return n, fmt.Errorf("read %s.%s: %w", c.Table, c.Column, err)
			}
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.key, &r.sealed); err != nil {
					rows.Close()
					return n, err
				}
				batch = append(batch, r)
			}
			if err := rows.Close(); err != nil {
				return n, err
			}
			if len(batch) == 0 {
				break
			}
			for _, r := range batch {
				plain, err := from.Open(r.sealed, c.Purpose)
				if err != nil {
					return n, fmt.Errorf("%s %d 的加密值无法用密钥 %s 打开（%w），未作任何更改", c.Table, r.key, from.ID(), err)
				}
				if _, err := tx.Exec(ctx, `UPDATE `+c.Table+` SET `+c.Column+` = ? WHERE `+c.Key+` = ?`, to.Seal(plain, c.Purpose), r.key); err != nil {
					return n, fmt.Errorf("re-seal %s %d: %w", c.Table, r.key, err)
				}
				n++
				last = r.key
			}
		}
	}
	return n, nil
}

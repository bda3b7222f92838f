package db_test

import (
	"context"
	"path/filepath"
	"testing"

	"custos/internal/db"
)

// BenchmarkCommitDurability measures what one small write transaction costs on SQLite with
// synchronous=FULL (the default: the log is flushed to disk at every commit) against NORMAL
// (flushed only at checkpoints): the price of not losing a committed transaction on power
// loss. Each iteration is one INSERT committed on its own, as a registration commits.
func BenchmarkCommitDurability(b *testing.B) {
	for _, sync := range []string{"FULL", "NORMAL"} {
		b.Run(sync, func(b *testing.B) {
			ctx := context.Background()
			d, err := db.OpenWith(ctx, filepath.Join(b.TempDir(), "bench.db"), db.Options{Synchronous: sync})
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			if err := d.InTx(ctx, func(tx *db.Tx) error {
				_, err := tx.Exec(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`)
				return err
			}); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := d.InTx(ctx, func(tx *db.Tx) error {
					_, err := tx.Exec(ctx, `INSERT INTO t (v) VALUES (?)`, "一次登记")
					return err
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

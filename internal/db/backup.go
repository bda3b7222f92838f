package db

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of a SQLite database to file while the platform keeps
// serving (VACUUM INTO reads one snapshot; writers are not blocked). It refuses to overwrite
// an existing file. It runs on this handle's writer connection because the read pool is
// query-only; VACUUM INTO itself only reads, so in WAL mode the server's writers (in another
// process or handle) are not blocked. PostgreSQL is backed up with its own tools (pg_dump); see
// docs/operations.md.
func (d *DB) Backup(ctx context.Context, file string) error {
	if d.Engine != SQLite {
		return errors.New("PostgreSQL 请使用 pg_dump 备份（见 docs/operations.md）")
	}
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("备份文件 %s 已存在，不会覆盖", file)
	}
	if _, err := d.write.ExecContext(ctx, `VACUUM INTO ?`, file); err != nil {
		return fmt.Errorf("备份失败: %w", err)
	}
	return nil
}

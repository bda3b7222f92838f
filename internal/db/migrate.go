package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrationFS embed.FS

// Migration is one numbered schema step; each engine has its own file with the same number.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// ErrNewerSchema is returned when the database was migrated by a newer custos than this one.
type ErrNewerSchema struct{ Database, Binary int }

func (e ErrNewerSchema) Error() string {
	return fmt.Sprintf("数据库结构版本 %d 比本程序支持的版本 %d 新，请升级 custos (database schema %d is newer than this binary's %d)", e.Database, e.Binary, e.Database, e.Binary)
}

// Migrations lists the engine's embedded migrations in order.
func Migrations(e Engine) ([]Migration, error) {
	dir := path.Join("migrations", string(e))
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, ent := range entries {
		name := ent.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %s: name must start with a number and _", name)
		}
		b, err := migrationFS.ReadFile(path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrate applies every embedded migration the database lacks, each in its own transaction,
// and returns the versions applied. It refuses a database whose schema is newer than the
// binary's (ErrNewerSchema). On PostgreSQL an advisory lock keeps two starting servers from
// migrating at once.
func (d *DB) Migrate(ctx context.Context) ([]int, error) {
	ms, err := Migrations(d.Engine)
	if err != nil {
		return nil, err
	}
	if _, err := d.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	if d.Engine == Postgres {
		conn, err := d.write.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7215001)`); err != nil {
			return nil, err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(7215001)`)
	}
	current, err := d.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if latest := ms[len(ms)-1].Version; current > latest {
		return nil, ErrNewerSchema{Database: current, Binary: latest}
	}
	var applied []int
	for _, m := range ms {
		if m.Version <= current {
			continue
		}
		err := d.InTx(ctx, func(tx *Tx) error {
			if _, err := tx.tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.Version, m.Name, time.Now().UTC().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return applied, err
		}
		applied = append(applied, m.Version)
	}
	return applied, nil
}

// SchemaVersion returns the highest applied migration, 0 for an empty database.
func (d *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := d.write.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// CheckSchema returns an error unless the database is exactly at the binary's schema version.
func (d *DB) CheckSchema(ctx context.Context) error {
	ms, err := Migrations(d.Engine)
	if err != nil {
		return err
	}
	v, err := d.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	latest := ms[len(ms)-1].Version
	switch {
	case v > latest:
		return ErrNewerSchema{Database: v, Binary: latest}
	case v < latest:
		return fmt.Errorf("数据库结构版本 %d 低于 %d，请先运行 custos migrate (database needs migration)", v, latest)
	}
	return nil
}

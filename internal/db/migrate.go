package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
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

// Checksum is the hex SHA-256 of the migration's file: what schema_migrations records when it
// is applied, so that a file edited after it was applied is noticed.
func (m Migration) Checksum() string {
	sum := sha256.Sum256([]byte(m.SQL))
	return hex.EncodeToString(sum[:])
}

// ErrNewerSchema is returned when the database was migrated by a newer custos than this one.
type ErrNewerSchema struct{ Database, Binary int }

func (e ErrNewerSchema) Error() string {
	return fmt.Sprintf("数据库结构版本 %d 比本程序支持的版本 %d 新，请升级 custos (database schema %d is newer than this binary's %d)", e.Database, e.Binary, e.Database, e.Binary)
}

// ErrEditedMigration is returned when an applied migration's file is not the one that was
// applied (its checksum differs, or the binary no longer has it): the schema the database has
// is not the schema this binary was written for.
type ErrEditedMigration struct {
	Version        int
	Name           string
	Recorded, Want string // checksums: stored when applied, of the embedded file ("" when missing)
}

func (e ErrEditedMigration) Error() string {
	if e.Want == "" {
		return fmt.Sprintf("已应用的数据库迁移 %04d（%s）在本程序中不存在，拒绝启动：请使用与该数据库配套的 custos 版本 (applied migration %d %s is missing from this binary)",
			e.Version, e.Name, e.Version, e.Name)
	}
	return fmt.Sprintf("已应用的数据库迁移 %s 在应用后被修改（记录的校验和 %.12s…，本程序中为 %.12s…），拒绝启动：已应用的迁移不得修改，结构变更应写成新的迁移 (applied migration %s was edited after it was applied: checksum %s recorded, %s embedded)",
		e.Name, e.Recorded, e.Want, e.Name, e.Recorded, e.Want)
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

// Migrate applies every embedded migration the database lacks, each in its own transaction
// with its checksum, and returns the versions applied. It refuses a database whose schema is
// newer than the binary's (ErrNewerSchema) and one whose applied migrations are not this
// binary's files (ErrEditedMigration). A migration applied before checksums were kept gets the
// embedded file's checksum recorded (trust on first use). On PostgreSQL an advisory lock keeps
// two starting servers from migrating at once.
func (d *DB) Migrate(ctx context.Context) ([]int, error) {
	ms, err := Migrations(d.Engine)
	if err != nil {
		return nil, err
	}
	return d.migrate(ctx, ms)
}

// migrate is Migrate with the migrations given (tests pass an edited list).
func (d *DB) migrate(ctx context.Context, ms []Migration) ([]int, error) {
	if _, err := d.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL, checksum TEXT)`); err != nil {
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
	if err := d.addChecksumColumn(ctx); err != nil {
		return nil, err
	}
	done, err := d.appliedMigrations(ctx, d.write)
	if err != nil {
		return nil, err
	}
	if err := compareMigrations(ms, done); err != nil {
		return nil, err
	}
	// trust on first use: record the embedded file's checksum for migrations applied before
	// checksums were kept
	for _, m := range ms {
		if a, ok := done[m.Version]; ok && a.checksum == "" {
			if _, err := d.write.ExecContext(ctx, rebind(d.Engine, `UPDATE schema_migrations SET checksum = ? WHERE version = ?`), m.Checksum(), m.Version); err != nil {
				return nil, fmt.Errorf("record checksum of %s: %w", m.Name, err)
			}
		}
	}
	var applied []int
	for _, m := range ms {
		if _, ok := done[m.Version]; ok {
			continue
		}
		err := d.InTx(ctx, func(tx *Tx) error {
			if _, err := tx.tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)`,
				m.Version, m.Name, time.Now().UTC().Format(time.RFC3339), m.Checksum())
			return err
		})
		if err != nil {
			return applied, err
		}
		applied = append(applied, m.Version)
	}
	return applied, nil
}

// addChecksumColumn adds schema_migrations.checksum to a table made before checksums were kept.
func (d *DB) addChecksumColumn(ctx context.Context) error {
	// look first: ALTER TABLE would lock the table on every start even when there is nothing to do
	has := `SELECT COUNT(*) FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'`
	if d.Engine == Postgres {
		has = `SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema()
			AND table_name = 'schema_migrations' AND column_name = 'checksum'`
	}
	var n int
	if err := d.write.QueryRowContext(ctx, has).Scan(&n); err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	if n > 0 {
		return nil
	}
	if _, err := d.write.ExecContext(ctx, `ALTER TABLE schema_migrations ADD COLUMN checksum TEXT`); err != nil {
		return fmt.Errorf("add schema_migrations.checksum: %w", err)
	}
	return nil
}

// appliedMigration is one row of schema_migrations.
type appliedMigration struct {
	name, checksum string
}

func (d *DB) appliedMigrations(ctx context.Context, q *sql.DB) (map[int]appliedMigration, error) {
	rows, err := q.QueryContext(ctx, `SELECT version, name, COALESCE(checksum, '') FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	out := map[int]appliedMigration{}
	for rows.Next() {
		var v int
		var a appliedMigration
		if err := rows.Scan(&v, &a.name, &a.checksum); err != nil {
			return nil, err
		}
		out[v] = a
	}
	return out, rows.Err()
}

// compareMigrations returns why the applied migrations done do not fit the binary's ms: a
// newer schema, an applied migration the binary lacks, or one whose recorded checksum differs
// from the file's. A migration without a recorded checksum passes (it is recorded on migrate).
func compareMigrations(ms []Migration, done map[int]appliedMigration) error {
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].Version
	}
	byVersion := make(map[int]Migration, len(ms))
	for _, m := range ms {
		byVersion[m.Version] = m
	}
	versions := make([]int, 0, len(done))
	for v := range done {
		versions = append(versions, v)
	}
	sort.Ints(versions)
	if n := len(versions); n > 0 && versions[n-1] > latest {
		return ErrNewerSchema{Database: versions[n-1], Binary: latest}
	}
	for _, v := range versions {
		a := done[v]
		m, ok := byVersion[v]
		switch {
		case !ok:
			return ErrEditedMigration{Version: v, Name: a.name, Recorded: a.checksum}
		case a.checksum != "" && a.checksum != m.Checksum():
			return ErrEditedMigration{Version: v, Name: m.Name, Recorded: a.checksum, Want: m.Checksum()}
		}
	}
	return nil
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

// CheckSchema returns an error unless the database has exactly the binary's migrations, each
// (where a checksum is recorded) with the binary's file. It only reads (on SQLite from the
// read pool, so it does not wait for the writer).
func (d *DB) CheckSchema(ctx context.Context) error {
	ms, err := Migrations(d.Engine)
	if err != nil {
		return err
	}
	done, err := d.appliedMigrations(ctx, d.read)
	if err != nil {
		return err
	}
	if err := compareMigrations(ms, done); err != nil {
		return err
	}
	var missing []string
	for _, m := range ms {
		if _, ok := done[m.Version]; !ok {
			missing = append(missing, m.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("数据库缺少 %d 个迁移（%s），请先运行 custos migrate (database needs migration)", len(missing), strings.Join(missing, "、"))
	}
	return nil
}

// Package db opens the platform's database (embedded SQLite or PostgreSQL), applies the
// embedded migrations and runs work in transactions. It is the only package that knows which
// engine is underneath: everything above writes SQL in the common subset with `?` placeholders
// and goes through Tx and Reader, which rebind them for PostgreSQL.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"custos/internal/input"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Engine names the database engine underneath.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open database: one writer and a pool of readers. On SQLite the writer is a single
// connection (WAL allows one writer at a time; queueing in Go is cheaper than busy retries);
// on PostgreSQL both are the same pool.
type DB struct {
	Engine Engine
	write  *sql.DB
	read   *sql.DB
	// Source is the URL or file the database was opened from, with any password removed.
	Source string
	// Synchronous is SQLite's synchronous setting ("FULL" or "NORMAL"); "" on PostgreSQL.
	Synchronous string
	stmts       *stmtCache // SQLite only
	// turn orders SQLite's writers first come, first served: database/sql hands a freed
	// connection to any waiter, which under load starves some requests for hundreds of ms.
	turn chan struct{}
}

// Options are how a database is opened beyond its address.
type Options struct {
	// Synchronous is SQLite's synchronous setting: "FULL" (also when empty) makes every commit
	// durable on power loss; "NORMAL" is faster but a power cut may lose the last commits
	// (never corrupts the file). Ignored on PostgreSQL.
	Synchronous string
}

// ParseSynchronous returns s as a synchronous setting ("FULL" for ""), or an error.
func ParseSynchronous(s string) (string, error) {
	switch v := strings.ToUpper(strings.TrimSpace(s)); v {
	case "", "FULL":
		return "FULL", nil
	case "NORMAL":
		return v, nil
	default:
		return "", fmt.Errorf("SQLite synchronous 设置 %q 无效：应为 FULL 或 NORMAL", s)
	}
}

// Open opens the database named by url with the default options: see OpenWith.
func Open(ctx context.Context, url string) (*DB, error) { return OpenWith(ctx, url, Options{}) }

// OpenWith opens the database named by url: "" or a file path or "sqlite:PATH" for SQLite,
// "postgres://…" or "postgresql://…" for PostgreSQL. It checks that the database answers and
// returns an error in plain words when it does not. It does not migrate; see Migrate.
func OpenWith(ctx context.Context, url string, opt Options) (*DB, error) {
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return openPostgres(ctx, url)
	case strings.Contains(url, "://"):
		return nil, fmt.Errorf("数据库地址无法识别 (unsupported database URL scheme in %q): use postgres://… or a SQLite file path", redact(url))
	default:
		sync, err := ParseSynchronous(opt.Synchronous)
		if err != nil {
			return nil, err
		}
		return openSQLite(ctx, strings.TrimPrefix(url, "sqlite:"), sync)
	}
}

func openSQLite(ctx context.Context, path, synchronous string) (*DB, error) {
	if path == "" {
		path = filepath.Join("data", "custos.db")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("无法创建数据目录 %s: %w", dir, err)
		}
	}
	// cache_size: 64 MiB of pages for the one writer, 16 MiB for each reader (the default 2 MiB
	// re-reads index pages from the file on every FTS5 merge); mmap_size: reads of the database
	// file come from the shared page cache without a system call each (1 GiB of address space,
	// not of memory)
	pragmas := "_pragma=journal_mode(WAL)&_pragma=synchronous(" + synchronous + ")&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=mmap_size(1073741824)&_pragma=temp_store(MEMORY)&_time_format=sqlite"
	w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=cache_size(-65536)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=cache_size(-16384)&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	d := &DB{Engine: SQLite, write: w, read: r, Source: path, Synchronous: synchronous, stmts: &stmtCache{m: map[string]*sql.Stmt{}},
		turn: make(chan struct{}, 1)}
	if err := d.ping(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("无法打开 SQLite 数据库 %s: %w", path, err)
	}
	return d, nil
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	// Plan every statement with its real values: scope ranges and search terms decide the
	// best plan, and a cached generic plan cannot see them (23 ms against 3 ms measured).
	if u, err := url.Parse(dsn); err == nil && u.Query().Get("plan_cache_mode") == "" {
		q := u.Query()
		q.Set("plan_cache_mode", "force_custom_plan")
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("数据库地址有误 (bad PostgreSQL URL %s): %w", redact(dsn), err)
	}
	p.SetMaxOpenConns(16)
	p.SetMaxIdleConns(16)
	p.SetConnMaxIdleTime(5 * time.Minute)
	d := &DB{Engine: Postgres, write: p, read: p, Source: redact(dsn)}
	if err := d.ping(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("无法连接 PostgreSQL 数据库 %s (database unreachable): %w", redact(dsn), err)
	}
	return d, nil
}

func (d *DB) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := d.write.PingContext(ctx); err != nil {
		return err
	}
	return d.read.PingContext(ctx)
}

// Ping checks that the database answers a query (the read side: on SQLite it does not wait
// for the writer).
func (d *DB) Ping(ctx context.Context) error {
	var one int
	return d.read.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

// Close closes every connection.
func (d *DB) Close() error {
	d.stmts.close()
	err := d.write.Close()
	if d.read != d.write {
		err = errors.Join(err, d.read.Close())
	}
	return err
}

// Reader returns a handle for queries outside a transaction. On SQLite it is a read-only pool
// that never waits for the writer.
func (d *DB) Reader() Reader { return Reader{db: d.read, engine: d.Engine} }

// InTx runs fn in a read-write transaction and commits when fn returns nil; any error or panic
// rolls everything back, so nothing half-written stays. On SQLite the transaction begins
// IMMEDIATE, taking the write lock at once. A request whose input was refused (input.Guard on
// ctx) gets that refusal instead of a transaction.
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	if err := input.Guard(ctx); err != nil {
		return err // the request's input was refused: nothing of it may be written
	}
	if d.turn != nil {
		select {
		case d.turn <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		defer func() { <-d.turn }()
	}
	stx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: stx, Engine: d.Engine, cache: d.stmts}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = stx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	for _, hook := range tx.before {
		if err = hook(); err != nil {
			return err
		}
	}
	if err = stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	d.stmts.fill(ctx, d.write, tx.missed)
	return nil
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Optimize refreshes the query planner's statistics after a bulk load (a tree import, a
// demo data set, a large XLSX import): ANALYZE on SQLite; VACUUM (ANALYZE) on PostgreSQL,
// which also sets the visibility map so that index-only scans skip the table. It runs outside
// any transaction.
func (d *DB) Optimize(ctx context.Context) error {
	q := `ANALYZE`
	if d.Engine == Postgres {
		q = `VACUUM (ANALYZE)`
	}
	if _, err := d.write.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	return nil
}

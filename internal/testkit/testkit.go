// Package testkit is what tests share: a fresh database on the engine under test, an App on a
// controllable clock with cheap password hashing, the demo data, and a real Chromium.
//
// The engine is chosen by CUSTOS_TEST_ENGINE: "sqlite" (default) or "postgres", which uses
// CUSTOS_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test) to create and drop
// one database per test. The same suite runs on both: .ci/run runs it twice.
package testkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"custos/internal/app"
	"custos/internal/auth"
	"custos/internal/config"
	"custos/internal/db"
	"custos/internal/demo"
	"custos/internal/org"
	"custos/internal/password"
)

// Engine returns the engine under test.
func Engine() db.Engine {
	if os.Getenv("CUSTOS_TEST_ENGINE") == "postgres" {
		return db.Postgres
	}
	return db.SQLite
}

// PostgresURL returns the server tests create their databases on.
func PostgresURL() string {
	if v := os.Getenv("CUSTOS_TEST_POSTGRES_URL"); v != "" {
		return v
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// DB returns a new, empty, unmigrated database on the engine under test, removed when the test
// ends.
func DB(t testing.TB) *db.DB {
	t.Helper()
	return DBOn(t, Engine())
}

// DBOn returns a new empty database on engine e. For PostgreSQL outside CUSTOS_TEST_ENGINE=
// postgres, an unreachable server skips the test with a clear message.
func DBOn(t testing.TB, e db.Engine) *db.DB {
	t.Helper()
	ctx := context.Background()
	if e == db.SQLite {
		// CUSTOS_SQLITE_SYNCHRONOUS lets a benchmark compare FULL (the default) with NORMAL
		d, err := db.OpenWith(ctx, filepath.Join(t.TempDir(), "test.db"), db.Options{Synchronous: os.Getenv("CUSTOS_SQLITE_SYNCHRONOUS")})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	admin, err := sql.Open("pgx", PostgresURL())
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		if Engine() == db.Postgres {
			t.Fatalf("CUSTOS_TEST_ENGINE=postgres but PostgreSQL is unreachable at %s: %v", PostgresURL(), err)
		}
		t.Skipf("PostgreSQL 不可用，跳过（unreachable at %s: %v）", PostgresURL(), err)
	}
	name := "custos_t_" + randomHex(6)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` ENCODING 'UTF8' TEMPLATE template0`); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	u, _ := url.Parse(PostgresURL())
	u.Path = "/" + name
	d, err := db.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		d.Close()
		admin.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
		admin.Close()
	})
	return d
}

// URL returns the address of a new, empty database on the engine under test (a SQLite file
// path or a postgres:// URL), removed when the test ends; for driving the CLI.
func URL(t testing.TB) string {
	t.Helper()
	if Engine() == db.SQLite {
		return filepath.Join(t.TempDir(), "custos.db")
	}
	admin, err := sql.Open("pgx", PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	name := "custos_t_" + randomHex(6)
	if _, err := admin.ExecContext(context.Background(), `CREATE DATABASE `+name+` ENCODING 'UTF8' TEMPLATE template0`); err != nil {
		t.Fatalf("CUSTOS_TEST_ENGINE=postgres: %v", err)
	}
	t.Cleanup(func() {
		admin.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
		admin.Close()
	})
	u, _ := url.Parse(PostgresURL())
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Clock is a settable clock for tests.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Start is the fixed time test clocks start at: a working Thursday, 2026-11-26 09:00 Beijing.
var Start = time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)

// Env is an App on a fresh database with its clock.
type Env struct {
	App   *app.App
	Clock *Clock
}

// NewApp builds an App on a fresh database with fast password hashing, a test clock and a
// silent log. Throttling allows many attempts unless set is given.
func NewApp(t testing.TB, set ...auth.Settings) Env {
	t.Helper()
	clock := NewClock(Start)
	s := auth.DefaultSettings()
	s.AttemptsPerMin = 1000
	if len(set) > 0 {
		s = set[0]
	}
	s.PasswordParams = password.Fast
	cfg := config.Config{AuditHash: "sha256", LogLevel: "error", MinCSOStaff: 2, ArrivalTalk: 20, ArchiveYears: 3,
		SecretKey: SecretKey}
	a, err := app.New(context.Background(), DB(t), cfg, app.Options{Now: clock.Now, Auth: &s, Password: &password.Fast,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return Env{App: a, Clock: clock}
}

// Demo loads the demo province and returns the shared password.
func (e Env) Demo(t testing.TB) demo.Result {
	t.Helper()
	res, err := demo.Load(context.Background(), e.App.DB, e.App.Org, e.App.Cadres, e.App.Pool, e.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// DemoOrg loads the demo province without its cadre roster and returns the shared password.
func (e Env) DemoOrg(t testing.TB) demo.Result {
	t.Helper()
	res, err := demo.LoadOrg(context.Background(), e.App.DB, e.App.Org)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Serve starts the App's handler on a loopback port for the test.
func (e Env) Serve(t testing.TB) *httptest.Server {
	srv := httptest.NewServer(e.App.Handler())
	t.Cleanup(srv.Close)
	return srv
}

// Lookup returns one integer column of the first row of query (a test helper for ids).
func (e Env) Lookup(t testing.TB, query string, args ...any) int64 {
	t.Helper()
	var v int64
	if err := e.App.DB.Reader().QueryRow(context.Background(), query, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", strings.TrimSpace(query), err)
	}
	return v
}

// As returns the principal of user username as a request would carry it.
func (e Env) As(t testing.TB, username string) org.Principal {
	t.Helper()
	p, err := auth.LoadPrincipal(context.Background(), e.App.DB.Reader(), e.Lookup(t, `SELECT id FROM users WHERE username = ?`, username))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// SecretKey is the fixed key tests seal reporters' identities with.
const SecretKey = "0000000000000000000000000000000000000000000000000000000000000001"

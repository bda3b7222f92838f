package db_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"custos/internal/db"
	"custos/internal/testkit"
)

func checksums(t *testing.T, d *db.DB) map[int]string {
	t.Helper()
	rows, err := d.Reader().Query(context.Background(), `SELECT version, COALESCE(checksum, '') FROM schema_migrations`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var v int
		var c string
		if err := rows.Scan(&v, &c); err != nil {
			t.Fatal(err)
		}
		out[v] = c
	}
	return out
}

func TestMigrationChecksumsRecorded(t *testing.T) {
	ctx := context.Background()
	d := testkit.DB(t)
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ms, _ := db.Migrations(d.Engine)
	got := checksums(t, d)
	for _, m := range ms {
		if got[m.Version] != m.Checksum() {
			t.Errorf("%s: checksum %q, want %q", m.Name, got[m.Version], m.Checksum())
		}
	}
	if err := d.CheckSchema(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestEditedMigrationRefused(t *testing.T) {
	ctx := context.Background()
	d := testkit.DB(t)
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ms, _ := db.Migrations(d.Engine)
	edited := append([]db.Migration(nil), ms...)
	edited[4].SQL += "\n-- a later edit\n"
	_, err := d.MigrateWith(ctx, edited)
	var e db.ErrEditedMigration
	if !errors.As(err, &e) || e.Version != ms[4].Version || !strings.Contains(err.Error(), ms[4].Name) || !strings.Contains(err.Error(), "被修改") {
		t.Fatalf("edited migration: %v", err)
	}
	// the same through the stored checksum, as the start and CheckSchema see it
	if err := d.Exec(ctx, `UPDATE schema_migrations SET checksum = ? WHERE version = ?`, strings.Repeat("0", 64), ms[2].Version); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{"migrate": errOf(d.Migrate(ctx)), "check": d.CheckSchema(ctx)} {
		if !errors.As(err, &e) || e.Version != ms[2].Version {
			t.Errorf("%s after a changed checksum: %v", name, err)
		}
	}
}

func errOf(_ []int, err error) error { return err }

func TestMissingAppliedMigrationRefused(t *testing.T) {
	ctx := context.Background()
	d := testkit.DB(t)
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ms, _ := db.Migrations(d.Engine)
	_, err := d.MigrateWith(ctx, append(append([]db.Migration(nil), ms[:3]...), ms[4:]...))
	var e db.ErrEditedMigration
	if !errors.As(err, &e) || e.Version != ms[3].Version || !strings.Contains(err.Error(), "不存在") {
		t.Fatalf("missing migration: %v", err)
	}
}

// A database migrated before checksums were kept: the column is added and each applied
// migration gets the embedded file's checksum (trust on first use); the rest are applied.
func TestChecksumsTrustedOnFirstUse(t *testing.T) {
	ctx := context.Background()
	d := testkit.DB(t)
	ms, _ := db.Migrations(d.Engine)
	if err := d.Exec(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:2] {
		if err := d.Exec(ctx, m.SQL); err != nil {
			t.Fatal(err)
		}
		if err := d.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 'then')`, m.Version, m.Name); err != nil {
			t.Fatal(err)
		}
	}
	applied, err := d.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != len(ms)-2 {
		t.Errorf("applied %v", applied)
	}
	got := checksums(t, d)
	for _, m := range ms {
		if got[m.Version] != m.Checksum() {
			t.Errorf("%s: checksum %q", m.Name, got[m.Version])
		}
	}
}

// A migration missing in the middle (numbers merged out of order) is applied, not skipped.
func TestGapApplied(t *testing.T) {
	ctx := context.Background()
	d := testkit.DB(t)
	ms, _ := db.Migrations(d.Engine)
	a := db.Migration{Version: 9001, Name: "9001_gap_a.sql", SQL: "CREATE TABLE gap_a (x INTEGER)"}
	b := db.Migration{Version: 9002, Name: "9002_gap_b.sql", SQL: "CREATE TABLE gap_b (x INTEGER)"}
	if _, err := d.MigrateWith(ctx, append(append([]db.Migration(nil), ms...), b)); err != nil {
		t.Fatal(err)
	}
	applied, err := d.MigrateWith(ctx, append(append([]db.Migration(nil), ms...), a, b))
	if err != nil || len(applied) != 1 || applied[0] != a.Version {
		t.Fatalf("applied %v, %v", applied, err)
	}
}

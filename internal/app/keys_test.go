package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"custos/internal/app"
	"custos/internal/audit"
	"custos/internal/auth"
	"custos/internal/config"
	"custos/internal/db"
	"custos/internal/demo"
	"custos/internal/org"
	"custos/internal/password"
	"custos/internal/report"
	"custos/internal/secret"
	"custos/internal/testkit"
)

// newApp builds an App on d with cfg's key settings and the test defaults otherwise.
func newApp(t *testing.T, d *db.DB, cfg config.Config) (*app.App, error) {
	t.Helper()
	cfg.AuditHash, cfg.LogLevel, cfg.MinCSOStaff, cfg.ArrivalTalk, cfg.ArchiveYears = "sha256", "error", 2, 20, 3
	clock := testkit.NewClock(testkit.Start)
	return app.New(context.Background(), d, cfg, app.Options{Now: clock.Now, Password: &password.Fast,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

func keyID(t *testing.T, file string) string {
	t.Helper()
	k, err := secret.LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := secret.New(k)
	return b.ID()
}

func recordedKey(t *testing.T, d *db.DB) string {
	t.Helper()
	id, err := secret.RecordedID(context.Background(), d.Reader())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// sealSomething registers a real-name report with an attachment: one sealed identity, one
// sealed attachment.
func sealSomething(t *testing.T, a *app.App) int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, a.DB, a.Org, a.Cadres, a.Pool, testkit.Start); err != nil {
		t.Fatal(err)
	}
	r, err := a.Reports.Register(ctx, principal(t, a, "gz.xinfang"), report.Input{ReceivedOn: "2026-11-20", Channel: "letter", Category: "accusation",
		RealName: true, Reporter: report.Reporter{Name: "刘实名", Contact: "13800000000"}, Title: "反映赵敏的问题",
		Content: "反映省纪委案件审理室主任赵敏多次接受管理服务对象宴请，收受购物卡。", Allegations: []string{"integrity"},
		Subjects:    []report.SubjectInput{{Name: "赵敏"}},
		Attachments: []report.AttachmentInput{{Name: "证据.pdf", Data: []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")}}})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// readSealed opens the report's reporter and first attachment with a's key.
func readSealed(t *testing.T, a *app.App, id int64) (string, []byte) {
	t.Helper()
	ctx := context.Background()
	p := principal(t, a, "gz.xinfang")
	who, err := a.Reports.RevealReporter(ctx, p, id, "核实举报人身份")
	if err != nil {
		t.Fatal(err)
	}
	var att int64
	if err := a.DB.Reader().QueryRow(ctx, `SELECT id FROM report_attachments WHERE report_id = ?`, id).Scan(&att); err != nil {
		t.Fatal(err)
	}
	_, data, err := a.Reports.Attachment(ctx, p, id, att)
	if err != nil {
		t.Fatal(err)
	}
	return who.Name, data
}

// TestSealingKeyNeverMixed: the first start records the key's id; a restore without the key,
// or with another key, is refused naming the expected key and where it was looked for, and no
// new key is made; `key rotate` re-seals everything and the old key is then refused.
func TestSealingKeyNeverMixed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	k1, k2 := filepath.Join(dir, "k1.key"), filepath.Join(dir, "k2.key")
	d := testkit.DB(t)
	a, err := newApp(t, d, config.Config{SecretKeyFile: k1})
	if err != nil {
		t.Fatal(err)
	}
	id1 := keyID(t, k1) // created on the first start of an empty database
	if recordedKey(t, d) != id1 {
		t.Fatalf("recorded %q, want %q", recordedKey(t, d), id1)
	}
	rid := sealSomething(t, a)

	// restored without its key
	if err := os.Rename(k1, k1+".away"); err != nil {
		t.Fatal(err)
	}
	_, err = newApp(t, d, config.Config{SecretKeyFile: k1})
	if err == nil || !strings.Contains(err.Error(), id1) || !strings.Contains(err.Error(), k1) || !strings.Contains(err.Error(), "拒绝启动") {
		t.Fatalf("start without the key: %v", err)
	}
	if _, err := os.Stat(k1); !os.IsNotExist(err) {
		t.Fatal("a new key was created for a database that has one")
	}
	// with another key, from a file or from the environment
	if _, err := secret.CreateFile(k2); err != nil {
		t.Fatal(err)
	}
	id2 := keyID(t, k2)
	_, err = newApp(t, d, config.Config{SecretKeyFile: k2})
	if err == nil || !strings.Contains(err.Error(), id1) || !strings.Contains(err.Error(), id2) || !strings.Contains(err.Error(), k2) {
		t.Fatalf("start with another key: %v", err)
	}
	if _, err = newApp(t, d, config.Config{SecretKey: testkit.SecretKey}); err == nil || !strings.Contains(err.Error(), "CUSTOS_SECRET_KEY") {
		t.Fatalf("start with another key in the environment: %v", err)
	}
	if recordedKey(t, d) != id1 {
		t.Fatal("a refused start changed the recorded key")
	}

	// the key back: everything reads
	if err := os.Rename(k1+".away", k1); err != nil {
		t.Fatal(err)
	}
	a, err = newApp(t, d, config.Config{SecretKeyFile: k1})
	if err != nil {
		t.Fatal(err)
	}
	name, data := readSealed(t, a, rid)

	// rotation to k2: everything re-sealed in one transaction, the new id recorded
	n, id, err := a.RotateKey(ctx, k2)
	if err != nil || n != 2 || id != id2 || recordedKey(t, d) != id2 {
		t.Fatalf("rotate: %d %q %v (recorded %q)", n, id, err, recordedKey(t, d))
	}
	if _, err = newApp(t, d, config.Config{SecretKeyFile: k1}); err == nil || !strings.Contains(err.Error(), id2) {
		t.Fatalf("the old key after rotation: %v", err)
	}
	b, err := newApp(t, d, config.Config{SecretKeyFile: k2})
	if err != nil {
		t.Fatal(err)
	}
	if name2, data2 := readSealed(t, b, rid); name2 != name || !bytes.Equal(data2, data) {
		t.Fatalf("after rotation: %q %q, want %q %q", name2, data2, name, data)
	}
	if sealed, _ := secret.SealedIDs(ctx, d.Reader(), report.SealedColumns()); len(sealed) != 1 || sealed[id2] != 2 {
		t.Fatalf("sealed values by key after rotation: %v", sealed)
	}
	if _, _, err := b.RotateKey(ctx, k2); err == nil {
		t.Fatal("rotation to the same key accepted")
	}
	if res, err := audit.Verify(ctx, d.Reader()); err != nil || !res.OK() {
		t.Fatal(res, err)
	}
	var actions int64
	d.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action IN ('key.record', 'key.rotate')`).Scan(&actions)
	if actions != 2 {
		t.Fatalf("%d key entries audited, want the record and the rotation", actions)
	}
}

// TestOlderDatabaseKeyChecked: a database from before key ids were recorded, with values
// sealed, is checked against the ids its values name; and the default key file of SQLite is
// beside the database, named by its absolute path. PostgreSQL needs a configured key.
func TestOlderDatabaseKeyChecked(t *testing.T) {
	ctx := context.Background()
	d := testkit.DB(t)
	a, err := newApp(t, d, config.Config{SecretKey: testkit.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	sealSomething(t, a)
	id1 := recordedKey(t, d)
	if err := d.InTx(ctx, func(tx *db.Tx) error { _, err := tx.Exec(ctx, `DELETE FROM sealing_key`); return err }); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.key")
	if _, err := secret.CreateFile(other); err != nil {
		t.Fatal(err)
	}
	if _, err := newApp(t, d, config.Config{SecretKeyFile: other}); err == nil || !strings.Contains(err.Error(), id1) {
		t.Fatalf("older database, another key: %v", err)
	}
	if _, err := newApp(t, d, config.Config{}); err == nil || !strings.Contains(err.Error(), id1) {
		t.Fatalf("older database, no key configured: %v", err)
	} else if d.Engine == db.Postgres && !strings.Contains(err.Error(), "CUSTOS_SECRET_KEY_FILE") {
		t.Fatalf("PostgreSQL without a key: %v", err)
	} else if d.Engine == db.SQLite {
		abs, _ := filepath.Abs(filepath.Join(filepath.Dir(d.Source), "custos.key"))
		if !strings.Contains(err.Error(), abs) {
			t.Fatalf("SQLite: the default path is not named: %v", err)
		}
		if _, err := os.Stat(abs); !os.IsNotExist(err) {
			t.Fatal("a new key was created beside a database with sealed values")
		}
	}
	if _, err := newApp(t, d, config.Config{SecretKey: testkit.SecretKey}); err != nil || recordedKey(t, d) != id1 {
		t.Fatalf("the right key: %v, recorded %q", err, recordedKey(t, d))
	}
	if d.Engine == db.Postgres {
		if _, err := newApp(t, testkit.DB(t), config.Config{}); err == nil || !strings.Contains(err.Error(), "CUSTOS_SECRET_KEY_FILE") {
			t.Fatalf("an empty PostgreSQL database without a key: %v", err)
		}
	}
}

func principal(t *testing.T, a *app.App, username string) org.Principal {
	t.Helper()
	var id int64
	if err := a.DB.Reader().QueryRow(context.Background(), `SELECT id FROM users WHERE username = ?`, username).Scan(&id); err != nil {
		t.Fatal(err)
	}
	p, err := auth.LoadPrincipal(context.Background(), a.DB.Reader(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

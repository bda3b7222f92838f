package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"custos/internal/app"
	"custos/internal/audit"
	"custos/internal/config"
	"custos/internal/db"
	"custos/internal/secret"
	"custos/internal/testkit"
)

// runEnv runs the CLI with the test environment plus extra and returns its exit code and output.
func runEnv(t *testing.T, url string, extra map[string]string, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	env := map[string]string{"CUSTOS_DATABASE_URL": url, "CUSTOS_LOG_LEVEL": "error", "CUSTOS_SECRET_KEY": strings.Repeat("ab", 32)}
	for k, v := range extra {
		env[k] = v
	}
	code := app.Main(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &out)
	return code, out.String()
}

// exec runs statements on the database at url, bypassing the audit trail's append-only
// triggers as an attacker with direct database access would.
func exec(t *testing.T, url string, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	err = d.InTx(ctx, func(tx *db.Tx) error {
		if d.Engine == db.Postgres {
			if _, err := tx.Exec(ctx, `ALTER TABLE audit_log DISABLE TRIGGER USER`); err != nil {
				return err
			}
		} else {
			for _, tr := range []string{"audit_log_no_update", "audit_log_no_delete"} {
				if _, err := tx.Exec(ctx, `DROP TRIGGER IF EXISTS `+tr); err != nil {
					return err
				}
			}
		}
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// appendEntries writes n audit entries through the real Append on the database at url.
func appendEntries(t *testing.T, url string, n int) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	log, _ := audit.New(audit.SHA256, func() time.Time { return testkit.Start })
	for i := range n {
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			return log.Append(ctx, tx, audit.System("test"), audit.Entry{Action: "test.write", ObjectType: "thing", ObjectID: fmt.Sprint(i), Summary: "测试"})
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestEditedMigrationStopsStart: an applied migration whose file differs from the one applied
// stops every command that opens the database, naming the migration.
func TestEditedMigrationStopsStart(t *testing.T) {
	url := testkit.URL(t)
	mustRun(t, url, "", "migrate")
	ms, _ := db.Migrations(testkit.Engine())
	exec(t, url, fmt.Sprintf(`UPDATE schema_migrations SET checksum = '%s' WHERE version = %d`, strings.Repeat("0", 64), ms[6].Version))
	for _, cmd := range [][]string{{"migrate"}, {"audit", "verify"}, {"serve", "--addr", "127.0.0.1:0"}, {"user", "list"}} {
		code, out := run(t, url, "", cmd...)
		if code != 1 || !strings.Contains(out, ms[6].Name) || !strings.Contains(out, "被修改") {
			t.Errorf("custos %s: exit %d: %s", strings.Join(cmd, " "), code, out)
		}
	}
	if code, out := run(t, url, "", "doctor"); code != 1 || !strings.Contains(out, "[错误] 数据库结构") {
		t.Errorf("doctor: exit %d: %s", code, out)
	}
}

// TestAuditCheckpoints: a signed checkpoint proves the trail extends it; a forged entry past
// the head is found without one; a truncated tail with a rewritten head passes a plain verify
// but not the checkpoint; an altered checkpoint file is refused; doctor reports each.
func TestAuditCheckpoints(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "checkpoint.key")
	cpDir := filepath.Join(dir, "checkpoints")
	env := map[string]string{"CUSTOS_CHECKPOINT_KEY_FILE": key, "CUSTOS_CHECKPOINT_DIR": cpDir}
	if code, out := runEnv(t, "", nil, "audit", "keygen", "--out", key); code != 0 || !strings.Contains(out, "ed25519:") {
		t.Fatalf("keygen: %d %s", code, out)
	}
	if code, _ := runEnv(t, "", nil, "audit", "keygen", "--out", key); code == 0 {
		t.Fatal("keygen overwrote a key")
	}

	url := testkit.URL(t)
	mustRun(t, url, "", "migrate")
	appendEntries(t, url, 20)
	cp := filepath.Join(dir, "cp.json")
	if code, out := runEnv(t, url, env, "audit", "checkpoint", "--out", cp); code != 0 || !strings.Contains(out, "已写出审计检查点") {
		t.Fatalf("checkpoint: %d %s", code, out)
	}
	if code, out := runEnv(t, url, env, "audit", "checkpoint"); code != 0 || !strings.Contains(out, cpDir) {
		t.Fatalf("checkpoint into the directory: %d %s", code, out)
	}
	appendEntries(t, url, 3)
	// verifying on another machine needs only the public key
	if code, out := runEnv(t, url, nil, "audit", "verify", "--checkpoint", cp, "--pubkey", key+".pub"); code != 0 || !strings.Contains(out, "延续") {
		t.Fatalf("verify against the checkpoint: %d %s", code, out)
	}
	if code, out := runEnv(t, url, env, "doctor"); code != 0 || !strings.Contains(out, "[正常] 审计检查点") {
		t.Fatalf("doctor on a sound installation: %d %s", code, out)
	}

	// an altered checkpoint is not trusted
	b, _ := os.ReadFile(cp)
	forged := filepath.Join(dir, "forged.json")
	os.WriteFile(forged, regexp.MustCompile(`"seq": \d+`).ReplaceAll(b, []byte(`"seq": 2`)), 0o600)
	if code, out := runEnv(t, url, env, "audit", "verify", "--checkpoint", forged); code != 1 || !strings.Contains(out, "签名无效") {
		t.Fatalf("forged checkpoint: %d %s", code, out)
	}

	// truncated tail, head rewritten to the new last entry: a plain verify cannot see it
	exec(t, url, `DELETE FROM audit_log WHERE seq > 12`, `UPDATE audit_head SET seq = 12, hash = (SELECT hash FROM audit_log WHERE seq = 12) WHERE id = 1`)
	if code, out := runEnv(t, url, nil, "audit", "verify"); code != 0 {
		t.Fatalf("plain verify after a clean truncation (the attack): %d %s", code, out)
	}
	if code, out := runEnv(t, url, env, "audit", "verify", "--checkpoint", cp); code != 1 || !strings.Contains(out, "被删除") {
		t.Fatalf("verify against the checkpoint after truncation: %d %s", code, out)
	}
	if code, out := runEnv(t, url, env, "doctor"); code != 1 || !strings.Contains(out, "[错误] 审计检查点") {
		t.Fatalf("doctor after truncation: %d %s", code, out)
	}

	// a forged entry appended past the head, no checkpoint needed
	exec(t, url, `INSERT INTO audit_log (seq, at, actor_name, actor_roles, scope_path, action, object_type, object_id, summary, before_digest, after_digest, client_addr, alg, prev_hash, hash)
		SELECT 13, at, actor_name, actor_roles, scope_path, action, object_type, object_id, '伪造的', before_digest, after_digest, client_addr, alg, hash, hash FROM audit_log WHERE seq = 12`)
	if code, out := runEnv(t, url, nil, "audit", "verify"); code != 1 || !strings.Contains(out, "第 13 条") || !strings.Contains(out, "链头") {
		t.Fatalf("verify with an entry past the head: %d %s", code, out)
	}
	// a broken chain is never signed
	if code, out := runEnv(t, url, env, "audit", "checkpoint", "--out", filepath.Join(dir, "never.json")); code != 1 || !strings.Contains(out, "未签发") {
		t.Fatalf("checkpoint of a broken chain: %d %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "never.json")); !os.IsNotExist(err) {
		t.Fatal("a broken chain was signed")
	}
}

// TestDailyCheckpoint: the server writes one signed checkpoint a day into the directory.
func TestDailyCheckpoint(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	key := filepath.Join(dir, "checkpoint.key")
	if _, err := audit.GenerateKeyFiles(key); err != nil {
		t.Fatal(err)
	}
	cpDir := filepath.Join(dir, "cp")
	a, err := newApp(t, testkit.DB(t), config.Config{SecretKey: testkit.SecretKey, CheckpointKeyFile: key, CheckpointDir: cpDir})
	if err != nil {
		t.Fatal(err)
	}
	a.DailyCheckpoint(ctx)
	a.DailyCheckpoint(ctx)
	files, _ := filepath.Glob(filepath.Join(cpDir, "checkpoint-*.json"))
	if len(files) != 1 {
		t.Fatalf("files after two rounds on one day: %v", files)
	}
	b, _ := os.ReadFile(files[0])
	cp, err := audit.ParseCheckpoint(b)
	pub, _ := audit.LoadPublicKey(key + ".pub")
	if err != nil || cp.CheckSignature(pub) != nil || cp.Seq < 1 {
		t.Fatalf("checkpoint %+v: %v", cp, err)
	}
	if res, err := audit.Extends(ctx, a.DB.Reader(), cp); err != nil || !res.OK() {
		t.Fatal(res, err)
	}
}

// TestHealthEndpoints: /healthz answers while the process runs; /readyz only while the
// database answers with this binary's migrations.
func TestHealthEndpoints(t *testing.T) {
	env := testkit.NewApp(t)
	srv := env.Serve(t)
	get := func(path string) (int, string) {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Fatalf("/healthz: %d %q", code, body)
	}
	if code, body := get("/readyz"); code != 200 || body != "ready\n" {
		t.Fatalf("/readyz: %d %q", code, body)
	}
	ctx := context.Background()
	if err := env.App.DB.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "迁移") {
		t.Fatalf("/readyz with an edited migration: %d %q", code, body)
	}
	env.App.DB.Close()
	if code, _ := get("/readyz"); code != 503 {
		t.Fatalf("/readyz with the database closed: %d", code)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Fatalf("/healthz with the database closed: %d", code)
	}
}

// TestDoctor: doctor names the key a database expects when another is configured, warns about
// the NORMAL durability setting and missing checkpoints, and changes nothing.
func TestDoctor(t *testing.T) {
	url := testkit.URL(t)
	mustRun(t, url, "", "user", "list") // the first start records the key
	other := map[string]string{"CUSTOS_SECRET_KEY": strings.Repeat("cd", 32)}
	code, out := runEnv(t, url, other, "doctor")
	if code != 1 || !strings.Contains(out, "[错误] 加密密钥") || !strings.Contains(out, "处理：") {
		t.Fatalf("doctor with another key: %d %s", code, out)
	}
	code, out = runEnv(t, url, map[string]string{"CUSTOS_SQLITE_SYNCHRONOUS": "NORMAL"}, "doctor")
	if code != 0 || !strings.Contains(out, "[正常] 加密密钥") || !strings.Contains(out, "[注意] 审计检查点") || !strings.Contains(out, "[正常] 审计日志") {
		t.Fatalf("doctor: %d %s", code, out)
	}
	if testkit.Engine() == db.SQLite && !strings.Contains(out, "[注意] 持久性") {
		t.Fatalf("doctor with synchronous=NORMAL: %s", out)
	}
	if code, out := runEnv(t, url, map[string]string{"CUSTOS_SQLITE_SYNCHRONOUS": "OFF"}, "doctor"); code != 2 || !strings.Contains(out, "FULL 或 NORMAL") {
		t.Fatalf("synchronous=OFF: %d %s", code, out)
	}
}

// TestRestoreWithoutKey: a restored database whose key was not restored is refused, naming the
// key it needs and where it was looked for; no new key is made; with the key it starts. The
// backup names the key it will need.
func TestRestoreWithoutKey(t *testing.T) {
	url := testkit.URL(t)
	mustRun(t, url, "", "user", "list") // the first start records the key
	k, _ := secret.ParseKey(strings.Repeat("ab", 32))
	box, _ := secret.New(k)
	restored, where := url, "CUSTOS_SECRET_KEY_FILE"
	if testkit.Engine() == db.SQLite {
		restored = filepath.Join(t.TempDir(), "restored", "custos.db")
		os.MkdirAll(filepath.Dir(restored), 0o700)
		if out := mustRun(t, url, "", "backup", restored); !strings.Contains(out, box.ID()) {
			t.Errorf("backup does not name the key: %s", out)
		}
		where = filepath.Join(filepath.Dir(restored), "custos.key")
	}
	noKey := map[string]string{"CUSTOS_SECRET_KEY": ""}
	for _, cmd := range [][]string{{"user", "list"}, {"serve", "--addr", "127.0.0.1:0"}} {
		code, out := runEnv(t, restored, noKey, cmd...)
		if code != 1 || !strings.Contains(out, box.ID()) || !strings.Contains(out, where) || !strings.Contains(out, "拒绝启动") {
			t.Fatalf("custos %s without the key: %d %s", strings.Join(cmd, " "), code, out)
		}
	}
	if testkit.Engine() == db.SQLite {
		if _, err := os.Stat(where); !os.IsNotExist(err) {
			t.Fatal("a new key was made beside the restored database")
		}
	}
	file := filepath.Join(t.TempDir(), "custos.key")
	os.WriteFile(file, []byte(strings.Repeat("ab", 32)+"\n"), 0o600)
	if code, out := runEnv(t, restored, map[string]string{"CUSTOS_SECRET_KEY": "", "CUSTOS_SECRET_KEY_FILE": file}, "user", "list"); code != 0 {
		t.Fatalf("with the key restored: %d %s", code, out)
	}
}

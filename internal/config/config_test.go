package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := Load(env(nil))
	if err != nil || c.Addr != "127.0.0.1:8080" || c.AuditHash != "sha256" || c.ArrivalTalk != 20 || c.ArchiveYears != 3 {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	f := filepath.Join(t.TempDir(), "url")
	os.WriteFile(f, []byte("postgres://u:secret@h/db\n"), 0o600)
	c, err = Load(env(map[string]string{"CUSTOS_DATABASE_URL_FILE": f, "CUSTOS_AUDIT_HASH": "SM3", "CUSTOS_ARRIVAL_TALK_DAYS": "10"}))
	if err != nil || c.DatabaseURL != "postgres://u:secret@h/db" || c.AuditHash != "sm3" || c.ArrivalTalk != 10 {
		t.Fatalf("from env: %+v %v", c, err)
	}
	for k, v := range map[string]string{"CUSTOS_AUDIT_HASH": "md5", "CUSTOS_SECURE_COOKIE": "maybe", "CUSTOS_MIN_CSO_STAFF": "0",
		"CUSTOS_LOG_LEVEL": "loud", "CUSTOS_ARCHIVE_KEEP_YEARS": "三"} {
		if _, err := Load(env(map[string]string{k: v})); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: err %v", k, v, err)
		}
	}
}

func TestOperationsSettings(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := Load(env(nil))
	if err != nil || c.Synchronous != "FULL" || c.SecretKeyFile != "" || c.CheckpointDir != "" {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = Load(env(map[string]string{"CUSTOS_SQLITE_SYNCHRONOUS": "normal", "CUSTOS_SECRET_KEY_FILE": "keys/custos.key",
		"CUSTOS_CHECKPOINT_KEY_FILE": "/k", "CUSTOS_CHECKPOINT_DIR": "/cp"}))
	if err != nil || c.Synchronous != "NORMAL" || !filepath.IsAbs(c.SecretKeyFile) || !strings.HasSuffix(c.SecretKeyFile, "keys/custos.key") {
		t.Fatalf("settings: %+v %v", c, err)
	}
	// the key file is read at start (a missing one is refused there, naming the expected key)
	if _, err := Load(env(map[string]string{"CUSTOS_SECRET_KEY_FILE": "/nowhere/custos.key"})); err != nil {
		t.Fatalf("a missing key file refused by config: %v", err)
	}
	for _, bad := range []map[string]string{{"CUSTOS_SQLITE_SYNCHRONOUS": "OFF"}, {"CUSTOS_CHECKPOINT_DIR": "/cp"}} {
		if _, err := Load(env(bad)); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

package secret

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	k, _ := ParseKey(NewKey())
	b, err := New(k)
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte(`{"name":"张三","phone":"13800000000"}`)
	s1, s2 := b.Seal(msg, "reporter"), b.Seal(msg, "reporter")
	if s1 == s2 || strings.Contains(s1, "张三") || !strings.HasPrefix(s1, "v1:"+b.ID()+":") {
		t.Fatalf("sealed: %s", s1)
	}
	got, err := b.Open(s1, "reporter")
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("open: %s %v", got, err)
	}
	if _, err := b.Open(s1, "other"); err == nil {
		t.Error("opened for another purpose")
	}
	tampered := s1[:len(s1)-4] + "AAAA"
	if _, err := b.Open(tampered, "reporter"); err == nil {
		t.Error("opened a tampered value")
	}
	k2, _ := ParseKey(NewKey())
	b2, _ := New(k2)
	if _, err := b2.Open(s1, "reporter"); !errors.Is(err, ErrWrongKey) {
		t.Errorf("another key: %v", err)
	}
	if _, err := New([]byte("short")); err == nil {
		t.Error("short key accepted")
	}
}

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "custos.key")
	k1, created, err := LoadOrCreateFile(path)
	if err != nil || !created || len(k1) != KeySize {
		t.Fatalf("create: %v %v", created, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v", st.Mode().Perm())
	}
	k2, created, err := LoadOrCreateFile(path)
	if err != nil || created || !bytes.Equal(k1, k2) {
		t.Fatalf("reload: %v %v", created, err)
	}
	os.WriteFile(path, []byte("not a key"), 0o600)
	if _, _, err := LoadOrCreateFile(path); err == nil {
		t.Error("a bad key file was accepted")
	}
}

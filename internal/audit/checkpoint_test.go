package audit_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"custos/internal/audit"
	"custos/internal/testkit"
)

// An entry appended past the head — a forgery that bypassed Append — is found without any
// checkpoint; so is a head set back over honest entries.
func TestEntriesBeyondHeadFound(t *testing.T) {
	for name, tamper := range map[string]string{
		"forged entry appended": `INSERT INTO audit_log (seq, at, actor_name, actor_roles, scope_path, action, object_type, object_id, summary, before_digest, after_digest, client_addr, alg, prev_hash, hash)
			SELECT 11, at, actor_name, actor_roles, scope_path, action, object_type, object_id, '伪造的', before_digest, after_digest, client_addr, alg, hash, hash FROM audit_log WHERE seq = 10`,
		"head set back": `UPDATE audit_head SET seq = 7, hash = (SELECT hash FROM audit_log WHERE seq = 7) WHERE id = 1`,
	} {
		t.Run(name, func(t *testing.T) {
			d := migrated(t)
			log, _ := audit.New(audit.SHA256, func() time.Time { return testkit.Start })
			appendN(t, d, log, 10)
			raw(t, d, tamper)
			res, err := audit.Verify(context.Background(), d.Reader())
			if err != nil || res.OK() || !strings.Contains(res.Problem, "链头") {
				t.Fatalf("want entries beyond the head found, got %+v %v", res, err)
			}
		})
	}
}

func TestCheckpointSignature(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	c := audit.SignCheckpoint(priv, 42, "abc", testkit.Start)
	back, err := audit.ParseCheckpoint(c.Marshal())
	if err != nil || back != c {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	if err := back.CheckSignature(pub); err != nil {
		t.Fatal(err)
	}
	if err := back.CheckSignature(other); err == nil {
		t.Error("another key's public key accepted")
	}
	for _, forged := range []audit.Checkpoint{
		func() audit.Checkpoint { f := c; f.Seq = 7; return f }(),
		func() audit.Checkpoint { f := c; f.Hash = "abd"; return f }(),
		func() audit.Checkpoint { f := c; f.At = "2020-01-01T00:00:00Z"; return f }(),
	} {
		if err := forged.CheckSignature(pub); err == nil {
			t.Errorf("altered checkpoint accepted: %+v", forged)
		}
	}
	if _, err := audit.ParseCheckpoint([]byte("not json")); err == nil {
		t.Error("garbage parsed")
	}
}

func TestKeyFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "checkpoint.key")
	id, err := audit.GenerateKeyFiles(path)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := audit.LoadSigningKey(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + ".pub"} {
		pub, err := audit.LoadPublicKey(p)
		if err != nil || audit.KeyID(pub) != id || !pub.Equal(priv.Public()) {
			t.Errorf("%s: %v %v", p, audit.KeyID(pub), err)
		}
	}
	if _, err := audit.GenerateKeyFiles(path); err == nil {
		t.Error("existing key overwritten")
	}
}

// A checkpoint proves the trail still extends it: growth passes; a truncated tail with the
// head rewritten to match (which Verify alone cannot see) and a wholesale rewrite are caught.
func TestExtendsCheckpoint(t *testing.T) {
	ctx := context.Background()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	for _, tc := range []struct {
		name   string
		tamper []string
		want   string
	}{
		{"grown", nil, ""},
		{"truncated, head rewritten", []string{`DELETE FROM audit_log WHERE seq > 15`,
			`UPDATE audit_head SET seq = 15, hash = (SELECT hash FROM audit_log WHERE seq = 15) WHERE id = 1`}, "被删除"},
		{"rewritten", []string{`DELETE FROM audit_log WHERE seq > 10`,
			`UPDATE audit_head SET seq = 10, hash = (SELECT hash FROM audit_log WHERE seq = 10) WHERE id = 1`}, "改写"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := migrated(t)
			log, _ := audit.New(audit.SHA256, func() time.Time { return testkit.Start })
			appendN(t, d, log, 20)
			res, err := audit.Verify(ctx, d.Reader())
			if err != nil || !res.OK() {
				t.Fatal(res, err)
			}
			cp := audit.SignCheckpoint(priv, res.HeadSeq, res.HeadHash, testkit.Start)
			if tc.tamper != nil {
				raw(t, d, tc.tamper...)
			}
			if tc.name == "rewritten" {
				// the attacker re-appends ten entries of their own through the real code
				appendN(t, d, log, 12)
			} else {
				appendN(t, d, log, 3)
			}
			if res, err := audit.Verify(ctx, d.Reader()); err != nil || !res.OK() {
				t.Fatalf("without the checkpoint the chain looks intact, as the attack intends: %+v %v", res, err)
			}
			res, err = audit.Extends(ctx, d.Reader(), cp)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" && !res.OK() || tc.want != "" && (res.OK() || !strings.Contains(res.Problem, tc.want)) {
				t.Fatalf("want %q, got %+v", tc.want, res)
			}
		})
	}
}

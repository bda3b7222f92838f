package password

import (
	"strings"
	"testing"
)

func TestHashCheck(t *testing.T) {
	h, err := Hash("Correct-Horse-9", Fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string", h)
	}
	if ok, err := Check("Correct-Horse-9", h); !ok || err != nil {
		t.Errorf("Check(right) = %v, %v", ok, err)
	}
	if ok, _ := Check("correct-horse-9", h); ok {
		t.Error("Check(wrong) = true")
	}
	h2, _ := Hash("Correct-Horse-9", Fast)
	if h == h2 {
		t.Error("two hashes of one password must differ (salt)")
	}
	if _, err := Check("x", "$argon2id$garbage"); err != ErrMalformed {
		t.Errorf("malformed: err = %v", err)
	}
}

func TestPolicy(t *testing.T) {
	for _, tc := range []struct {
		pw string
		ok bool
	}{
		{"short1A!", false},
		{"alllowercaseletters", false},
		{"lowercase123456", false},
		{"Lowercase123456", true},
		{"lower-case-12345", true},
		{"密码密码密码密码密码A1", true},
	} {
		if got := Policy(tc.pw) == ""; got != tc.ok {
			t.Errorf("Policy(%q) ok = %v, want %v (%s)", tc.pw, got, tc.ok, Policy(tc.pw))
		}
	}
	for i := 0; i < 100; i++ {
		if msg := Policy(Random()); msg != "" {
			t.Fatalf("Random() fails the policy: %s", msg)
		}
	}
}

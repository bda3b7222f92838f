package secret

import (
	"slices"
	"strings"
	"testing"
)

func TestCheckKey(t *testing.T) {
	for _, tc := range []struct {
		name            string
		recorded, found string
		sealed          map[string]int64
		want            Decision
		expected        []string // refused when set
	}{
		{name: "fresh database, no key", want: Create},
		{name: "fresh database, a key", found: "k1", want: Record},
		{name: "recorded and found", recorded: "k1", found: "k1", sealed: map[string]int64{"k1": 3}, want: Use},
		{name: "recorded, key missing", recorded: "k1", expected: []string{"k1"}},
		{name: "recorded, another key", recorded: "k1", found: "k2", expected: []string{"k1"}},
		{name: "older database sealed, key missing", sealed: map[string]int64{"k1": 5}, expected: []string{"k1"}},
		{name: "older database sealed, another key", sealed: map[string]int64{"k1": 5}, found: "k2", expected: []string{"k1"}},
		{name: "older database sealed, same key", sealed: map[string]int64{"k1": 5}, found: "k1", want: Record},
		{name: "older database sealed under two keys", sealed: map[string]int64{"k1": 5, "k0": 1}, found: "k1", expected: []string{"k0"}},
	} {
		got, err := CheckKey(tc.recorded, tc.sealed, tc.found)
		switch {
		case tc.expected != nil && (err == nil || !slices.Equal(err.Expected, tc.expected) || err.Found != tc.found):
			t.Errorf("%s: got %v, %+v; want refusal expecting %v", tc.name, got, err, tc.expected)
		case tc.expected == nil && (err != nil || got != tc.want):
			t.Errorf("%s: got %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
	err := &KeyError{Expected: []string{"abcd1234"}, Where: "/srv/custos/custos.key"}
	if msg := err.Error(); !strings.Contains(msg, "abcd1234") || !strings.Contains(msg, "/srv/custos/custos.key") || !strings.Contains(msg, "拒绝启动") || !strings.Contains(msg, "refusing") {
		t.Errorf("message: %s", msg)
	}
}

package db

import "testing"

func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, pg string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
		{"x = '?' AND y = ?", "x = '?' AND y = $1"},
		{"IN (?, ?, ?)", "IN ($1, $2, $3)"},
	} {
		if got := rebind(Postgres, tc.in); got != tc.pg {
			t.Errorf("rebind(pg, %q) = %q, want %q", tc.in, got, tc.pg)
		}
		if got := rebind(SQLite, tc.in); got != tc.in {
			t.Errorf("rebind(sqlite, %q) changed it to %q", tc.in, got)
		}
	}
}

func TestSubtreeRange(t *testing.T) {
	lo, hi := SubtreeRange("/1/5/")
	for _, tc := range []struct {
		path string
		in   bool
	}{
		{"/1/5/", true}, {"/1/5/23/", true}, {"/1/5/9/99/", true},
		{"/1/50/", false}, {"/1/51/", false}, {"/1/4/", false}, {"/1/", false}, {"/2/5/", false}, {"/1/6/", false},
	} {
		if got := tc.path >= lo && tc.path < hi; got != tc.in {
			t.Errorf("%s in subtree /1/5/ = %v, want %v", tc.path, got, tc.in)
		}
	}
	lo, hi = SubtreeRange("")
	if !("/1/" >= lo && "/1/" < hi) {
		t.Error("empty scope must cover everything")
	}
}

func TestPlaceholders(t *testing.T) {
	if Placeholders(0) != "" || Placeholders(1) != "?" || Placeholders(3) != "?, ?, ?" {
		t.Error("Placeholders")
	}
}

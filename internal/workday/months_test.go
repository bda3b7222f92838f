package workday

import "testing"

func TestAddMonths(t *testing.T) {
	for _, tc := range []struct {
		day  string
		n    int
		want string
	}{
		{"2026-11-30", 3, "2027-02-28"},
		{"2027-11-30", 3, "2028-02-29"},
		{"2026-01-31", 1, "2026-02-28"},
		{"2026-03-15", 1, "2026-04-15"},
		{"2026-12-01", 18, "2028-06-01"},
		{"2026-05-31", -1, "2026-04-30"},
		{"2026-05-31", 0, "2026-05-31"},
		{"昨天", 1, ""},
	} {
		if got := AddMonths(tc.day, tc.n); got != tc.want {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tc.day, tc.n, got, tc.want)
		}
	}
}

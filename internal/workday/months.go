package workday

import "time"

// AddMonths adds n calendar months to a YYYY-MM-DD day — the rules that count in months
// (a trial within 1 month, a sanction's 18-month bar, the quarterly review of shelved clues).
// A day that does not exist in the target month becomes that month's last day (01-31 plus one
// month is 02-28 or 02-29). It returns "" for a malformed day.
func AddMonths(day string, n int) string {
	t, err := time.Parse(DateLayout, day)
	if err != nil {
		return ""
	}
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(t.Day(), last), 0, 0, 0, 0, time.UTC).Format(DateLayout)
}

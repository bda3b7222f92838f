// Package workday is the Chinese working-day calendar: weekends, public holidays and make-up
// working days (调休). Calendar is pure and safe for concurrent reads; Store keeps the days in
// the database, seeded from holidays.csv and editable by an administrator.
//
// Deadline convention used across custos: "N working days after D" is AddWorkdays(D, N) — the
// Nth working day strictly after D (the day of the event does not count).
package workday

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"time"
)

// Kind marks a day that differs from the Monday–Friday rule.
type Kind string

const (
	Holiday Kind = "holiday" // a rest day that would be a weekday
	Workday Kind = "workday" // a working day that would be a weekend (调休上班)
)

// Day is one exception to the weekly rule.
type Day struct {
	Date string // YYYY-MM-DD
	Kind Kind
	Name string // e.g. 春节
}

// Calendar answers working-day questions. The zero value knows only weekends.
type Calendar struct {
	days map[string]Day
}

// New returns a calendar with the given exceptions.
func New(days []Day) *Calendar {
	c := &Calendar{days: make(map[string]Day, len(days))}
	for _, d := range days {
		c.days[d.Date] = d
	}
	return c
}

// DateLayout is how dates are written.
const DateLayout = "2006-01-02"

// Key returns the calendar date of t (in t's own location) as YYYY-MM-DD.
func Key(t time.Time) string { return t.Format(DateLayout) }

// IsWorkday reports whether t's date is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	if d, ok := c.days[Key(t)]; ok {
		return d.Kind == Workday
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Lookup returns the exception recorded for t's date, if any.
func (c *Calendar) Lookup(t time.Time) (Day, bool) {
	d, ok := c.days[Key(t)]
	return d, ok
}

// AddWorkdays returns the date n working days after t (t itself not counted), at t's time of
// day. n = 0 returns t; negative n counts backwards.
func (c *Calendar) AddWorkdays(t time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		t = t.AddDate(0, 0, step)
		if c.IsWorkday(t) {
			n--
		}
	}
	return t
}

// WorkdaysBetween counts the working days after a up to and including b; negative when b is
// before a.
func (c *Calendar) WorkdaysBetween(a, b time.Time) int {
	a = time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	b = time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if c.IsWorkday(d) {
			n++
		}
	}
	return sign * n
}

//go:embed holidays.csv
var seedCSV []byte

// Seed returns the embedded holiday data (2020–2027).
func Seed() ([]Day, error) { return ParseCSV(seedCSV) }

// ParseCSV reads "date,kind,name" lines (a header and # comments allowed) and checks each.
func ParseCSV(b []byte) ([]Day, error) {
	var out []Day
	sc := bufio.NewScanner(bytes.NewReader(b))
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") || strings.HasPrefix(s, "date,") {
			continue
		}
		f := strings.Split(s, ",")
		if len(f) != 3 {
			return nil, fmt.Errorf("第 %d 行：应为 日期,类型,名称", line)
		}
		d := Day{Date: f[0], Kind: Kind(f[1]), Name: f[2]}
		if err := d.Validate(); err != nil {
			return nil, fmt.Errorf("第 %d 行：%w", line, err)
		}
		out = append(out, d)
	}
	return out, sc.Err()
}

// Validate checks the date and kind.
func (d Day) Validate() error {
	if _, err := time.Parse(DateLayout, d.Date); err != nil {
		return fmt.Errorf("日期 %q 应为 YYYY-MM-DD", d.Date)
	}
	if d.Kind != Holiday && d.Kind != Workday {
		return fmt.Errorf("类型 %q 应为 holiday 或 workday", d.Kind)
	}
	return nil
}

// Package clock owns time for the whole platform: Beijing time (China Standard Time, UTC+8,
// no daylight saving), "today", and how dates and times are parsed and written. Every module
// reads the zone, formats a date and parses a date through this package, so that the clue log,
// the case history and a document drafted at 00:30 Beijing time all agree on the day and the
// minute. Time itself comes from a Func injected at construction (time.Now in production,
// a settable clock in tests); this package holds no state of its own.
package clock

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Beijing is China Standard Time. It is fixed (no tzdata needed on the server) and must never
// be reassigned; it is a variable only because Go has no constant locations.
var Beijing = time.FixedZone("CST", 8*3600)

// Func is a source of the current instant. Services take one so tests can set the time.
type Func func() time.Time

// System is the real clock.
func System() time.Time { return time.Now() }

// Layouts of the forms this platform writes.
const (
	DateLayout   = "2006-01-02"       // a date in data, forms and URLs
	MinuteLayout = "2006-01-02 15:04" // a moment on a screen
	SecondLayout = "2006-01-02 15:04:05"
)

// In returns t in Beijing time.
func In(t time.Time) time.Time { return t.In(Beijing) }

// Date is t's Beijing date, YYYY-MM-DD.
func Date(t time.Time) string { return t.In(Beijing).Format(DateLayout) }

// Today is the Beijing date of now, YYYY-MM-DD.
func Today(now Func) string { return Date(now()) }

// Minute is t as a Beijing date and minute, "2026-12-02 09:30"; empty for the zero time.
func Minute(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Beijing).Format(MinuteLayout)
}

// Second is t as a Beijing date and second; empty for the zero time.
func Second(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Beijing).Format(SecondLayout)
}

// Chinese writes a Beijing date as official documents do: 2026年12月2日 (no leading zeros,
// no spaces).
func Chinese(t time.Time) string {
	b := t.In(Beijing)
	return fmt.Sprintf("%d年%d月%d日", b.Year(), int(b.Month()), b.Day())
}

// ChineseDate rewrites a YYYY-MM-DD date as 2026年12月2日; any other text is returned as is.
func ChineseDate(day string) string {
	t, err := time.Parse(DateLayout, day)
	if err != nil {
		return day
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// ErrDate is returned for text that is not a date.
var ErrDate = errors.New("日期格式应为 YYYY-MM-DD")

// ParseDate reads YYYY-MM-DD (surrounding spaces ignored) as midnight Beijing time of that day.
func ParseDate(s string) (time.Time, error) {
	t, err := time.ParseInLocation(DateLayout, strings.TrimSpace(s), Beijing)
	if err != nil {
		return time.Time{}, ErrDate
	}
	return t, nil
}

// ValidDate reports whether s is a YYYY-MM-DD date.
func ValidDate(s string) bool {
	_, err := ParseDate(s)
	return err == nil
}

// StartOfDay is the first instant of the Beijing day containing t.
func StartOfDay(t time.Time) time.Time {
	b := t.In(Beijing)
	return time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, Beijing)
}

// Year is the Beijing calendar year of t.
func Year(t time.Time) int { return t.In(Beijing).Year() }

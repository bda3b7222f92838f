package cadre

import (
	"strconv"
	"strings"
	"time"

	"custos/internal/apperr"
)

// ParseRosterDate reads a date the way rosters write it and returns YYYY-MM-DD, or YYYY-MM
// when the roster gives only the month:
//
//	full dates   2006-01-02, 2006/1/2, 2006.01.02, 2006年1月2日, 20060102
//	year-months  1968.10, 1968.1, 1968年10月, 196810, 1968-10, 1968/10
//	Excel        a date cell's serial day number (25112 → 1968-10-01)
//
// A year-month whose month is one digit (1968.1) is January: a number cell typed as 1968.10
// arrives as 1968.1, which only the ID number can tell apart (see birthMonthAgrees). Years
// before 1900 or after 2100 are refused.
func ParseRosterDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	var groups []string
	start := -1
	for i, r := range s + " " {
		digit := r >= '0' && r <= '9'
		switch {
		case digit && start < 0:
			start = i
		case !digit && start >= 0:
			groups = append(groups, s[start:i])
			start = -1
		}
		if !digit && !strings.ContainsRune("-/.年月日 ", r) {
			return "", false
		}
	}
	num := func(g string) int { n, _ := strconv.Atoi(g); return n }
	switch {
	case len(groups) == 3:
		return fullDate(num(groups[0]), num(groups[1]), num(groups[2]), len(groups[0]) == 4)
	case len(groups) == 2:
		return yearMonth(num(groups[0]), num(groups[1]), len(groups[0]) == 4 && len(groups[1]) <= 2)
	case len(groups) != 1 || strings.ContainsAny(s, "-/.年月日"):
		return "", false
	}
	g := groups[0]
	switch {
	case len(g) == 8:
		return fullDate(num(g[:4]), num(g[4:6]), num(g[6:]), true)
	case len(g) == 6:
		return yearMonth(num(g[:4]), num(g[4:]), true)
	case len(g) <= 5 && num(g) > 1: // an Excel serial day number (1 is 1900-01-01, never a roster's)
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, num(g)).Format("2006-01-02"), true
	}
	return "", false
}

func fullDate(y, m, d int, ok bool) (string, bool) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if !ok || y < 1900 || y > 2100 || t.Month() != time.Month(m) || t.Day() != d {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

func yearMonth(y, m int, ok bool) (string, bool) {
	if !ok || y < 1900 || y > 2100 || m < 1 || m > 12 {
		return "", false
	}
	return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format("2006-01"), true
}

// birthMonthAgrees reports whether a birth date compared by month only (v as written, parsed
// its ParseRosterDate value) agrees with the ID number's birth date (YYYY-MM-DD). A number cell
// that Excel turned from 1968.10 into 1968.1 agrees with an October birth.
func birthMonthAgrees(v, parsed, fromID string) bool {
	if parsed[:7] == fromID[:7] {
		return true
	}
	v = strings.TrimSpace(v)
	return len(v) == 6 && v[4] == '.' && v[5] == '1' && fromID[:7] == v[:4]+"-10"
}

// rosterDateField parses an optional roster date (full or year-month), adding an error for a
// bad or future date.
func rosterDateField(f apperr.Fields, field, label, v string, today time.Time) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	d, ok := ParseRosterDate(v)
	if !ok {
		f.Add(field, label+"“"+v+"”格式无法识别（可写 2024-03-05、2024.3、2024年3月、202403 或 Excel 日期）")
		return ""
	}
	if d > today.Format("2006-01-02")[:len(d)] {
		f.Add(field, label+" "+d+" 晚于今天")
		return ""
	}
	return d
}

package workday

import (
	"testing"
	"time"
)

// schedules are the State Council's published holiday arrangements (国务院办公厅关于…部分节假日
// 安排的通知), written here by hand from the notices, independently of holidays.csv: rest days
// that fall on weekdays or weekends, and the weekend days worked instead (调休上班).
var schedules = map[int]struct{ rest, work []string }{
	// 国办发明电〔2023〕7号
	2024: {
		rest: []string{"2024-01-01",
			"2024-02-10", "2024-02-11", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16", "2024-02-17",
			"2024-04-04", "2024-04-05", "2024-04-06",
			"2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04", "2024-05-05",
			"2024-06-10",
			"2024-09-15", "2024-09-16", "2024-09-17",
			"2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-05", "2024-10-06", "2024-10-07"},
		work: []string{"2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"},
	},
	// 国办发明电〔2024〕12号
	2025: {
		rest: []string{"2025-01-01",
			"2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04",
			"2025-04-04", "2025-04-05", "2025-04-06",
			"2025-05-01", "2025-05-02", "2025-05-03", "2025-05-04", "2025-05-05",
			"2025-05-31", "2025-06-01", "2025-06-02",
			"2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"},
		work: []string{"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"},
	},
	// 国办发明电〔2025〕7号
	2026: {
		rest: []string{"2026-01-01", "2026-01-02", "2026-01-03",
			"2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23",
			"2026-04-04", "2026-04-05", "2026-04-06",
			"2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",
			"2026-06-19", "2026-06-20", "2026-06-21",
			"2026-09-25", "2026-09-26", "2026-09-27",
			"2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"},
		work: []string{"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"},
	},
}

func seeded(t *testing.T) *Calendar {
	t.Helper()
	days, err := Seed()
	if err != nil {
		t.Fatal(err)
	}
	return New(days)
}

func day(s string) time.Time {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestSeedMatchesStateCouncil checks every day of 2024–2026: rest days and make-up days as
// published, every other day by the weekly rule.
func TestSeedMatchesStateCouncil(t *testing.T) {
	cal := seeded(t)
	for year, s := range schedules {
		rest, work := map[string]bool{}, map[string]bool{}
		for _, d := range s.rest {
			rest[d] = true
		}
		for _, d := range s.work {
			work[d] = true
		}
		for d := day(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format(DateLayout)); d.Year() == year; d = d.AddDate(0, 0, 1) {
			k := Key(d)
			want := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
			if rest[k] {
				want = false
			}
			if work[k] {
				want = true
			}
			if got := cal.IsWorkday(d); got != want {
				t.Errorf("%s (%s): IsWorkday = %v, want %v", k, d.Weekday(), got, want)
			}
		}
	}
}

func TestSeedCoversEveryYear(t *testing.T) {
	days, err := Seed()
	if err != nil {
		t.Fatal(err)
	}
	years := map[int]int{}
	for _, d := range days {
		years[day(d.Date).Year()]++
	}
	for y := 2020; y <= 2027; y++ {
		if years[y] < 10 {
			t.Errorf("year %d has %d exceptions; want the full schedule", y, years[y])
		}
	}
}

func TestAddWorkdays(t *testing.T) {
	cal := seeded(t)
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-26", 0, "2026-11-26"},
		{"2026-11-26", 1, "2026-11-27"},   // Thu → Fri
		{"2026-11-27", 1, "2026-11-30"},   // Fri → Mon
		{"2026-11-26", 15, "2026-12-17"},  // three plain weeks
		{"2026-09-28", 15, "2026-10-23"},  // across 国庆, with Saturday 10-10 worked
		{"2026-09-30", 1, "2026-10-08"},   // holiday week skipped
		{"2026-10-09", 1, "2026-10-10"},   // Saturday 10-10 is a make-up working day
		{"2026-02-13", 1, "2026-02-14"},   // Saturday before 春节 is worked
		{"2026-02-14", 1, "2026-02-24"},   // 春节 15–23 skipped
		{"2025-12-31", 1, "2026-01-04"},   // 元旦 1–3 off, Sunday 01-04 worked
		{"2026-12-17", -15, "2026-11-26"}, // backwards
		{"2024-02-08", 2, "2024-02-18"},   // 除夕 02-09 worked in 2024, then Sunday 02-18
	} {
		got := Key(cal.AddWorkdays(day(tc.from), tc.n))
		if got != tc.want {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	cal := seeded(t)
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"2026-11-26", "2026-11-26", 0},
		{"2026-11-26", "2026-11-27", 1},
		{"2026-11-27", "2026-11-30", 1},
		{"2026-09-28", "2026-10-23", 15},
		{"2026-10-23", "2026-09-28", -15},
		{"2026-01-01", "2026-12-31", 248}, // 261 weekdays − 19 weekday holidays + 6 make-up days
	} {
		if got := cal.WorkdaysBetween(day(tc.a), day(tc.b)); got != tc.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestAddAndCountAgree: counting back the days added gives n, for every start in 2026.
func TestAddAndCountAgree(t *testing.T) {
	cal := seeded(t)
	for d := day("2026-01-01"); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		for _, n := range []int{1, 5, 15, 30} {
			if got := cal.WorkdaysBetween(d, cal.AddWorkdays(d, n)); got != n {
				t.Fatalf("from %s: WorkdaysBetween(d, AddWorkdays(d, %d)) = %d", Key(d), n, got)
			}
		}
	}
}

func TestParseCSVErrors(t *testing.T) {
	for _, in := range []string{"2026-13-01,holiday,x", "2026-01-01,rest,x", "2026-01-01,holiday"} {
		if _, err := ParseCSV([]byte(in)); err == nil {
			t.Errorf("ParseCSV(%q): want an error", in)
		}
	}
}

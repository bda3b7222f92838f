package clock

import (
	"testing"
	"time"
)

func TestBeijingDay(t *testing.T) {
	// 00:30 Beijing time is 16:30 UTC the day before: the Beijing date wins.
	utc := time.Date(2026, 12, 1, 16, 30, 0, 0, time.UTC)
	cases := []struct {
		name, got, want string
	}{
		{"Date", Date(utc), "2026-12-02"},
		{"Minute", Minute(utc), "2026-12-02 00:30"},
		{"Second", Second(utc), "2026-12-02 00:30:00"},
		{"Chinese", Chinese(utc), "2026年12月2日"},
		{"ChineseDate", ChineseDate("2026-03-09"), "2026年3月9日"},
		{"ChineseDate other", ChineseDate("不详"), "不详"},
		{"Today", Today(func() time.Time { return utc }), "2026-12-02"},
		{"Minute zero", Minute(time.Time{}), ""},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	cases := []struct {
		in   string
		ok   bool
		want string
	}{
		{"2026-12-02", true, "2026-12-01T16:00:00Z"},
		{" 2026-02-28 ", true, "2026-02-27T16:00:00Z"},
		{"2026-02-30", false, ""},
		{"2026/12/02", false, ""},
		{"", false, ""},
	}
	for _, c := range cases {
		got, err := ParseDate(c.in)
		if (err == nil) != c.ok {
			t.Errorf("ParseDate(%q) err = %v, want ok=%v", c.in, err, c.ok)
			continue
		}
		if c.ok && got.UTC().Format(time.RFC3339) != c.want {
			t.Errorf("ParseDate(%q) = %s, want %s", c.in, got.UTC().Format(time.RFC3339), c.want)
		}
		if c.ok != ValidDate(c.in) {
			t.Errorf("ValidDate(%q) disagrees", c.in)
		}
	}
	if got := StartOfDay(time.Date(2026, 12, 1, 16, 30, 0, 0, time.UTC)); Date(got) != "2026-12-02" || Minute(got) != "2026-12-02 00:00" {
		t.Errorf("StartOfDay = %s", Minute(got))
	}
}

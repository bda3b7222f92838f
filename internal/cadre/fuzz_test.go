package cadre_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"custos/internal/cadre"
)

var fuzzToday = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// FuzzParseIDCard: any string is either refused with a Chinese message or gives a number that
// is 18 characters, passes its own check again and whose birth date is not after today.
func FuzzParseIDCard(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "110105194912310021", "１１０１０５１９４９１２３１００２ｘ", " 52010219800101001X ", "", "\xff", "52010219800230001X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		card, err := cadre.ParseIDCard(s, fuzzToday)
		if err != nil {
			if msg := err.Error(); msg == "" || !utf8.ValidString(msg) && utf8.ValidString(s) {
				t.Fatalf("refusal of %q: %q", s, msg)
			}
			return
		}
		if len(card.Number) != 18 || card.BirthDate.After(fuzzToday) {
			t.Fatalf("%q accepted as %+v", s, card)
		}
		again, err := cadre.ParseIDCard(card.Number, fuzzToday)
		if err != nil || again != card {
			t.Fatalf("%q → %q does not parse again: %v", s, card.Number, err)
		}
	})
}

// FuzzParseDate: an accepted date is YYYY-MM-DD, a real day from 1900 on, and parses to itself.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-20", "2026/1/2", "2026.01.02", "20260102", "2026年1月2日", "45000", "0", "-1", "2026-02-30", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := cadre.ParseDate(s)
		if !ok {
			return
		}
		day, err := time.Parse("2006-01-02", d)
		if err != nil || day.Year() < 1900 || day.Format("2006-01-02") != d {
			t.Fatalf("%q accepted as %q", s, d)
		}
		if again, ok := cadre.ParseDate(d); !ok || again != d {
			t.Fatalf("%q → %q → %q %v", s, d, again, ok)
		}
	})
}

// FuzzParse: the cadre form and roster row check never panics, and whatever it accepts is
// bounded, valid UTF-8 and free of control characters.
func FuzzParse(f *testing.F) {
	f.Add("赵敏", "11010519491231002X", "中共党员", "处长", "县处级", "", "2026-01-01")
	f.Add(strings.Repeat("长", 200), "\xff", "\x00", "", "", "在职", "")
	f.Fuzz(func(t *testing.T, name, id, party, post, rank, status, joined string) {
		c, errs := cadre.Parse(cadre.Input{Name: name, IDNumber: id, PartyMember: party, Post: post, Rank: rank, Status: status, PartyJoinDate: joined}, fuzzToday)
		if len(errs) > 0 {
			return
		}
		for _, v := range []string{c.Name, c.Post, c.IDNumber, c.Ethnicity, c.PartyJoinDate} {
			if !utf8.ValidString(v) || strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 }) || utf8.RuneCountInString(v) > 60 {
				t.Fatalf("accepted %+v", c)
			}
		}
	})
}

package clue

import (
	"strings"
	"testing"
)

func TestLimit(t *testing.T) {
	earlier := []Ref{
		{ID: 1, Number: "2026-0003", Started: "2026-03-02"},
		{ID: 2, Number: "2025-0040", Started: "2025-12-30"},
		{ID: 3, Number: "2026-0017", Started: "2026-08-15"},
	}
	cases := []struct {
		name    string
		date    string
		earlier []Ref
		refused bool
	}{
		{"first of the year", "2026-01-05", nil, false},
		{"second of the year", "2026-09-01", earlier[:2], false},
		{"third of the year", "2026-11-26", earlier, true},
		{"a new year starts again", "2027-01-04", earlier, false},
	}
	for _, c := range cases {
		err := Limit{PerYear: 2}.Check("周杰", c.date, c.earlier)
		if (err != nil) != c.refused {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	err := Limit{}.Check("周杰", "2026-11-26", earlier)
	if err == nil || !strings.Contains(err.Error(), "2026-03-02（线索 2026-0003）、2026-08-15（线索 2026-0017）") || !strings.Contains(err.Error(), "至多 2 次") {
		t.Errorf("message should name the earlier two: %v", err)
	}
}

func TestDraw(t *testing.T) {
	var pool []Ref
	for i := int64(1); i <= 20; i++ {
		pool = append(pool, Ref{ID: i, KeyMinority: i%7 == 0}) // 7 and 14
	}
	got := Draw(pool, 0.3, 42)
	if len(got) != 6 {
		t.Fatalf("30%% of 20 is 6, drew %d", len(got))
	}
	if !got[0].KeyMinority || !got[1].KeyMinority {
		t.Errorf("key-minority subjects first: %+v", got[:2])
	}
	reversed := make([]Ref, len(pool))
	for i := range pool {
		reversed[i] = pool[len(pool)-1-i]
	}
	again := Draw(reversed, 0.3, 42)
	for i := range got {
		if got[i].ID != again[i].ID {
			t.Fatalf("the same pool and seed must give the same draw: %v vs %v", got, again)
		}
	}
	other := Draw(pool, 0.3, 43)
	same := true
	for i := range got {
		same = same && got[i].ID == other[i].ID
	}
	if same {
		t.Error("another seed gave the same draw")
	}
	if n := len(Draw(pool[:7], 0.3, 1)); n != 3 { // ceil(2.1)
		t.Errorf("30%% of 7 rounds up to 3, drew %d", n)
	}
	keyOnly := []Ref{{ID: 1, KeyMinority: true}, {ID: 2, KeyMinority: true}, {ID: 3, KeyMinority: true}, {ID: 4}}
	if n := len(Draw(keyOnly, 0.3, 1)); n != 3 {
		t.Errorf("every key-minority subject is checked even above the share: %d", n)
	}
}

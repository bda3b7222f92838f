package casework

import (
	"strings"
	"testing"

	"custos/internal/apperr"
)

func TestPeriods(t *testing.T) {
	for _, tc := range []struct {
		system, kind, effective string
		period, bar             string
	}{
		{"party", "warning", "2026-03-15", "", "2027-03-15"},
		{"party", "serious_warning", "2026-03-15", "", "2027-09-15"},
		{"party", "removal", "2026-03-15", "", "2028-03-15"},
		{"party", "probation_1y", "2026-03-15", "2027-03-15", "2029-03-15"},
		{"party", "probation_2y", "2026-03-15", "2028-03-15", "2030-03-15"},
		{"party", "expulsion", "2026-03-15", "", "2031-03-15"},
		{"gov", "warning", "2026-08-31", "2027-02-28", "2027-02-28"},
		{"gov", "demerit", "2026-03-15", "2027-03-15", "2027-03-15"},
		{"gov", "major_demerit", "2026-03-15", "2027-09-15", "2027-09-15"},
		{"gov", "demotion", "2026-03-15", "2028-03-15", "2028-03-15"},
		{"gov", "dismissal", "2026-03-15", "2028-03-15", "2028-03-15"},
		{"gov", "expulsion", "2026-03-15", Forever, Forever},
		{"org", "adjustment", "2026-03-15", "", ""},
		{"prosecution", "transfer", "2026-03-15", "", ""},
	} {
		k, ok := SanctionKindOf(tc.system, tc.kind)
		if !ok {
			t.Fatalf("no kind %s/%s", tc.system, tc.kind)
		}
		period, bar := Periods(k, tc.effective)
		if period != tc.period || bar != tc.bar {
			t.Errorf("%s from %s: period %q bar %q, want %q %q", k.Name, tc.effective, period, bar, tc.period, tc.bar)
		}
	}
	if !InPeriod("2027-03-14", "2027-03-14") || InPeriod("2027-03-14", "2027-03-15") || InPeriod("", "2020-01-01") || !InPeriod(Forever, "2099-01-01") {
		t.Error("InPeriod")
	}
}

func TestSuggestForm(t *testing.T) {
	k := func(system, id string) SanctionKind { x, _ := SanctionKindOf(system, id); return x }
	for _, tc := range []struct {
		kinds []SanctionKind
		want  string
	}{
		{[]SanctionKind{k("none", "education")}, F1},
		{[]SanctionKind{k("party", "warning")}, F2},
		{[]SanctionKind{k("party", "serious_warning"), k("gov", "demerit")}, F2},
		{[]SanctionKind{k("party", "warning"), k("org", "major_adjustment")}, F3},
		{[]SanctionKind{k("party", "expulsion"), k("gov", "expulsion"), k("prosecution", "transfer")}, F4},
		{[]SanctionKind{k("none", "exonerated")}, ""},
		{nil, ""},
	} {
		if got := SuggestForm(tc.kinds); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.kinds, got, tc.want)
		}
	}
}

func TestDetention(t *testing.T) {
	if got := DetentionEnd("2026-11-30"); got != "2027-02-28" {
		t.Errorf("3 months from 11-30 end %s", got)
	}
	if got := DetentionEnd("2026-01-10"); got != "2026-04-10" {
		t.Errorf("3 months from 01-10 end %s", got)
	}
	end, err := ExtendDetention("2026-04-10", false)
	if err != nil || end != "2026-07-10" {
		t.Errorf("extended to %s, %v", end, err)
	}
	if _, err := ExtendDetention(end, true); apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(apperr.MessageOf(err), "不得再次延长") {
		t.Errorf("second extension: %v", err)
	}
	for level, want := range map[string]string{"central": "own", "provincial": "own", "prefectural": "upper", "county": "upper", "resident_group": "upper"} {
		if got := DetentionApproval(level); got != want {
			t.Errorf("%s: %s", level, got)
		}
	}
}

func TestTrialDeadlines(t *testing.T) {
	if got := TrialDue("2026-01-31"); got != "2026-02-28" {
		t.Errorf("trial due %s", got)
	}
	for _, tc := range []struct {
		due, newDue string
		ok          bool
	}{{"2026-02-28", "2026-03-28", true}, {"2026-02-28", "2026-03-29", false}, {"2026-02-28", "2026-02-28", false}, {"2026-02-28", "2026-03-01", true}} {
		if err := CheckTrialExtension(tc.due, tc.newDue); (err == nil) != tc.ok {
			t.Errorf("extend %s → %s: %v", tc.due, tc.newDue, err)
		}
	}
	if got := AnnounceDue("2026-12-01"); got != "2027-01-01" {
		t.Errorf("announce due %s", got)
	}
}

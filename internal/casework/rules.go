package casework

import (
	"fmt"
	"time"

	"custos/internal/apperr"
	"custos/internal/workday"
)

// Forever is the period end of a sanction without end (开除公职).
const Forever = "9999-12-31"

// SanctionKind is one kind of outcome of a decision, with the periods it carries (domain
// §4.4–4.5): PeriodMonths is the sanction's own period (政务处分期 or 留党察看期), BarMonths how
// long after its effective date promotion is barred (or, for expulsion from the party,
// re-admission). Form is the form of the four (四种形态) it counts under.
type SanctionKind struct {
	System       string // party | gov | org | none | prosecution
	ID           string
	Name         string
	PeriodMonths int // 0: none; -1: permanent
	BarMonths    int // from the effective date; -1: permanent
	Form         string
}

// SanctionKinds is the catalogue: five party sanctions, six government sanctions,
// organisational handling, no sanction, and transfer to the procuratorate.
func SanctionKinds() []SanctionKind {
	return []SanctionKind{
		{"party", "warning", "警告（党纪）", 0, 12, F2},
		{"party", "serious_warning", "严重警告", 0, 18, F2},
		{"party", "removal", "撤销党内职务", 0, 24, F3},
		{"party", "probation_1y", "留党察看一年", 12, 12 + 24, F3},
		{"party", "probation_2y", "留党察看二年", 24, 24 + 24, F3},
		{"party", "expulsion", "开除党籍", 0, 60, F3},
		{"gov", "warning", "警告（政务）", 6, 6, F2},
		{"gov", "demerit", "记过", 12, 12, F2},
		{"gov", "major_demerit", "记大过", 18, 18, F2},
		{"gov", "demotion", "降级", 24, 24, F3},
		{"gov", "dismissal", "撤职", 24, 24, F3},
		{"gov", "expulsion", "开除（政务）", -1, -1, F3},
		{"org", "adjustment", "组织调整（调离岗位、免职等）", 0, 0, F2},
		{"org", "major_adjustment", "重大职务调整（降职、责令辞职等）", 0, 0, F3},
		{"none", "education", "批评教育、谈话提醒等（不予处分）", 0, 0, F1},
		{"none", "exonerated", "不予处分（澄清正名）", 0, 0, ""},
		{"prosecution", "transfer", "移送检察机关依法审查起诉", 0, 0, F4},
	}
}

// SanctionKindOf returns the catalogue entry of system and id.
func SanctionKindOf(system, id string) (SanctionKind, bool) {
	for _, k := range SanctionKinds() {
		if k.System == system && k.ID == id {
			return k, true
		}
	}
	return SanctionKind{}, false
}

// SanctionSystems names the outcome groups.
func SanctionSystems() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{"party", "党纪处分"}, {"gov", "政务处分"}, {"org", "组织处理"}, {"none", "不予处分"}, {"prosecution", "移送司法"}}
}

// Periods returns a sanction's period end and the end of its bar on promotion for a sanction
// effective on a YYYY-MM-DD day: "" where the kind carries none, Forever where it never ends.
// The period runs from the effective date (政务处分法 Art. 8) and is counted as the civil code
// counts periods in months (民法典 Arts. 201–202): the first day is not counted, the last day is
// the corresponding day N months later, or that month's last day when it has none.
func Periods(k SanctionKind, effective string) (periodEnd, barUntil string) {
	end := func(months int) string {
		switch {
		case months < 0:
			return Forever
		case months == 0:
			return ""
		}
		return workday.AddMonths(effective, months)
	}
	return end(k.PeriodMonths), end(k.BarMonths)
}

// InPeriod reports whether a sanction whose bar ends on barUntil still applies on day.
func InPeriod(barUntil, day string) bool { return barUntil != "" && barUntil >= day }

// The four forms (四种形态, domain §4.6).
const (
	F1 = "F1"
	F2 = "F2"
	F3 = "F3"
	F4 = "F4"
)

// Forms lists the four forms with their Chinese names.
func Forms() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{F1, "第一种形态"}, {F2, "第二种形态"}, {F3, "第三种形态"}, {F4, "第四种形态"}}
}

// FormName returns the Chinese name of a form, "" for none.
func FormName(f string) string {
	for _, x := range Forms() {
		if x.ID == f {
			return x.Name
		}
	}
	return ""
}

// SuggestForm returns the form a decision counts under by default: the heaviest form among its
// outcomes (a transfer to the procuratorate makes it the fourth); "" when no outcome carries one.
func SuggestForm(kinds []SanctionKind) string {
	best := ""
	for _, k := range kinds {
		if k.Form > best {
			best = k.Form
		}
	}
	return best
}

// DetentionMonths is the limit of a detention (留置) and of its one extension (监察法 2018 Art. 43).
const DetentionMonths = 3

// DetentionEnd is the last day of a detention started on start: 3 months, counted as periods in
// months are (the first day not counted; the corresponding day, or the month's last, ends it).
func DetentionEnd(start string) string { return workday.AddMonths(start, DetentionMonths) }

// ExtendDetention returns the new last day of a detention ending on end, extended once by at
// most 3 months; a second extension is refused (Conflict).
func ExtendDetention(end string, extended bool) (string, error) {
	if extended {
		return "", apperr.New(apperr.Conflict, "留置已延长过一次，不得再次延长（监察法第四十三条：延长一次，不得超过三个月）")
	}
	return workday.AddMonths(end, DetentionMonths), nil
}

// DetentionApproval reports whether a detention imposed by a commission at level needs the
// higher commission's approval: prefecture level and below do (监察法 2018 Art. 43).
func DetentionApproval(level string) string {
	if level == "central" || level == "provincial" {
		return "own"
	}
	return "upper"
}

// TrialDue is the day a trial received on day must report by: one month (执纪规则 Art. 55).
func TrialDue(received string) string { return workday.AddMonths(received, 1) }

// CheckTrialExtension checks an extension of a trial due on due to newDue: later than due and
// at most one month beyond it.
func CheckTrialExtension(due, newDue string) error {
	if newDue <= due {
		return apperr.Fields{"new_due": "延长后的期限应晚于原期限 " + due}.Err()
	}
	if limit := workday.AddMonths(due, 1); newDue > limit {
		return apperr.Fields{"new_due": fmt.Sprintf("每次延长不超过一个月（至多到 %s）", limit)}.Err()
	}
	return nil
}

// AnnounceDue is the day a decision taken on day must be announced by: one month (执纪规则 Art. 56).
func AnnounceDue(decided string) string { return workday.AddMonths(decided, 1) }

// EscalationWindow is how soon a subject-safety incident is reported up: 24 hours (执纪规则 Art. 70).
const EscalationWindow = 24 * time.Hour

package cadre

// Summary is the archive at a glance (一口清) as it fits one printed A4 page: counts and the
// latest entry of every part, the conflicts, the latest portrait and the most recent items.
type Summary struct {
	Appointments int
	LastAppt     *Appointment
	TalksHeld    int
	TalksPending int
	TalksOverdue int
	Family       int
	Conflicts    int
	Sections     []SectionSummary // sections with records, in Sections() order
	Portrait     *Portrait        // the latest
	Recent       []Item           // the newest timeline items, at most RecentItems
}

// SectionSummary is one archive section's count and latest record.
type SectionSummary struct {
	Name   string
	Count  int
	Latest Record
}

// RecentItems is how many timeline items the summary lists.
const RecentItems = 5

// Summarize condenses a as of today (YYYY-MM-DD). Lists are newest first, so the first of
// each is the latest.
func (a Archive) Summarize(today string) Summary {
	s := Summary{Appointments: len(a.Appointments), Family: len(a.Family), Conflicts: len(a.Conflicts)}
	if len(a.Appointments) > 0 {
		s.LastAppt = &a.Appointments[0]
	}
	for _, t := range a.Talks {
		switch {
		case t.HeldDate != "":
			s.TalksHeld++
		case t.Overdue(today):
			s.TalksOverdue++
			s.TalksPending++
		default:
			s.TalksPending++
		}
	}
	for _, sec := range Sections() {
		rs := a.SectionRecords(sec.ID)
		if len(rs) > 0 {
			s.Sections = append(s.Sections, SectionSummary{Name: sec.Name, Count: len(rs), Latest: rs[0]})
		}
	}
	if len(a.Portraits) > 0 {
		s.Portrait = &a.Portraits[0]
	}
	s.Recent = a.Items[:min(RecentItems, len(a.Items))]
	return s
}

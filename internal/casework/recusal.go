package casework

import "custos/internal/cadre"

// Person is what the recusal check knows of someone: their roster record (0 when they have
// none) and ID number, and the relatives their archive lists.
type Person struct {
	CadreID  int64
	Name     string
	IDNumber string
	Family   []Relative
}

// Relative is a close relative or specific related person as an archive records them.
type Relative struct {
	Relation cadre.Relation
	Name     string
	IDNumber string
}

// Declaration is a witness role or a declared interest of a user in a case.
type Declaration struct {
	UserID     int64
	UserName   string
	Kind       string // witness | interest
	Statement  string
	DeclaredOn string
}

// RecusalGrounds returns why member may not work a case about subject reported by reporter
// (监察法 Art. 58, domain §4.7), each as a Chinese sentence: being the subject or the reporter;
// being, by either archive, a close relative or specific related person of either; sharing a
// relative with the subject (an in-law tie); a witness role or declared interest in the case.
// The relations are matched by ID number, so a name alone never recuses anyone. reporter is
// the zero Person for an anonymous report.
func RecusalGrounds(member, subject, reporter Person, declared []Declaration) []string {
	var out []string
	rel := func(r cadre.Relation) string { return cadre.RelationName(r) }
	switch {
	case member.CadreID != 0 && member.CadreID == subject.CadreID:
		out = append(out, "本人是被审查调查人")
	case member.IDNumber != "" && member.IDNumber == reporter.IDNumber:
		out = append(out, "本人是举报人")
	}
	if member.IDNumber != "" {
		for _, r := range subject.Family {
			if r.IDNumber == member.IDNumber {
				out = append(out, "是被审查调查人的"+rel(r.Relation)+"（廉政档案记载）")
			}
		}
	}
	for _, r := range member.Family {
		if r.IDNumber == "" {
			continue
		}
		switch r.IDNumber {
		case subject.IDNumber:
			out = append(out, "被审查调查人是其"+rel(r.Relation)+"（廉政档案记载）")
		case reporter.IDNumber:
			out = append(out, "举报人是其"+rel(r.Relation))
		}
		for _, s := range subject.Family {
			if s.IDNumber == r.IDNumber {
				out = append(out, "其"+rel(r.Relation)+r.Name+"是被审查调查人的"+rel(s.Relation))
			}
		}
	}
	for _, d := range declared {
		switch d.Kind {
		case "witness":
			out = append(out, "是本案证人："+d.Statement)
		case "interest":
			out = append(out, "申报与本案有利害关系："+d.Statement)
		}
	}
	return out
}

package stats

// The counting rules as SQL (docs/statistics.md states them in words, one a line). A source is
// the set of records one rule counts: a table, the condition that makes a record count, the
// Beijing date that places it in a period and the commission path that places it in a subtree.
// The figures (figures.go) and their drill-down (drill.go) both read these, so a number and
// the list behind it cannot disagree.
type source struct {
	kind  string // what a record is: report, clue, inquiry, prelim, case, sanction
	from  string // table (and the joins the condition needs) for counting
	where string // the rule's own condition
	date  string // the column that places a record in a period
	path  string // the column that places it in a subtree
	// for the drill-down list: joins naming the record, the record to open, its number, a
	// detail, and the row's own id (the last column of the date-first index: the list's order)
	listFrom, link, number, detail, key string
}

// firstSanction keeps, of a case's party and government sanctions, the first: one person per
// case decided (处分 人).
const firstSanction = ` AND NOT EXISTS (SELECT 1 FROM sanctions t WHERE t.case_id = s.case_id AND t.system IN ('party', 'gov') AND t.id < s.id)`

var (
	// 信访举报 (件次): every report as received, where it was received; the copies routing makes
	// for the commission above or below (routed_from_id) are the same receipt.
	srcReports = source{kind: "report", from: `reports r`, where: `r.routed_from_id IS NULL`, date: `r.received_on`, path: `r.commission_path`,
		listFrom: `reports r`, link: `r.id`, number: `r.number`, detail: `r.channel`, key: `r.id`}
	// 处置问题线索 (件): a clue on the day its disposal was approved, by the method approved.
	srcClues = source{kind: "clue", from: `clues c`, where: `c.disposal <> ''`, date: `c.disposed_on`, path: `c.commission_path`,
		listFrom: `clues c`, link: `c.id`, number: `c.number`, detail: `c.disposal`, key: `c.id`}
	// 谈话函询 (件次): each talk or letter to one person, on the day it began.
	srcInquiries = source{kind: "inquiry", from: `inquiries i`, where: `1 = 1`, date: `i.started_on`, path: `i.commission_path`,
		listFrom: `inquiries i JOIN clues c ON c.id = i.clue_id`, link: `i.clue_id`, number: `c.number`, detail: `i.kind`, key: `i.id`}
	// 第一种形态 from inquiries: one concluded with the clue cleared or a light handling.
	srcInquiryF1 = source{kind: "inquiry", from: `inquiries i`, where: `i.outcome IN ('cleared', 'light')`, date: `i.concluded_on`, path: `i.commission_path`,
		listFrom: `inquiries i JOIN clues c ON c.id = i.clue_id`, link: `i.clue_id`, number: `c.number`, detail: `i.outcome`, key: `i.id`}
	// 初步核实 (件): each verification, on the day it began.
	srcPrelims = source{kind: "prelim", from: `prelims p JOIN clues c ON c.id = p.clue_id`, where: `1 = 1`, date: `p.started_on`, path: `c.commission_path`,
		listFrom: `prelims p JOIN clues c ON c.id = p.clue_id`, link: `p.clue_id`, number: `c.number`, detail: `p.outcome`, key: `p.id`}
	// 第一种形态 from verifications: each subject of a verification concluded with a light handling.
	srcPrelimF1 = source{kind: "prelim", from: `prelims p JOIN clues c ON c.id = p.clue_id JOIN clue_subjects cs ON cs.clue_id = p.clue_id`,
		where: `p.outcome = 'light'`, date: `p.concluded_on`, path: `c.commission_path`,
		listFrom: `prelims p JOIN clues c ON c.id = p.clue_id JOIN clue_subjects cs ON cs.clue_id = p.clue_id`, link: `p.clue_id`, number: `c.number`, detail: `p.outcome`, key: `p.id`}
	// 立案 (件): a case on the day it was filed, where it is handled.
	srcCasesFiled = source{kind: "case", from: `cases k`, where: `1 = 1`, date: `k.filed_on`, path: `k.commission_path`,
		listFrom: `cases k`, link: `k.id`, number: `k.number`, detail: `k.subject_rank`, key: `k.id`}
	// 四种形态 from cases: a case decided, by the form its decision counts under.
	srcCaseForms = source{kind: "case", from: `cases k`, where: `k.form IN ('F1', 'F2', 'F3', 'F4')`, date: `k.decided_on`, path: `k.commission_path`,
		listFrom: `cases k`, link: `k.id`, number: `k.number`, detail: `k.form`, key: `k.id`}
	// 处分 (人): a case decided with a party or government sanction, once, at the subject's rank
	// at the decision (sanctions.subject_rank is set then).
	srcPersons = source{kind: "sanction", from: `sanctions s`, where: `s.system IN ('party', 'gov')` + firstSanction, date: `s.decided_on`, path: `s.commission_path`,
		listFrom: `sanctions s JOIN cases k ON k.id = s.case_id`, link: `s.case_id`, number: `k.number`, detail: `s.subject_rank`, key: `s.id`}
	// 党纪处分, 政务处分, 移送检察机关: each sanction (or transfer) of that system decided.
	srcSanctions = source{kind: "sanction", from: `sanctions s`, where: `1 = 1`, date: `s.decided_on`, path: `s.commission_path`,
		listFrom: `sanctions s JOIN cases k ON k.id = s.case_id`, link: `s.case_id`, number: `k.number`, detail: `s.system || '/' || s.kind`, key: `s.id`}
)

// part is a source narrowed by one more condition: a line of the form is the sum of its parts.
type part struct {
	src  source
	cond string // extra condition ('' for none)
	args []any
}

// ranks are the official rank columns (domain §6) and the cadre ranks counted under each;
// 其他 takes every other rank (农村、企业等其他人员).
var rankKeys = []struct{ Key, Name, Rank string }{
	{"provincial", "省部级", "provincial"}, {"bureau", "厅局级", "bureau"}, {"county", "县处级", "county"},
	{"section", "乡科级", "section"}, {"staff", "一般干部", "staff"}, {"other", "其他", ""},
}

const otherRank = `s.subject_rank NOT IN ('provincial', 'bureau', 'county', 'section', 'staff')`

// methods are the four disposal methods (clues.disposal) in the form's order.
var methods = []struct{ ID, Name string }{{"inquiry", "谈话函询"}, {"prelim", "初步核实"}, {"shelved", "暂存待查"}, {"closed", "予以了结"}}

// forms are the four forms (cases.form).
var forms = []struct{ ID, Name string }{{"F1", "第一种形态"}, {"F2", "第二种形态"}, {"F3", "第三种形态"}, {"F4", "第四种形态"}}

// Line is one line of the form: its key (drill-down addresses it), name, unit and depth.
type Line struct {
	Key    string
	Name   string
	Unit   string
	Indent int
	parts  []part
	value  func(Figures) int
}

// Lines is the form, in the order of the paper form.
func Lines() []Line {
	ls := []Line{
		{Key: "reports", Name: "接收信访举报", Unit: "件次", parts: []part{{src: srcReports}}, value: func(f Figures) int { return f.ReportsReceived }},
		{Key: "clues", Name: "处置问题线索", Unit: "件", parts: []part{{src: srcClues}}, value: func(f Figures) int { return f.CluesDisposed }},
	}
	for _, m := range methods {
		ls = append(ls, Line{Key: "clues." + m.ID, Name: "其中：" + m.Name, Unit: "件", Indent: 1,
			parts: []part{{src: srcClues, cond: `c.disposal = ?`, args: []any{m.ID}}}, value: func(f Figures) int { return f.CluesByMethod.get(m.ID) }})
	}
	ls = append(ls,
		Line{Key: "inquiries", Name: "谈话函询", Unit: "件次", parts: []part{{src: srcInquiries}}, value: func(f Figures) int { return f.Inquiries }},
		Line{Key: "prelims", Name: "初步核实", Unit: "件", parts: []part{{src: srcPrelims}}, value: func(f Figures) int { return f.PreliminaryVerifications }},
		Line{Key: "cases", Name: "立案", Unit: "件", parts: []part{{src: srcCasesFiled}}, value: func(f Figures) int { return f.CasesFiled }},
		Line{Key: "sanctioned", Name: "处分", Unit: "人", parts: []part{{src: srcPersons}}, value: func(f Figures) int { return f.PersonsSanctioned }},
		Line{Key: "sanctioned.party", Name: "其中：党纪处分", Unit: "人", Indent: 1, parts: []part{{src: srcSanctions, cond: `s.system = 'party'`}},
			value: func(f Figures) int { return f.PartySanctions }},
		Line{Key: "sanctioned.gov", Name: "其中：政务处分", Unit: "人", Indent: 1, parts: []part{{src: srcSanctions, cond: `s.system = 'gov'`}},
			value: func(f Figures) int { return f.GovernmentSanctions }},
	)
	for _, r := range rankKeys {
		pt := part{src: srcPersons, cond: `s.subject_rank = ?`, args: []any{r.Rank}}
		if r.Rank == "" {
			pt = part{src: srcPersons, cond: otherRank}
		}
		ls = append(ls, Line{Key: "rank." + r.Key, Name: "处分人员中：" + r.Name, Unit: "人", Indent: 1, parts: []part{pt},
			value: func(f Figures) int { return f.SanctionedByRank.get(r.Key) }})
	}
	ls = append(ls, Line{Key: "prosecution", Name: "移送检察机关", Unit: "人", parts: []part{{src: srcSanctions, cond: `s.system = 'prosecution'`}},
		value: func(f Figures) int { return f.TransferredToProcuratorate }})
	all := []part{}
	for _, fm := range forms {
		ps := []part{{src: srcCaseForms, cond: `k.form = ?`, args: []any{fm.ID}}}
		if fm.ID == "F1" {
			ps = append([]part{{src: srcInquiryF1}, {src: srcPrelimF1}}, ps...)
		}
		all = append(all, ps...)
		ls = append(ls, Line{Key: "forms." + fm.ID, Name: "其中：" + fm.Name, Unit: "人次", Indent: 1, parts: ps,
			value: func(f Figures) int { return f.FourForms.get(fm.ID) }})
	}
	// the total goes before its four forms
	total := Line{Key: "forms", Name: "运用监督执纪“四种形态”", Unit: "人次", parts: all, value: func(f Figures) int { return f.FourForms.Total() }}
	n := len(ls) - len(forms)
	ls = append(ls[:n], append([]Line{total}, ls[n:]...)...)
	return ls
}

// LineByKey returns the line with key.
func LineByKey(key string) (Line, bool) {
	for _, l := range Lines() {
		if l.Key == key {
			return l, true
		}
	}
	return Line{}, false
}

// Value is the line's figure in f.
func (l Line) Value(f Figures) int { return l.value(f) }

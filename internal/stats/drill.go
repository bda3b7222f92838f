package stats

import (
	"context"
	"strings"

	"custos/internal/apperr"
	"custos/internal/cadre"
	"custos/internal/casework"
	"custos/internal/clue"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/report"
)

// Record is one record behind a figure: what it is, the record to open (Kind and Link: a
// report, a clue — inquiries and verifications open their clue — or a case), its number, date,
// commission and a detail in Chinese. It carries no names or contents: opening the record is
// the record's own, checked and audited read.
type Record struct {
	Kind   string
	Link   int64
	Number string
	Date   string
	Unit   string
	Detail string
}

// KindName is the record's kind in Chinese.
func (r Record) KindName() string {
	return map[string]string{"report": "信访举报", "clue": "问题线索", "inquiry": "谈话函询", "prelim": "初步核实", "case": "案件", "sanction": "处分决定"}[r.Kind]
}

// Drill is a page of the records behind one line of a form.
type Drill struct {
	Unit    Unit
	Period  Period
	Line    Line
	Total   int
	Records []Record
}

// DrillPageSize is the length of a drill-down page.
const DrillPageSize = 50

// Records returns page (1-based) of the records behind line key of commission id's form over
// pd, newest first, and their total — always the live records: for a locked period the frozen
// figure may differ, and the form says so.
func (s *Service) Records(ctx context.Context, p org.Principal, id int64, pd Period, key string, page int) (Drill, error) {
	u, err := s.Unit(ctx, p, id)
	if err != nil {
		return Drill{}, err
	}
	l, ok := LineByKey(key)
	if !ok {
		return Drill{}, apperr.NotFoundf("该统计项")
	}
	page = max(page, 1)
	lo, hi := db.SubtreeRange(u.Path)
	d := Drill{Unit: u, Period: pd, Line: l}
	q := s.db.Reader()
	var arms []string
	var args []any
	for _, pt := range l.parts {
		cond := pt.src.where + ` AND ` + pt.src.date + ` >= ? AND ` + pt.src.date + ` <= ? AND ` + pt.src.path + ` >= ? AND ` + pt.src.path + ` < ?`
		if pt.cond != "" {
			cond += ` AND ` + pt.cond
		}
		a := append([]any{pd.From, pd.To, lo, hi}, pt.args...)
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM `+pt.src.from+` WHERE `+cond, a...).Scan(&n); err != nil {
			return Drill{}, err
		}
		d.Total += n
		arms = append(arms, `SELECT '`+pt.src.kind+`' AS kind, `+pt.src.link+` AS link, `+pt.src.number+` AS number, `+pt.src.date+` AS d, m.name AS unit, `+
			pt.src.detail+` AS detail, `+pt.src.path+` AS p, `+pt.src.key+` AS k FROM `+pt.src.listFrom+` JOIN commissions m ON m.path = `+pt.src.path+` WHERE `+cond)
		args = append(args, a...)
	}
	// newest first in the date-first index's own order, so one source's page stops early
	sql := arms[0] + ` ORDER BY d DESC, p DESC, k DESC LIMIT ? OFFSET ?`
	if len(arms) > 1 {
		sql = `SELECT kind, link, number, d, unit, detail, p, k FROM (` + strings.Join(arms, ` UNION ALL `) + `) x ORDER BY d DESC, p DESC, k DESC LIMIT ? OFFSET ?`
	}
	args = append(args, DrillPageSize, (page-1)*DrillPageSize)
	rows, err := q.Query(ctx, sql, args...)
	d.Records, err = db.Collect(rows, err, func(r db.Scanner) (Record, error) {
		var x Record
		var path string
		var key int64
		err := r.Scan(&x.Kind, &x.Link, &x.Number, &x.Date, &x.Unit, &x.Detail, &path, &key)
		x.Detail = detailName(x.Kind, x.Detail)
		return x, err
	})
	return d, err
}

// detailName names a record's detail code in Chinese.
func detailName(kind, code string) string {
	switch kind {
	case "report":
		for _, c := range report.Channels() {
			if c.ID == code {
				return c.Name
			}
		}
	case "clue":
		return clue.StatusName(code)
	case "inquiry":
		if n := map[string]string{"talk": "谈话", "letter": "函询"}[code]; n != "" {
			return n
		}
		for _, o := range clue.Outcomes() {
			if o.ID == code {
				return o.Name
			}
		}
	case "prelim":
		for _, o := range clue.PrelimOutcomes() {
			if o.ID == code {
				return o.Name
			}
		}
		return "核实中"
	case "case":
		if n := casework.FormName(code); n != "" {
			return n
		}
		return RankName(code)
	case "sanction":
		if sys, kind, ok := strings.Cut(code, "/"); ok {
			k, _ := casework.SanctionKindOf(sys, kind)
			return k.Name
		}
		return RankName(code)
	}
	return code
}

// RankName is a rank's name as the form counts it (其他 for every rank outside the five).
func RankName(r string) string {
	for _, x := range cadre.Ranks() {
		if string(x.ID) == r {
			return x.Name
		}
	}
	return "其他"
}

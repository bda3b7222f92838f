package inspection

import (
	"context"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/search"
)

// Stages are the work stages a problem lies in, for the library's analysis.
func Stages() []Option {
	return []Option{{"intake", "信访受理"}, {"clue", "线索处置"}, {"inquiry", "谈话函询"}, {"prelim", "初步核实"}, {"investigation", "审查调查"},
		{"trial", "案件审理"}, {"execution", "执行与回访"}, {"cadre", "干部教育管理"}, {"duty", "责任落实"}, {"other", "其他"}}
}

// ParseTags splits typed tags (commas, 、 or spaces), drops repeats, and says what is wrong:
// at most 10 tags of at most 20 characters.
func ParseTags(typed string) ([]string, string) {
	fields := strings.FieldsFunc(typed, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ' ' || r == '　' || r == ';' || r == '；'
	})
	var out []string
	for _, t := range fields {
		if utf8.RuneCountInString(t) > 20 {
			return nil, "每个标签不超过 20 字"
		}
		dup := false
		for _, o := range out {
			dup = dup || o == t
		}
		if !dup {
			out = append(out, t)
		}
	}
	if len(out) > 10 {
		return nil, "标签不超过 10 个"
	}
	return out, ""
}

// FindingTerms are a finding's search terms: bigrams of its description, evidence, type, unit,
// tags and responsible person (names also by single characters).
func FindingTerms(f Finding) []string {
	terms := search.Terms(f.Description+" "+f.Evidence+" "+f.Category+" "+f.UnitName+" "+strings.Join(f.Tags, " "), search.Text)
	seen := map[string]bool{}
	for _, t := range terms {
		seen[t] = true
	}
	for _, t := range search.Terms(f.ResponsiblePerson, search.Name) {
		if !seen[t] {
			terms = append(terms, t)
		}
	}
	return terms
}

// LibraryFilter selects findings in the problem library.
type LibraryFilter struct {
	Query    string // words; every word must occur in the finding's text, unit, tags or responsible person
	Category string
	UnitKind org.Kind
	Stage    string
	RoundID  int64
	Tag      string
	Repeated bool // only problems the same unit had in an earlier round (整改不到位)
	Page     org.Page
}

// where builds the filter's conditions on findings i (units u joined).
func (f LibraryFilter) where(p org.Principal) (string, []any) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	where := ` i.commission_path >= ? AND i.commission_path < ?`
	args := []any{lo, hi}
	if f.Category != "" {
		where += ` AND i.category = ?`
		args = append(args, f.Category)
	}
	if f.UnitKind != "" {
		where += ` AND i.unit_id IN (SELECT id FROM commissions WHERE kind = ?)`
		args = append(args, f.UnitKind)
	}
	if f.Stage != "" {
		where += ` AND i.stage = ?`
		args = append(args, f.Stage)
	}
	if f.RoundID != 0 {
		where += ` AND i.round_id = ?`
		args = append(args, f.RoundID)
	}
	if f.Tag != "" {
		where += ` AND (',' || i.tags || ',') LIKE ?`
		args = append(args, "%,"+db.EscapeLike(f.Tag)+",%")
	}
	if f.Repeated {
		where += ` AND EXISTS (SELECT 1 FROM inspection_findings e WHERE e.unit_id = i.unit_id AND e.category = i.category AND e.round_id < i.round_id)`
	}
	return where, args
}

// Library returns one page of the findings of the rounds organised in p's scope matching f,
// newest first, and the total (counted up to db.SearchCap+1 when searching, db.CountCap+1
// otherwise). A search reads the bigram index newest first; words the index cannot decide
// alone (longer than two characters, or one) are checked against the text. Requires cadre.view.
func (s *Service) Library(ctx context.Context, p org.Principal, f LibraryFilter) ([]Finding, int, error) {
	if !p.Can(org.PermCadreView) {
		return nil, 0, apperr.New(apperr.Forbidden, "无权查看问题库")
	}
	q := s.db.Reader()
	cond, args := f.where(p)
	// no join: the findings (or the index) always drive
	from, order, limit := `inspection_findings i`, `i.id DESC`, db.CountCap
	if words := strings.Fields(f.Query); len(words) > 0 {
		var terms []string
		for _, t := range search.QueryTerms(f.Query) {
			if utf8.RuneCountInString(t) >= 2 || t[0] < utf8.RuneSelf {
				terms = append(terms, t)
			}
		}
		limit = db.SearchCap
		if len(terms) > 0 {
			var fts string
			var arg any
			from, fts, arg, order = db.SearchJoin(q.Dialect(), "finding_search", "inspection_findings", "i", terms)
			cond += ` AND ` + fts
			args = append(args, arg)
		}
		for _, w := range words {
			if rs := []rune(w); len(rs) == 2 && search.IsCJK(rs[0]) && search.IsCJK(rs[1]) {
				continue // one index term: the index is exact
			}
			like := "%" + db.EscapeLike(w) + "%"
			cond += ` AND (i.description LIKE ? OR i.evidence LIKE ? OR i.category LIKE ? OR i.tags LIKE ? OR i.responsible_person LIKE ?
				OR EXISTS (SELECT 1 FROM commissions u WHERE u.id = i.unit_id AND u.name LIKE ?))`
			args = append(args, like, like, like, like, like, like)
		}
	}
	var total int
	if err := q.QueryRow(ctx, db.CappedAt(`SELECT 1 FROM `+from+` WHERE`+cond, limit), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if from == `inspection_findings i` && total > db.CountCap {
		from += db.KeyOrder(q.Dialect()) // most of the table: read newest first, stop at the page
	}
	rows, err := q.Query(ctx, `SELECT i.id FROM `+from+` WHERE`+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, f.Page.Size, f.Page.Offset())...)
	ids, err := db.Collect(rows, err, func(r db.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	if err != nil || len(ids) == 0 {
		return nil, total, err
	}
	idArgs := make([]any, len(ids))
	for i, id := range ids {
		idArgs[i] = id
	}
	rows, err = q.Query(ctx, `SELECT `+findingColumns+findingFrom+`WHERE f.id IN (`+db.Placeholders(len(ids))+`) ORDER BY f.id DESC`, idArgs...)
	out, err := db.Collect(rows, err, scanFinding)
	return out, total, err
}

// Count is one group of the library's analysis.
type Count struct {
	Key, Name string
	N         int
}

// Analysis is the library's findings grouped four ways, with the repeated ones counted.
type Analysis struct {
	Total      int
	Repeated   int
	ByCategory []Count
	ByUnitKind []Count
	ByStage    []Count
	ByRound    []Count
}

// Analyse groups the findings matching f's filters (not its words) by type, unit kind, stage
// and round. Requires cadre.view.
func (s *Service) Analyse(ctx context.Context, p org.Principal, f LibraryFilter) (Analysis, error) {
	if !p.Can(org.PermCadreView) {
		return Analysis{}, apperr.New(apperr.Forbidden, "无权查看问题库")
	}
	q := s.db.Reader()
	cond, args := f.where(p)
	from := ` FROM inspection_findings i JOIN commissions u ON u.id = i.unit_id JOIN inspection_rounds r ON r.id = i.round_id WHERE` + cond
	group := func(key, name string) ([]Count, error) {
		rows, err := q.Query(ctx, `SELECT `+key+`, MIN(`+name+`), COUNT(*)`+from+` GROUP BY `+key+` ORDER BY COUNT(*) DESC, `+key+` LIMIT 50`, args...)
		return db.Collect(rows, err, func(r db.Scanner) (Count, error) {
			var c Count
			return c, r.Scan(&c.Key, &c.Name, &c.N)
		})
	}
	var a Analysis
	var err error
	if a.ByCategory, err = group("i.category", "i.category"); err != nil {
		return a, err
	}
	if a.ByUnitKind, err = group("u.kind", "u.kind"); err != nil {
		return a, err
	}
	for i := range a.ByUnitKind {
		a.ByUnitKind[i].Name = org.KindName(org.Kind(a.ByUnitKind[i].Key))
	}
	if a.ByStage, err = group("i.stage", "i.stage"); err != nil {
		return a, err
	}
	for i := range a.ByStage {
		a.ByStage[i].Name = OptionName(Stages(), a.ByStage[i].Key)
	}
	if a.ByRound, err = group("CAST(i.round_id AS TEXT)", "r.title"); err != nil {
		return a, err
	}
	for _, c := range a.ByCategory {
		a.Total += c.N
	}
	err = q.QueryRow(ctx, `SELECT COUNT(*)`+from+` AND EXISTS (SELECT 1 FROM inspection_findings e WHERE e.unit_id = i.unit_id AND e.category = i.category AND e.round_id < i.round_id)`,
		args...).Scan(&a.Repeated)
	return a, err
}

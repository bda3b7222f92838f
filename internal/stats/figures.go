package stats

import (
	"context"
	"errors"
	"strconv"
	"sync"

	"custos/internal/db"
	"custos/internal/org"
)

// Figures is the form for one unit and period, as the CLI prints it (`custos stats --json`).
type Figures struct {
	Commission                 string  `json:"commission"`
	From                       string  `json:"from"`
	To                         string  `json:"to"`
	ReportsReceived            int     `json:"reports_received"`
	CluesDisposed              int     `json:"clues_disposed"`
	CluesByMethod              Methods `json:"clues_by_method"`
	Inquiries                  int     `json:"inquiries"`
	PreliminaryVerifications   int     `json:"preliminary_verifications"`
	CasesFiled                 int     `json:"cases_filed"`
	PersonsSanctioned          int     `json:"persons_sanctioned"`
	PartySanctions             int     `json:"party_sanctions"`
	GovernmentSanctions        int     `json:"government_sanctions"`
	SanctionedByRank           ByRank  `json:"sanctioned_by_rank"`
	TransferredToProcuratorate int     `json:"transferred_to_procuratorate"`
	FourForms                  Forms   `json:"four_forms"`
}

// Methods counts clues by disposal method.
type Methods struct {
	Inquiry int `json:"谈话函询"`
	Prelim  int `json:"初步核实"`
	Shelved int `json:"暂存待查"`
	Closed  int `json:"予以了结"`
}

func (m *Methods) ptr(id string) *int {
	switch id {
	case "inquiry":
		return &m.Inquiry
	case "prelim":
		return &m.Prelim
	case "shelved":
		return &m.Shelved
	case "closed":
		return &m.Closed
	}
	return nil
}

func (m Methods) get(id string) int {
	if p := m.ptr(id); p != nil {
		return *p
	}
	return 0
}

// ByRank counts persons sanctioned by their rank at the decision.
type ByRank struct {
	Provincial int `json:"省部级"`
	Bureau     int `json:"厅局级"`
	County     int `json:"县处级"`
	Section    int `json:"乡科级"`
	Staff      int `json:"一般干部"`
	Other      int `json:"其他"`
}

func (b *ByRank) ptr(key string) *int {
	switch key {
	case "provincial":
		return &b.Provincial
	case "bureau":
		return &b.Bureau
	case "county":
		return &b.County
	case "section":
		return &b.Section
	case "staff":
		return &b.Staff
	}
	return &b.Other
}

func (b ByRank) get(key string) int { return *b.ptr(key) }

// Forms counts the four forms (人次).
type Forms struct {
	F1 int `json:"第一种形态"`
	F2 int `json:"第二种形态"`
	F3 int `json:"第三种形态"`
	F4 int `json:"第四种形态"`
}

func (f *Forms) ptr(id string) *int {
	switch id {
	case "F1":
		return &f.F1
	case "F2":
		return &f.F2
	case "F3":
		return &f.F3
	case "F4":
		return &f.F4
	}
	return nil
}

func (f Forms) get(id string) int {
	if p := f.ptr(id); p != nil {
		return *p
	}
	return 0
}

// Total is the four forms together.
func (f Forms) Total() int { return f.F1 + f.F2 + f.F3 + f.F4 }

// Share is form id's share of the total in percent, one decimal ("—" when there is none).
func (f Forms) Share(id string) string {
	t := f.Total()
	if t == 0 {
		return "—"
	}
	return formatPercent(float64(f.get(id)) * 100 / float64(t))
}

// Compute counts the form for unit u over period pd from the records as they are now.
func (s *Service) Compute(ctx context.Context, u Unit, pd Period) (Figures, error) {
	return compute(ctx, s.db.Reader(), u, pd)
}

// Form returns the form of commission id over pd for p: the frozen figures when that exact
// period is locked, the live ones otherwise.
func (s *Service) Form(ctx context.Context, p org.Principal, id int64, pd Period) (Figures, *Lock, error) {
	u, err := s.Unit(ctx, p, id)
	if err != nil {
		return Figures{}, nil, err
	}
	return s.FormOf(ctx, u, pd)
}

// FormOf is Form for a unit already checked against the reader's scope.
func (s *Service) FormOf(ctx context.Context, u Unit, pd Period) (Figures, *Lock, error) {
	l, err := s.lockOf(ctx, u.ID, pd)
	if err != nil || l != nil {
		if l != nil {
			return l.Figures, l, nil
		}
		return Figures{}, nil, err
	}
	f, err := s.Compute(ctx, u, pd)
	return f, nil, err
}

// counter runs the grouped counts of one form.
type counter struct {
	mu     *sync.Mutex // held while a count is added: counts may run side by side
	ctx    context.Context
	q      db.Querier
	lo, hi string
	pd     Period
}

// count counts src's records (narrowed by cond) in the period and subtree, grouped by group
// (” for one total), and hands each group's value and count to add.
func (c counter) count(src source, cond, group string, add func(key string, n int)) error {
	rows, err := c.q.Query(c.ctx, countSQL(src, cond, group), c.pd.From, c.pd.To, c.lo, c.hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		c.mu.Lock()
		add(k, n)
		c.mu.Unlock()
	}
	return rows.Err()
}

// countSQL is the count of src's records (narrowed by cond) in a period and subtree — four
// arguments: from, to and the subtree's range — grouped by group (” for one total).
func countSQL(src source, cond, group string) string {
	sel := `''`
	if group != "" {
		sel = group
	}
	q := `SELECT ` + sel + `, COUNT(*) FROM ` + src.from + ` WHERE ` + src.where + ` AND ` + src.date + ` >= ? AND ` + src.date + ` <= ? AND ` +
		src.path + ` >= ? AND ` + src.path + ` < ?`
	if cond != "" {
		q += ` AND ` + cond
	}
	if group != "" {
		q += ` GROUP BY ` + group
	}
	return q
}

func compute(ctx context.Context, q db.Querier, u Unit, pd Period) (Figures, error) {
	f := Figures{Commission: u.Code6(), From: pd.From, To: pd.To}
	lo, hi := db.SubtreeRange(u.Path)
	c := counter{mu: &sync.Mutex{}, ctx: ctx, q: q, lo: lo, hi: hi, pd: pd}
	set := func(p *int) func(string, int) { return func(_ string, n int) { *p += n } }
	steps := []func() error{
		func() error { return c.count(srcReports, "", "", set(&f.ReportsReceived)) },
		func() error {
			return c.count(srcClues, "", "c.disposal", func(k string, n int) {
				f.CluesDisposed += n
				if p := f.CluesByMethod.ptr(k); p != nil {
					*p += n
				}
			})
		},
		func() error { return c.count(srcInquiries, "", "", set(&f.Inquiries)) },
		func() error { return c.count(srcPrelims, "", "", set(&f.PreliminaryVerifications)) },
		func() error { return c.count(srcCasesFiled, "", "", set(&f.CasesFiled)) },
		func() error {
			return c.count(srcPersons, "", "s.subject_rank", func(k string, n int) {
				f.PersonsSanctioned += n
				key := "other"
				for _, r := range rankKeys {
					if r.Rank != "" && r.Rank == k {
						key = r.Key
					}
				}
				*f.SanctionedByRank.ptr(key) += n
			})
		},
		func() error {
			return c.count(srcSanctions, "", "s.system", func(k string, n int) {
				switch k {
				case "party":
					f.PartySanctions += n
				case "gov":
					f.GovernmentSanctions += n
				case "prosecution":
					f.TransferredToProcuratorate += n
				}
			})
		},
		func() error { return c.count(srcInquiryF1, "", "", set(&f.FourForms.F1)) },
		func() error { return c.count(srcPrelimF1, "", "", set(&f.FourForms.F1)) },
		func() error {
			return c.count(srcCaseForms, "", "k.form", func(k string, n int) {
				if p := f.FourForms.ptr(k); p != nil {
					*p += n
				}
			})
		},
	}
	// one after another: side by side on SQLite's read pool (two idle connections kept) they
	// opened cold connections and were ten times slower
	errs := make([]error, len(steps))
	for i, step := range steps {
		errs[i] = step()
	}
	if err := errors.Join(errs...); err != nil {
		return Figures{}, err
	}
	return f, nil
}

func formatPercent(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "%" }

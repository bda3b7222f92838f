package inspection

import (
	"context"
	"slices"

	"custos/internal/apperr"
	"custos/internal/db"
	"custos/internal/org"
)

// Coverage is how many of the units in scope the rounds of a period have inspected.
type Coverage struct {
	Period    string
	Total     int
	Covered   int
	Kinds     []KindCoverage
	Uncovered []Unit // the first units not yet covered, by path
	More      int    // uncovered units beyond those listed
}

// Share is the covered fraction, 1 when there is nothing to cover.
func (c Coverage) Share() float64 {
	if c.Total == 0 {
		return 1
	}
	return float64(c.Covered) / float64(c.Total)
}

// KindCoverage is the coverage of one kind of unit.
type KindCoverage struct {
	Kind    org.Kind
	Total   int
	Covered int
}

// Name is the kind's Chinese name.
func (k KindCoverage) Name() string { return org.KindName(k.Kind) }

// Share is the covered fraction.
func (k KindCoverage) Share() float64 {
	if k.Total == 0 {
		return 1
	}
	return float64(k.Covered) / float64(k.Total)
}

// Unit is a commission a round may inspect.
type Unit struct {
	ID   int64
	Name string
	Kind org.Kind
	Path string
}

// KindName is the unit's kind in Chinese.
func (u Unit) KindName() string { return org.KindName(u.Kind) }

// Coverage counts the units below p's commission (every kind: prefecture and county
// commissions, resident groups, SOE and university bodies) and how many rounds of the period
// covered, with the first uncovered units listed. Requires cadre.view.
func (s *Service) Coverage(ctx context.Context, p org.Principal, period string, list int) (Coverage, error) {
	if !p.Can(org.PermCadreView) {
		return Coverage{}, apperr.New(apperr.Forbidden, "无权查看内部督查")
	}
	if periodRE.FindStringSubmatch(period) == nil {
		return Coverage{}, apperr.Fields{"period": "请填写覆盖周期，如 2026 或 2026-2027"}.Err()
	}
	q := s.db.Reader()
	lo, hi := db.SubtreeRange(p.ScopePath)
	rows, err := q.Query(ctx, `SELECT c.kind, COUNT(*) FROM commissions c WHERE c.path >= ? AND c.path < ? AND c.id <> ? GROUP BY c.kind`, lo, hi, p.CommissionID)
	kinds, err := db.Collect(rows, err, func(r db.Scanner) (KindCoverage, error) {
		var k KindCoverage
		return k, r.Scan(&k.Kind, &k.Total)
	})
	if err != nil {
		return Coverage{}, err
	}
	done, err := s.covered(ctx, q, p, period)
	if err != nil {
		return Coverage{}, err
	}
	c := Coverage{Period: period}
	order := map[org.Kind]int{org.KindPrefectural: 1, org.KindCounty: 2, org.KindResidentGroup: 3, org.KindSOE: 4, org.KindUniversity: 5}
	slices.SortFunc(kinds, func(a, b KindCoverage) int { return order[a.Kind] - order[b.Kind] })
	for i := range kinds {
		for _, k := range done {
			if k == kinds[i].Kind {
				kinds[i].Covered++
			}
		}
		c.Total += kinds[i].Total
		c.Covered += kinds[i].Covered
	}
	c.Kinds = kinds
	if c.Uncovered, err = s.uncovered(ctx, q, p, period, "", list); err != nil {
		return c, err
	}
	c.More = c.Total - c.Covered - len(c.Uncovered)
	return c, nil
}

// covered returns the units below p's commission that a round of the period organised in p's
// scope targeted, with their kinds: a few hundred rows read through the rounds' period index.
func (s *Service) covered(ctx context.Context, q db.Querier, p org.Principal, period string) (map[int64]org.Kind, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	rows, err := q.Query(ctx, `SELECT DISTINCT t.unit_id, u.kind FROM inspection_rounds r JOIN inspection_targets t ON t.round_id = r.id JOIN commissions u ON u.id = t.unit_id
		WHERE r.period = ? AND r.commission_path >= ? AND r.commission_path < ? AND t.unit_path >= ? AND t.unit_path < ? AND t.unit_id <> ?`,
		period, lo, hi, lo, hi, p.CommissionID)
	type row struct {
		id   int64
		kind org.Kind
	}
	rs, err := db.Collect(rows, err, func(r db.Scanner) (row, error) {
		var x row
		return x, r.Scan(&x.id, &x.kind)
	})
	out := make(map[int64]org.Kind, len(rs))
	for _, x := range rs {
		out[x.id] = x.kind
	}
	return out, err
}

// uncovered lists units below p's commission not covered in period (of kind, if given), at
// most limit of them (0: all), in tree order.
func (s *Service) uncovered(ctx context.Context, q db.Querier, p org.Principal, period string, kind org.Kind, limit int) ([]Unit, error) {
	done, err := s.covered(ctx, q, p, period)
	if err != nil {
		return nil, err
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	read := limit + len(done) // enough rows to find limit uncovered ones
	if limit <= 0 {
		read = 1 << 30
	}
	rows, err := q.Query(ctx, `SELECT c.id, c.name, c.kind, c.path FROM commissions c WHERE c.path >= ? AND c.path < ? AND c.id <> ? AND (? = '' OR c.kind = ?)
		ORDER BY c.path LIMIT ?`, lo, hi, p.CommissionID, kind, kind, read)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() && (limit <= 0 || len(out) < limit) {
		var u Unit
		if err := rows.Scan(&u.ID, &u.Name, &u.Kind, &u.Path); err != nil {
			return nil, err
		}
		if _, ok := done[u.ID]; !ok {
			out = append(out, u)
		}
	}
	return out, rows.Err()
}

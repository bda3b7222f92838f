package inspection

import (
	"context"

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

// covered: a round of the period in p's scope inspected unit c (an index lookup per unit).
const covered = `EXISTS (SELECT 1 FROM inspection_targets t JOIN inspection_rounds r ON r.id = t.round_id
	WHERE t.unit_id = c.id AND r.period = ? AND r.commission_path >= ? AND r.commission_path < ?)`

// below: the units strictly below p's commission.
const below = ` FROM commissions c WHERE c.path >= ? AND c.path < ? AND c.id <> ? `

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
	lo, hi := db.SubtreeRange(p.ScopePath)
	q := s.db.Reader()
	rows, err := q.Query(ctx, `SELECT c.kind, COUNT(*), SUM(CASE WHEN `+covered+` THEN 1 ELSE 0 END)`+below+`GROUP BY c.kind ORDER BY c.kind`,
		period, lo, hi, lo, hi, p.CommissionID)
	kinds, err := db.Collect(rows, err, func(r db.Scanner) (KindCoverage, error) {
		var k KindCoverage
		return k, r.Scan(&k.Kind, &k.Total, &k.Covered)
	})
	if err != nil {
		return Coverage{}, err
	}
	c := Coverage{Period: period}
	order := map[org.Kind]int{org.KindPrefectural: 1, org.KindCounty: 2, org.KindResidentGroup: 3, org.KindSOE: 4, org.KindUniversity: 5}
	for i := range kinds {
		for j := i + 1; j < len(kinds); j++ {
			if order[kinds[j].Kind] < order[kinds[i].Kind] {
				kinds[i], kinds[j] = kinds[j], kinds[i]
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

// uncovered lists units below p's commission not covered in period (of kind, if given), at
// most limit of them (0: all).
func (s *Service) uncovered(ctx context.Context, q db.Querier, p org.Principal, period string, kind org.Kind, limit int) ([]Unit, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	if limit <= 0 {
		limit = 100000
	}
	rows, err := q.Query(ctx, `SELECT c.id, c.name, c.kind, c.path`+below+`AND NOT `+covered+` AND (? = '' OR c.kind = ?) ORDER BY c.path LIMIT ?`,
		lo, hi, p.CommissionID, period, lo, hi, kind, kind, limit)
	return db.Collect(rows, err, func(r db.Scanner) (Unit, error) {
		var u Unit
		return u, r.Scan(&u.ID, &u.Name, &u.Kind, &u.Path)
	})
}

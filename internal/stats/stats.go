// Package stats counts the platform's records in the official form (S1, domain §6): reports
// received, clues disposed by method, inquiries, preliminary verifications, cases filed,
// persons sanctioned (party, government, by rank at the decision), transfers to the
// procuratorate and the four forms — for any period and any commission subtree a user may see.
// Every figure drills down to the records behind it (drill.go), a reported period can be
// locked and later changes carried as adjustments (lock.go), and the form is written as XLSX
// (xlsx.go) and drawn as SVG (svg.go). The counting rules are docs/statistics.md, one a line;
// the SQL of each rule is in rules.go, shared by the figures and their drill-down.
package stats

import (
	"context"
	"custos/internal/clock"
	"database/sql"
	"errors"
	"strings"
	"time"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// Service computes and locks the statistics.
type Service struct {
	db    *db.DB
	audit *audit.Log
	now   func() time.Time
}

// NewService returns the statistics service.
func NewService(d *db.DB, a *audit.Log, now func() time.Time) *Service {
	return &Service{db: d, audit: a, now: now}
}

// Today is the Beijing date now, YYYY-MM-DD.
func (s *Service) Today() string { return clock.Date(s.now()) }

// Unit is the commission a form is about.
type Unit struct {
	ID   int64
	Code string // division code as stored (52, 5201, 520102)
	Name string
	Path string
}

// Code6 is the unit's division code written with six digits, as the official forms and the
// CLI write it (52 → 520000, 5201 → 520100).
func (u Unit) Code6() string {
	if len(u.Code) < 6 && isDigits(u.Code) {
		return u.Code + strings.Repeat("0", 6-len(u.Code))
	}
	return u.Code
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Unit returns commission id if it lies in p's scope.
func (s *Service) Unit(ctx context.Context, p org.Principal, id int64) (Unit, error) {
	return s.unit(ctx, p, `id = ?`, id)
}

// UnitByCode returns the commission with division code (six digits, 520000 or 520100, or as
// stored, 52 or 5201) if it lies in p's scope.
func (s *Service) UnitByCode(ctx context.Context, p org.Principal, code string) (Unit, error) {
	code = strings.TrimSpace(code)
	cands := []any{code}
	if len(code) == 6 && isDigits(code) {
		if strings.HasSuffix(code, "0000") {
			cands = append(cands, code[:2])
		} else if strings.HasSuffix(code, "00") {
			cands = append(cands, code[:4])
		}
	}
	for _, c := range cands {
		u, err := s.unit(ctx, p, `code = ?`, c)
		if apperr.CodeOf(err) != apperr.NotFound {
			return u, err
		}
	}
	return Unit{}, apperr.New(apperr.NotFound, "没有代码为 %s 的纪委监委，或不在您的数据范围内", code)
}

func (s *Service) unit(ctx context.Context, p org.Principal, cond string, arg any) (Unit, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	var u Unit
	err := s.db.Reader().QueryRow(ctx, `SELECT id, code, name, path FROM commissions WHERE `+cond+` AND path >= ? AND path < ?`, arg, lo, hi).
		Scan(&u.ID, &u.Code, &u.Name, &u.Path)
	if errors.Is(err, sql.ErrNoRows) {
		return u, apperr.NotFoundf("该机构")
	}
	return u, err
}

// Children returns the commissions directly under u (for the by-subtree view).
func (s *Service) Children(ctx context.Context, u Unit) ([]Unit, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT id, code, name, path FROM commissions WHERE parent_id = ? ORDER BY code, id`, u.ID)
	return db.Collect(rows, err, func(r db.Scanner) (Unit, error) {
		var c Unit
		return c, r.Scan(&c.ID, &c.Code, &c.Name, &c.Path)
	})
}

// Period is an inclusive range of Beijing dates.
type Period struct{ From, To string }

// ParsePeriod checks a period as typed: two dates YYYY-MM-DD, from not after to.
func ParsePeriod(from, to string) (Period, error) {
	f := apperr.Fields{}
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	a, errA := time.Parse("2006-01-02", from)
	b, errB := time.Parse("2006-01-02", to)
	if errA != nil {
		f.Add("from", "起始日期格式应为 YYYY-MM-DD")
	}
	if errB != nil {
		f.Add("to", "截止日期格式应为 YYYY-MM-DD")
	}
	if errA == nil && errB == nil && b.Before(a) {
		f.Add("to", "截止日期不能早于起始日期")
	}
	if err := f.Err(); err != nil {
		return Period{}, err
	}
	return Period{From: a.Format("2006-01-02"), To: b.Format("2006-01-02")}, nil
}

package casework

import (
	"context"
	"custos/internal/clock"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"custos/internal/apperr"
	"custos/internal/db"
	"custos/internal/opinion"
	"custos/internal/org"
)

// Sanction is one outcome of a decision: a party or government sanction with its periods,
// organisational handling, no sanction, or a transfer to the procuratorate.
type Sanction struct {
	ID               int64
	System           string
	Kind             string
	Name             string
	SubjectRank      string
	DecidedOn        string
	EffectiveOn      string
	PeriodEnd        string
	RestrictionUntil string
	Note             string
}

// AddSanction records an outcome the trial office proposes for the decision, from the trial to
// the committee's decision; periods are computed when the decision is recorded (from its date,
// or from effectiveOn when the decision takes effect later). One party and one government
// sanction at most. Requires case.trial or case.decide.
func (s *Service) AddSanction(ctx context.Context, p org.Principal, id int64, system, kind, effectiveOn, note string) error {
	if !p.Can(org.PermCaseTrial) && !p.Can(org.PermCaseDecide) {
		return apperr.New(apperr.Forbidden, "无权提出处分意见")
	}
	k, ok := SanctionKindOf(system, kind)
	f := apperr.Fields{}
	if !ok {
		f.Add("kind", "请选择处分种类或处理方式")
	}
	if strings.TrimSpace(effectiveOn) != "" {
		if _, ok := parseDay(effectiveOn); !ok {
			f.Add("effective_on", "生效日期格式应为 YYYY-MM-DD")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		if c.Status != Trial && c.Status != TrialReported && c.Status != Committee {
			return apperr.New(apperr.Conflict, "审理至常委会审议期间方可提出处分意见")
		}
		if system == "party" || system == "gov" {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM sanctions WHERE case_id = ? AND system = ?`, c.ID, system).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return apperr.New(apperr.Conflict, "本案已有%s，同一违纪违法行为只给予一种", Name(SanctionSystems(), system))
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO sanctions (case_id, cadre_id, commission_path, system, kind, subject_rank, decided_on, effective_on, note)
			VALUES (?, ?, ?, ?, ?, ?, '', ?, ?)`, c.ID, c.CadreID, c.CommissionPath, system, kind, string(c.SubjectRank), strings.TrimSpace(effectiveOn), strings.TrimSpace(note)); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.sanction", "提出处理意见："+k.Name, note)
	})
}

// RemoveSanction withdraws a proposed outcome before the decision. Requires case.trial or
// case.decide.
func (s *Service) RemoveSanction(ctx context.Context, p org.Principal, id, sanctionID int64) error {
	if !p.Can(org.PermCaseTrial) && !p.Can(org.PermCaseDecide) {
		return apperr.New(apperr.Forbidden, "无权调整处分意见")
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		if c.Status != Trial && c.Status != TrialReported && c.Status != Committee {
			return apperr.New(apperr.Conflict, "决定作出后不能撤回处理意见")
		}
		var system, kind string
		err := tx.QueryRow(ctx, `SELECT system, kind FROM sanctions WHERE id = ? AND case_id = ?`, sanctionID, c.ID).Scan(&system, &kind)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("该处理意见")
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sanctions WHERE id = ?`, sanctionID); err != nil {
			return err
		}
		k, _ := SanctionKindOf(system, kind)
		return s.event(ctx, tx, p, c, "case.sanction_remove", "撤回处理意见："+k.Name, "")
	})
}

// settleSanctions fixes each outcome's dates when the decision is recorded on decided: the
// effective date (the decision's unless set), the period and the bar; and files each sanction in
// the subject's archive.
func (s *Service) settleSanctions(ctx context.Context, tx *db.Tx, p org.Principal, c Case, decided string) error {
	sanctions, err := s.sanctions(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	for _, x := range sanctions {
		k, _ := SanctionKindOf(x.System, x.Kind)
		effective := x.EffectiveOn
		if effective == "" || effective < decided {
			effective = decided
		}
		period, bar := Periods(k, effective)
		// subject_rank becomes the subject's rank at the decision: the statistics count
		// sanctioned persons by it (S1), whatever the rank when the case was filed or later
		if _, err := tx.Exec(ctx, `UPDATE sanctions SET decided_on = ?, effective_on = ?, period_end = ?, restriction_until = ?,
			subject_rank = (SELECT rank FROM cadres WHERE id = sanctions.cadre_id) WHERE id = ?`,
			decided, effective, period, bar, x.ID); err != nil {
			return err
		}
		title := Name(SanctionSystems(), k.System) + "：" + k.Name
		if bar == Forever {
			title += "（永久）"
		} else if bar != "" {
			title += "（影响期至 " + bar + "）"
		}
		if err := s.archive(ctx, tx, p, c, effective, title); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) sanctions(ctx context.Context, q db.Querier, caseID int64) ([]Sanction, error) {
	rows, err := q.Query(ctx, `SELECT id, system, kind, subject_rank, decided_on, effective_on, period_end, restriction_until, note FROM sanctions WHERE case_id = ? ORDER BY id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Sanction
	for rows.Next() {
		var x Sanction
		if err := rows.Scan(&x.ID, &x.System, &x.Kind, &x.SubjectRank, &x.DecidedOn, &x.EffectiveOn, &x.PeriodEnd, &x.RestrictionUntil, &x.Note); err != nil {
			return nil, err
		}
		k, _ := SanctionKindOf(x.System, x.Kind)
		x.Name = k.Name
		out = append(out, x)
	}
	return out, rows.Err()
}

func (s *Service) sanctionKinds(ctx context.Context, q db.Querier, caseID int64) ([]SanctionKind, error) {
	xs, err := s.sanctions(ctx, q, caseID)
	if err != nil {
		return nil, err
	}
	out := make([]SanctionKind, 0, len(xs))
	for _, x := range xs {
		if k, ok := SanctionKindOf(x.System, x.Kind); ok {
			out = append(out, k)
		}
	}
	return out, nil
}

// OpinionSource tells an integrity-opinion draft (A4) about a cadre's cases: a case still open,
// and each sanction whose bar on promotion has not ended — both adverse.
type OpinionSource struct{}

// Name is what the draft says it checked.
func (OpinionSource) Name() string { return "立案审查调查和处分" }

// Findings lists the open cases and the sanctions still in their period at asOf.
func (OpinionSource) Findings(ctx context.Context, q db.Querier, cadreID int64, asOf time.Time) ([]opinion.Finding, error) {
	var out []opinion.Finding
	rows, err := q.Query(ctx, `SELECT number, filed_on, status FROM cases WHERE cadre_id = ? AND filed_on <> '' AND decided_on = '' ORDER BY filed_on`, cadreID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var number, on, status string
		if err := rows.Scan(&number, &on, &status); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, opinion.Finding{Source: "立案审查调查", Date: on, Adverse: true, Text: "正在接受审查调查（案件 " + number + "，" + StatusName(status) + "）"})
	}
	rows.Close()
	day := clock.Date(asOf)
	rows, err = q.Query(ctx, `SELECT s.system, s.kind, s.effective_on, s.restriction_until, k.number FROM sanctions s JOIN cases k ON k.id = s.case_id
		WHERE s.cadre_id = ? AND s.restriction_until >= ? AND s.decided_on <> '' ORDER BY s.effective_on`, cadreID, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var system, kind, effective, until, number string
		if err := rows.Scan(&system, &kind, &effective, &until, &number); err != nil {
			return nil, err
		}
		k, _ := SanctionKindOf(system, kind)
		text := "受到" + k.Name + "（" + effective + " 起"
		if until == Forever {
			text += "，永久）"
		} else {
			text += "，影响期至 " + until + "）"
		}
		out = append(out, opinion.Finding{Source: "处分", Date: effective, Adverse: true, Text: text + "，案件 " + number})
	}
	return out, rows.Err()
}

func itoa(n int) string { return strconv.Itoa(n) }

func parseDay(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	return t, err == nil
}

func addDays(day string, n int) string {
	t, ok := parseDay(day)
	if !ok {
		return ""
	}
	return t.AddDate(0, 0, n).Format("2006-01-02")
}

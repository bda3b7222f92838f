package casework

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"custos/internal/apperr"
	"custos/internal/db"
	"custos/internal/org"
)

// Measure is one investigative measure and its ledger entry (执纪规则 Art. 40).
type Measure struct {
	ID         int64
	CaseID     int64
	CaseNumber string
	Kind       string
	KindName   string
	Target     string
	ApprovedBy string
	Approval   string // own | upper
	StartedOn  string
	EndsOn     string
	Extended   bool
	EndedOn    string
	Note       string
}

// Overdue reports whether a detention runs past its limit without being ended.
func (m Measure) Overdue(today string) bool {
	return m.EndedOn == "" && m.EndsOn != "" && m.EndsOn < today
}

// MeasureInput is a measure as approved.
type MeasureInput struct {
	Kind          string
	Target        string
	StartedOn     string
	Note          string
	UpperApproval string // the higher commission's approval, for a detention that needs it
}

// ApproveMeasure approves and starts an investigative measure during the investigation; it
// lands in the ledger case management watches. A detention (留置) runs at most three months,
// only one at a time, and below the province needs the higher commission's approval, which is
// recorded. Requires case.approve.
func (s *Service) ApproveMeasure(ctx context.Context, p org.Principal, id int64, in MeasureInput) (Measure, error) {
	if !p.Can(org.PermCaseApprove) {
		return Measure{}, apperr.New(apperr.Forbidden, "无权批准审查调查措施")
	}
	f := apperr.Fields{}
	if Name(MeasureKinds(), in.Kind) == in.Kind {
		f.Add("kind", "请选择措施种类")
	}
	in.Target = text(f, "target", "措施对象（人员、账户、物品或场所）", in.Target, 200)
	start := s.date(f, "started_on", "开始日期", in.StartedOn, "", "")
	in.UpperApproval = strings.TrimSpace(in.UpperApproval)
	if err := f.Err(); err != nil {
		return Measure{}, err
	}
	var m Measure
	err := s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		if c.Status != Investigating {
			return apperr.New(apperr.Conflict, "审查调查期间方可采取审查调查措施（当前为“%s”）", StatusName(c.Status))
		}
		if start < c.PlanApprovedOn {
			return apperr.Fields{"started_on": "开始日期不能早于方案批准日期 " + c.PlanApprovedOn}.Err()
		}
		m = Measure{CaseID: c.ID, CaseNumber: c.Number, Kind: in.Kind, Target: in.Target, ApprovedBy: p.DisplayName, Approval: "own",
			StartedOn: start, Note: strings.TrimSpace(in.Note)}
		if in.Kind == Detention {
			var open int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM case_measures WHERE case_id = ? AND kind = ? AND ended_on = ''`, c.ID, Detention).Scan(&open); err != nil {
				return err
			}
			if open > 0 {
				return apperr.New(apperr.Conflict, "本案已有正在执行的留置措施")
			}
			var level string
			if err := tx.QueryRow(ctx, `SELECT kind FROM commissions WHERE id = ?`, c.CommissionID).Scan(&level); err != nil {
				return err
			}
			m.Approval, m.EndsOn = DetentionApproval(level), DetentionEnd(start)
			if m.Approval == "upper" {
				if in.UpperApproval == "" {
					return apperr.Fields{"upper_approval": "设区的市级以下监察机关采取留置措施，应当报上一级监察机关批准：请填写上级批准情况（机关、文号、日期）"}.Err()
				}
				m.ApprovedBy += "（报经上级批准：" + in.UpperApproval + "）"
			}
		}
		if err := tx.QueryRow(ctx, `INSERT INTO case_measures (case_id, kind, target, approved_by, approval, started_on, ends_on, note, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.ID, m.Kind, m.Target, m.ApprovedBy, m.Approval, m.StartedOn, m.EndsOn, m.Note,
			p.DisplayName, s.now().UTC()).Scan(&m.ID); err != nil {
			return err
		}
		what := "批准采取" + Name(MeasureKinds(), m.Kind) + "措施（" + m.Target + "）"
		if m.EndsOn != "" {
			what += "，期限至 " + m.EndsOn
		}
		return s.event(ctx, tx, p, c, "case.measure", what, m.Note)
	})
	return m, err
}

// EndMeasure records the day a measure ended (解除). Requires case.handle.
func (s *Service) EndMeasure(ctx context.Context, p org.Principal, measureID int64, endedOn string) error {
	if !p.Can(org.PermCaseHandle) {
		return apperr.New(apperr.Forbidden, "无权登记措施解除")
	}
	return s.onMeasure(ctx, p, measureID, func(tx *db.Tx, c Case, m Measure) error {
		f := apperr.Fields{}
		d := s.date(f, "ended_on", "解除日期", endedOn, m.StartedOn, "开始日期")
		if err := f.Err(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE case_measures SET ended_on = ? WHERE id = ?`, d, m.ID); err != nil {
			return err
		}
		note := ""
		if m.EndsOn != "" && d > m.EndsOn {
			note = "超过期限 " + m.EndsOn
		}
		return s.event(ctx, tx, p, c, "case.measure_end", "解除"+Name(MeasureKinds(), m.Kind)+"措施（"+m.Target+"）", note)
	})
}

// ExtendDetention extends a detention once, by at most three months, with the higher
// commission's approval recorded (监察法 Art. 43); a second extension is refused. Requires
// case.approve.
func (s *Service) ExtendDetention(ctx context.Context, p org.Principal, measureID int64, upperApproval string) (string, error) {
	if !p.Can(org.PermCaseApprove) {
		return "", apperr.New(apperr.Forbidden, "无权批准延长留置")
	}
	f := apperr.Fields{}
	upperApproval = text(f, "upper_approval", "上一级监察机关的批准情况（机关、文号、日期）", upperApproval, 200)
	if err := f.Err(); err != nil {
		return "", err
	}
	var end string
	err := s.onMeasure(ctx, p, measureID, func(tx *db.Tx, c Case, m Measure) error {
		if m.Kind != Detention || m.EndedOn != "" {
			return apperr.New(apperr.Conflict, "只有正在执行的留置措施可以延长")
		}
		var err error
		if end, err = ExtendDetention(m.EndsOn, m.Extended); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE case_measures SET ends_on = ?, extended = TRUE, approved_by = approved_by || ? WHERE id = ?`,
			end, "；延长经"+upperApproval, m.ID); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.detention_extend", "批准延长留置至 "+end, upperApproval)
	})
	return end, err
}

func (s *Service) onMeasure(ctx context.Context, p org.Principal, measureID int64, fn func(*db.Tx, Case, Measure) error) error {
	var caseID int64
	err := s.db.Reader().QueryRow(ctx, `SELECT case_id FROM case_measures WHERE id = ?`, measureID).Scan(&caseID)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFoundf("该措施")
	}
	if err != nil {
		return err
	}
	return s.onCase(ctx, p, caseID, func(tx *db.Tx, c Case) error {
		ms, err := s.measures(ctx, tx, `m.id = ?`, measureID)
		if err != nil {
			return err
		}
		return fn(tx, c, ms[0])
	})
}

func (s *Service) measures(ctx context.Context, q db.Querier, cond string, args ...any) ([]Measure, error) {
	rows, err := q.Query(ctx, `SELECT m.id, m.case_id, k.number, m.kind, m.target, m.approved_by, m.approval, m.started_on, m.ends_on, m.extended, m.ended_on, m.note
		FROM case_measures m JOIN cases k ON k.id = m.case_id WHERE `+cond+` ORDER BY m.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := map[string]string{}
	for _, k := range MeasureKinds() {
		names[k.ID] = k.Name
	}
	var out []Measure
	for rows.Next() {
		var m Measure
		if err := rows.Scan(&m.ID, &m.CaseID, &m.CaseNumber, &m.Kind, &m.Target, &m.ApprovedBy, &m.Approval, &m.StartedOn, &m.EndsOn, &m.Extended, &m.EndedOn, &m.Note); err != nil {
			return nil, err
		}
		m.KindName = names[m.Kind]
		out = append(out, m)
	}
	return out, rows.Err()
}

// Ledger returns the measures of every case of p's commission and below (the ledger case
// management watches, 执纪规则 Art. 40), running ones first, newest first within each.
// Requires case.manage.
func (s *Service) Ledger(ctx context.Context, p org.Principal, onlyOpen bool) ([]Measure, error) {
	if !p.Can(org.PermCaseManage) {
		return nil, apperr.New(apperr.Forbidden, "无权查看措施台账")
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	cond := `k.commission_path >= ? AND k.commission_path < ?`
	if onlyOpen {
		cond += ` AND m.ended_on = ''`
	}
	ms, err := s.measures(ctx, s.db.Reader(), cond, lo, hi)
	if err != nil {
		return nil, err
	}
	open := func(m Measure) int {
		if m.EndedOn == "" {
			return 0
		}
		return 1
	}
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && (open(ms[j]) < open(ms[j-1]) || open(ms[j]) == open(ms[j-1]) && ms[j].ID > ms[j-1].ID); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
	return ms, nil
}

package interference

import (
	"context"
	"custos/internal/clock"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// QuarterRow is one commission's quarter: the approaches recorded by kind, those still
// unassessed, and whether it filed a zero report.
type QuarterRow struct {
	CommissionID   int64
	CommissionName string
	ByKind         map[string]int
	Total          int
	Unassessed     int
	ZeroReported   string // when the zero report was filed; "" for none
}

// Status words the row's reporting state.
func (r QuarterRow) Status() string {
	switch {
	case r.Total > 0:
		return "已登记 " + strconv.Itoa(r.Total) + " 件"
	case r.ZeroReported != "":
		return "零报告"
	}
	return "未报告"
}

// Summary returns the quarter (YYYY-Qn) for p's commission and each directly below it: records
// by kind (counted where they were recorded, the subtree included), unassessed ones, and zero
// reports. Requires interference.view.
func (s *Service) Summary(ctx context.Context, p org.Principal, quarter string) ([]QuarterRow, error) {
	if !p.Can(org.PermInterferenceView) {
		return nil, apperr.New(apperr.Forbidden, "无权查看打听过问情况汇总")
	}
	from, to, ok := quarterRange(quarter)
	if !ok {
		return nil, apperr.Fields{"quarter": "季度格式应为 2026-Q4"}.Err()
	}
	q := s.db.Reader()
	rows, err := q.Query(ctx, `SELECT id, name, path FROM commissions WHERE id = ? OR parent_id = ? ORDER BY path`, p.CommissionID, p.CommissionID)
	if err != nil {
		return nil, err
	}
	type unit struct {
		id         int64
		name, path string
	}
	var units []unit
	for rows.Next() {
		var u unit
		if err := rows.Scan(&u.id, &u.name, &u.path); err != nil {
			rows.Close()
			return nil, err
		}
		units = append(units, u)
	}
	rows.Close()
	var out []QuarterRow
	for _, u := range units {
		r := QuarterRow{CommissionID: u.id, CommissionName: u.name, ByKind: map[string]int{}}
		cond, args := `r.commission_path >= ? AND r.commission_path < ?`, []any{}
		lo, hi := db.SubtreeRange(u.path)
		args = append(args, lo, hi)
		if u.id == p.CommissionID {
			cond, args = `r.commission_id = ?`, []any{u.id}
		}
		kinds, err := q.Query(ctx, `SELECT r.kind, COUNT(*), SUM(CASE WHEN r.followup = '' THEN 1 ELSE 0 END) FROM interference_records r
			WHERE `+cond+` AND r.approached_on >= ? AND r.approached_on <= ? AND (r.intervener_user_id IS NULL OR r.intervener_user_id <> ?) GROUP BY r.kind`,
			append(args, from, to, p.UserID)...)
		if err != nil {
			return nil, err
		}
		for kinds.Next() {
			var kind string
			var n, open int
			if err := kinds.Scan(&kind, &n, &open); err != nil {
				kinds.Close()
				return nil, err
			}
			r.ByKind[kind], r.Total, r.Unassessed = n, r.Total+n, r.Unassessed+open
		}
		kinds.Close()
		var at sql.NullTime
		err = q.QueryRow(ctx, `SELECT reported_at FROM interference_zero_reports WHERE commission_id = ? AND period = ?`, u.id, quarter).Scan(&at)
		switch {
		case err == nil:
			r.ZeroReported = clock.Date(at.Time)
		case !errors.Is(err, sql.ErrNoRows):
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// ZeroReport files p's commission's zero report for a quarter that has ended or is ending (零报告):
// refused when an approach of that quarter is on record. Requires interference.view.
func (s *Service) ZeroReport(ctx context.Context, p org.Principal, quarter string) error {
	if !p.Can(org.PermInterferenceView) {
		return apperr.New(apperr.Forbidden, "无权报送零报告")
	}
	from, to, ok := quarterRange(quarter)
	if !ok {
		return apperr.Fields{"quarter": "季度格式应为 2026-Q4"}.Err()
	}
	if from > s.today() {
		return apperr.Fields{"quarter": "该季度尚未开始"}.Err()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM interference_records WHERE commission_id = ? AND approached_on >= ? AND approached_on <= ?`,
			p.CommissionID, from, to).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "本季度已登记 %d 件打听过问情况，不能报送零报告", n)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO interference_zero_reports (commission_id, period, reported_by, reported_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (commission_id, period) DO NOTHING`, p.CommissionID, quarter, p.DisplayName, s.now().UTC()); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "interference.zero_report", ObjectType: "commission", ObjectID: strconv.FormatInt(p.CommissionID, 10),
			Summary: quarter + " 打听过问情况零报告", CommissionID: p.CommissionID, ScopePath: p.ScopePath})
	})
}

// Flag is a read flagged as a possible 打听: someone outside a case's or clue's chain opened it.
type Flag struct {
	ID           int64
	MatterType   string
	MatterID     int64
	MatterNumber string
	UserID       int64
	UserName     string
	ReadAt       time.Time
	Status       string
	DecidedBy    string
	Note         string
	RecordID     int64
}

// Flags returns the flagged reads of matters in p's scope — open ones first, newest first —
// never p's own reads. Requires interference.view.
func (s *Service) Flags(ctx context.Context, p org.Principal, onlyOpen bool) ([]Flag, error) {
	if !p.Can(org.PermInterferenceView) {
		return nil, apperr.New(apperr.Forbidden, "无权查看疑似打听案情的查阅记录")
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	cond := ``
	if onlyOpen {
		cond = ` AND status = 'open'`
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT id, matter_type, matter_id, matter_number, user_id, user_name, read_at, status, decided_by, decision_note, COALESCE(record_id, 0)
		FROM flagged_reads WHERE commission_path >= ? AND commission_path < ? AND user_id <> ?`+cond+`
		ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, id DESC LIMIT 500`, lo, hi, p.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Flag
	for rows.Next() {
		var f Flag
		if err := rows.Scan(&f.ID, &f.MatterType, &f.MatterID, &f.MatterNumber, &f.UserID, &f.UserName, &f.ReadAt, &f.Status, &f.DecidedBy, &f.Note, &f.RecordID); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// DecideFlag dismisses a flagged read (the reason recorded) or turns it into an interference
// record about the reader (打听案情 by viewing the system). Requires interference.view.
func (s *Service) DecideFlag(ctx context.Context, p org.Principal, id int64, record bool, note string) error {
	if !p.Can(org.PermInterferenceView) {
		return apperr.New(apperr.Forbidden, "无权处理疑似打听案情的查阅记录")
	}
	note = strings.TrimSpace(note)
	if note == "" || utf8.RuneCountInString(note) > 1000 {
		return apperr.Fields{"note": "请填写研判意见（如：因工作需要查阅，已核实）"}.Err()
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var f Flag
		var commissionID int64
		var path string
		err := tx.QueryRow(ctx, `SELECT id, matter_type, matter_id, matter_number, user_id, user_name, read_at, status, commission_id, commission_path FROM flagged_reads
			WHERE id = ? AND commission_path >= ? AND commission_path < ? AND user_id <> ?`, id, lo, hi, p.UserID).
			Scan(&f.ID, &f.MatterType, &f.MatterID, &f.MatterNumber, &f.UserID, &f.UserName, &f.ReadAt, &f.Status, &commissionID, &path)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("该查阅记录")
		}
		if err != nil {
			return err
		}
		if f.Status != "open" {
			return apperr.New(apperr.Conflict, "该查阅记录已处理")
		}
		status := "dismissed"
		var recordID any
		if record {
			status = "recorded"
			matter := map[string]string{"case": "案件 ", "clue": "问题线索 "}[f.MatterType] + f.MatterNumber
			var cadreID any
			var cid int64
			if err := tx.QueryRow(ctx, `SELECT COALESCE((SELECT id FROM cadres WHERE user_id = ?), 0)`, f.UserID).Scan(&cid); err != nil {
				return err
			}
			if cid != 0 {
				cadreID = cid
			}
			var rid int64
			name := f.UserName
			if i := strings.Index(name, "（"); i > 0 {
				name = name[:i]
			}
			if err := tx.QueryRow(ctx, `INSERT INTO interference_records (commission_id, commission_path, recorded_by_id, recorded_by, recorded_at, approached_on,
				matter_type, matter_id, matter_text, kind, channel, intervener_name, intervener_unit, intervener_user_id, intervener_cadre_id, content, response,
				reported_to, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ask', 'system', ?, ?, ?, ?, ?, ?, '干部监督室', 'flagged') RETURNING id`,
				commissionID, path, p.UserID, p.DisplayName, s.now().UTC(), clock.Date(f.ReadAt),
				f.MatterType, f.MatterID, matter, name, f.UserName, f.UserID, cadreID, "非承办人员在系统中查阅"+matter+"（"+clock.Minute(f.ReadAt)+"）",
				"系统自动记录，经研判："+note).Scan(&rid); err != nil {
				return err
			}
			recordID = rid
		}
		if _, err := tx.Exec(ctx, `UPDATE flagged_reads SET status = ?, decided_by = ?, decision_note = ?, record_id = ? WHERE id = ?`, status, p.DisplayName, note, recordID, id); err != nil {
			return err
		}
		what := "排除疑似打听案情的查阅"
		if record {
			what = "将查阅记录登记为打听案情"
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "interference.flag", ObjectType: "flagged_read", ObjectID: strconv.FormatInt(id, 10),
			Summary: what + "（" + f.MatterNumber + "）", CommissionID: commissionID, ScopePath: path})
	})
}

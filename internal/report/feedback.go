package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/workday"
)

// Outcome is what became of a report turned into a clue, as the petitions office needs it to
// tell a real-name reporter the result (结果反馈, domain §3.1: within 15 working days of the
// conclusion).
type Outcome struct {
	ClueID      int64
	ClueNumber  string
	ClueStatus  string // the clue's status id (package clue names it)
	ConcludedOn string // the day the clue was disposed of for good; "" while it is open
	ResultDue   string // when the real-name reporter must be told; "" when nothing is owed
	SentOn      string
	Note        string
	Objection   string
	ObjectionOn string
}

// outcome loads what became of report r: the latest clue made from it and the feedback given.
func (s *Service) outcome(ctx context.Context, q db.Querier, r Report) (Outcome, error) {
	var o Outcome
	if err := q.QueryRow(ctx, `SELECT result_sent_on, result_note, objection, objection_on FROM reports WHERE id = ?`, r.ID).
		Scan(&o.SentOn, &o.Note, &o.Objection, &o.ObjectionOn); err != nil {
		return o, err
	}
	err := q.QueryRow(ctx, `SELECT id, number, status, closed_on FROM clues WHERE report_id = ? ORDER BY id DESC LIMIT 1`, r.ID).
		Scan(&o.ClueID, &o.ClueNumber, &o.ClueStatus, &o.ConcludedOn)
	if errors.Is(err, sql.ErrNoRows) {
		return o, nil
	}
	if err != nil {
		return o, err
	}
	if r.RealName && o.ConcludedOn != "" && o.SentOn == "" {
		cal, err := s.calendar.Calendar(ctx)
		if err != nil {
			return o, err
		}
		day, _ := time.Parse(workday.DateLayout, o.ConcludedOn)
		o.ResultDue = workday.Key(cal.AddWorkdays(day, s.set.AckDays))
	}
	return o, nil
}

// SendResult records that the real-name reporter was told the result of the report (结果反馈)
// once the clue made from it was disposed of. Requires report.register.
func (s *Service) SendResult(ctx context.Context, p org.Principal, id int64, sentOn, note string) error {
	if !p.Can(org.PermReportRegister) {
		return apperr.New(apperr.Forbidden, "无权登记结果反馈")
	}
	note = strings.TrimSpace(note)
	f := apperr.Fields{}
	d, ok := cadre.ParseDate(sentOn)
	if !ok || d > s.today().Format(workday.DateLayout) {
		f.Add("result_sent_on", "请填写反馈日期（不晚于今天），格式 YYYY-MM-DD")
	}
	if note == "" || utf8.RuneCountInString(note) > 1000 {
		f.Add("result_note", "请填写反馈方式和内容（不超过 1000 字；不得透露举报人以外的案情）")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		o, err := s.outcome(ctx, tx, r)
		if err != nil {
			return err
		}
		switch {
		case r.CommissionID != p.CommissionID:
			return apperr.New(apperr.Conflict, "结果由受理本件的机关反馈")
		case !r.RealName:
			return apperr.New(apperr.Conflict, "匿名举报无须反馈结果")
		case o.SentOn != "":
			return apperr.New(apperr.Conflict, "已于 %s 反馈结果", o.SentOn)
		case o.ConcludedOn == "":
			return apperr.New(apperr.Conflict, "本件尚未办结，办结后方可反馈结果")
		case d < o.ConcludedOn:
			return apperr.Fields{"result_sent_on": "反馈日期不能早于办结日期 " + o.ConcludedOn}.Err()
		}
		if _, err := tx.Exec(ctx, `UPDATE reports SET result_sent_on = ?, result_note = ? WHERE id = ?`, d, note, id); err != nil {
			return err
		}
		late := ""
		if d > o.ResultDue {
			late = fmt.Sprintf("（超过期限 %s）", o.ResultDue)
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "report.result", ObjectType: "report", ObjectID: strconv.FormatInt(id, 10),
			Summary: "已向实名举报人反馈办理结果 " + r.Number + late, CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
}

// RecordObjection records the reporter's objection to the result (异议) after it was fed back.
// With new evidence the report goes back to registered, so a clue can be made from it again
// (re-verification); without, the explanation given is the record. Requires report.register.
func (s *Service) RecordObjection(ctx context.Context, p org.Principal, id int64, on, text string, newEvidence bool) error {
	if !p.Can(org.PermReportRegister) {
		return apperr.New(apperr.Forbidden, "无权登记异议")
	}
	text = strings.TrimSpace(text)
	f := apperr.Fields{}
	d, ok := cadre.ParseDate(on)
	if !ok || d > s.today().Format(workday.DateLayout) {
		f.Add("objection_on", "请填写提出异议的日期（不晚于今天），格式 YYYY-MM-DD")
	}
	if text == "" || utf8.RuneCountInString(text) > 2000 {
		f.Add("objection", "请填写异议内容及解释说明情况（不超过 2000 字）")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		o, err := s.outcome(ctx, tx, r)
		if err != nil {
			return err
		}
		if r.CommissionID != p.CommissionID || o.SentOn == "" {
			return apperr.New(apperr.Conflict, "反馈结果后方可登记异议")
		}
		status, summary := r.Status, "登记实名举报人对办理结果的异议 "+r.Number
		if newEvidence {
			status, summary = StatusRegistered, summary+"（有新的证据，重新登记待处置）"
		}
		if _, err := tx.Exec(ctx, `UPDATE reports SET objection = ?, objection_on = ?, status = ? WHERE id = ?`, text, d, status, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "report.objection", ObjectType: "report", ObjectID: strconv.FormatInt(id, 10),
			Summary: summary, CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
}

// Pending is one thing the petitions office owes a real-name reporter.
type Pending struct {
	ReportID int64
	Number   string
	Title    string
	What     string // 受理告知 | 结果反馈
	Due      string
}

// Pending returns what p's commission owes its real-name reporters, earliest deadline first:
// acceptance notices and result feedback. Requires report.register.
func (s *Service) Pending(ctx context.Context, p org.Principal) ([]Pending, error) {
	if !p.Can(org.PermReportRegister) {
		return nil, nil
	}
	q := s.db.Reader()
	var out []Pending
	rows, err := q.Query(ctx, `SELECT id, number, title, ack_due FROM reports WHERE commission_id = ? AND ack_due <> '' AND NOT hidden_locally ORDER BY ack_due, id LIMIT 200`, p.CommissionID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		x := Pending{What: "受理告知"}
		if err := rows.Scan(&x.ReportID, &x.Number, &x.Title, &x.Due); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, x)
	}
	rows.Close()
	// the literal status lets the planner use the partial index reports_result_owed
	rows, err = q.Query(ctx, `SELECT r.id, r.number, r.title, MAX(c.closed_on) FROM reports r JOIN clues c ON c.report_id = r.id
		WHERE r.commission_id = ? AND r.real_name AND r.result_sent_on = '' AND r.status = 'to_clue' AND c.closed_on <> ''
		GROUP BY r.id, r.number, r.title ORDER BY r.id LIMIT 200`, p.CommissionID)
	if err != nil {
		return nil, err
	}
	var concluded []Pending
	for rows.Next() {
		x := Pending{What: "结果反馈"}
		if err := rows.Scan(&x.ReportID, &x.Number, &x.Title, &x.Due); err != nil {
			rows.Close()
			return nil, err
		}
		concluded = append(concluded, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(concluded) > 0 {
		cal, err := s.calendar.Calendar(ctx)
		if err != nil {
			return nil, err
		}
		for _, x := range concluded {
			day, _ := time.Parse(workday.DateLayout, x.Due)
			x.Due = workday.Key(cal.AddWorkdays(day, s.set.AckDays))
			out = append(out, x)
		}
	}
	slices.SortStableFunc(out, func(a, b Pending) int { return strings.Compare(a.Due, b.Due) }) // earliest deadline first
	return out, nil
}

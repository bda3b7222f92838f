package clue

import (
	"context"
	"strconv"
	"strings"
	"time"

	"custos/internal/apperr"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/workday"
)

// Outcomes of an inquiry (domain §3.3).
func Outcomes() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{"cleared", "予以采信了结"}, {"light", "批评教育等轻处理"}, {"re_inquiry", "再次函询"},
		{"to_prelim", "转初步核实"}, {"false_accusation", "诬告陷害，移送处理"}}
}

// StartInquiry begins a talk or letter inquiry of a clue approved for inquiry about one of its
// subjects. The rule of at most Settings.InquiriesPerYear per person and calendar year is
// checked with the person's row locked, so racing attempts cannot both pass; a third needs
// override — the higher approval's words — from a user who may approve, and is recorded.
// Requires clue.handle (and clue.approve to override).
func (s *Service) StartInquiry(ctx context.Context, p org.Principal, clueID, cadreID int64, kind, startedOn, override string) (InquiryRow, error) {
	if !p.Can(org.PermClueHandle) && !p.Can(org.PermClueApprove) {
		return InquiryRow{}, apperr.New(apperr.Forbidden, "无权开展谈话函询")
	}
	f := apperr.Fields{}
	if kind != "talk" && kind != "letter" {
		f.Add("kind", "请选择谈话或函询")
	}
	d, ok := cadre.ParseDate(startedOn)
	if !ok || d > s.today() {
		f.Add("started_on", "请填写开始日期（不晚于今天），格式 YYYY-MM-DD")
	}
	override = strings.TrimSpace(override)
	if override != "" && !p.Can(org.PermClueApprove) {
		f.Add("override", "超过次数限制须由有审批权限的领导批准")
	}
	if err := f.Err(); err != nil {
		return InquiryRow{}, err
	}
	var out InquiryRow
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.get(ctx, tx, p, clueID)
		if err != nil {
			return err
		}
		if c.Status != Inquiry {
			return apperr.New(apperr.Conflict, "该线索未经批准采取谈话函询方式处置")
		}
		var subject *cadre.Cadre
		for i := range c.Subjects {
			if c.Subjects[i].ID == cadreID {
				subject = &c.Subjects[i]
			}
		}
		if subject == nil {
			return apperr.Fields{"cadre_id": "请选择本线索的被反映人"}.Err()
		}
		if err := tx.Lock(ctx, "cadres", cadreID); err != nil {
			return err
		}
		earlier, err := s.inquiries(ctx, tx, `i.cadre_id = ?`, cadreID)
		if err != nil {
			return err
		}
		var refs []Ref
		for _, q := range earlier {
			refs = append(refs, Ref{ID: q.ID, Number: q.ClueNumber, CadreID: q.CadreID, Started: q.StartedOn})
		}
		if err := (Limit{PerYear: s.set.InquiriesPerYear}).Check(subject.Name, d, refs); err != nil && override == "" {
			return apperr.New(apperr.Conflict, "%s", err.Error())
		}
		year, _ := strconv.Atoi(d[:4])
		out = InquiryRow{ClueID: c.ID, ClueNumber: c.Number, CadreID: cadreID, CadreName: subject.Name, Kind: kind, StartedOn: d, Override: override,
			KeyMinority: subject.KeyMinority}
		if err := tx.QueryRow(ctx, `INSERT INTO inquiries (clue_id, cadre_id, commission_path, kind, started_on, year, override, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.ID, cadreID, c.CommissionPath, kind, d, year, override, p.DisplayName, s.now().UTC()).Scan(&out.ID); err != nil {
			return err
		}
		if err := cadre.AddItem(ctx, tx, cadre.Item{CadreID: cadreID, Date: d, Kind: "inquiry", Title: kindName(kind) + "（线索 " + c.Number + "）",
			SourceType: "inquiry", SourceID: out.ID, RecordedBy: p.DisplayName}, s.now()); err != nil {
			return err
		}
		note := ""
		if override != "" {
			note = "超过每年 " + strconv.Itoa(s.set.InquiriesPerYear) + " 次，经批准：" + override
		}
		return s.custody(ctx, tx, p, c, "inquiry.start", "对"+subject.Name+"开展"+kindName(kind), note)
	})
	return out, err
}

func kindName(kind string) string {
	if kind == "talk" {
		return "谈话"
	}
	return "函询"
}

// RecordReceipt records when the subject received the inquiry letter; the reply is due
// Settings.ReplyDays working days later. Requires clue.handle.
func (s *Service) RecordReceipt(ctx context.Context, p org.Principal, id int64, receivedOn string) (InquiryRow, error) {
	return s.step(ctx, p, id, "received_on", receivedOn, func(tx *db.Tx, q *InquiryRow, d string, cal *workday.Calendar) error {
		if q.Kind != "letter" || q.ReceivedOn != "" {
			return apperr.New(apperr.Conflict, "只有尚未送达的函询可以登记送达")
		}
		t, _ := time.Parse("2006-01-02", d)
		q.ReceivedOn, q.ReplyDue = d, workday.Key(cal.AddWorkdays(t, s.set.ReplyDays))
		_, err := tx.Exec(ctx, `UPDATE inquiries SET received_on = ?, reply_due = ? WHERE id = ?`, q.ReceivedOn, q.ReplyDue, q.ID)
		return err
	})
}

// RecordAnswer records the reply received or the talk held; the conclusion is due
// Settings.ConclusionDays days later. Requires clue.handle.
func (s *Service) RecordAnswer(ctx context.Context, p org.Principal, id int64, answeredOn string) (InquiryRow, error) {
	return s.step(ctx, p, id, "answered_on", answeredOn, func(tx *db.Tx, q *InquiryRow, d string, _ *workday.Calendar) error {
		if q.AnsweredOn != "" || (q.Kind == "letter" && q.ReceivedOn == "") {
			return apperr.New(apperr.Conflict, "请先登记函询送达；已登记的回复不能重复登记")
		}
		t, _ := time.Parse("2006-01-02", d)
		q.AnsweredOn, q.ConclusionDue = d, t.AddDate(0, 0, s.set.ConclusionDays).Format("2006-01-02")
		_, err := tx.Exec(ctx, `UPDATE inquiries SET answered_on = ?, conclusion_due = ? WHERE id = ?`, q.AnsweredOn, q.ConclusionDue, q.ID)
		return err
	})
}

// Conclude records the outcome. Requires clue.handle.
func (s *Service) Conclude(ctx context.Context, p org.Principal, id int64, concludedOn, outcome string) (InquiryRow, error) {
	known := false
	for _, o := range Outcomes() {
		known = known || o.ID == outcome
	}
	if !known {
		return InquiryRow{}, apperr.Fields{"outcome": "请选择函询结果"}.Err()
	}
	return s.step(ctx, p, id, "concluded_on", concludedOn, func(tx *db.Tx, q *InquiryRow, d string, _ *workday.Calendar) error {
		if q.AnsweredOn == "" || q.ConcludedOn != "" {
			return apperr.New(apperr.Conflict, "须在回复或谈话之后、尚未了结时作出结论")
		}
		q.ConcludedOn, q.Outcome = d, outcome
		if _, err := tx.Exec(ctx, `UPDATE inquiries SET concluded_on = ?, outcome = ? WHERE id = ?`, d, outcome, q.ID); err != nil {
			return err
		}
		if err := cadre.AddItem(ctx, tx, cadre.Item{CadreID: q.CadreID, Date: d, Kind: "inquiry", Title: kindName(q.Kind) + "了结：" + outcomeName(outcome) + "（线索 " + q.ClueNumber + "）",
			SourceType: "clue", SourceID: q.ClueID, RecordedBy: p.DisplayName}, s.now()); err != nil {
			return err
		}
		return s.afterInquiry(ctx, tx, q.ClueID, outcome)
	})
}

// step runs one dated step of an inquiry in p's scope, with its custody entry.
func (s *Service) step(ctx context.Context, p org.Principal, id int64, field, date string, fn func(*db.Tx, *InquiryRow, string, *workday.Calendar) error) (InquiryRow, error) {
	if !p.Can(org.PermClueHandle) {
		return InquiryRow{}, apperr.New(apperr.Forbidden, "无权办理谈话函询")
	}
	d, ok := cadre.ParseDate(date)
	if !ok || d > s.today() {
		return InquiryRow{}, apperr.Fields{field: "请填写日期（不晚于今天），格式 YYYY-MM-DD"}.Err()
	}
	cal, err := s.calendar.Calendar(ctx)
	if err != nil {
		return InquiryRow{}, err
	}
	var q InquiryRow
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		rows, err := s.inquiries(ctx, tx, `i.id = ?`, id)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return apperr.NotFoundf("该谈话函询")
		}
		q = rows[0]
		c, err := s.get(ctx, tx, p, q.ClueID)
		if err != nil {
			return err
		}
		if d < q.StartedOn {
			return apperr.Fields{field: "日期不能早于开始日期 " + q.StartedOn}.Err()
		}
		if err := fn(tx, &q, d, cal); err != nil {
			return err
		}
		return s.custody(ctx, tx, p, c, "inquiry."+field, q.CadreName+"："+map[string]string{"received_on": "函询送达", "answered_on": "回复或谈话",
			"concluded_on": "了结"}[field]+" "+d, q.Outcome)
	})
	return q, err
}

// inquiries loads inquiries matching where (with ? args), newest first.
func (s *Service) inquiries(ctx context.Context, q db.Querier, where string, args ...any) ([]InquiryRow, error) {
	rows, err := q.Query(ctx, `SELECT i.id, i.clue_id, c.number, i.cadre_id, k.name, i.kind, i.started_on, i.override, i.received_on, i.reply_due,
		i.answered_on, i.conclusion_due, i.concluded_on, i.outcome, k.key_minority
		FROM inquiries i JOIN clues c ON c.id = i.clue_id JOIN cadres k ON k.id = i.cadre_id WHERE `+where+` ORDER BY i.started_on DESC, i.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []InquiryRow
	for rows.Next() {
		var r InquiryRow
		if err := rows.Scan(&r.ID, &r.ClueID, &r.ClueNumber, &r.CadreID, &r.CadreName, &r.Kind, &r.StartedOn, &r.Override, &r.ReceivedOn,
			&r.ReplyDue, &r.AnsweredOn, &r.ConclusionDue, &r.ConcludedOn, &r.Outcome, &r.KeyMinority); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// afterInquiry moves the clue on once an inquiry about it is concluded: to preliminary
// verification at once when that is the outcome; otherwise, when no inquiry of the clue is
// still open, closed — unless one calls for another inquiry.
func (s *Service) afterInquiry(ctx context.Context, tx *db.Tx, clueID int64, outcome string) error {
	switch outcome {
	case "to_prelim":
		return s.setStatus(ctx, tx, clueID, Prelim)
	case "re_inquiry":
		return nil
	}
	var open int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM inquiries WHERE clue_id = ? AND (concluded_on = '' OR outcome = 're_inquiry')`, clueID).Scan(&open); err != nil {
		return err
	}
	if open > 0 {
		return nil
	}
	return s.setStatus(ctx, tx, clueID, Closed)
}

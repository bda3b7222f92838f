package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
)

// StatusArchived is a report closed after a collective assessment (集体研判后存档了结).
const StatusArchived = "archived"

// CloseInBulk closes, after a collective assessment, reports of p's commission that are
// duplicates or have no substance. Each stays its own record — its reporter is neither merged
// nor shown — and each closing is audited. All or nothing: one report that may not be closed
// refuses the lot, naming it. Requires report.register.
func (s *Service) CloseInBulk(ctx context.Context, p org.Principal, ids []int64, assessment string) (int, error) {
	if !p.Can(org.PermReportRegister) {
		return 0, apperr.New(apperr.Forbidden, "无权了结检举控告")
	}
	assessment = strings.TrimSpace(assessment)
	f := apperr.Fields{}
	if len(ids) == 0 {
		f.Add("ids", "请勾选要了结的件")
	}
	if assessment == "" || utf8.RuneCountInString(assessment) > 2000 {
		f.Add("assessment", "请填写集体研判意见（会议、参加人员、结论，不超过 2000 字）")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	today := s.today().Format("2006-01-02")
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, id := range ids {
			r, err := s.get(ctx, tx, p, id)
			if err != nil {
				return err
			}
			closable := r.Status == StatusDuplicate || r.Status == StatusNoSubstance
			if r.CommissionID != p.CommissionID || !closable {
				return apperr.New(apperr.Conflict, "%s 不是本机构的重复件或无实质内容件，不能批量了结", r.Number)
			}
			if _, err := tx.Exec(ctx, `UPDATE reports SET status = ?, closed_on = ?, closed_note = ?, ack_due = '' WHERE id = ?`,
				StatusArchived, today, assessment, id); err != nil {
				return err
			}
			if err := s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "report.close", ObjectType: "report", ObjectID: strconv.FormatInt(id, 10),
				Summary: "经集体研判了结检举控告 " + r.Number + "（" + StatusName(r.Status) + "）", CommissionID: r.CommissionID, ScopePath: r.CommissionPath}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(ids), nil
}

// Acknowledge records that the real-name reporter was told whether the report was accepted
// (受理告知). Requires report.register.
func (s *Service) Acknowledge(ctx context.Context, p org.Principal, id int64, sentOn string) error {
	if !p.Can(org.PermReportRegister) {
		return apperr.New(apperr.Forbidden, "无权登记告知")
	}
	d, ok := cadre.ParseDate(sentOn)
	if !ok || d > s.today().Format("2006-01-02") {
		return apperr.Fields{"sent_on": "请填写告知日期（不晚于今天），格式 YYYY-MM-DD"}.Err()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if r.AckDue == "" {
			return apperr.New(apperr.Conflict, "本件无须受理告知（匿名、重复件或已告知）")
		}
		if d < r.ReceivedOn {
			return apperr.Fields{"sent_on": "告知日期不能早于收到日期 " + r.ReceivedOn}.Err()
		}
		if _, err := tx.Exec(ctx, `UPDATE reports SET ack_sent_on = ?, ack_due = '' WHERE id = ?`, d, id); err != nil {
			return err
		}
		late := ""
		if d > r.AckDue {
			late = fmt.Sprintf("（超过期限 %s）", r.AckDue)
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "report.ack", ObjectType: "report", ObjectID: strconv.FormatInt(id, 10),
			Summary: "已向实名举报人告知受理情况 " + r.Number + late, CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
}

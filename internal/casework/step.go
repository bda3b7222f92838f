package casework

import (
	"context"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
)

// change is one column a step sets.
type change struct {
	col string
	val any
}

// advance runs one transition of the table on case id: it loads the case, lets apply check the
// step's input and set the fields it brings (on c, for the guards, and as columns), checks the
// transition's permission and guard, writes the new status, and records the step in the
// case's history and the audit trail — one transaction. Only the handling commission, or a
// member of the team, takes a step.
func (s *Service) advance(ctx context.Context, p org.Principal, id int64, action string, apply func(tx *db.Tx, c *Case) ([]change, string, error)) (Case, error) {
	t, ok := transition(action)
	if !ok {
		return Case{}, apperr.New(apperr.Invalid, "未知的案件办理环节")
	}
	if !p.Can(t.Perm) {
		return Case{}, apperr.New(apperr.Forbidden, "无权%s", t.Name)
	}
	var out Case
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.load(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := s.mayWork(ctx, tx, p, c); err != nil {
			return err
		}
		var changes []change
		note := ""
		if apply != nil {
			if changes, note, err = apply(tx, &c); err != nil {
				return err
			}
		}
		f, err := s.facts(ctx, tx, c)
		if err != nil {
			return err
		}
		t, err := Next(f, action)
		if err != nil {
			return err
		}
		changes = append(changes, change{"status", t.To})
		sets := make([]string, len(changes))
		args := make([]any, 0, len(changes)+1)
		for i, ch := range changes {
			sets[i] = ch.col + " = ?"
			args = append(args, ch.val)
		}
		if _, err := tx.Exec(ctx, `UPDATE cases SET `+strings.Join(sets, ", ")+` WHERE id = ?`, append(args, c.ID)...); err != nil {
			return err
		}
		c.Status = t.To
		out = c
		return s.event(ctx, tx, p, c, "case."+action, t.Name, note)
	})
	return out, apperr.Context(err, "case %d: %s", id, action)
}

func transition(action string) (Transition, bool) {
	for _, t := range Transitions() {
		if t.Action == action {
			return t, true
		}
	}
	return Transition{}, false
}

// mayWork refuses a step on c by p unless p is at the commission handling it or on its team.
func (s *Service) mayWork(ctx context.Context, q db.Querier, p org.Principal, c Case) error {
	if p.CommissionID == c.CommissionID {
		return nil
	}
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM case_team WHERE case_id = ? AND user_id = ?`, c.ID, p.UserID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.New(apperr.Conflict, "本案由%s办理，本机关不能办理该环节", c.CommissionName)
	}
	return nil
}

// date checks a YYYY-MM-DD field not after today and not before floor (when set).
func (s *Service) date(f apperr.Fields, field, label, v, floor, floorLabel string) string {
	d, ok := cadre.ParseDate(v)
	switch {
	case !ok:
		f.Add(field, "请填写"+label+"，格式 YYYY-MM-DD")
	case d > s.today():
		f.Add(field, label+"不能晚于今天")
	case floor != "" && d < floor:
		f.Add(field, label+"不能早于"+floorLabel+" "+floor)
	default:
		return d
	}
	return ""
}

// text checks a required free-text field of at most max characters.
func text(f apperr.Fields, field, label, v string, max int) string {
	v = strings.TrimSpace(v)
	if v == "" || utf8.RuneCountInString(v) > max {
		f.Add(field, "请填写"+label+"（不超过 "+itoa(max)+" 字）")
	}
	return v
}

// File approves the filing (批准立案): the management authority that approved it and the day.
// Requires case.approve. The subject's archive records the case; a registration the
// installation's filing rules name is filed with the higher commission.
func (s *Service) File(ctx context.Context, p org.Principal, id int64, authority, filedOn string) (Case, error) {
	return s.advance(ctx, p, id, "file", func(tx *db.Tx, c *Case) ([]change, string, error) {
		f := apperr.Fields{}
		c.Authority = text(f, "authority", "批准立案的干部管理权限机关（如：市纪委常委会、县委）", authority, 60)
		c.FiledOn = s.date(f, "filed_on", "立案日期", filedOn, c.RequestedOn, "申请日期")
		if err := f.Err(); err != nil {
			return nil, "", err
		}
		if err := s.archive(ctx, tx, p, *c, c.FiledOn, "立案"+Name(FilingTypes(), c.FilingType)); err != nil {
			return nil, "", err
		}
		if c.ClueID != 0 {
			if err := s.clues.FileCaseRegistration(ctx, tx, c.ClueID, c.CommissionID, c.CadreID, c.Number); err != nil {
				return nil, "", err
			}
		}
		return []change{{"authority", c.Authority}, {"filed_on", c.FiledOn}}, "经" + c.Authority + "批准，" + c.FiledOn + " 立案", nil
	})
}

// Announce records that the filing was announced to the subject (宣布立案) and, for a serious
// case, that the family was notified. Requires case.handle.
func (s *Service) Announce(ctx context.Context, p org.Principal, id int64, announcedOn, familyOn string) (Case, error) {
	return s.advance(ctx, p, id, "announce", func(tx *db.Tx, c *Case) ([]change, string, error) {
		f := apperr.Fields{}
		c.AnnouncedOn = s.date(f, "announced_on", "宣布日期", announcedOn, c.FiledOn, "立案日期")
		if strings.TrimSpace(familyOn) != "" {
			c.FamilyNotified = s.date(f, "family_notified_on", "通知家属日期", familyOn, c.FiledOn, "立案日期")
		}
		if err := f.Err(); err != nil {
			return nil, "", err
		}
		note := c.AnnouncedOn + " 向被审查调查人宣布"
		if c.FamilyNotified != "" {
			note += "；" + c.FamilyNotified + " 通知家属"
		}
		return []change{{"announced_on", c.AnnouncedOn}, {"family_notified_on", c.FamilyNotified}}, note, nil
	})
}

// Start approves the investigation plan at the special meeting the principal chairs (专题会议)
// and opens the investigation: the team must have its leader and safety officer and the
// temporary party branch. The investigation is expected to end within the installation's days.
// Requires case.approve.
func (s *Service) Start(ctx context.Context, p org.Principal, id int64, plan, meeting string) (Case, error) {
	return s.advance(ctx, p, id, "start", func(tx *db.Tx, c *Case) ([]change, string, error) {
		f := apperr.Fields{}
		c.Plan = text(f, "plan", "审查调查方案", plan, 20000)
		meeting = text(f, "meeting", "专题会议情况（日期、主持人、参加人员）", meeting, 500)
		if err := f.Err(); err != nil {
			return nil, "", err
		}
		c.PlanApprovedOn = s.today()
		c.InvestigationDue = addDays(c.PlanApprovedOn, s.set.InvestigationDays)
		return []change{{"plan", c.Plan}, {"plan_approved_on", c.PlanApprovedOn}, {"investigation_due", c.InvestigationDue}}, "专题会议：" + meeting, nil
	})
}

// SetReport writes (or rewrites) the investigation report and the safety summary while the
// investigation runs. Requires case.handle.
func (s *Service) SetReport(ctx context.Context, p org.Principal, id int64, report, safety string) error {
	if !p.Can(org.PermCaseHandle) {
		return apperr.New(apperr.Forbidden, "无权填写审查调查报告")
	}
	f := apperr.Fields{}
	report = text(f, "report", "审查调查报告", report, 50000)
	safety = text(f, "safety_summary", "办案安全工作总结", safety, 5000)
	if err := f.Err(); err != nil {
		return err
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		if c.Status != Investigating {
			return apperr.New(apperr.Conflict, "审查调查期间方可填写审查调查报告")
		}
		if _, err := tx.Exec(ctx, `UPDATE cases SET report = ?, safety_summary = ? WHERE id = ?`, report, safety, c.ID); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.report", "填写审查调查报告和办案安全工作总结", "")
	})
}

// ToTrial transfers the case to the trial office (移送审理) on a day; the trial is due a month
// after. The investigation report and the safety summary must be written and every measure but
// detention ended. Requires case.handle.
func (s *Service) ToTrial(ctx context.Context, p org.Principal, id int64, on string) (Case, error) {
	return s.advance(ctx, p, id, "to_trial", func(tx *db.Tx, c *Case) ([]change, string, error) {
		f := apperr.Fields{}
		c.ToTrialOn = s.date(f, "to_trial_on", "移送审理日期", on, c.PlanApprovedOn, "方案批准日期")
		if err := f.Err(); err != nil {
			return nil, "", err
		}
		c.TrialDue = TrialDue(c.ToTrialOn)
		return []change{{"to_trial_on", c.ToTrialOn}, {"trial_due", c.TrialDue}}, "审理期限 " + c.TrialDue, nil
	})
}

// Return sends a case at trial back to the investigation: kind reinvestigate (主要事实不清,
// approved by the principal) or supplement (证据需要补充, approved by the deputy in charge).
// The trial starts over when the case comes back. Requires case.approve.
func (s *Service) Return(ctx context.Context, p org.Principal, id int64, kind, reason string) (Case, error) {
	if kind != "reinvestigate" && kind != "supplement" {
		return Case{}, apperr.Fields{"kind": "请选择退回重新调查或补充调查"}.Err()
	}
	return s.advance(ctx, p, id, kind, func(tx *db.Tx, c *Case) ([]change, string, error) {
		f := apperr.Fields{}
		reason = text(f, "reason", "退回理由", reason, 2000)
		if err := f.Err(); err != nil {
			return nil, "", err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO trial_steps (case_id, kind, on_date, reason, approved_by) VALUES (?, ?, ?, ?, ?)`,
			c.ID, kind, s.today(), reason, p.DisplayName); err != nil {
			return nil, "", err
		}
		return []change{{"trial_due", ""}}, reason, nil
	})
}

// ExtendTrial extends the trial of a major or complex case by at most a month at a time,
// approved and recorded. Requires case.approve.
func (s *Service) ExtendTrial(ctx context.Context, p org.Principal, id int64, newDue, reason string) error {
	if !p.Can(org.PermCaseApprove) {
		return apperr.New(apperr.Forbidden, "无权批准延长审理期限")
	}
	f := apperr.Fields{}
	reason = text(f, "reason", "延长理由", reason, 2000)
	d, ok := cadre.ParseDate(newDue)
	if !ok {
		f.Add("new_due", "请填写延长后的期限，格式 YYYY-MM-DD")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		if c.Status != Trial {
			return apperr.New(apperr.Conflict, "审理期间方可延长审理期限")
		}
		if err := CheckTrialExtension(c.TrialDue, d); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO trial_steps (case_id, kind, on_date, new_due, reason, approved_by) VALUES (?, 'extend', ?, ?, ?, ?)`,
			c.ID, s.today(), d, reason, p.DisplayName); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE cases SET trial_due = ? WHERE id = ?`, d, c.ID); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.trial_extend", "批准延长审理期限至 "+d, reason)
	})
}

// SubmitTrialReport records the trial report (审理报告) and sends it for the principal's
// approval. A report after the due day is recorded as late. Requires case.trial.
func (s *Service) SubmitTrialReport(ctx context.Context, p org.Principal, id int64, report string) (Case, error) {
	return s.advance(ctx, p, id, "trial_report", func(tx *db.Tx, c *Case) ([]change, string, error) {
		f := apperr.Fields{}
		c.TrialReport = text(f, "trial_report", "审理报告", report, 50000)
		if err := f.Err(); err != nil {
			return nil, "", err
		}
		c.TrialReportOn = s.today()
		note := ""
		if c.TrialDue != "" && c.TrialReportOn > c.TrialDue {
			note = "超过审理期限 " + c.TrialDue
		}
		return []change{{"trial_report", c.TrialReport}, {"trial_report_on", c.TrialReportOn}}, note, nil
	})
}

// ApproveTrialReport approves the trial report and puts the case before the standing committee.
// Requires case.approve.
func (s *Service) ApproveTrialReport(ctx context.Context, p org.Principal, id int64) (Case, error) {
	return s.advance(ctx, p, id, "approve_report", nil)
}

// Decide records the standing committee's decision on the day it met, with the form it counts
// under (by default the heaviest of its outcomes); the outcomes (sanctions, organisational
// handling, no sanction, transfer to the procuratorate) are recorded first with AddSanction. The
// decision must be announced within a month. Requires case.decide.
func (s *Service) Decide(ctx context.Context, p org.Principal, id int64, decidedOn, decision, form string) (Case, error) {
	return s.advance(ctx, p, id, "decide", func(tx *db.Tx, c *Case) ([]change, string, error) {
		f := apperr.Fields{}
		c.DecidedOn = s.date(f, "decided_on", "常委会会议日期", decidedOn, c.TrialReportOn, "审理报告日期")
		c.Decision = text(f, "decision", "决定内容", decision, 5000)
		if form != "" && FormName(form) == "" {
			f.Add("form", "请选择第一至第四种形态")
		}
		if err := f.Err(); err != nil {
			return nil, "", err
		}
		if form == "" {
			kinds, err := s.sanctionKinds(ctx, tx, c.ID)
			if err != nil {
				return nil, "", err
			}
			form = SuggestForm(kinds)
		}
		c.Form = form
		c.AnnounceDue = AnnounceDue(c.DecidedOn)
		if err := s.settleSanctions(ctx, tx, p, *c, c.DecidedOn); err != nil {
			return nil, "", err
		}
		if err := s.archive(ctx, tx, p, *c, c.DecidedOn, "作出处理决定："+c.Decision); err != nil {
			return nil, "", err
		}
		return []change{{"decided_on", c.DecidedOn}, {"decision", c.Decision}, {"form", c.Form}, {"announce_due", c.AnnounceDue}},
			c.Decision + "（" + FormName(c.Form) + "）", nil
	})
}

// AnnounceDecision records that the decision was announced to the subject and their party
// organisation; after the month it is recorded as late. Requires case.handle.
func (s *Service) AnnounceDecision(ctx context.Context, p org.Principal, id int64, on string) (Case, error) {
	return s.advance(ctx, p, id, "announce_decision", func(tx *db.Tx, c *Case) ([]change, string, error) {
		f := apperr.Fields{}
		c.DecisionAnnounced = s.date(f, "announced_on", "宣布日期", on, c.DecidedOn, "决定日期")
		if err := f.Err(); err != nil {
			return nil, "", err
		}
		note := c.DecisionAnnounced + " 宣布"
		if c.DecisionAnnounced > c.AnnounceDue {
			note += "（超过一个月期限 " + c.AnnounceDue + "）"
		}
		return []change{{"decision_announced_on", c.DecisionAnnounced}}, note, nil
	})
}

// Execute records how the decision was carried out (personnel and pay changes, the party
// organisation's steps). Requires case.handle.
func (s *Service) Execute(ctx context.Context, p org.Principal, id int64, on, execution string) (Case, error) {
	return s.advance(ctx, p, id, "execute", func(tx *db.Tx, c *Case) ([]change, string, error) {
		f := apperr.Fields{}
		c.ExecutedOn = s.date(f, "executed_on", "执行日期", on, c.DecisionAnnounced, "宣布日期")
		c.Execution = text(f, "execution", "执行情况", execution, 5000)
		if err := f.Err(); err != nil {
			return nil, "", err
		}
		return []change{{"executed_on", c.ExecutedOn}, {"execution", c.Execution}}, c.Execution, nil
	})
}

// Archive closes the case for good once its case-document set is issued and the
// rectification of the unit signed off. Requires case.manage.
func (s *Service) Archive(ctx context.Context, p org.Principal, id int64) (Case, error) {
	return s.advance(ctx, p, id, "archive", func(tx *db.Tx, c *Case) ([]change, string, error) {
		c.ArchivedOn = s.today()
		return []change{{"archived_on", c.ArchivedOn}}, "", nil
	})
}

// Appeal records an appeal against the decision (党员申诉 / 监察复审、复核); the decision stays in
// force meanwhile (监察法 Art. 49). Requires case.trial.
func (s *Service) Appeal(ctx context.Context, p org.Principal, id int64, filedOn, content string) (Case, error) {
	return s.advance(ctx, p, id, "appeal", func(tx *db.Tx, c *Case) ([]change, string, error) {
		f := apperr.Fields{}
		d := s.date(f, "filed_on", "申诉日期", filedOn, c.DecidedOn, "决定日期")
		content = text(f, "content", "申诉请求和理由", content, 5000)
		if err := f.Err(); err != nil {
			return nil, "", err
		}
		c.AppealFrom = c.Status
		return []change{{"appeal_from", c.AppealFrom}}, d + " 提出：" + content, nil
	})
}

// DecideAppeal records the conclusion of the appeal's review; the case returns to where it was.
// Requires case.trial.
func (s *Service) DecideAppeal(ctx context.Context, p org.Principal, id int64, conclusion string) (Case, error) {
	return s.advance(ctx, p, id, "appeal_decided", func(tx *db.Tx, c *Case) ([]change, string, error) {
		f := apperr.Fields{}
		conclusion = text(f, "conclusion", "复查结论", conclusion, 5000)
		if err := f.Err(); err != nil {
			return nil, "", err
		}
		if err := s.archive(ctx, tx, p, *c, s.today(), "申诉复查结论："+conclusion); err != nil {
			return nil, "", err
		}
		return []change{{"appeal_from", ""}}, conclusion, nil
	})
}

// onCase runs fn on a case p may work, in one transaction.
func (s *Service) onCase(ctx context.Context, p org.Principal, id int64, fn func(*db.Tx, Case) error) error {
	return apperr.Context(s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.load(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := s.mayWork(ctx, tx, p, c); err != nil {
			return err
		}
		return fn(tx, c)
	}), "case %d", id)
}

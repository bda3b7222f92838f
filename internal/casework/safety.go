package casework

import (
	"context"
	"custos/internal/clock"
	"database/sql"
	"errors"
	"strings"
	"time"

	"custos/internal/apperr"
	"custos/internal/db"
	"custos/internal/org"
)

// SafetyCheck is one safety check during the investigation (办案安全检查).
type SafetyCheck struct {
	CheckedOn string
	Checker   string
	Items     string
	OK        bool
	Findings  string
}

// Incident is a subject-safety incident and its escalation, due within 24 hours.
type Incident struct {
	ID          int64
	OccurredAt  time.Time
	Description string
	EscalateDue time.Time
	EscalatedAt *time.Time
	EscalatedTo string
	RecordedBy  string
}

// Late reports whether the incident's escalation is overdue at now, or was made late.
func (i Incident) Late(now time.Time) bool {
	if i.EscalatedAt != nil {
		return i.EscalatedAt.After(i.EscalateDue)
	}
	return now.After(i.EscalateDue)
}

// RecordSafetyCheck records a safety check from the announcement to the trial. Requires
// case.handle.
func (s *Service) RecordSafetyCheck(ctx context.Context, p org.Principal, id int64, checkedOn, items string, ok bool, findings string) error {
	if !p.Can(org.PermCaseHandle) {
		return apperr.New(apperr.Forbidden, "无权记录安全检查")
	}
	f := apperr.Fields{}
	d := s.date(f, "checked_on", "检查日期", checkedOn, "", "")
	items = text(f, "items", "检查事项（谈话场所、陪护、饮食、医疗、安全预案等）", items, 1000)
	findings = strings.TrimSpace(findings)
	if !ok && findings == "" {
		f.Add("findings", "发现问题的，请填写问题及整改措施")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		if !after(c.Status, Announced) || after(c.Status, Decided) {
			return apperr.New(apperr.Conflict, "安全检查在立案宣布后至审理期间进行")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO safety_checks (case_id, checked_on, checker, items, ok, findings) VALUES (?, ?, ?, ?, ?, ?)`,
			c.ID, d, p.DisplayName, items, ok, findings); err != nil {
			return err
		}
		what := "安全检查，未发现问题"
		if !ok {
			what = "安全检查，发现问题：" + findings
		}
		return s.event(ctx, tx, p, c, "case.safety_check", what, items)
	})
}

// ReportIncident records a subject-safety incident at the time it occurred; it must be reported
// up within 24 hours (执纪规则 Art. 70). Requires case.handle.
func (s *Service) ReportIncident(ctx context.Context, p org.Principal, id int64, occurredAt time.Time, description string) (Incident, error) {
	if !p.Can(org.PermCaseHandle) {
		return Incident{}, apperr.New(apperr.Forbidden, "无权报告安全事故")
	}
	f := apperr.Fields{}
	description = text(f, "description", "事故经过", description, 5000)
	if occurredAt.IsZero() || occurredAt.After(s.now()) {
		f.Add("occurred_at", "请填写发生时间（不晚于现在）")
	}
	if err := f.Err(); err != nil {
		return Incident{}, err
	}
	in := Incident{OccurredAt: occurredAt.UTC(), Description: description, EscalateDue: occurredAt.UTC().Add(EscalationWindow), RecordedBy: p.DisplayName}
	err := s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		if err := tx.QueryRow(ctx, `INSERT INTO safety_incidents (case_id, occurred_at, description, escalate_due, recorded_by) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			c.ID, in.OccurredAt, description, in.EscalateDue, p.DisplayName).Scan(&in.ID); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.incident", "报告安全事故，应于 "+clock.Minute(in.EscalateDue)+" 前逐级上报", description)
	})
	return in, err
}

// EscalateIncident records that the incident was reported up (to whom); past 24 hours it is
// recorded as late. Requires case.approve or case.handle.
func (s *Service) EscalateIncident(ctx context.Context, p org.Principal, incidentID int64, to string) error {
	if !p.Can(org.PermCaseHandle) && !p.Can(org.PermCaseApprove) {
		return apperr.New(apperr.Forbidden, "无权上报安全事故")
	}
	f := apperr.Fields{}
	to = text(f, "escalated_to", "上报机关", to, 100)
	if err := f.Err(); err != nil {
		return err
	}
	var caseID int64
	if err := s.db.Reader().QueryRow(ctx, `SELECT case_id FROM safety_incidents WHERE id = ?`, incidentID).Scan(&caseID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("该安全事故")
		}
		return err
	}
	return s.onCase(ctx, p, caseID, func(tx *db.Tx, c Case) error {
		var due time.Time
		var done sql.NullTime
		if err := tx.QueryRow(ctx, `SELECT escalate_due, escalated_at FROM safety_incidents WHERE id = ?`, incidentID).Scan(&due, &done); err != nil {
			return err
		}
		if done.Valid {
			return apperr.New(apperr.Conflict, "该事故已上报")
		}
		now := s.now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE safety_incidents SET escalated_at = ?, escalated_to = ? WHERE id = ?`, now, to, incidentID); err != nil {
			return err
		}
		note := ""
		if now.After(due) {
			note = "超过 24 小时上报时限"
		}
		return s.event(ctx, tx, p, c, "case.incident_escalate", "安全事故已上报"+to, note)
	})
}

// safety loads a case's safety checks and incidents.
func (s *Service) safety(ctx context.Context, q db.Querier, c *Case) error {
	rows, err := q.Query(ctx, `SELECT checked_on, checker, items, ok, findings FROM safety_checks WHERE case_id = ? ORDER BY checked_on, id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var x SafetyCheck
		if err := rows.Scan(&x.CheckedOn, &x.Checker, &x.Items, &x.OK, &x.Findings); err != nil {
			rows.Close()
			return err
		}
		c.SafetyChecks = append(c.SafetyChecks, x)
	}
	rows.Close()
	rows, err = q.Query(ctx, `SELECT id, occurred_at, description, escalate_due, escalated_at, escalated_to, recorded_by FROM safety_incidents WHERE case_id = ? ORDER BY id`, c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var x Incident
		var at sql.NullTime
		if err := rows.Scan(&x.ID, &x.OccurredAt, &x.Description, &x.EscalateDue, &at, &x.EscalatedTo, &x.RecordedBy); err != nil {
			return err
		}
		if at.Valid {
			x.EscalatedAt = &at.Time
		}
		c.Incidents = append(c.Incidents, x)
	}
	return rows.Err()
}

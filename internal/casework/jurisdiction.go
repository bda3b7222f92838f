package casework

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"custos/internal/apperr"
	"custos/internal/db"
	"custos/internal/org"
)

// JurisdictionChange is one change of who handles or watches a case (V1).
type JurisdictionChange struct {
	Kind       string
	From       string
	To         string
	By         string
	Reason     string
	ApprovedBy string
	At         time.Time
}

// Access is a commission beside the handling one that works the case (室地联合办理).
type Access struct {
	CommissionID int64
	Commission   string
	Since        string
}

// ChangeJurisdiction changes who handles or watches an open case, approved at p's commission,
// which must lie above the case's (or be its own, for joint handling):
//   - supervise (上级督办): the higher commission watches the case; it stays where it is;
//   - escalate (提级办理): p's commission takes the case over;
//   - designate (指定管辖): the case goes to target, a commission in p's subtree;
//   - joint (室地联合办理): target works the case beside its handler and sees it.
//
// History, team record and documents move with the case; members of the team who are not at
// the new handler (or a commission with access) leave it. Who may see the case follows from
// where it now is; the change is audited. Requires case.approve.
func (s *Service) ChangeJurisdiction(ctx context.Context, p org.Principal, id int64, kind string, target int64, reason string) error {
	if !p.Can(org.PermCaseApprove) {
		return apperr.New(apperr.Forbidden, "无权决定管辖变更")
	}
	f := apperr.Fields{}
	if Name(JurisdictionKinds(), kind) == kind {
		f.Add("kind", "请选择管辖变更方式")
	}
	reason = text(f, "reason", "理由", reason, 2000)
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.load(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if c.Status == Archived {
			return apperr.New(apperr.Conflict, "案件已归档，不能变更管辖")
		}
		above := org.Above(p.ScopePath, c.CommissionPath)
		to := c.CommissionID
		switch kind {
		case "supervise", "escalate":
			if !above {
				return apperr.New(apperr.Conflict, "%s由上级机关决定", Name(JurisdictionKinds(), kind))
			}
			if kind == "escalate" {
				to = p.CommissionID
			}
		case "designate":
			if !above {
				return apperr.New(apperr.Conflict, "指定管辖由上级机关决定")
			}
			to = target
		case "joint":
			if !above && p.CommissionID != c.CommissionID {
				return apperr.New(apperr.Conflict, "联合办理由办案机关或其上级决定")
			}
			to = target
		}
		var toPath, toName string
		err = tx.QueryRow(ctx, `SELECT path, name FROM commissions WHERE id = ?`, to).Scan(&toPath, &toName)
		if errors.Is(err, sql.ErrNoRows) || !p.Sees(toPath) {
			return apperr.Fields{"target": "请选择本机关管辖范围内的机关"}.Err()
		}
		if err != nil {
			return err
		}
		if (kind == "designate" || kind == "joint") && to == c.CommissionID {
			return apperr.Fields{"target": "请选择办案机关以外的机关"}.Err()
		}
		if _, err := tx.Exec(ctx, `INSERT INTO jurisdiction_changes (case_id, kind, from_id, to_id, by_id, reason, approved_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, kind, c.CommissionID, to, p.CommissionID, reason, p.DisplayName, s.now().UTC()); err != nil {
			return err
		}
		what := Name(JurisdictionKinds(), kind)
		switch kind {
		case "supervise":
			what = p.CommissionName + "督办"
		case "escalate", "designate":
			if _, err := tx.Exec(ctx, `UPDATE cases SET commission_id = ?, commission_path = ? WHERE id = ?`, to, toPath, c.ID); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM case_team WHERE case_id = ? AND user_id IN (SELECT id FROM users WHERE commission_id <> ?
				AND commission_id NOT IN (SELECT commission_id FROM case_access WHERE case_id = ?))`, c.ID, to, c.ID); err != nil {
				return err
			}
			what += "：由" + c.CommissionName + "移交" + toName + "办理"
			c.CommissionID, c.CommissionPath = to, toPath
		case "joint":
			if _, err := tx.Exec(ctx, `INSERT INTO case_access (case_id, commission_id, commission_path, since) VALUES (?, ?, ?, ?) ON CONFLICT (case_id, commission_id) DO NOTHING`,
				c.ID, to, toPath, s.today()); err != nil {
				return err
			}
			what += "：" + toName + "参与办理"
		}
		return s.event(ctx, tx, p, c, "case.jurisdiction", what, reason)
	})
}

// jurisdiction loads a case's changes of jurisdiction and the commissions with access.
func (s *Service) jurisdiction(ctx context.Context, q db.Querier, c *Case) error {
	rows, err := q.Query(ctx, `SELECT j.kind, f.name, t.name, b.name, j.reason, j.approved_by, j.at FROM jurisdiction_changes j
		JOIN commissions f ON f.id = j.from_id JOIN commissions t ON t.id = j.to_id JOIN commissions b ON b.id = j.by_id WHERE j.case_id = ? ORDER BY j.id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var j JurisdictionChange
		if err := rows.Scan(&j.Kind, &j.From, &j.To, &j.By, &j.Reason, &j.ApprovedBy, &j.At); err != nil {
			rows.Close()
			return err
		}
		c.Jurisdiction = append(c.Jurisdiction, j)
	}
	rows.Close()
	rows, err = q.Query(ctx, `SELECT a.commission_id, m.name, a.since FROM case_access a JOIN commissions m ON m.id = a.commission_id WHERE a.case_id = ? ORDER BY a.since`, c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a Access
		if err := rows.Scan(&a.CommissionID, &a.Commission, &a.Since); err != nil {
			return err
		}
		c.Access = append(c.Access, a)
	}
	return rows.Err()
}

// HideFromDepartment keeps the case from the subject's own department (domain §5.3 rule 7, 灯下黑):
// its people no longer see it unless they are on the team; on false it is shown again. The
// subject must belong to a department of the handling commission. Requires case.approve.
func (s *Service) HideFromDepartment(ctx context.Context, p org.Principal, id int64, hide bool) error {
	if !p.Can(org.PermCaseApprove) {
		return apperr.New(apperr.Forbidden, "无权决定案件对所在部门保密")
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		var dept sql.NullInt64
		var name string
		if err := tx.QueryRow(ctx, `SELECT k.department_id, COALESCE(d.name, '') FROM cadres k LEFT JOIN departments d ON d.id = k.department_id AND d.commission_id = ?
			WHERE k.id = ?`, c.CommissionID, c.CadreID).Scan(&dept, &name); err != nil {
			return err
		}
		if !dept.Valid || name == "" {
			return apperr.New(apperr.Conflict, "被审查调查人不属于本机关的内设部门，无须对部门保密")
		}
		var v any
		what := "本案不再对" + name + "保密"
		if hide {
			v, what = dept.Int64, "本案对被审查调查人所在的"+name+"保密（审查调查组成员除外）"
		}
		if _, err := tx.Exec(ctx, `UPDATE cases SET hidden_dept_id = ? WHERE id = ?`, v, c.ID); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.hide_department", what, "")
	})
}

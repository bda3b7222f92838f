package org

import (
	"context"
	"custos/internal/clock"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/password"
)

// PasswordReset is a request to give an account a new password. A system administrator asks
// (the new password is made then and shown to them once, its hash waits here unused); a
// security administrator who is neither the requester nor the account's owner approves it —
// only then it takes effect — or refuses it. The owner is told at the next login who reset
// the password and when.
type PasswordReset struct {
	ID             int64
	UserID         int64
	Username       string
	DisplayName    string
	CommissionPath string
	RequestedBy    string
	RequesterID    int64
	RequestedAt    time.Time
	Reason         string
	State          string // pending, approved, refused, withdrawn
	DecidedBy      string
	DecidedAt      *time.Time
}

// StateName returns the Chinese name of the request's state.
func (r PasswordReset) StateName() string {
	switch r.State {
	case "pending":
		return "待安全保密管理员批准"
	case "approved":
		return "已批准，新密码已生效"
	case "refused":
		return "未批准"
	case "withdrawn":
		return "已被新的申请取代"
	}
	return r.State
}

const resetColumns = `r.id, r.user_id, u.username, u.display_name, r.commission_path, r.requested_by, COALESCE(r.requester_id, 0),
	r.requested_at, r.reason, r.state, COALESCE(r.decided_by, ''), r.decided_at`

func scanReset(s interface{ Scan(...any) error }) (PasswordReset, error) {
	var r PasswordReset
	var decided sql.NullTime
	err := s.Scan(&r.ID, &r.UserID, &r.Username, &r.DisplayName, &r.CommissionPath, &r.RequestedBy, &r.RequesterID,
		&r.RequestedAt, &r.Reason, &r.State, &r.DecidedBy, &decided)
	if decided.Valid {
		t := decided.Time
		r.DecidedAt = &t
	}
	return r, err
}

// RequestReset asks for a new password for user id in p's scope, with a reason, and returns
// the request and the new password (pw, or a random one when pw is ""), shown once: it takes
// effect only when a security administrator approves (ApproveReset); mustChange makes the
// owner change it at the next login. A newer request replaces a pending one. Requires
// user.manage; one's own password is changed on the password page instead.
func (s *Service) RequestReset(ctx context.Context, p Principal, id int64, pw, reason string, mustChange bool) (PasswordReset, string, error) {
	if !p.Can(PermUserManage) {
		return PasswordReset{}, "", apperr.New(apperr.Forbidden, "无权申请重置密码")
	}
	reason = strings.TrimSpace(reason)
	f := apperr.Fields{}
	if reason == "" || utf8.RuneCountInString(reason) > 200 {
		f.Add("reason", "请填写重置原因（不超过 200 字），如“本人当面申请，忘记密码”")
	}
	if pw == "" {
		pw = password.Random()
	} else if msg := password.Policy(pw); msg != "" {
		f.Add("password", msg)
	}
	if err := f.Err(); err != nil {
		return PasswordReset{}, "", err
	}
	if id == p.UserID {
		return PasswordReset{}, "", apperr.New(apperr.Conflict, "本人的密码请在“修改密码”中修改")
	}
	hash, err := password.Hash(pw, s.pwParams)
	if err != nil {
		return PasswordReset{}, "", err
	}
	var out PasswordReset
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		u, err := getUser(ctx, tx, p, id)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE password_resets SET state = 'withdrawn', password_hash = NULL, decided_at = ?
			WHERE user_id = ? AND state = 'pending'`, now, id); err != nil {
			return err
		}
		var rid int64
		if err := tx.QueryRow(ctx, `INSERT INTO password_resets (user_id, commission_path, requested_by, requester_id, requested_at,
			reason, password_hash, must_change) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			id, u.CommissionPath, actorLabel(p), nullID(p.UserID), now, reason, hash, mustChange).Scan(&rid); err != nil {
			return err
		}
		if out, err = getReset(ctx, tx, p, rid); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "user.reset_request", ObjectType: "user",
			ObjectID: strconv.FormatInt(id, 10), Summary: fmt.Sprintf("申请重置用户 %s 的密码（原因：%s），待安全保密管理员批准", u.Username, reason),
			CommissionID: u.CommissionID, ScopePath: u.CommissionPath})
	})
	if err != nil {
		return PasswordReset{}, "", err
	}
	return out, pw, nil
}

// ApproveReset puts the password of pending request rid into effect: the hash replaces the
// account's, every login block of the account is cleared and its sessions end. Requires
// role.manage; the approver is neither the requester nor the account's owner (two people).
func (s *Service) ApproveReset(ctx context.Context, p Principal, rid int64) (PasswordReset, error) {
	return s.decideReset(ctx, p, rid, true)
}

// RefuseReset refuses pending request rid; its password never takes effect. Requires
// role.manage.
func (s *Service) RefuseReset(ctx context.Context, p Principal, rid int64) (PasswordReset, error) {
	return s.decideReset(ctx, p, rid, false)
}

func (s *Service) decideReset(ctx context.Context, p Principal, rid int64, approve bool) (PasswordReset, error) {
	if !p.Can(PermRoleManage) {
		return PasswordReset{}, apperr.New(apperr.Forbidden, "密码重置须由安全保密管理员批准")
	}
	var out PasswordReset
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := getReset(ctx, tx, p, rid)
		if err != nil {
			return err
		}
		if r.State != "pending" {
			return apperr.New(apperr.Conflict, "该密码重置申请%s，不能再处理", r.StateName())
		}
		if approve && r.UserID == p.UserID {
			return apperr.New(apperr.Conflict, "不能批准重置本人的密码，请由其他安全保密管理员办理")
		}
		if approve && r.RequesterID == p.UserID {
			return apperr.New(apperr.Conflict, "申请人不能批准自己的申请")
		}
		now := s.now().UTC()
		state, verb := "refused", "不批准"
		if approve {
			state, verb = "approved", "批准"
			var hash string
			var must bool
			if err := tx.QueryRow(ctx, `SELECT password_hash, must_change FROM password_resets WHERE id = ?`, rid).Scan(&hash, &must); err != nil {
				return err
			}
			if err := SetPasswordHash(ctx, tx, r.UserID, hash, must); err != nil {
				return err
			}
			if _, err := EndSessions(ctx, tx, r.UserID, now); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE password_resets SET state = ?, password_hash = NULL, decided_by = ?, decider_id = ?, decided_at = ?
			WHERE id = ?`, state, actorLabel(p), p.UserID, now, rid); err != nil {
			return err
		}
		if out, err = getReset(ctx, tx, p, rid); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "user.reset_" + state, ObjectType: "user",
			ObjectID: strconv.FormatInt(r.UserID, 10), Summary: fmt.Sprintf("%s重置用户 %s 的密码（申请人 %s）", verb, r.Username, r.RequestedBy),
			ScopePath: r.CommissionPath})
	})
	return out, err
}

// RecoverAdmin sets the password of an administrative account at once — the way back in when
// the only security administrator (or system administrator) cannot log in. Only the command
// line (the server's operator, p without an account) may, and only for an account holding an
// administrative role: business accounts always go through RequestReset and ApproveReset. The
// owner is told at the next login, as after an approved reset. pw "" makes a random one.
func (s *Service) RecoverAdmin(ctx context.Context, p Principal, id int64, pw string, mustChange bool) (string, error) {
	if p.UserID != 0 || !p.Can(PermUserManage) {
		return "", apperr.New(apperr.Forbidden, "只有服务器上的命令行可以直接恢复管理员账户的密码")
	}
	if pw == "" {
		pw = password.Random()
	} else if msg := password.Policy(pw); msg != "" {
		return "", apperr.Fields{"password": msg}.Err()
	}
	hash, err := password.Hash(pw, s.pwParams)
	if err != nil {
		return "", err
	}
	return pw, s.db.InTx(ctx, func(tx *db.Tx) error {
		u, err := getUser(ctx, tx, p, id)
		if err != nil {
			return err
		}
		admin := false
		for _, r := range u.Roles {
			admin = admin || AdminRole(r)
		}
		if !admin {
			return apperr.New(apperr.Conflict, "%s 是业务账户：重置其密码须由系统管理员申请、安全保密管理员批准", u.Username)
		}
		now := s.now().UTC()
		if err := SetPasswordHash(ctx, tx, id, hash, mustChange); err != nil {
			return err
		}
		if _, err := EndSessions(ctx, tx, id, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO password_resets (user_id, commission_path, requested_by, requested_at, reason,
			must_change, state, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, 'approved', ?, ?)`,
			id, u.CommissionPath, actorLabel(p), now, "命令行恢复管理员账户", mustChange, actorLabel(p), now); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "user.reset_password", ObjectType: "user",
			ObjectID: strconv.FormatInt(id, 10), Summary: "在命令行恢复管理员账户 " + u.Username + " 的密码并解除锁定",
			CommissionID: u.CommissionID, ScopePath: u.CommissionPath})
	})
}

// Resets returns the password-reset requests in p's scope, newest first: of user id, or (id 0)
// every pending one. Only the two administrators who take part see them (user.manage or
// role.manage); anyone else gets none.
func (s *Service) Resets(ctx context.Context, p Principal, id int64) ([]PasswordReset, error) {
	if !p.Can(PermUserManage) && !p.Can(PermRoleManage) {
		return nil, nil
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	where, args := "r.state = 'pending'", []any{lo, hi}
	if id != 0 {
		where, args = "r.user_id = ?", []any{id, lo, hi}
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+resetColumns+` FROM password_resets r JOIN users u ON u.id = r.user_id
		WHERE `+where+` AND r.commission_path >= ? AND r.commission_path < ? ORDER BY r.id DESC LIMIT 50`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PasswordReset
	for rows.Next() {
		r, err := scanReset(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func getReset(ctx context.Context, q db.Querier, p Principal, rid int64) (PasswordReset, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	r, err := scanReset(q.QueryRow(ctx, `SELECT `+resetColumns+` FROM password_resets r JOIN users u ON u.id = r.user_id
		WHERE r.id = ? AND r.commission_path >= ? AND r.commission_path < ?`, rid, lo, hi))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundf("该密码重置申请")
	}
	return r, err
}

// TakeResetNotice returns, once, what the owner of account id is told at the login after an
// approved reset — who asked, who approved and when — and marks it told; "" when there is
// nothing to tell. It runs in the login's transaction.
func TakeResetNotice(ctx context.Context, tx *db.Tx, id int64, now time.Time) (string, error) {
	var by, approver string
	var at time.Time
	err := tx.QueryRow(ctx, `SELECT requested_by, decided_by, decided_at FROM password_resets
		WHERE user_id = ? AND state = 'approved' AND notified_at IS NULL ORDER BY id DESC LIMIT 1`, id).Scan(&by, &approver, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if _, err := tx.Exec(ctx, `UPDATE password_resets SET notified_at = ? WHERE user_id = ? AND state = 'approved' AND notified_at IS NULL`,
		now.UTC(), id); err != nil {
		return "", err
	}
	when := clock.In(at).Format("2006年1月2日 15:04")
	if by == approver {
		return fmt.Sprintf("您的密码已于 %s 由 %s 重置。如非您本人申请，请立即联系安全保密管理员。", when, by), nil
	}
	return fmt.Sprintf("您的密码已于 %s 由 %s 申请、%s 批准重置。如非您本人申请，请立即联系安全保密管理员。", when, by, approver), nil
}

// actorLabel is how a reset names who asked or decided: name and login, or the command line.
func actorLabel(p Principal) string {
	if p.UserID == 0 {
		return "服务器命令行"
	}
	return p.DisplayName + "（" + p.Username + "）"
}

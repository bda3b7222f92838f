// Package auth logs users in and out: argon2id password checks, per-address throttling,
// lockout after repeated failures, server-side sessions in the database (they survive a
// restart, expire when idle or old, and can be revoked) and API tokens. Every login, failure,
// logout and password change is audited.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/password"
)

// Settings are the session and lockout rules.
type Settings struct {
	SessionIdle    time.Duration // a session ends after this long unused (30 min)
	SessionMax     time.Duration // and after this long in any case (12 h)
	MaxFailures    int           // failed logins in a row before lockout (5)
	LockFor        time.Duration // how long a lockout lasts (15 min)
	AttemptsPerMin int           // login attempts per client address per minute (20)
	PasswordParams password.Params
	TokenLifetime  time.Duration // API tokens (90 days)
	TouchEvery     time.Duration // how often last_seen is written (1 min)
}

// DefaultSettings are the production rules.
func DefaultSettings() Settings {
	return Settings{SessionIdle: 30 * time.Minute, SessionMax: 12 * time.Hour, MaxFailures: 5,
		LockFor: 15 * time.Minute, AttemptsPerMin: 20, PasswordParams: password.Default,
		TokenLifetime: 90 * 24 * time.Hour, TouchEvery: time.Minute}
}

// Service is the authentication use cases.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	now      func() time.Time
	set      Settings
	throttle *throttle
	dummy    string // a hash checked for unknown users so that timing does not reveal them
}

// NewService returns a Service.
func NewService(d *db.DB, a *audit.Log, now func() time.Time, set Settings) (*Service, error) {
	dummy, err := password.Hash("not-a-password", set.PasswordParams)
	if err != nil {
		return nil, err
	}
	return &Service{db: d, audit: a, now: now, set: set, throttle: newThrottle(set.AttemptsPerMin, now), dummy: dummy}, nil
}

// ErrBadLogin is the one answer for an unknown user or a wrong password.
var ErrBadLogin = apperr.New(apperr.Unauthorized, "用户名或密码错误")

// Login checks username and pw and opens a session, returning its token (for the cookie) and
// the principal. Failures are audited; after Settings.MaxFailures in a row the account locks
// for Settings.LockFor; more than Settings.AttemptsPerMin attempts a minute from one address
// are refused before any check.
func (s *Service) Login(ctx context.Context, username, pw, clientAddr string) (string, org.Principal, error) {
	if !s.throttle.allow(clientAddr) {
		return "", org.Principal{}, apperr.New(apperr.Unauthorized, "登录尝试过于频繁，请一分钟后再试")
	}
	username = strings.TrimSpace(strings.ToLower(username))
	var (
		id           int64
		hash, status string
		failed       int
		locked       sql.NullTime
	)
	err := s.db.Reader().QueryRow(ctx, `SELECT id, password_hash, status, failed_logins, locked_until FROM users WHERE username = ?`,
		username).Scan(&id, &hash, &status, &failed, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		password.Check(pw, s.dummy)
		return "", org.Principal{}, s.failed(ctx, 0, username, clientAddr, "未知用户")
	}
	if err != nil {
		return "", org.Principal{}, err
	}
	now := s.now().UTC()
	if locked.Valid && locked.Time.After(now) {
		_ = s.failed(ctx, id, username, clientAddr, "账户锁定期间尝试登录")
		return "", org.Principal{}, apperr.New(apperr.Unauthorized, "连续登录失败次数过多，账户已锁定至 %s，请稍后再试或联系系统管理员",
			locked.Time.In(time.Local).Format("15:04"))
	}
	ok, err := password.Check(pw, hash)
	if err != nil {
		return "", org.Principal{}, err
	}
	if !ok {
		return "", org.Principal{}, s.wrongPassword(ctx, id, username, clientAddr, failed+1)
	}
	if status != "active" {
		_ = s.failed(ctx, id, username, clientAddr, "已停用账户尝试登录")
		return "", org.Principal{}, apperr.New(apperr.Unauthorized, "账户已停用，请联系系统管理员")
	}
	token := newToken()
	var p org.Principal
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, client_addr)
			VALUES (?, ?, ?, ?, ?, ?)`, tokenHash(token), id, now, now.Add(s.set.SessionMax), now, clientAddr); err != nil {
			return err
		}
		if p, err = LoadPrincipal(ctx, tx, id); err != nil {
			return err
		}
		p.ClientAddr = clientAddr
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "auth.login", ObjectType: "user",
			ObjectID: strconv.FormatInt(id, 10), Summary: "登录成功"})
	})
	return token, p, err
}

func (s *Service) wrongPassword(ctx context.Context, id int64, username, addr string, failures int) error {
	lock := failures >= s.set.MaxFailures
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var until any
		if lock {
			until = s.now().UTC().Add(s.set.LockFor)
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET failed_logins = ?, locked_until = COALESCE(?, locked_until) WHERE id = ?`,
			failures, until, id); err != nil {
			return err
		}
		summary := fmt.Sprintf("密码错误（连续第 %d 次）", failures)
		if lock {
			summary += "，账户锁定"
		}
		return s.audit.Append(ctx, tx, failedActor(id, username, addr), audit.Entry{Action: "auth.login_failed",
			ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), Summary: summary, ScopePath: s.userPath(ctx, tx, id)})
	})
	if err != nil {
		return err
	}
	if lock {
		return apperr.New(apperr.Unauthorized, "连续登录失败 %d 次，账户已锁定 %d 分钟", failures, int(s.set.LockFor.Minutes()))
	}
	return ErrBadLogin
}

func (s *Service) failed(ctx context.Context, id int64, username, addr, why string) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		return s.audit.Append(ctx, tx, failedActor(id, username, addr), audit.Entry{Action: "auth.login_failed",
			ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), Summary: why, ScopePath: s.userPath(ctx, tx, id)})
	})
	if err != nil {
		return err
	}
	return ErrBadLogin
}

// userPath is the scope a login failure is filed under: the user's commission, or "/" (seen
// only by whole-tree auditors) for unknown names.
func (s *Service) userPath(ctx context.Context, tx *db.Tx, id int64) string {
	var p string
	if id == 0 || tx.QueryRow(ctx, `SELECT commission_path FROM users WHERE id = ?`, id).Scan(&p) != nil {
		return "/"
	}
	return p
}

func failedActor(id int64, username, addr string) audit.Actor {
	if len(username) > 64 {
		username = username[:64]
	}
	return audit.Actor{ID: id, Name: "login:" + username, ClientAddr: addr}
}

// Authenticate returns the principal of a live session token, or apperr.Unauthorized. It
// writes last_seen at most once per Settings.TouchEvery.
func (s *Service) Authenticate(ctx context.Context, token, clientAddr string) (org.Principal, error) {
	if token == "" {
		return org.Principal{}, apperr.New(apperr.Unauthorized, "请先登录")
	}
	h := tokenHash(token)
	var (
		userID            int64
		expires, lastSeen time.Time
		revoked           sql.NullTime
		status            string
	)
	err := s.db.Reader().QueryRow(ctx, `SELECT s.user_id, s.expires_at, s.last_seen_at, s.revoked_at, u.status
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, h).Scan(&userID, &expires, &lastSeen, &revoked, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return org.Principal{}, apperr.New(apperr.Unauthorized, "登录已失效，请重新登录")
	}
	if err != nil {
		return org.Principal{}, err
	}
	now := s.now().UTC()
	if revoked.Valid || !now.Before(expires) || now.Sub(lastSeen) > s.set.SessionIdle || status != "active" {
		return org.Principal{}, apperr.New(apperr.Unauthorized, "登录已超时或被注销，请重新登录")
	}
	if now.Sub(lastSeen) >= s.set.TouchEvery {
		if err := s.db.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, now, h)
			return err
		}); err != nil {
			return org.Principal{}, err
		}
	}
	p, err := LoadPrincipal(ctx, s.db.Reader(), userID)
	p.ClientAddr = clientAddr
	return p, err
}

// Logout revokes the session of token and audits it.
func (s *Service) Logout(ctx context.Context, p org.Principal, token string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL`,
			s.now().UTC(), tokenHash(token)); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "auth.logout", ObjectType: "user",
			ObjectID: strconv.FormatInt(p.UserID, 10), Summary: "退出登录"})
	})
}

// RevokeSessions ends every session of user id (in p's scope). Requires user.manage.
func (s *Service) RevokeSessions(ctx context.Context, p org.Principal, id int64) (int, error) {
	if !p.Can(org.PermUserManage) {
		return 0, apperr.New(apperr.Forbidden, "无权强制下线")
	}
	var n int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var path, name string
		lo, hi := db.SubtreeRange(p.ScopePath)
		err := tx.QueryRow(ctx, `SELECT commission_path, username FROM users WHERE id = ? AND commission_path >= ? AND commission_path < ?`,
			id, lo, hi).Scan(&path, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("该用户")
		}
		if err != nil {
			return err
		}
		if n, err = org.EndSessions(ctx, tx, id, s.now()); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "user.revoke_sessions", ObjectType: "user",
			ObjectID: strconv.FormatInt(id, 10), Summary: fmt.Sprintf("强制用户 %s 下线（%d 个会话）", name, n), ScopePath: path})
	})
	return int(n), err
}

// ChangePassword replaces p's own password after checking the current one, ends their other
// sessions and audits it.
func (s *Service) ChangePassword(ctx context.Context, p org.Principal, current, next, keepToken string) error {
	var hash string
	if err := s.db.Reader().QueryRow(ctx, `SELECT password_hash FROM users WHERE id = ?`, p.UserID).Scan(&hash); err != nil {
		return err
	}
	f := apperr.Fields{}
	if ok, _ := password.Check(current, hash); !ok {
		f.Add("current", "当前密码不正确")
	}
	if msg := password.Policy(next); msg != "" {
		f.Add("next", msg)
	} else if next == current {
		f.Add("next", "新密码不能与当前密码相同")
	}
	if err := f.Err(); err != nil {
		return err
	}
	newHash, err := password.Hash(next, s.set.PasswordParams)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := org.SetPasswordHash(ctx, tx, p.UserID, newHash, false); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND token_hash <> ? AND revoked_at IS NULL`,
			s.now().UTC(), p.UserID, tokenHash(keepToken)); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "auth.change_password", ObjectType: "user",
			ObjectID: strconv.FormatInt(p.UserID, 10), Summary: "修改本人密码"})
	})
}

// LoadPrincipal reads user id with their commission and roles.
func LoadPrincipal(ctx context.Context, q db.Querier, id int64) (org.Principal, error) {
	var p org.Principal
	var dept sql.NullInt64
	err := q.QueryRow(ctx, `SELECT u.id, u.username, u.display_name, u.commission_id, c.name, c.path, u.department_id,
		u.must_change_password FROM users u JOIN commissions c ON c.id = u.commission_id WHERE u.id = ?`, id).Scan(
		&p.UserID, &p.Username, &p.DisplayName, &p.CommissionID, &p.CommissionName, &p.ScopePath, &dept, &p.MustChangePassword)
	if err != nil {
		return p, fmt.Errorf("load principal %d: %w", id, err)
	}
	p.DepartmentID = dept.Int64
	rows, err := q.Query(ctx, `SELECT role FROM user_roles WHERE user_id = ? ORDER BY role`, id)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return p, err
		}
		p.Roles = append(p.Roles, r)
	}
	return p, rows.Err()
}

func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func tokenHash(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

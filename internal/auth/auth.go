// Package auth logs users in and out: argon2id password checks, per-address throttling,
// lockout after repeated failures, server-side sessions in the database (they survive a
// restart, expire when idle or old, and can be revoked) and API tokens. Every login, failure,
// logout and password change is audited.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"custos/internal/clock"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
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
	MaxFailures    int           // failed logins in a row of one name from one address before it is blocked there (5)
	LockFor        time.Duration // the longest such block; blocks grow from 1 min, see BlockFor (15 min)
	AttemptsPerMin int           // failed logins per client address per minute before the address is refused (20)
	PasswordParams password.Params
	TokenLifetime  time.Duration // API tokens (90 days)
	TouchEvery     time.Duration // how often last_seen is written (1 min)
	// LoginSlots is how many password checks run at once (0: LoginSlots(PasswordParams)); the
	// rest wait in line up to LoginWait and are then answered 503.
	LoginSlots int
	LoginWait  time.Duration // 30 s
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is believed (see ClientAddr).
	TrustedProxies []netip.Prefix
}

// DefaultSettings are the production rules.
func DefaultSettings() Settings {
	return Settings{SessionIdle: 30 * time.Minute, SessionMax: 12 * time.Hour, MaxFailures: 5,
		LockFor: 15 * time.Minute, AttemptsPerMin: 20, PasswordParams: password.Default,
		TokenLifetime: 90 * 24 * time.Hour, TouchEvery: time.Minute, LoginWait: 30 * time.Second}
}

// Service is the authentication use cases.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	now      func() time.Time
	set      Settings
	throttle *throttle
	bound    *bound
	dummy    string // checked for unknown names so that they take as long as known ones
}

// NewService returns a Service.
func NewService(d *db.DB, a *audit.Log, now func() time.Time, set Settings) (*Service, error) {
	if set.LoginSlots <= 0 {
		set.LoginSlots = LoginSlots(set.PasswordParams.MemoryKiB)
	}
	if set.LoginWait <= 0 {
		set.LoginWait = 30 * time.Second
	}
	return &Service{db: d, audit: a, now: now, set: set, throttle: newThrottle(set.AttemptsPerMin, now),
		bound: newBound(set.LoginSlots, set.LoginWait), dummy: password.Dummy(set.PasswordParams)}, nil
}

// Slots returns how many password checks may run at once.
func (s *Service) Slots() int { return cap(s.bound.slots) }

// ClientAddr returns r's client address under the trusted proxies setting (see ClientAddr).
func (s *Service) ClientAddr(r *http.Request) string { return ClientAddr(r, s.set.TrustedProxies) }

// ErrBadLogin is the one answer for an unknown user or a wrong password.
var ErrBadLogin = apperr.New(apperr.Unauthorized, "用户名或密码错误")

// errThrottled answers an address that failed too often in the last minute.
var errThrottled = apperr.New(apperr.TooMany, "登录尝试过于频繁，请一分钟后再试")

// checkPassword runs password.Check in one of the bounded slots (ErrBusy when none frees in
// time); a malformed hash counts as a mismatch.
func (s *Service) checkPassword(ctx context.Context, pw, hash string) (bool, error) {
	var ok bool
	err := s.bound.do(ctx, func() { ok, _ = password.Check(pw, hash) })
	return ok, err
}

// Login checks username and pw and opens a session, returning its token (for the cookie) and
// the principal (with LoginNotice set when an administrator reset the password since the last
// login). An address with Settings.AttemptsPerMin failures in the last minute is refused
// before any check (429). After Settings.MaxFailures failures in a row of one name from one
// address, that name is blocked for that address only, for a growing delay (BlockFor, 429):
// the owner elsewhere is not shut out. Unknown names go through the same steps and the same
// password check as known ones. Password checks wait for one of the bounded slots (503 when
// none frees in time). Every failure is audited.
func (s *Service) Login(ctx context.Context, username, pw, clientAddr string) (string, org.Principal, error) {
	if !s.throttle.allow(clientAddr) {
		return "", org.Principal{}, errThrottled
	}
	username = strings.TrimSpace(strings.ToLower(username))
	if len(username) > 64 {
		username = username[:64]
	}
	now := s.now().UTC()
	until, err := blockedUntil(ctx, s.db.Reader(), username, clientAddr, now)
	if err != nil {
		return "", org.Principal{}, err
	}
	if !until.IsZero() {
		s.throttle.fail(clientAddr)
		if err := s.auditFailure(ctx, username, clientAddr, "本地址登录受限期间尝试登录"); err != nil {
			return "", org.Principal{}, err
		}
		return "", org.Principal{}, apperr.New(apperr.TooMany, "从您所在地址连续登录失败次数过多，该账户在此地址已锁定至 %s，请稍后再试或联系系统管理员",
			until.In(clock.Beijing).Format("15:04"))
	}
	var (
		id           int64
		hash, status string
	)
	err = s.db.Reader().QueryRow(ctx, `SELECT id, password_hash, status FROM users WHERE username = ?`, username).Scan(&id, &hash, &status)
	known := err == nil
	if errors.Is(err, sql.ErrNoRows) {
		hash, err = s.dummy, nil
	}
	if err != nil {
		return "", org.Principal{}, err
	}
	ok, err := s.checkPassword(ctx, pw, hash)
	if err != nil {
		return "", org.Principal{}, err
	}
	if !ok || !known {
		return "", org.Principal{}, s.wrongPassword(ctx, username, clientAddr, known)
	}
	if status != "active" {
		if err := s.auditFailure(ctx, username, clientAddr, "已停用账户尝试登录"); err != nil {
			return "", org.Principal{}, err
		}
		return "", org.Principal{}, apperr.New(apperr.Unauthorized, "账户已停用，请联系系统管理员")
	}
	token := newToken()
	var p org.Principal
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := clearFailures(ctx, tx, username, clientAddr); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET failed_logins = 0 WHERE id = ? AND failed_logins <> 0`, id); err != nil {
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
		if p.LoginNotice, err = org.TakeResetNotice(ctx, tx, id, now); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "auth.login", ObjectType: "user",
			ObjectID: strconv.FormatInt(id, 10), Summary: "登录成功"})
	})
	return token, p, err
}

// wrongPassword records a failed check of username from addr — the same writes whether or not
// the name exists — and answers ErrBadLogin, or the block it earned.
func (s *Service) wrongPassword(ctx context.Context, username, addr string, known bool) error {
	s.throttle.fail(addr)
	var n int
	var until time.Time
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if n, until, err = s.recordFailure(ctx, tx, username, addr, s.now().UTC()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE username = ?`, username); err != nil {
			return err
		}
		why := "未知用户"
		if known {
			why = fmt.Sprintf("密码错误（本地址连续第 %d 次）", n)
		}
		if !until.IsZero() {
			why += "，该账户在本地址锁定至 " + until.In(clock.Beijing).Format("15:04")
		}
		return s.appendFailure(ctx, tx, username, addr, why)
	})
	if err != nil {
		return err
	}
	if !until.IsZero() {
		return apperr.New(apperr.Unauthorized, "用户名或密码错误。从您所在地址连续登录失败 %d 次，该账户在此地址已锁定 %d 分钟",
			n, int(until.Sub(s.now().UTC()).Round(time.Minute).Minutes()))
	}
	return ErrBadLogin
}

// auditFailure audits a refused login of username from addr in its own transaction.
func (s *Service) auditFailure(ctx context.Context, username, addr, why string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error { return s.appendFailure(ctx, tx, username, addr, why) })
}

// appendFailure audits a refused login, under the user's id and commission when the name is
// known.
func (s *Service) appendFailure(ctx context.Context, tx *db.Tx, username, addr, why string) error {
	var id int64
	path := "/"
	if err := tx.QueryRow(ctx, `SELECT id, commission_path FROM users WHERE username = ?`, username).Scan(&id, &path); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return s.audit.Append(ctx, tx, failedActor(id, username, addr), audit.Entry{Action: "auth.login_failed",
		ObjectType: "user", ObjectID: strconv.FormatInt(id, 10), Summary: why, ScopePath: path})
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
	ok, err := s.checkPassword(ctx, current, hash)
	if err != nil {
		return err
	}
	if !ok {
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
	var newHash string
	if err := s.bound.do(ctx, func() { newHash, err = password.Hash(next, s.set.PasswordParams) }); err != nil {
		return err
	}
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

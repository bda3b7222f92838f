package auth

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// CreateToken issues an API token for p itself, returned once; only its hash is stored.
func (s *Service) CreateToken(ctx context.Context, p org.Principal, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", apperr.Fields{"name": "请填写令牌用途"}.Err()
	}
	tok := "ct_" + newToken()
	now := s.now().UTC()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, p.UserID, name, tokenHash(tok), now, now.Add(s.set.TokenLifetime)).Scan(&id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "token.create", ObjectType: "api_token",
			ObjectID: strconv.FormatInt(id, 10), Summary: "签发接口令牌：" + name})
	})
	return tok, err
}

// AuthenticateToken returns the principal of a live API token, or apperr.Unauthorized.
func (s *Service) AuthenticateToken(ctx context.Context, tok, clientAddr string) (org.Principal, error) {
	var userID int64
	var expires time.Time
	var revoked sql.NullTime
	var status string
	err := s.db.Reader().QueryRow(ctx, `SELECT t.user_id, t.expires_at, t.revoked_at, u.status FROM api_tokens t
		JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`, tokenHash(tok)).Scan(&userID, &expires, &revoked, &status)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (revoked.Valid || !s.now().Before(expires) || status != "active")) {
		return org.Principal{}, apperr.New(apperr.Unauthorized, "接口令牌无效或已过期")
	}
	if err != nil {
		return org.Principal{}, err
	}
	p, err := LoadPrincipal(ctx, s.db.Reader(), userID)
	p.ClientAddr = clientAddr
	return p, err
}

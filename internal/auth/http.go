package auth

import (
	"context"
	"net/http"
	"strings"

	"custos/internal/apperr"
	"custos/internal/org"
)

// CookieName is the session cookie.
const CookieName = "custos_session"

type ctxKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p org.Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// PrincipalFrom returns the principal a request acts for, if it was authenticated.
func PrincipalFrom(ctx context.Context) (org.Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(org.Principal)
	return p, ok
}

// SessionToken returns the session token of r's cookie, or "".
func SessionToken(r *http.Request) string {
	c, err := r.Cookie(CookieName)
	if err != nil {
		return ""
	}
	return c.Value
}

// Resolve authenticates r by its "Authorization: Bearer" API token or else its session cookie.
func (s *Service) Resolve(r *http.Request) (org.Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return org.Principal{}, apperr.New(apperr.Unauthorized, "Authorization 头应为 Bearer 令牌")
		}
		return s.AuthenticateToken(r.Context(), strings.TrimSpace(tok), s.ClientAddr(r))
	}
	return s.Authenticate(r.Context(), SessionToken(r), s.ClientAddr(r))
}

// SessionCookie returns the cookie that carries token; an empty token clears it.
func (s *Service) SessionCookie(token string, secure bool) *http.Cookie {
	c := &http.Cookie{Name: CookieName, Value: token, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.set.SessionMax.Seconds())}
	if token == "" {
		c.MaxAge = -1
	}
	return c
}

package auth_test

import (
	"context"
	"testing"
	"time"

	"custos/internal/testkit"
)

// TestPurgeSessions: idle, expired and revoked sessions are deleted (and the purge audited);
// a live one stays and still works.
func TestPurgeSessions(t *testing.T) {
	env := testkit.NewApp(t)
	res := env.DemoOrg(t)
	ctx := context.Background()
	a := env.App
	login := func(user string) string {
		tok, _, err := a.Auth.Login(ctx, user, res.Password, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	count := func() int64 { return env.Lookup(t, `SELECT COUNT(*) FROM sessions`) }
	idle := login("gz.xinfang")
	revoked := login("gz.ganjian")
	p, err := a.Auth.Authenticate(ctx, revoked, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Auth.Logout(ctx, p, revoked); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(25 * time.Minute)
	live := login("gz.shuji")
	if n, err := a.Auth.PurgeSessions(ctx); err != nil || n != 1 || count() != 2 {
		t.Fatalf("first purge (the revoked one): %d %v, %d left", n, err, count())
	}
	env.Clock.Advance(10 * time.Minute) // the first is now idle 35 minutes, the live one 10
	if n, err := a.Auth.PurgeSessions(ctx); err != nil || n != 1 || count() != 1 {
		t.Fatalf("second purge (the idle one): %d %v, %d left", n, err, count())
	}
	if _, err := a.Auth.Authenticate(ctx, live, "127.0.0.1"); err != nil {
		t.Fatalf("the live session: %v", err)
	}
	if _, err := a.Auth.Authenticate(ctx, idle, "127.0.0.1"); err == nil {
		t.Fatal("a purged session still works")
	}
	if n := env.Lookup(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'session.purge'`); n != 2 {
		t.Fatalf("%d purge entries", n)
	}
	if n, err := a.Auth.PurgeSessions(ctx); err != nil || n != 0 {
		t.Fatalf("nothing to purge: %d %v", n, err)
	}
	if n := env.Lookup(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'session.purge'`); n != 2 {
		t.Fatalf("an empty purge was audited: %d", n)
	}
}

package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"custos/internal/app"
	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/auth"
	"custos/internal/password"
	"custos/internal/testkit"
)

func setup(t *testing.T, set ...auth.Settings) (testkit.Env, string) {
	env := testkit.NewApp(t, set...)
	return env, env.Demo(t).Password
}

func TestLockoutAfterRepeatedFailures(t *testing.T) {
	env, pw := setup(t)
	ctx := context.Background()
	a := env.App.Auth
	for i := 1; i <= 5; i++ {
		_, _, err := a.Login(ctx, "gz.xinfang", "wrong-password", "10.0.0.1")
		if apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("attempt %d: %v", i, err)
		}
		if i == 5 && !strings.Contains(apperr.MessageOf(err), "锁定") {
			t.Fatalf("5th failure should lock: %v", err)
		}
	}
	if _, _, err := a.Login(ctx, "gz.xinfang", pw, "10.0.0.1"); err == nil || !strings.Contains(apperr.MessageOf(err), "已锁定") {
		t.Fatalf("locked account logged in with the right password: %v", err)
	}
	env.Clock.Advance(16 * time.Minute)
	if _, _, err := a.Login(ctx, "gz.xinfang", pw, "10.0.0.1"); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
	rows, _, err := audit.List(ctx, env.App.DB.Reader(), audit.Filter{ScopePath: "/", Action: "auth.login_failed"})
	if err != nil || len(rows) != 6 {
		t.Fatalf("want 6 audited failures, got %d (%v)", len(rows), err)
	}
}

func TestUnknownUserIsAuditedAndIndistinguishable(t *testing.T) {
	env, _ := setup(t)
	ctx := context.Background()
	_, _, e1 := env.App.Auth.Login(ctx, "nobody", "x", "10.0.0.2")
	_, _, e2 := env.App.Auth.Login(ctx, "admin", "x", "10.0.0.2")
	if apperr.MessageOf(e1) != apperr.MessageOf(e2) {
		t.Errorf("unknown user %q and wrong password %q answer differently", apperr.MessageOf(e1), apperr.MessageOf(e2))
	}
	rows, _, _ := audit.List(ctx, env.App.DB.Reader(), audit.Filter{ScopePath: "/", IncludeSystem: true, Person: "login:nobody"})
	if len(rows) != 1 {
		t.Errorf("unknown-user attempt not audited: %d entries", len(rows))
	}
}

func TestThrottlePerAddress(t *testing.T) {
	set := auth.DefaultSettings()
	set.AttemptsPerMin = 3
	env, pw := setup(t, set)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		env.App.Auth.Login(ctx, "admin", "wrong", "10.0.0.3")
	}
	if _, _, err := env.App.Auth.Login(ctx, "admin", pw, "10.0.0.3"); err == nil || !strings.Contains(apperr.MessageOf(err), "过于频繁") {
		t.Fatalf("4th attempt in a minute: %v", err)
	}
	if _, _, err := env.App.Auth.Login(ctx, "admin", pw, "10.0.0.4"); err != nil {
		t.Fatalf("another address is not throttled: %v", err)
	}
	env.Clock.Advance(61 * time.Second)
	if _, _, err := env.App.Auth.Login(ctx, "admin", pw, "10.0.0.3"); err != nil {
		t.Fatalf("after a minute: %v", err)
	}
}

func TestSessionsExpireSurviveRestartAndRevoke(t *testing.T) {
	env, pw := setup(t)
	ctx := context.Background()
	a := env.App.Auth
	tok, p, err := a.Login(ctx, "gz.ganjian", pw, "10.0.0.5")
	if err != nil {
		t.Fatal(err)
	}
	// a restart: a new App on the same database knows the session
	again, err := app.New(ctx, env.App.DB, env.App.Config, app.Options{Now: env.Clock.Now, Password: &password.Fast})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := again.Auth.Authenticate(ctx, tok, "10.0.0.5"); err != nil || got.UserID != p.UserID {
		t.Fatalf("session lost across restart: %v", err)
	}
	// idle timeout
	env.Clock.Advance(29 * time.Minute)
	if _, err := a.Authenticate(ctx, tok, "x"); err != nil {
		t.Fatalf("29 idle minutes: %v", err)
	}
	env.Clock.Advance(31 * time.Minute)
	if _, err := a.Authenticate(ctx, tok, "x"); err == nil {
		t.Fatal("a session idle for 31 minutes still works")
	}
	// absolute lifetime, even when kept busy
	tok, _, _ = a.Login(ctx, "gz.ganjian", pw, "10.0.0.5")
	for i := 0; i < 12*3; i++ {
		env.Clock.Advance(20 * time.Minute)
		_, err = a.Authenticate(ctx, tok, "x")
	}
	if err == nil {
		t.Fatal("a session older than 12 hours still works")
	}
	// logout and revocation
	tok, p, _ = a.Login(ctx, "gz.ganjian", pw, "10.0.0.5")
	if err := a.Logout(ctx, p, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Authenticate(ctx, tok, "x"); err == nil {
		t.Fatal("logged-out session still works")
	}
	tok, p, _ = a.Login(ctx, "gz.ganjian", pw, "10.0.0.5")
	admin, _, _ := a.Login(ctx, "admin", pw, "10.0.0.6")
	ap, _ := a.Authenticate(ctx, admin, "10.0.0.6")
	if n, err := a.RevokeSessions(ctx, ap, p.UserID); err != nil || n != 1 {
		t.Fatalf("revoke: %d, %v", n, err)
	}
	if _, err := a.Authenticate(ctx, tok, "x"); err == nil {
		t.Fatal("revoked session still works")
	}
}

func TestChangePassword(t *testing.T) {
	env, pw := setup(t)
	ctx := context.Background()
	a := env.App.Auth
	keep, p, _ := a.Login(ctx, "gz.anguan", pw, "10.0.0.7")
	other, _, _ := a.Login(ctx, "gz.anguan", pw, "10.0.0.8")
	err := a.ChangePassword(ctx, p, "wrong", "weak", keep)
	f := apperr.FieldsOf(err)
	if f["current"] == "" || f["next"] == "" {
		t.Fatalf("want both field errors, got %v", err)
	}
	if err := a.ChangePassword(ctx, p, pw, "New-Password-2026", keep); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Authenticate(ctx, keep, "x"); err != nil {
		t.Errorf("the session that changed the password was ended: %v", err)
	}
	if _, err := a.Authenticate(ctx, other, "x"); err == nil {
		t.Error("another session survived a password change")
	}
	if _, _, err := a.Login(ctx, "gz.anguan", "New-Password-2026", "10.0.0.7"); err != nil {
		t.Errorf("new password: %v", err)
	}
}

func TestAPITokens(t *testing.T) {
	env, pw := setup(t)
	ctx := context.Background()
	a := env.App.Auth
	_, p, _ := a.Login(ctx, "gz.shenji", pw, "10.0.0.9")
	tok, err := a.CreateToken(ctx, p, "统计接口")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := a.AuthenticateToken(ctx, tok, "x"); err != nil || got.Username != "gz.shenji" {
		t.Fatalf("token: %v", err)
	}
	if _, err := a.AuthenticateToken(ctx, tok+"x", "x"); err == nil {
		t.Fatal("a wrong token works")
	}
	env.Clock.Advance(91 * 24 * time.Hour)
	if _, err := a.AuthenticateToken(ctx, tok, "x"); err == nil {
		t.Fatal("an expired token works")
	}
}

package auth_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"custos/internal/app"
	"custos/internal/apperr"
	"custos/internal/auth"
	"custos/internal/config"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/password"
	"custos/internal/testkit"
)

// An office of fifty behind one address logs in freely: only failures count.
func TestThrottleCountsFailuresOnly(t *testing.T) {
	set := auth.DefaultSettings()
	set.AttemptsPerMin = 20
	env, pw := setupOrg(t, set)
	ctx := context.Background()
	for i := 0; i < 50; i++ {
		if _, _, err := env.App.Auth.Login(ctx, "gz.xinfang", pw, "10.1.1.1"); err != nil {
			t.Fatalf("successful login %d from one address refused: %v", i+1, err)
		}
	}
	for i := 0; i < 20; i++ {
		env.App.Auth.Login(ctx, fmt.Sprintf("nobody%d", i), "wrong", "10.1.1.1")
	}
	_, _, err := env.App.Auth.Login(ctx, "gz.xinfang", pw, "10.1.1.1")
	if apperr.CodeOf(err) != apperr.TooMany || !strings.Contains(apperr.MessageOf(err), "过于频繁") {
		t.Fatalf("21st failure in a minute: %v", err)
	}
}

// Knowing a login name is not enough to shut its owner out: the block holds for the address
// that failed, grows with each further failure, and the owner elsewhere logs in.
func TestBlockOnlyForTheOffendingAddress(t *testing.T) {
	env, pw := setupOrg(t)
	ctx := context.Background()
	a := env.App.Auth
	for i := 1; i <= 5; i++ {
		a.Login(ctx, "gz.shuji", "guess", "198.51.100.66")
	}
	_, _, err := a.Login(ctx, "gz.shuji", pw, "198.51.100.66")
	if apperr.CodeOf(err) != apperr.TooMany || !strings.Contains(apperr.MessageOf(err), "在此地址已锁定至 09:01") {
		t.Fatalf("the offending address, even with the right password: %v", err)
	}
	if _, _, err := a.Login(ctx, "gz.shuji", pw, "10.0.0.20"); err != nil {
		t.Fatalf("the owner at his own address is shut out: %v", err)
	}
	// growing delays: after the first minute one more failure blocks for two
	env.Clock.Advance(61 * time.Second)
	_, _, err = a.Login(ctx, "gz.shuji", "guess", "198.51.100.66")
	if !strings.Contains(apperr.MessageOf(err), "连续登录失败 6 次") || !strings.Contains(apperr.MessageOf(err), "锁定 2 分钟") {
		t.Fatalf("6th failure: %v", err)
	}
	env.Clock.Advance(61 * time.Second)
	if _, _, err := a.Login(ctx, "gz.shuji", pw, "198.51.100.66"); apperr.CodeOf(err) != apperr.TooMany {
		t.Fatalf("still inside the 2-minute block: %v", err)
	}
	env.Clock.Advance(61 * time.Second)
	if _, _, err := a.Login(ctx, "gz.shuji", pw, "198.51.100.66"); err != nil {
		t.Fatalf("after the block: %v", err)
	}
	// the success from that address started its count again
	if _, _, err := a.Login(ctx, "gz.shuji", "guess", "198.51.100.66"); err != auth.ErrBadLogin {
		t.Fatalf("count not cleared by the success: %v", err)
	}
}

// Unknown names go through the same steps: they are blocked like known ones, with the same
// answers.
func TestUnknownNamesBlockedAlike(t *testing.T) {
	env, _ := setupOrg(t)
	ctx := context.Background()
	var known, unknown []string
	for i := 1; i <= 6; i++ {
		_, _, e1 := env.App.Auth.Login(ctx, "gz.shuji", "guess", "198.51.100.1")
		_, _, e2 := env.App.Auth.Login(ctx, "zhang.nobody", "guess", "198.51.100.2")
		known, unknown = append(known, apperr.MessageOf(e1)), append(unknown, apperr.MessageOf(e2))
		if apperr.CodeOf(e1) != apperr.CodeOf(e2) {
			t.Errorf("attempt %d: codes %s and %s", i, apperr.CodeOf(e1), apperr.CodeOf(e2))
		}
	}
	if !slices.Equal(known, unknown) {
		t.Errorf("a known and an unknown name answer differently:\n%q\n%q", known, unknown)
	}
}

// Known and unknown names cost the same password check: the dummy hash has the configured
// cost (no hash computed at start), so their times are alike.
func TestUnknownNamesTakeAsLong(t *testing.T) {
	env, _ := setupOrg(t)
	ctx := context.Background()
	set := auth.DefaultSettings()
	set.PasswordParams = password.Params{MemoryKiB: 16 * 1024, Time: 2, Threads: 1}
	set.AttemptsPerMin = 0
	a, err := auth.NewService(env.App.DB, env.App.Audit, env.Clock.Now, set)
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := password.Hash("Real-Password-2026", set.PasswordParams)
	id := env.Lookup(t, `SELECT id FROM users WHERE username = 'gz.shuji'`)
	if err := env.App.DB.InTx(ctx, func(tx *db.Tx) error { return org.SetPasswordHash(ctx, tx, id, hash, false) }); err != nil {
		t.Fatal(err)
	}
	var known, unknown []time.Duration
	for i := 0; i < 8; i++ { // interleaved, each from its own address (no blocks)
		for _, c := range []struct {
			name string
			d    *[]time.Duration
		}{{"gz.shuji", &known}, {"nobody.here", &unknown}} {
			start := time.Now()
			if _, _, err := a.Login(ctx, c.name, "wrong", fmt.Sprintf("192.0.2.%d", i)); err != auth.ErrBadLogin {
				t.Fatal(err)
			}
			*c.d = append(*c.d, time.Since(start))
		}
	}
	mk, mu := median(known), median(unknown)
	if ratio := float64(mk) / float64(mu); ratio < 0.6 || ratio > 1.67 {
		t.Errorf("known names take %s, unknown %s (median of 8)", mk, mu)
	}
	t.Logf("wrong password, known name %s, unknown name %s", mk, mu)
}

// setupOrg is setup without the cadre roster, which these tests do not need.
func setupOrg(t *testing.T, set ...auth.Settings) (testkit.Env, string) {
	env := testkit.NewApp(t, set...)
	return env, env.DemoOrg(t).Password
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// Behind trusted proxies, X-Forwarded-For names the client: one colleague's failures do not
// block another behind the same proxy, and the answers are 429 pages in Chinese. Without the
// setting the header is ignored.
func TestLoginBehindTrustedProxy(t *testing.T) {
	for _, trusted := range []bool{true, false} {
		t.Run(fmt.Sprint("trusted=", trusted), func(t *testing.T) {
			set := auth.DefaultSettings()
			set.AttemptsPerMin = 1000
			if trusted {
				set.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
			}
			env, pw := setupOrg(t, set)
			base := env.Serve(t).URL
			post := func(xff, user, p string) (int, string) {
				req, _ := http.NewRequest("POST", base+"/login", strings.NewReader(url.Values{"username": {user}, "password": {p}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Forwarded-For", xff)
				res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				return res.StatusCode, string(b)
			}
			for i := 0; i < 5; i++ {
				post("203.0.113.5", "gz.anguan", "guess")
			}
			status, body := post("203.0.113.5", "gz.anguan", pw)
			if status != http.StatusTooManyRequests || !strings.Contains(body, "该账户在此地址已锁定至") {
				t.Fatalf("the failing client: %d", status)
			}
			status, _ = post("203.0.113.6", "gz.anguan", pw)
			if want := map[bool]int{true: http.StatusSeeOther, false: http.StatusTooManyRequests}[trusted]; status != want {
				t.Fatalf("a colleague behind the same proxy: %d, want %d", status, want)
			}
		})
	}
}

// The settings reach the service from the configuration.
func TestLoginSettingsFromConfig(t *testing.T) {
	cfg, err := config.Load(func(k string) string {
		return map[string]string{"CUSTOS_TRUSTED_PROXIES": "10.0.0.0/24, 192.168.1.5", "CUSTOS_LOGIN_CONCURRENCY": "3",
			"CUSTOS_SECRET_KEY": testkit.SecretKey}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg.AuditHash, cfg.LogLevel = "sha256", "error"
	a, err := app.New(context.Background(), testkit.DB(t), cfg, app.Options{Password: &password.Fast, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if a.Auth.Slots() != 3 {
		t.Errorf("CUSTOS_LOGIN_CONCURRENCY=3 gave %d slots", a.Auth.Slots())
	}
	r, _ := http.NewRequest("GET", "/", nil)
	r.RemoteAddr, r.Header["X-Forwarded-For"] = "192.168.1.5:1000", []string{"198.51.100.1"}
	if got := a.Auth.ClientAddr(r); got != "198.51.100.1" {
		t.Errorf("behind the configured proxy: %s", got)
	}
	for _, bad := range []map[string]string{{"CUSTOS_TRUSTED_PROXIES": "10.0.0.0/33"}, {"CUSTOS_LOGIN_CONCURRENCY": "0"}} {
		if _, err := config.Load(func(k string) string { return bad[k] }); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// More logins at once than there are password-check slots wait in line; past the deadline
// they get a 503 page in Chinese, never a hang or an out-of-memory.
func TestLoginBusyAnswers503(t *testing.T) {
	set := auth.DefaultSettings()
	set.AttemptsPerMin = 1000
	set.LoginSlots, set.LoginWait = 1, time.Nanosecond
	env, pw := setupOrg(t, set)
	base := env.Serve(t).URL
	statuses := make(chan string, 20)
	for i := 0; i < 20; i++ {
		go func() {
			res, err := http.PostForm(base+"/login", url.Values{"username": {"gz.xinfang"}, "password": {pw}})
			if err != nil {
				statuses <- err.Error()
				return
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			statuses <- fmt.Sprintf("%d %v", res.StatusCode, strings.Contains(string(b), "当前登录人数较多，系统繁忙"))
		}()
	}
	busy := 0
	for i := 0; i < 20; i++ {
		switch s := <-statuses; s {
		case "503 true":
			busy++
		case "200 false": // logged in (the redirect to / followed)
		default:
			t.Errorf("unexpected answer %s", s)
		}
	}
	if busy == 0 {
		t.Error("20 logins at once through one slot with no wait: none answered 503")
	}
}

package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"custos/internal/app"
	"custos/internal/apperr"
	"custos/internal/auth"
	"custos/internal/config"
	"custos/internal/db"
	"custos/internal/demo"
	"custos/internal/org"
	"custos/internal/password"
	"custos/internal/testkit"
)

// openBench opens (and migrates) an existing benchmark database.
func openBench(b testing.TB, url string) *app.App {
	ctx := context.Background()
	d, err := db.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	set := auth.DefaultSettings()
	set.PasswordParams = password.Fast
	a, err := app.New(ctx, d, config.Config{AuditHash: "sha256", LogLevel: "error", MinCSOStaff: 2, ArrivalTalk: 20, ArchiveYears: 3, SecretKey: testkit.SecretKey},
		app.Options{Auth: &set, Password: &password.Fast, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	return a
}

// BenchmarkIntakeLists measures P2 and P6 at 1,000,000 reports and 3,000,000 clues (scaled by
// CUSTOS_BENCH_SCALE): the report list, a two-character full-text search, a report page with its
// duplicate candidates looked up by band keys (P5 in the database), and the clue list
// (key-minority first) — as the provincial office that sees the whole province. Target p95 ≤
// 50 ms; the duplicate check p99 ≤ 10 ms.
//
// Loading a million reports takes 25 minutes on SQLite and longer on PostgreSQL; to measure
// again, CUSTOS_BENCH_DB names a database already loaded (`custos demo --db … --reports
// 1000000`) and the load is skipped.
func BenchmarkIntakeLists(b *testing.B) {
	ctx := context.Background()
	var a *app.App
	if url := os.Getenv("CUSTOS_BENCH_DB"); url != "" {
		a = openBench(b, url)
	} else {
		a = benchApp(b, false)
		if err := demo.BulkReports(ctx, a.DB, scale(1_000_000), 3, true); err != nil {
			b.Fatal(err)
		}
	}
	sys := org.SystemPrincipal("bench")
	prov := mustCommission(b, a, "52")
	if _, _, err := a.Org.CreateUser(ctx, sys, org.NewUser{Username: "bench.all", DisplayName: "全省", CommissionID: prov,
		Roles: []string{"petitions", "case_mgmt"}, Password: "Bench-Pass-2026"}); err != nil && apperr.CodeOf(err) != apperr.Conflict && apperr.CodeOf(err) != apperr.Invalid {
		b.Fatal(err)
	}
	tok, _, err := a.Auth.Login(ctx, "bench.all", "Bench-Pass-2026", "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	var someID int64
	a.DB.Reader().QueryRow(ctx, `SELECT id FROM reports ORDER BY id DESC LIMIT 1`).Scan(&someID)
	h := a.Handler()
	for _, tc := range []struct{ name, path, want string }{
		{"reports", "/reports", "检举控告"},
		{"reports-search-2chars", "/reports?q=" + url.QueryEscape("礼金"), "礼金"},
		{"reports-search-2words", "/reports?q=" + url.QueryEscape("公车 私用"), "公车"},
		{"report-with-duplicates", fmt.Sprintf("/reports/%d", someID), "反映内容"},
		{"clues", "/clues", "问题线索"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			ds := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest("GET", tc.path, nil)
				req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: tok})
				rec := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(rec, req)
				ds = append(ds, time.Since(start))
				if rec.Code != 200 || !strings.Contains(rec.Body.String(), tc.want) {
					b.Fatalf("%s: %d", tc.path, rec.Code)
				}
			}
			within(b, ds, 50*time.Millisecond)
		})
	}
}

package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"custos/internal/app"
	"custos/internal/auth"
	"custos/internal/cadre"
	"custos/internal/config"
	"custos/internal/demo"
	"custos/internal/org"
	"custos/internal/password"
	"custos/internal/testkit"
)

// scale multiplies benchmark data sizes: CUSTOS_BENCH_SCALE=0.05 for a quick smoke run.
func scale(n int) int {
	f, err := strconv.ParseFloat(os.Getenv("CUSTOS_BENCH_SCALE"), 64)
	if err != nil || f <= 0 {
		return n
	}
	return max(int(float64(n)*f), 10)
}

// benchApp is an App on a fresh database with the demo province and fast hashing.
func benchApp(b testing.TB, country bool) *app.App {
	ctx := context.Background()
	set := auth.DefaultSettings()
	set.PasswordParams = password.Fast
	a, err := app.New(ctx, testkit.DB(b), config.Config{AuditHash: "sha256", LogLevel: "error", MinCSOStaff: 2, ArrivalTalk: 20, ArchiveYears: 3, SecretKey: testkit.SecretKey},
		app.Options{Auth: &set, Password: &password.Fast, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	if country {
		_, err = demo.LoadCountry(ctx, a.DB, a.Org, a.Audit, 0)
	} else {
		_, err = demo.Load(ctx, a.DB, a.Org, a.Cadres, a.Pool, time.Now())
	}
	if err != nil {
		b.Fatal(err)
	}
	return a
}

// peakHeap samples the heap while fn runs and returns its peak in MiB.
func peakHeap(fn func()) float64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	return float64(peak.Load()) / (1 << 20)
}

// rosterXLSX builds a roster of n valid rows in Guizhou's counties.
func rosterXLSX(b *testing.B, n int) []byte {
	f := excelize.NewFile()
	sw, _ := f.NewStreamWriter("Sheet1")
	sw.SetRow("A1", []any{"姓名", "身份证号码", "所属机构代码", "职务", "职级", "入党时间"})
	counties := []string{"520102", "520103", "520111", "520112", "520113", "520115", "520121", "520122", "520123", "520181"}
	for i := 0; i < n; i++ {
		birth := time.Date(1960+i%40, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC).Format("20060102")
		d17 := fmt.Sprintf("%s%s%03d", counties[i%len(counties)], birth, (i/480)%1000)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{"导入" + strconv.Itoa(i), d17 + string(checkDigit(d17)), counties[i%len(counties)], "科员", "一般干部", "2010-07-01"})
	}
	sw.Flush()
	var buf bytes.Buffer
	f.Write(&buf)
	return buf.Bytes()
}

func checkDigit(d17 string) byte {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(d17[i]-'0') * w[i]
	}
	return "10X98765432"[sum%11]
}

// BenchmarkCadreImport measures P4's import: rows/s end to end (parse, validate, write,
// index, audit each row), per-row mode, and the heap's peak (memory must stay flat).
func BenchmarkCadreImport(b *testing.B) {
	n := scale(20_000)
	a := benchApp(b, false)
	ctx := context.Background()
	data := rosterXLSX(b, n)
	sys := org.SystemPrincipal("bench")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var res cadre.ImportResult
		var err error
		start := time.Now()
		heap := peakHeap(func() { res, err = a.Cadres.Import(ctx, sys, bytes.NewReader(data), false) })
		if err != nil || len(res.Errors) > 0 || res.Created+res.Updated+res.Unchanged != n {
			b.Fatalf("%+v %v", res.Errors[:min(3, len(res.Errors))], err)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
		b.ReportMetric(heap, "peak-heap-MiB")
	}
}

// BenchmarkCadreExport measures P4's export of 100,000 cadres (target ≤ 30 s, flat memory).
func BenchmarkCadreExport(b *testing.B) {
	n := scale(100_000)
	a := benchApp(b, true)
	ctx := context.Background()
	if err := demo.BulkCadres(ctx, a.DB, a.Audit, n); err != nil {
		b.Fatal(err)
	}
	sys := org.SystemPrincipal("bench")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var got int
		var err error
		start := time.Now()
		heap := peakHeap(func() { got, err = a.Cadres.Export(ctx, sys, cadre.Filter{}, io.Discard) })
		if err != nil || got != n {
			b.Fatalf("%d %v", got, err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s")
		b.ReportMetric(heap, "peak-heap-MiB")
	}
}

// BenchmarkCadreSearch measures searching 200,000 cadres by name fragment and by ID number
// (target p95 ≤ 50 ms), through the roster page as the central administrator's scope.
func BenchmarkCadreSearch(b *testing.B) {
	n := scale(200_000)
	a := benchApp(b, true)
	ctx := context.Background()
	if err := demo.BulkCadres(ctx, a.DB, a.Audit, n); err != nil {
		b.Fatal(err)
	}
	if err := a.DB.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	sys := org.SystemPrincipal("bench")
	root, _ := a.Org.CommissionIDByCode(ctx, sys, "000000")
	if _, _, err := a.Org.CreateUser(ctx, sys, org.NewUser{Username: "central", DisplayName: "中央", CommissionID: root,
		Roles: []string{"cadre_supervision"}, Password: "Bench-Pass-2026"}); err != nil {
		b.Fatal(err)
	}
	tok, _, err := a.Auth.Login(ctx, "central", "Bench-Pass-2026", "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	var someID string
	a.DB.Reader().QueryRow(ctx, `SELECT id_number FROM cadres ORDER BY id DESC LIMIT 1`).Scan(&someID)
	h := a.Handler()
	for _, tc := range []struct{ name, q string }{
		{"name-2chars", "王伟"}, {"name-1char", "魏"}, {"post", "审理"}, {"id-number", someID}, {"id-prefix", someID[:10]}, {"all", ""},
	} {
		b.Run(tc.name, func(b *testing.B) {
			ds := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest("GET", "/cadres?q="+url.QueryEscape(tc.q), nil)
				req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: tok})
				rec := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(rec, req)
				ds = append(ds, time.Since(start))
				if rec.Code != 200 || (tc.q != "" && strings.Contains(rec.Body.String(), "没有符合条件的干部")) {
					b.Fatalf("%s: %d", tc.q, rec.Code)
				}
			}
			within(b, ds, 50*time.Millisecond)
		})
	}
}

// BenchmarkArchivePage measures P7: opening (POST, audited) the archive of a cadre with ten
// years of history (target p95 ≤ 30 ms).
func BenchmarkArchivePage(b *testing.B) {
	a := benchApp(b, false)
	ctx := context.Background()
	sys := org.SystemPrincipal("bench")
	var id int64
	a.DB.Reader().QueryRow(ctx, `SELECT id FROM cadres WHERE name = '周杰'`).Scan(&id)
	for year := 2016; year <= 2025; year++ {
		for i := 0; i < 2; i++ {
			if _, _, err := a.Cadres.RecordAppointment(ctx, sys, id, cadre.AppointmentInput{Date: fmt.Sprintf("%d-%02d-10", year, 3+i*6),
				Kind: cadre.Exchange, Post: fmt.Sprintf("职务%d-%d", year, i), DocNo: fmt.Sprintf("筑委〔%d〕%d号", year, i+1)}); err != nil {
				b.Fatal(err)
			}
		}
		for i := 0; i < 4; i++ {
			t, err := a.Cadres.ScheduleTalk(ctx, sys, id, cadre.TalkPeriodic, fmt.Sprintf("%d-%02d-15", year, 1+i*3), "定期谈话")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := a.Cadres.RecordTalk(ctx, sys, t.ID, fmt.Sprintf("%d-%02d-20", year, 1+i*3), "陈立", strings.Repeat("谈话内容记录。", 30)); err != nil {
				b.Fatal(err)
			}
		}
	}
	if _, _, err := a.Org.CreateUser(ctx, sys, org.NewUser{Username: "reader", DisplayName: "查阅人", CommissionID: mustCommission(b, a, "52"),
		Roles: []string{"cadre_supervision"}, Password: "Bench-Pass-2026"}); err != nil {
		b.Fatal(err)
	}
	tok, _, err := a.Auth.Login(ctx, "reader", "Bench-Pass-2026", "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	h := a.Handler()
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("POST", fmt.Sprintf("/cadres/%d/archive", id), strings.NewReader("purpose="+url.QueryEscape("日常监督")))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: tok})
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		ds = append(ds, time.Since(start))
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "职务2025-1") {
			b.Fatalf("%d", rec.Code)
		}
	}
	within(b, ds, 30*time.Millisecond)
}

func mustCommission(b *testing.B, a *app.App, code string) int64 {
	id, err := a.Org.CommissionIDByCode(context.Background(), org.SystemPrincipal("bench"), code)
	if err != nil {
		b.Fatal(err)
	}
	return id
}

package app_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"custos/internal/app"
	"custos/internal/config"
	"custos/internal/db"
	"custos/internal/demo"
	"custos/internal/password"
	"custos/internal/testkit"
)

// BenchmarkLoginBurst is an office arriving at nine: 50 logins at once with the production
// argon2id cost (64 MiB each), each from its own address. Targets (issue 12): every login
// succeeds (none waits past the queue deadline: busy-503 = 0), peak RSS ≤ 512 MiB, and the
// memory goes back after the burst (RSS within 64 MiB of where it started). It reports the
// slots, p50/p95, 503s, the peak and the RSS before and after; CUSTOS_BENCH_ASSERT=1 fails it
// when a memory target is missed or more than half the logins got 503 (a wide guard: on a
// loaded machine a 503 past the 30 s line is the bound doing its job).
func BenchmarkLoginBurst(b *testing.B) {
	ctx := context.Background()
	cfg := config.Config{AuditHash: "sha256", LogLevel: "error", MinCSOStaff: 2, SecretKey: testkit.SecretKey}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	d := testkit.DB(b)
	loader, err := app.New(ctx, d, cfg, app.Options{Password: &password.Fast, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	res, err := demo.LoadOrg(ctx, d, loader.Org)
	if err != nil {
		b.Fatal(err)
	}
	// the server as it runs in production: default settings, every account a 64 MiB hash
	a, err := app.New(ctx, d, cfg, app.Options{Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	hash, err := password.Hash("Bench-Pass-2026", password.Default)
	if err != nil {
		b.Fatal(err)
	}
	if err := d.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE users SET password_hash = ?`, hash)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	const burst = 50
	var ds []time.Duration
	var peak, before, after int64
	busy := 0
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		runtime.GC()
		debug.FreeOSMemory()
		before = rssKiB("VmRSS")
		resetPeak()
		stop := make(chan struct{})
		sampled := make(chan int64)
		go func() { // VmHWM where it can be reset; sampling VmRSS otherwise
			m := int64(0)
			for {
				m = max(m, rssKiB("VmRSS"))
				select {
				case <-stop:
					sampled <- m
					return
				case <-time.After(2 * time.Millisecond):
				}
			}
		}()
		var mu sync.Mutex
		var wg sync.WaitGroup
		var failed []string
		for i := 0; i < burst; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				u := res.Users[i%len(res.Users)].Username
				start := time.Now()
				_, _, err := a.Auth.Login(ctx, u, "Bench-Pass-2026", fmt.Sprintf("10.9.%d.%d", n, i))
				mu.Lock()
				defer mu.Unlock()
				ds = append(ds, time.Since(start))
				if err != nil {
					failed = append(failed, u+": "+err.Error())
				}
			}(i)
		}
		wg.Wait()
		close(stop)
		peak = max(<-sampled, rssKiB("VmHWM"))
		time.Sleep(time.Second) // the bound hands memory back once the burst has been idle a moment
		after = rssKiB("VmRSS")
		for _, f := range failed {
			if !strings.Contains(f, "系统繁忙") {
				b.Fatalf("login failed: %s", f)
			}
		}
		busy = len(failed)
	}
	b.StopTimer()
	b.ReportMetric(float64(a.Auth.Slots()), "slots")
	b.ReportMetric(float64(busy), "busy-503")
	b.ReportMetric(float64(peak)/1024, "peak-MiB")
	b.ReportMetric(float64(before)/1024, "before-MiB")
	b.ReportMetric(float64(after)/1024, "after-MiB")
	percentiles(b, ds)
	if os.Getenv("CUSTOS_BENCH_ASSERT") == "1" && busy > burst/2 {
		// the target is none; the smoke run is one sample on a shared machine, so the guard is wide
		b.Errorf("%d of %d logins waited past the queue deadline (503)", busy, burst)
	}
	if os.Getenv("CUSTOS_BENCH_ASSERT") == "1" && before > 0 {
		if peak > 512*1024 {
			b.Errorf("peak RSS %d MiB during %d concurrent logins, target ≤ 512 MiB", peak/1024, burst)
		}
		if after > before+64*1024 {
			b.Errorf("RSS %d MiB a second after the burst, %d MiB before: memory not given back", after/1024, before/1024)
		}
	}
}

// rssKiB reads a VmRSS/VmHWM line of /proc/self/status (0 where there is none).
func rssKiB(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// resetPeak sets VmHWM back to the current RSS (Linux ≥ 4.0), so the peak is this burst's.
func resetPeak() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

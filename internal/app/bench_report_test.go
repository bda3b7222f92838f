package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"custos/internal/auth"
	"custos/internal/org"
)

// BenchmarkReportRegister measures P1: registering a 1,500-character report over HTTP (the
// registration form's POST through the whole stack: session, parse, route, number, seal the
// reporter, band keys, archive item, audit) with 50 concurrent clients — target ≥ 500 req/s on
// SQLite, p99 ≤ 100 ms. Each b.N iteration is one report.
func BenchmarkReportRegister(b *testing.B) {
	a := benchApp(b, false)
	ctx := context.Background()
	sys := org.SystemPrincipal("bench")
	prov := mustCommission(b, a, "52")
	if _, _, err := a.Org.CreateUser(ctx, sys, org.NewUser{Username: "bench.xinfang", DisplayName: "信访", CommissionID: prov,
		Roles: []string{"petitions"}, Password: "Bench-Pass-2026"}); err != nil {
		b.Fatal(err)
	}
	tok, _, err := a.Auth.Login(ctx, "bench.xinfang", "Bench-Pass-2026", "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	const clients = 50
	texts := make([]string, 256)
	rng := rand.New(rand.NewPCG(3, 5))
	words := strings.Fields("反映 收受 礼金 购物卡 宴请 工程 项目 招投标 亲属 企业 违规 发放 津贴 补贴 公车 私用 插手 干预 审批 土地 拆迁 补偿 扶贫 资金 截留 挪用 虚报 冒领 报销 提拔 打招呼 索要 好处费 入股 分红")
	for i := range texts {
		var sb strings.Builder
		for sb.Len() < 1500*3 {
			sb.WriteString(words[rng.IntN(len(words))])
			if rng.IntN(7) == 0 {
				sb.WriteString("，")
			}
		}
		texts[i] = string([]rune(sb.String())[:1500])
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	var mu sync.Mutex
	ds := make([]time.Duration, 0, b.N)
	jobs := make(chan int)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				form := url.Values{"received_on": {"2026-11-20"}, "channel": {"letter"}, "category": {"accusation"}, "title": {fmt.Sprintf("反映问题 %d", i)},
					"content": {texts[i%len(texts)]}, "subject_0_name": {"赵敏"}, "real_name": {"1"}, "reporter_name": {"刘实名"}, "reporter_contact": {"13800000000"}}
				req, _ := http.NewRequest("POST", srv.URL+"/reports", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: tok})
				t0 := time.Now()
				res, err := client.Do(req)
				d := time.Since(t0)
				if err != nil || res.StatusCode != http.StatusSeeOther {
					code := 0
					if res != nil {
						code = res.StatusCode
					}
					b.Errorf("register: %d %v", code, err)
				}
				if res != nil {
					res.Body.Close()
				}
				mu.Lock()
				ds = append(ds, d)
				mu.Unlock()
			}
		}()
	}
	for i := 0; i < b.N; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(ds)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(ds[len(ds)*50/100].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(ds[min(len(ds)-1, len(ds)*99/100)].Microseconds())/1000, "p99-ms")
}

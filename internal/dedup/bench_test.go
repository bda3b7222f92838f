package dedup_test

import (
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"custos/internal/dedup"
)

// BenchmarkSignature measures P5's signature rate: preparing (normalising, shingling, MinHash)
// a 1,500-character report — target ≥ 5,000 docs/s on one core.
func BenchmarkSignature(b *testing.B) {
	e := dedup.New()
	texts := syntheticReports(64, 1500, 1)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		e.Prepare(texts[i%len(texts)]).StoredKeys()
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "docs/s")
}

// BenchmarkIndexLookup measures finding the candidates of one report among n indexed reports
// by their index keys and scoring the 50 sharing the most — target p99 ≤ 10 ms at 1,000,000 (scaled by
// CUSTOS_BENCH_SCALE). The index keeps keys in sorted arrays, the layout of the database
// index the platform uses.
func BenchmarkIndexLookup(b *testing.B) {
	n := benchScale(1_000_000)
	e := dedup.New()
	texts := syntheticReports(n, 300, 2)
	docs := make([]dedup.Doc, n)
	type entry struct {
		key uint64
		pos int32
	}
	entries := make([]entry, 0, n*(dedup.Bands+24))
	for i, t := range texts {
		docs[i] = e.Prepare(t)
		for _, k := range docs[i].StoredKeys() {
			entries = append(entries, entry{k, int32(i)})
		}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if a.key < b.key {
			return -1
		}
		if a.key > b.key {
			return 1
		}
		return int(a.pos - b.pos)
	})
	keys := make([]uint64, len(entries))
	for i, en := range entries {
		keys[i] = en.key
	}
	ds := make([]time.Duration, 0, b.N)
	counts := make([]int32, n)
	floors := dedup.NewFloors(dedup.DefaultThreshold)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		probe := texts[(i*7919)%n] + "此事群众反映强烈。"
		start := time.Now()
		d := e.Prepare(probe)
		best := 0.0
		var touched []int32
		for _, k := range d.StoredKeys() {
			at, _ := slices.BinarySearch(keys, k)
			end := at
			for end < len(keys) && keys[end] == k {
				end++
			}
			// the newest bandReads per key, as the platform's query reads them
			for at = max(at, end-bandReads); at < end; at++ {
				pos := entries[at].pos
				if counts[pos] == 0 {
					touched = append(touched, pos)
				}
				if dedup.IsBandKey(k) {
					counts[pos] += 1 << 20 // a shared band: scored whatever the sample shows
				} else {
					counts[pos]++
				}
			}
		}
		// as the platform does: the 50 sharing the most keys, of those that share enough
		var cands []int32
		for _, pos := range touched {
			if int(counts[pos]) >= floors.Need(min(len(d.Shingles), len(docs[pos].Shingles))) {
				cands = append(cands, pos)
			}
		}
		slices.SortFunc(cands, func(a, b int32) int { return int(counts[b] - counts[a]) })
		for _, pos := range cands[:min(len(cands), 50)] {
			best = max(best, dedup.Score(d, docs[pos]))
		}
		for _, pos := range touched {
			counts[pos] = 0
		}
		ds = append(ds, time.Since(start))
		if best < dedup.DefaultThreshold {
			b.Fatalf("probe %d not found (best %.2f)", i, best)
		}
	}
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)*50/100].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(ds[min(len(ds)-1, len(ds)*99/100)].Microseconds())/1000, "p99-ms")
}

// bandReads is how many reports per key the platform reads (report.bandReads).
const bandReads = 200

// syntheticReports makes n distinct report-like texts of about size characters from a fixed
// vocabulary of complaint phrases, names, places and amounts.
func syntheticReports(n, size int, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 99))
	phrases := strings.Fields(`反映 干部 收受 礼金 购物卡 宴请 工程 项目 招投标 亲属 企业 违规 发放 津贴 补贴 公车 私用
		插手 干预 审批 土地 拆迁 补偿 扶贫 资金 截留 挪用 虚报 冒领 赌博 吃喝 旅游 报销 考察 提拔 调整 打招呼
		索要 好处费 入股 分红 借款 不还 利用 职务 便利 为他人 谋取 利益 请组织 调查 核实 处理 情况 属实`)
	surnames := []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕")
	out := make([]string, n)
	var b strings.Builder
	for i := range out {
		b.Reset()
		b.WriteString("反映")
		b.WriteRune(surnames[rng.IntN(len(surnames))])
		b.WriteRune(surnames[rng.IntN(len(surnames))])
		b.WriteString("某的问题：")
		for b.Len() < size*3 {
			b.WriteString(phrases[rng.IntN(len(phrases))])
			if rng.IntN(5) == 0 {
				b.WriteString(strconv.Itoa(rng.IntN(100)) + "万元，")
			}
			if rng.IntN(9) == 0 {
				b.WriteString("。")
			}
		}
		out[i] = b.String()
	}
	return out
}

// benchScale multiplies a benchmark's data size by CUSTOS_BENCH_SCALE (CI runs 0.1).
func benchScale(n int) int {
	f, err := strconv.ParseFloat(os.Getenv("CUSTOS_BENCH_SCALE"), 64)
	if err != nil || f <= 0 {
		return n
	}
	return max(1000, int(float64(n)*f))
}

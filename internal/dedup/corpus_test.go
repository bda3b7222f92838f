package dedup_test

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"custos/internal/dedup"
)

// The labelled corpus: real Chinese prose from Debian's manpages-zh (the Chinese manual pages),
// cut into report-sized bases of 150–1,500 characters, each re-submitted in the ways item 2 of
// the issue names. Every pair inside a group is a re-submission; every pair across groups is not.

const manDir = "/usr/share/man/zh_CN"

// kinds are the ways a report is re-submitted.
var kinds = []string{"traditional", "salutation", "width_punct", "linebreaks", "edited", "combined"}

// TestCorpusRecallPrecision runs the corpus through Pairs at the default setting and requires
// recall ≥ 0.95 for every kind of re-submission and precision ≥ 0.95 overall.
func TestCorpusRecallPrecision(t *testing.T) {
	bases := corpusBases(t, 250)
	e := dedup.New()
	trad := e.Folder().Traditional()
	rng := rand.New(rand.NewPCG(7, 11))
	var texts []string
	var group []int
	var kindOf []string
	for g, b := range bases {
		texts, group, kindOf = append(texts, b), append(group, g), append(kindOf, "base")
		for _, k := range kinds {
			texts, group, kindOf = append(texts, resubmit(k, b, trad, rng)), append(group, g), append(kindOf, k)
		}
	}
	pairs := e.Pairs(texts, dedup.DefaultThreshold)
	found := map[[2]int]bool{}
	truePos := 0
	for _, p := range pairs {
		found[[2]int{p.A, p.B}] = true
		if group[p.A] == group[p.B] {
			truePos++
		}
	}
	precision := float64(truePos) / float64(max(1, len(pairs)))
	t.Logf("corpus: %d bases, %d texts, %d pairs reported, precision %.4f", len(bases), len(texts), len(pairs), precision)
	if precision < 0.95 {
		t.Errorf("precision %.4f < 0.95", precision)
	}
	for _, k := range kinds {
		hit, total := 0, 0
		for i := range texts {
			if kindOf[i] != k {
				continue
			}
			base := slices.Index(group, group[i]) // the base comes first in its group
			total++
			if found[[2]int{base, i}] {
				hit++
			}
		}
		recall := float64(hit) / float64(total)
		t.Logf("recall %-12s %.4f (%d/%d)", k, recall, hit, total)
		if recall < 0.95 {
			t.Errorf("recall for %s %.4f < 0.95", k, recall)
		}
	}
}

// corpusBases reads up to n bases from the Chinese manual pages, one per page, skipping any
// base that already resembles an earlier one (man pages share boilerplate), so that pairs
// across groups are truly different texts.
func corpusBases(t testing.TB, n int) []string {
	t.Helper()
	pages, _ := filepath.Glob(filepath.Join(manDir, "man*", "*.gz"))
	if len(pages) == 0 {
		if os.Getenv("CUSTOS_REQUIRE_CORPUS") == "1" {
			t.Fatalf("CUSTOS_REQUIRE_CORPUS=1 but %s is empty (apt-get install manpages-zh)", manDir)
		}
		t.Skipf("没有中文手册页语料，跳过（apt-get install manpages-zh 后运行）: %s", manDir)
	}
	slices.Sort(pages)
	e := dedup.New()
	ix := dedup.NewIndex(n)
	rng := rand.New(rand.NewPCG(1, 2))
	var out []string
	for _, p := range pages {
		if len(out) == n {
			break
		}
		prose := manProse(t, p)
		want := 150 + rng.IntN(1350)
		var b strings.Builder
		runes := 0
		for _, line := range prose {
			b.WriteString(line)
			runes += len([]rune(line))
			if runes >= want {
				break
			}
		}
		if runes < 150 {
			continue
		}
		text := b.String()
		d := e.Prepare(text)
		if len(ix.Similar(d, 0.2)) > 0 {
			continue
		}
		ix.Add(d)
		out = append(out, text)
	}
	if len(out) < n/2 {
		t.Fatalf("only %d bases from %s", len(out), manDir)
	}
	return out
}

var troffEscape = regexp.MustCompile(`\\f[BIRP]|\\f\(..|\\\(..|\\[-&|^ ]|\\s[+-]?\d|\\\*\(..|\\\*.`)

// manProse returns the lines of a manual page that are Chinese prose, without troff markup
// and without the translators' boilerplate.
func manProse(t testing.TB, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil
	}
	var out []string
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'") {
			continue
		}
		line = strings.TrimSpace(troffEscape.ReplaceAllString(line, ""))
		han := 0
		for _, r := range line {
			if unicode.Is(unicode.Han, r) {
				han++
			}
		}
		if han < 8 || strings.Contains(line, "中文") || strings.Contains(line, "手册页") || strings.Contains(line, "译") {
			continue
		}
		out = append(out, line)
	}
	return out
}

var (
	greetings = []string{"尊敬的领导：\n您好！", "尊敬的纪委监委领导：", "各位领导：你们好！", "尊敬的信访室同志："}
	closings  = []string{"\n此致\n敬礼！\n一名知情群众\n2026年11月", "\n恳请组织上认真调查，还群众一个公道！", "\n以上反映情况属实，望尽快查处。举报人：一名党员", "\n谢谢！"}
	extra     = []string{"此事群众反映强烈。", "希望组织上高度重视。", "相关证据可以提供。"}
)

// resubmit changes text the way kind says a re-submission differs.
func resubmit(kind, text string, trad map[rune]rune, rng *rand.Rand) string {
	switch kind {
	case "traditional":
		return strings.Map(func(r rune) rune {
			if x, ok := trad[r]; ok {
				return x
			}
			return r
		}, text)
	case "salutation":
		return greetings[rng.IntN(len(greetings))] + "\n" + text + closings[rng.IntN(len(closings))]
	case "width_punct":
		var b strings.Builder
		for _, r := range text {
			switch {
			case r >= '!' && r <= '~' && r != ' ':
				b.WriteRune(r - '!' + '！')
			case r == '，':
				b.WriteString(", ")
			case r == '。':
				b.WriteString(". ")
			case r == '、' || r == '；':
				b.WriteString(" ")
			default:
				b.WriteRune(r)
			}
		}
		return b.String()
	case "linebreaks":
		var b strings.Builder
		n := 0
		for _, r := range text {
			b.WriteRune(r)
			if n++; n%(20+rng.IntN(20)) == 0 {
				b.WriteString("\n  ")
			}
		}
		return b.String()
	case "edited":
		// a sentence added, one dropped, a few characters changed: what a reporter retyping
		// the same complaint a month later does
		rs := []rune(text)
		for range len(rs) / 60 {
			i := rng.IntN(len(rs))
			if unicode.Is(unicode.Han, rs[i]) {
				rs[i] = []rune("的了是在有和")[rng.IntN(6)]
			}
		}
		out := string(rs)
		if parts := strings.SplitAfter(out, "。"); len(parts) > 4 {
			drop := 1 + rng.IntN(len(parts)-2)
			out = strings.Join(append(parts[:drop:drop], parts[drop+1:]...), "")
		}
		return out + extra[rng.IntN(len(extra))]
	case "combined":
		return resubmit("linebreaks", resubmit("salutation", resubmit("traditional", text, trad, rng), trad, rng), trad, rng)
	}
	panic(fmt.Sprint("unknown kind ", kind))
}

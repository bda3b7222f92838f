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
	"time"
	"unicode"

	"custos/internal/dedup"
)

// The labelled corpus: real Chinese prose from Debian's manpages-zh (the Chinese manual pages),
// cut into sentences; each base report is a header naming a cadre and unit, a few facts (a
// date, an amount) and sentences drawn from the pool, 150–1,500 characters. Bases are
// re-submitted in every way the issue names, and hard negatives are made on purpose: the same
// subject and unit about another matter, one template letter filled with other facts, and two
// people's independent reports of one event.
const manDir = "/usr/share/man/zh_CN"

// kinds are the ways a report is re-submitted.
var kinds = []string{"reordered", "numerals", "masked", "homophone", "ocr", "merged", "excerpt",
	"extended", "framed", "traditional", "trimmed", "edited"}

// corpusSize is the number of reports the corpus has; perKind the re-submissions of each kind
// (a quarter of both under the race detector).
func corpusSize() int {
	if raceDetector {
		return 5000
	}
	return 20000
}

func perKind() int { return corpusSize() * 360 / 20000 }

// TestCorpusRecallPrecision builds the corpus, runs it through Pairs at the default setting and
// requires precision and recall ≥ 0.98 overall and recall and precision ≥ 0.95 for every kind.
// It prints the table docs/benchmarks.md quotes.
func TestCorpusRecallPrecision(t *testing.T) {
	c := buildCorpus(t)
	e := dedup.New()
	start := time.Now()
	pairs := e.Pairs(c.texts, dedup.DefaultThreshold)
	took := time.Since(start)
	truth := map[[2]int]string{}
	for _, p := range c.truePairs {
		truth[[2]int{p.a, p.b}] = p.kind
	}
	found := map[[2]int]bool{}
	type tally struct{ tp, fn, fp int }
	per := map[string]*tally{}
	for _, k := range append(slices.Clone(kinds), negKinds...) {
		per[k] = &tally{}
	}
	all := &tally{}
	for _, p := range pairs {
		key := [2]int{p.A, p.B}
		found[key] = true
		if k, ok := truth[key]; ok {
			per[k].tp++
			all.tp++
			continue
		}
		all.fp++
		// a false pair is charged to the kinds of the texts in it
		for _, k := range []string{c.kindOf[p.A], c.kindOf[p.B]} {
			if tl, ok := per[k]; ok {
				tl.fp++
			}
		}
	}
	for key, k := range truth {
		if !found[key] {
			per[k].fn++
			all.fn++
		}
	}
	ratio := func(a, b int) float64 {
		if a+b == 0 {
			return 1
		}
		return float64(a) / float64(a+b)
	}
	t.Logf("corpus: %d reports, %d true pairs, %d hard-negative reports; %d pairs reported in %v",
		len(c.texts), len(truth), c.negatives, len(pairs), took.Round(time.Millisecond))
	t.Logf("%-12s %6s %6s %6s %9s %9s", "kind", "pairs", "found", "false", "recall", "precision")
	for _, k := range append(slices.Clone(kinds), negKinds...) {
		tl := per[k]
		t.Logf("%-12s %6d %6d %6d %9.4f %9.4f", k, tl.tp+tl.fn, tl.tp, tl.fp, ratio(tl.tp, tl.fn), ratio(tl.tp, tl.fp))
		if slices.Contains(kinds, k) {
			if r := ratio(tl.tp, tl.fn); r < 0.95 {
				t.Errorf("recall for %s %.4f < 0.95", k, r)
			}
		}
		if p := ratio(tl.tp, tl.fp); p < 0.95 {
			t.Errorf("precision for %s %.4f < 0.95", k, p)
		}
	}
	t.Logf("%-12s %6d %6d %6d %9.4f %9.4f", "overall", all.tp+all.fn, all.tp, all.fp, ratio(all.tp, all.fn), ratio(all.tp, all.fp))
	if r := ratio(all.tp, all.fn); r < 0.98 {
		t.Errorf("overall recall %.4f < 0.98", r)
	}
	if p := ratio(all.tp, all.fp); p < 0.98 {
		t.Errorf("overall precision %.4f < 0.98", p)
	}
	if !raceDetector && (len(truth) < 4000 || len(c.texts) < 20000) {
		t.Errorf("corpus too small: %d reports, %d true pairs", len(c.texts), len(truth))
	}
	if os.Getenv("CUSTOS_CORPUS_OUT") != "" { // for timing `custos reports similar` on it
		writeCorpus(t, os.Getenv("CUSTOS_CORPUS_OUT"), c)
	}
}

// negKinds are the kinds of hard negative: reports that must not pair.
var negKinds = []string{"same_subject", "template", "same_event"}

type truePair struct {
	a, b int
	kind string
}

type corpus struct {
	texts     []string
	kindOf    []string // "base", a re-submission kind, a hard-negative kind or "single"
	truePairs []truePair
	negatives int
}

func (c *corpus) add(text, kind string) int {
	c.texts = append(c.texts, text)
	c.kindOf = append(c.kindOf, kind)
	return len(c.texts) - 1
}

// writeCorpus writes the corpus as custos reports similar reads it, and the true pairs beside.
func writeCorpus(t *testing.T, path string, c *corpus) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for i, s := range c.texts {
		fmt.Fprintf(w, "{\"id\":%d,\"text\":%q}\n", i, s)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
}

// buildCorpus makes the corpus: per kind perKind bases and their re-submissions (merged takes
// two bases), the hard negatives, then single reports up to corpusSize.
func buildCorpus(t testing.TB) *corpus {
	g := newGen(t)
	c := &corpus{}
	for _, k := range kinds {
		for range perKind() {
			a := g.base()
			ia := c.add(a.text, "base")
			switch k {
			case "merged":
				b := g.base()
				ib := c.add(b.text, "base")
				im := c.add(g.merge(a, b), k)
				c.truePairs = append(c.truePairs, truePair{ia, im, k}, truePair{ib, im, k})
			default:
				ir := c.add(g.resubmit(k, a), k)
				c.truePairs = append(c.truePairs, truePair{ia, ir, k})
			}
		}
	}
	for range corpusSize() / 50 { // the same cadre and unit, another matter
		a := g.base()
		b := g.base()
		b.name, b.unit, b.post = a.name, a.unit, a.post
		c.add(a.text, "same_subject")
		c.add(g.render(b), "same_subject")
		c.negatives += 2
	}
	for i := range corpusSize() * 6 / 100 { // a template letter filled with other facts (six forms, each used 200 times at full size)
		c.add(g.templated(i%6, g.base()), "template")
		c.negatives++
	}
	for range corpusSize() / 50 { // two people's own accounts of one event
		a := g.base()
		b := g.base()
		b.name, b.unit, b.post, b.date, b.amount, b.place = a.name, a.unit, a.post, a.date, a.amount, a.place
		c.add(g.render(a), "same_event")
		c.add(g.retell(b), "same_event")
		c.negatives += 2
	}
	for len(c.texts) < corpusSize() {
		c.add(g.base().text, "single")
	}
	// shuffle the order (re-submissions come later than what they repeat, as in life: the
	// pair's positions are kept ordered)
	return c
}

// gen draws report texts from the sentence pool.
type gen struct {
	rng       *rand.Rand
	sentences []string
	next      int // sentences are dealt without replacement, then reshuffled
	trad      map[rune]rune
	homo      map[rune][]rune
}

// letter is a base report's facts and sentences.
type letter struct {
	name, unit, post, date, amount, place string
	body                                  []string
	text                                  string
}

func newGen(t testing.TB) *gen {
	t.Helper()
	pages, _ := filepath.Glob(filepath.Join(manDir, "man*", "*.gz"))
	if len(pages) == 0 {
		if os.Getenv("CUSTOS_REQUIRE_CORPUS") == "1" {
			t.Fatalf("CUSTOS_REQUIRE_CORPUS=1 but %s is empty (apt-get install manpages-zh)", manDir)
		}
		t.Skipf("没有中文手册页语料，跳过（apt-get install manpages-zh 后运行）: %s", manDir)
	}
	slices.Sort(pages)
	seen := map[string]bool{}
	g := &gen{rng: rand.New(rand.NewPCG(13, 17))}
	for _, p := range pages {
		for _, line := range manProse(t, p) {
			for _, s := range clauses(line) {
				if han(s) >= 5 && !seen[s] {
					seen[s] = true
					g.sentences = append(g.sentences, s)
				}
			}
		}
	}
	t.Logf("pool: %d clauses", len(g.sentences))
	if len(g.sentences) < 10000 {
		t.Fatalf("only %d sentences in %s", len(g.sentences), manDir)
	}
	g.rng.Shuffle(len(g.sentences), func(i, j int) { g.sentences[i], g.sentences[j] = g.sentences[j], g.sentences[i] })
	e := dedup.New()
	g.trad = e.Folder().Traditional()
	g.homo = homophones(t)
	return g
}

// homophones reads the pinyin table of package textnorm: the characters of each reading.
func homophones(t testing.TB) map[rune][]rune {
	data, err := os.ReadFile("../textnorm/pinyin.txt")
	if err != nil {
		t.Fatal(err)
	}
	by := map[string][]rune{}
	var order []rune
	readingOf := map[rune]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		r := []rune(f[0])[0]
		if r > 0x9FA5 { // common block only
			continue
		}
		by[f[1]] = append(by[f[1]], r)
		readingOf[r] = f[1]
		order = append(order, r)
	}
	out := map[rune][]rune{}
	for _, r := range order {
		out[r] = by[readingOf[r]]
	}
	return out
}

// sentence makes a sentence of one to four clauses of the pool, dealt without replacement:
// the pool is too small for 20,000 reports of whole sentences, and reports made of shared
// sentences would resemble each other where real ones do not.
func (g *gen) sentence() string {
	var b strings.Builder
	for i := range 1 + g.rng.IntN(4) {
		if g.next == len(g.sentences) {
			g.next = 0
			g.rng.Shuffle(len(g.sentences), func(i, j int) { g.sentences[i], g.sentences[j] = g.sentences[j], g.sentences[i] })
		}
		if i > 0 {
			b.WriteString("，")
		}
		b.WriteString(g.sentences[g.next])
		g.next++
	}
	b.WriteString("。")
	return b.String()
}

// clauses splits a line of prose at its punctuation.
func clauses(line string) []string {
	return strings.FieldsFunc(line, func(r rune) bool {
		return strings.ContainsRune("，。；：！？、,.;:!?（）()“”\"' ", r)
	})
}

var (
	given   = []rune("建国伟强军平华明志刚红英丽敏静海波涛斌超磊洋勇杰峰鹏飞亮宇浩然文博俊")
	family  = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘")
	units   = []string{"县交通运输局", "市住房和城乡建设局", "区教育局", "镇人民政府", "县自然资源局", "市卫生健康委员会", "县农业农村局", "区市场监督管理局", "县水利局", "市国有资产监督管理委员会"}
	posts   = []string{"局长", "副局长", "党委书记", "科长", "主任", "副主任", "站长", "所长"}
	places  = []string{"城东工业园", "县人民医院", "滨河小区", "第二中学", "高速公路连接线", "农贸市场", "污水处理厂"}
	deeds   = []string{"收受", "索要", "截留", "挪用", "违规发放", "虚报冒领"}
	objects = []string{"现金", "购物卡", "工程款", "补助资金", "好处费", "礼金"}
)

// base draws a new base report.
func (g *gen) base() letter {
	r := letter{
		name:   string([]rune{family[g.rng.IntN(len(family))], given[g.rng.IntN(len(given))], given[g.rng.IntN(len(given))]}),
		unit:   units[g.rng.IntN(len(units))],
		post:   posts[g.rng.IntN(len(posts))],
		date:   fmt.Sprintf("%d年%d月", 2015+g.rng.IntN(11), 1+g.rng.IntN(12)),
		amount: fmt.Sprintf("%d万元", 1+g.rng.IntN(99)),
		place:  places[g.rng.IntN(len(places))],
	}
	want := 150 + int(1350*g.rng.Float64()*g.rng.Float64())
	for n := 0; n < want; {
		s := g.sentence()
		r.body = append(r.body, s)
		n += len([]rune(s))
	}
	r.text = g.render(r)
	return r
}

// render writes a report: a header, the facts sentence and the body, in paragraphs.
func (g *gen) render(r letter) string {
	var b strings.Builder
	fmt.Fprintf(&b, "反映%s%s%s的问题。\n", r.unit, r.post, r.name)
	fmt.Fprintf(&b, "%s，%s在%s项目中%s%s%s。", r.date, r.name, r.place, deeds[len(r.name)%len(deeds)], objects[len(r.unit)%len(objects)], r.amount)
	for i, s := range r.body {
		if i%4 == 0 {
			b.WriteString("\n")
		}
		b.WriteString(s)
	}
	return b.String()
}

// retell is another person's account of r's event: the same facts in other words and other
// sentences.
func (g *gen) retell(r letter) string {
	var b strings.Builder
	fmt.Fprintf(&b, "我要举报%s的%s%s。", r.unit, r.post, r.name)
	fmt.Fprintf(&b, "据我所知，%s在%s的事情上%s了%s，时间是%s。", r.name, r.place, deeds[len(r.name)%len(deeds)], r.amount, r.date)
	for _, s := range r.body {
		b.WriteString(s)
	}
	return b.String()
}

// templates are standard complaint forms: the same wording around other facts.
var templates = []string{
	"尊敬的纪委监委领导：\n我是一名普通群众，现实名反映%s%s%s存在的违纪违法问题。具体情况如下：\n%s\n以上反映的问题，本人保证所反映情况属实，愿意承担相应的法律责任。恳请上级纪委监委高度重视，派员调查核实，依纪依法严肃处理，以正党风政风，还群众一个公道。\n此致\n敬礼！",
	"关于%s%s%s违纪违法问题的举报信\n县纪委监委：\n%s\n上述问题群众反映强烈，严重损害了党和政府的形象，请组织调查核实。\n举报人：知情群众",
	"举报信\n被举报人：%s%s%s\n举报事项：违反中央八项规定精神及廉洁纪律\n具体事实：%s\n证据材料：有关票据、照片及证人证言，可随时提供。\n诉求：请依规依纪依法处理。",
}

// templated fills template i (of several variants) with r's facts and a few of its sentences.
func (g *gen) templated(i int, r letter) string {
	body := r.body
	facts := fmt.Sprintf("%s，%s在%s项目中%s%s%s。", r.date, r.name, r.place, deeds[len(r.name)%len(deeds)], objects[len(r.unit)%len(objects)], r.amount)
	facts += strings.Join(body[:min(len(body), 3+g.rng.IntN(4))], "")
	tpl := templates[i%len(templates)]
	if i/len(templates)%2 == 1 {
		tpl = g.traditional(tpl)
	}
	return fmt.Sprintf(tpl, r.unit, r.post, r.name, facts)
}

// merge is one letter with two earlier reports in it.
func (g *gen) merge(a, b letter) string {
	return "现将此前反映的两件事一并反映如下：\n一、" + a.text + "\n二、" + b.text
}

var (
	greetings = []string{"尊敬的领导：\n您好！", "尊敬的纪委监委领导：", "各位领导：你们好！", "尊敬的信访室同志："}
	closings  = []string{"\n此致\n敬礼！\n一名知情群众\n2026年11月", "\n恳请组织上认真调查，还群众一个公道！", "\n以上反映情况属实，望尽快查处。举报人：一名党员", "\n谢谢！"}
)

// resubmit changes r the way kind says a re-submission differs.
func (g *gen) resubmit(kind string, r letter) string {
	rng := g.rng
	switch kind {
	case "reordered": // paragraphs and sentences shuffled
		parts := splitSentences(r.text)
		rng.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
		var b strings.Builder
		for i, p := range parts {
			if i%5 == 4 {
				b.WriteString("\n")
			}
			b.WriteString(p)
		}
		return b.String()
	case "numerals":
		s := r.text
		s = strings.ReplaceAll(s, r.amount, []string{chineseAmount(r.amount), chineseAmount(r.amount), yuan(r.amount), capitalAmount(r.amount)}[rng.IntN(4)])
		s = strings.ReplaceAll(s, r.date, []string{dotDate(r.date), chineseDate(r.date)}[rng.IntN(2)])
		return s
	case "masked":
		mask := []string{string([]rune(r.name)[:1]) + "某", string([]rune(r.name)[:1]) + "某某", initial(r.name) + "某"}[rng.IntN(3)]
		return strings.ReplaceAll(r.text, r.name, mask)
	case "homophone": // a character in twenty typed by pinyin and the wrong one picked
		return g.replaceChars(r.text, 20, func(c rune) rune {
			if h := g.homo[c]; len(h) > 1 {
				return h[rng.IntN(len(h))]
			}
			return c
		})
	case "ocr": // confusable characters, and now and then a character misread as any other
		conf := map[rune][]rune{}
		for _, set := range []string{"己已巳", "未末", "戊戌戍", "曰日", "人入八", "土士", "干千于", "天夭", "大太犬", "贝见", "买卖", "折拆", "候侯", "即既", "免兔", "鸟乌", "今令", "刀力", "田由甲申", "午牛", "拔拨", "特持", "侍待"} {
			for _, c := range set {
				conf[c] = []rune(set)
			}
		}
		s := g.replaceChars(r.text, 2, func(c rune) rune {
			if h := conf[c]; h != nil {
				return h[rng.IntN(len(h))]
			}
			return c
		})
		return g.replaceChars(s, 120, func(rune) rune { return rune(0x4E00 + rng.IntN(0x51A5)) })
	case "excerpt": // a run of a third to two thirds of the sentences
		parts := splitSentences(r.text)
		n := max(2, len(parts)*(33+rng.IntN(34))/100)
		at := rng.IntN(len(parts) - min(n, len(parts)) + 1)
		return strings.Join(parts[at:min(len(parts), at+n)], "")
	case "extended": // a third to all of it again of new text
		var b strings.Builder
		b.WriteString(r.text)
		want := len([]rune(r.text)) * (33 + rng.IntN(67)) / 100
		for n := 0; n < want; {
			s := g.sentence()
			b.WriteString(s)
			n += len([]rune(s))
		}
		return b.String()
	case "framed":
		return greetings[rng.IntN(len(greetings))] + "\n" + r.text + closings[rng.IntN(len(closings))]
	case "traditional":
		return g.traditional(r.text)
	case "trimmed": // a tenth to a quarter of the sentences left out
		parts := splitSentences(r.text)
		drop := max(1, len(parts)*(10+rng.IntN(16))/100)
		for range drop {
			if len(parts) > 2 {
				i := rng.IntN(len(parts))
				parts = append(parts[:i], parts[i+1:]...)
			}
		}
		return strings.Join(parts, "")
	case "edited": // retyped a month later: a few characters changed, a sentence out, one in
		s := g.replaceChars(r.text, 60, func(rune) rune { return []rune("的了是在有和")[rng.IntN(6)] })
		parts := splitSentences(s)
		if len(parts) > 4 {
			i := 1 + rng.IntN(len(parts)-2)
			parts = append(parts[:i], parts[i+1:]...)
		}
		i := rng.IntN(len(parts) + 1)
		parts = append(parts[:i], append([]string{"此事群众反映强烈，希望组织上高度重视。"}, parts[i:]...)...)
		return strings.Join(parts, "")
	}
	panic(fmt.Sprint("unknown kind ", kind))
}

func (g *gen) traditional(s string) string {
	return strings.Map(func(r rune) rune {
		if x, ok := g.trad[r]; ok {
			return x
		}
		return r
	}, s)
}

// replaceChars replaces about one Chinese character in every of them by swap's choice.
func (g *gen) replaceChars(s string, every int, swap func(rune) rune) string {
	rs := []rune(s)
	for i, c := range rs {
		if unicode.Is(unicode.Han, c) && g.rng.IntN(every) == 0 {
			rs[i] = swap(c)
		}
	}
	return string(rs)
}

var hanDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
var capDigits = []string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}

// chineseAmount writes "23万元" as "二十三万元" (两 for a lone 2).
func chineseAmount(a string) string {
	var n int
	fmt.Sscanf(a, "%d万元", &n)
	return chineseNumber(n, hanDigits, "十") + "万元"
}

func capitalAmount(a string) string {
	var n int
	fmt.Sscanf(a, "%d万元", &n)
	return chineseNumber(n, capDigits, "拾") + "万元"
}

func chineseNumber(n int, digits []string, ten string) string {
	switch {
	case n == 2 && digits[1] == "一":
		return "两"
	case n < 10:
		return digits[n]
	case n < 20:
		return ten + strings.TrimPrefix(digits[n%10], digits[0])
	}
	s := digits[n/10] + ten
	if n%10 != 0 {
		s += digits[n%10]
	}
	return s
}

func yuan(a string) string {
	var n int
	fmt.Sscanf(a, "%d万元", &n)
	return fmt.Sprintf("%d元", n*10000)
}

func dotDate(d string) string {
	var y, m int
	fmt.Sscanf(d, "%d年%d月", &y, &m)
	return fmt.Sprintf("%d.%d", y, m)
}

func chineseDate(d string) string {
	var y, m int
	fmt.Sscanf(d, "%d年%d月", &y, &m)
	var b strings.Builder
	for _, c := range fmt.Sprint(y) {
		b.WriteString([]string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}[c-'0'])
	}
	return b.String() + "年" + chineseNumber(m, hanDigits, "十") + "月"
}

// initial is the first letter of a surname's pinyin, as a masked name writes it (Z某).
func initial(name string) string {
	in := map[rune]string{'王': "W", '李': "L", '张': "Z", '刘': "L", '陈': "C", '杨': "Y", '黄': "H", '赵': "Z", '吴': "W", '周': "Z", '徐': "X", '孙': "S", '马': "M", '朱': "Z", '胡': "H", '郭': "G", '何': "H", '高': "G", '林': "L", '罗': "L", '郑': "Z", '梁': "L", '谢': "X", '宋': "S", '唐': "T", '许': "X", '韩': "H", '冯': "F", '邓': "D", '曹': "C", '彭': "P", '曾': "Z", '肖': "X", '田': "T", '董': "D", '袁': "Y", '潘': "P"}
	return in[[]rune(name)[0]]
}

// splitSentences splits after sentence-ending punctuation and at line breaks, keeping the
// punctuation.
func splitSentences(text string) []string {
	var out []string
	var b strings.Builder
	for _, r := range text {
		if r == '\n' {
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
			continue
		}
		b.WriteRune(r)
		if strings.ContainsRune("。！？；!?;", r) {
			out = append(out, b.String())
			b.Reset()
		}
	}
	if strings.TrimSpace(b.String()) != "" {
		out = append(out, b.String())
	}
	return out
}

func han(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
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
		if han(line) < 8 || strings.Contains(line, "中文") || strings.Contains(line, "手册页") || strings.Contains(line, "译") {
			continue
		}
		out = append(out, line)
	}
	return out
}

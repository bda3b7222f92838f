package dedup

import (
	"slices"
	"strings"

	"custos/internal/textnorm"
)

// Explanation is what the report page shows of a suspected duplicate: the two texts aligned
// sentence by sentence with the differing characters marked, the content overlap and the counts
// it was computed from, and the kinds of difference found.
type Explanation struct {
	Score   float64 // content overlap (内容重合度)
	Shared  int     // shingles the two texts share
	Shorter int     // shingles of the shorter text
	Rows    []Row   // in the order of text a; sentences only in b after those of a
	Kinds   []string
}

// Row is a sentence of a and its counterpart in b; one side is empty when the sentence has
// none.
type Row struct {
	A, B []Span
}

// Span is a run of source text, marked when it differs from the other side.
type Span struct {
	Text    string
	Differs bool
}

// The kinds of difference an explanation names.
const (
	KindOrder       = "语序调整"
	KindNumerals    = "数字写法"
	KindScript      = "繁简"
	KindSound       = "同音字或形近字"
	KindMasked      = "姓名隐去"
	KindExcerpt     = "摘录"
	KindExtended    = "增补或合并"
	KindFrame       = "称谓落款"
	KindEdited      = "文字改动"
	KindPunctuation = "标点空格"
)

// sentence is one sentence of a text with its matching key.
type sentence struct {
	text   string
	toks   []textnorm.Token // spans relative to text
	shingl map[uint64]bool
}

// Explain aligns a (the report) with b (the earlier one) and names their differences.
func (e *Engine) Explain(a, b string) Explanation {
	da, db := e.Prepare(a), e.Prepare(b)
	x := Explanation{Shared: Shared(da, db), Shorter: min(len(da.Shingles), len(db.Shingles))}
	x.Score = Overlap(da, db, x.Shared)
	sa, sb := e.sentences(a), e.sentences(b)
	// pair each sentence of a with the unused sentence of b it overlaps most, best pairs first
	type cand struct {
		i, j int
		s    float64
	}
	var cands []cand
	for i := range sa {
		for j := range sb {
			if s := sentenceOverlap(sa[i], sb[j]); s >= 0.3 {
				cands = append(cands, cand{i, j, s})
			}
		}
	}
	slices.SortStableFunc(cands, func(p, q cand) int {
		switch {
		case p.s > q.s:
			return -1
		case p.s < q.s:
			return 1
		}
		return 0
	})
	match := make([]int, len(sa))
	for i := range match {
		match[i] = -1
	}
	usedB := make([]bool, len(sb))
	for _, c := range cands {
		if match[c.i] < 0 && !usedB[c.j] {
			match[c.i], usedB[c.j] = c.j, true
		}
	}
	kinds := map[string]bool{}
	lastJ := -1
	for i, s := range sa {
		j := match[i]
		if j < 0 {
			x.Rows = append(x.Rows, Row{A: []Span{{Text: s.text, Differs: true}}})
			continue
		}
		if j < lastJ {
			kinds[KindOrder] = true
		}
		lastJ = j
		ra, rb := e.alignSentences(s, sb[j], kinds)
		x.Rows = append(x.Rows, Row{A: ra, B: rb})
	}
	for j, s := range sb {
		if !usedB[j] {
			x.Rows = append(x.Rows, Row{B: []Span{{Text: s.text, Differs: true}}})
		}
	}
	// what the unmatched sentences say: a frame, an excerpt, an addition, an edit
	onlyA, onlyB := unmatched(x.Rows)
	la, lb := len(da.Shingles), len(db.Shingles)
	switch {
	case x.Score >= 0.8 && la < lb*7/10:
		kinds[KindExcerpt] = true
	case x.Score >= 0.8 && lb < la*7/10:
		kinds[KindExtended] = true
	}
	for _, s := range append(onlyA, onlyB...) {
		if isFrame(s) {
			kinds[KindFrame] = true
		} else if !kinds[KindExcerpt] && !kinds[KindExtended] {
			kinds[KindEdited] = true
		}
	}
	for _, k := range []string{KindOrder, KindNumerals, KindScript, KindSound, KindMasked, KindExcerpt, KindExtended, KindFrame, KindEdited, KindPunctuation} {
		if kinds[k] {
			x.Kinds = append(x.Kinds, k)
		}
	}
	return x
}

// frameWords mark a salutation or a closing.
var frameWords = []string{"尊敬", "领导", "您好", "你们好", "此致", "敬礼", "谢谢", "举报人", "知情群众"}

func isFrame(s string) bool {
	if len([]rune(s)) > 40 {
		return false
	}
	for _, w := range frameWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func unmatched(rows []Row) (onlyA, onlyB []string) {
	for _, r := range rows {
		switch {
		case len(r.B) == 0 && len(r.A) > 0:
			onlyA = append(onlyA, r.A[0].Text)
		case len(r.A) == 0 && len(r.B) > 0:
			onlyB = append(onlyB, r.B[0].Text)
		}
	}
	return onlyA, onlyB
}

// sentences splits text into sentences with their matching keys.
func (e *Engine) sentences(text string) []sentence {
	var out []sentence
	for _, s := range splitKeep(text) {
		toks := e.fold.Tokens(nil, s)
		if len(toks) == 0 {
			continue
		}
		sh := map[uint64]bool{uint64(toks[0].Key): true}
		for i := 1; i < len(toks); i++ { // character pairs
			sh[uint64(toks[i-1].Key)<<21|uint64(toks[i].Key)] = true
		}
		out = append(out, sentence{text: s, toks: toks, shingl: sh})
	}
	return out
}

// sentenceOverlap is the share of the shorter sentence's character pairs the other has.
func sentenceOverlap(a, b sentence) float64 {
	small, large := a.shingl, b.shingl
	if len(small) > len(large) {
		small, large = large, small
	}
	both := 0
	for k := range small {
		if large[k] {
			both++
		}
	}
	return float64(both) / float64(max(1, len(small)))
}

// alignSentences marks the characters of two paired sentences that differ: the longest common
// subsequence of their matching keys is the same text; the rest is marked. Where the keys agree
// but the source characters do not, the difference is named (numerals, script, homophones,
// masked names) and not marked.
func (e *Engine) alignSentences(a, b sentence, kinds map[string]bool) ([]Span, []Span) {
	n, m := len(a.toks), len(b.toks)
	// lcs[i][j] over suffixes
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a.toks[i].Key == b.toks[j].Key {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	sameA, sameB := make([]bool, n), make([]bool, m)
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a.toks[i].Key == b.toks[j].Key:
			sameA[i], sameB[j] = true, true
			sa, sb := a.text[a.toks[i].From:a.toks[i].To], b.text[b.toks[j].From:b.toks[j].To]
			if sa != sb {
				kinds[e.nameDifference(a.toks[i].Key, sa, sb)] = true
			}
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			j++
		}
	}
	for _, side := range []struct {
		toks []textnorm.Token
		same []bool
	}{{a.toks, sameA}, {b.toks, sameB}} {
		for i, t := range side.toks {
			if !side.same[i] {
				if t.Key == textnorm.Slot {
					kinds[KindMasked] = true
				} else {
					kinds[KindEdited] = true
				}
			}
		}
	}
	return spans(a, sameA), spans(b, sameB)
}

// nameDifference names why two source runs with the same key differ.
func (e *Engine) nameDifference(key rune, a, b string) string {
	switch {
	case key == textnorm.Slot && (strings.ContainsRune(a, '某') || strings.ContainsRune(b, '某')):
		return KindMasked
	case e.fold.Normalize(e.fold.Simplified(a)) == e.fold.Normalize(e.fold.Simplified(b)):
		if e.fold.Simplified(a) != a || e.fold.Simplified(b) != b {
			return KindScript
		}
		return KindPunctuation
	case strings.ContainsAny(a+b, "0123456789０１２３４５６７８９〇零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟.．-"):
		return KindNumerals
	}
	return KindSound
}

// spans cuts a sentence into runs of same and differing source text; characters outside any
// token (punctuation, spaces) go with the run before them.
func spans(s sentence, same []bool) []Span {
	var out []Span
	add := func(text string, differs bool) {
		if text == "" {
			return
		}
		if len(out) > 0 && out[len(out)-1].Differs == differs {
			out[len(out)-1].Text += text
			return
		}
		out = append(out, Span{Text: text, Differs: differs})
	}
	at := 0
	for i, t := range s.toks {
		if t.From < at { // a number's tokens share one span
			continue
		}
		differs := !same[i]
		// a number or name differs if any of its tokens does
		for k := i + 1; k < len(s.toks) && s.toks[k].From == t.From; k++ {
			differs = differs || !same[k]
		}
		add(s.text[at:t.From], false)
		add(s.text[t.From:t.To], differs)
		at = t.To
	}
	add(s.text[at:], false)
	return out
}

// splitKeep splits text into sentences after sentence-ending punctuation and at line breaks,
// keeping the punctuation.
func splitKeep(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if s := strings.TrimSpace(b.String()); s != "" {
			out = append(out, s)
		}
		b.Reset()
	}
	for _, r := range text {
		if r == '\n' || r == '\r' {
			flush()
			continue
		}
		b.WriteRune(r)
		if strings.ContainsRune("。！？；!?;…", r) {
			flush()
		}
	}
	flush()
	return out
}

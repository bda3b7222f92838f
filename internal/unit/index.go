package unit

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"custos/internal/org"
	"custos/internal/textnorm"
)

// Index matches names against a set of commissions. Build one with NewIndex; it is read-only
// afterwards and may be shared by the rows of an import.
type Index struct {
	fold    *textnorm.Folder
	units   []entry
	byID    map[int64]int
	byCode  map[string]int
	byName  map[string][]int // folded registered name → units
	byPlace map[string][]int // place and short place → units
}

type entry struct {
	c          org.Commission
	resolvable bool     // in scope (ancestors of the scope's root only qualify names)
	place      string   // folded place (南明区)
	shorts     []string // 南明; 黔东南, 黔东南州
}

// NewIndex indexes the commissions cs. Those with inScope false are not results, but their
// names qualify their descendants' (a county user writing 贵阳市南明区纪委). Every commission's
// parent that qualifies names must be in cs.
func NewIndex(cs []org.Commission, inScope func(org.Commission) bool) *Index {
	x := &Index{fold: textnorm.New(), byID: map[int64]int{}, byCode: map[string]int{}, byName: map[string][]int{}, byPlace: map[string][]int{}}
	for i, c := range cs {
		e := entry{c: c, resolvable: inScope(c)}
		e.place = place(x.fold.Normalize(c.Name))
		e.shorts = shorts(e.place)
		x.units = append(x.units, e)
		x.byID[c.ID] = i
		if !e.resolvable {
			continue
		}
		x.byCode[c.Code] = i
		x.byName[x.fold.Normalize(c.Name)] = append(x.byName[x.fold.Normalize(c.Name)], i)
		x.byPlace[e.place] = append(x.byPlace[e.place], i)
		for _, sh := range e.shorts {
			x.byPlace[sh] = append(x.byPlace[sh], i)
		}
	}
	return x
}

// Result is what a name resolves to: one commission, or a Chinese reason naming the
// candidates (ambiguous) or the closest names (unknown).
type Result struct {
	Commission org.Commission
	OK         bool
	Candidates []org.Commission // more than one fits
	Closest    []org.Commission // none fits: the nearest names
	Problem    string           // the reason, for a row error; "" when OK
}

// Resolve finds the commission that code or, when code is empty, name means. A name made of
// digits is taken as a code.
func (x *Index) Resolve(code, name string) Result {
	code, name = strings.TrimSpace(code), strings.TrimSpace(name)
	if code == "" && name != "" && strings.Trim(name, "0123456789") == "" {
		code = name
	}
	if code != "" {
		if i, ok := x.byCode[code]; ok {
			return Result{Commission: x.units[i].c, OK: true}
		}
		return Result{Problem: fmt.Sprintf("机构代码 %s 不存在或不在您的管理范围内", code)}
	}
	if name == "" {
		return Result{Problem: "请填写所属机构代码或所属机构"}
	}
	found := x.match(name)
	switch len(found) {
	case 1:
		return Result{Commission: x.units[found[0]].c, OK: true}
	case 0:
		r := Result{Closest: x.closest(name, 3)}
		r.Problem = fmt.Sprintf("机构“%s”不存在或不在您的管理范围内", name)
		if len(r.Closest) > 0 {
			r.Problem += "。您是否指：" + x.names(r.Closest) + "？"
		}
		return r
	}
	r := Result{}
	for _, i := range found {
		r.Candidates = append(r.Candidates, x.units[i].c)
	}
	r.Problem = fmt.Sprintf("机构名称“%s”对应 %d 个机构：%s；请写明上级机构或填写所属机构代码", name, len(found), x.names(r.Candidates))
	return r
}

// match returns the units name fits, best tier only: the registered name, then a place with
// its qualifying ancestors, then a short place.
func (x *Index) match(name string) []int {
	folded := x.fold.Normalize(name)
	if found := x.byName[folded]; len(found) > 0 {
		return found
	}
	qp := place(folded)
	var full, shortOnly []int
	for i := range qp { // every suffix of the place, at rune boundaries
		for _, u := range x.byPlace[qp[i:]] {
			e := x.units[u]
			if !x.qualifies(qp[:i], e) {
				continue
			}
			if e.place == qp[i:] {
				full = appendNew(full, u)
			} else {
				shortOnly = appendNew(shortOnly, u)
			}
		}
	}
	if len(full) > 0 {
		return full
	}
	return shortOnly
}

// qualifies reports whether prefix is made of e's ancestors' places (full or short), nearest
// last, each at most once: 贵州省贵阳市, 贵阳, 贵州 before 南明区.
func (x *Index) qualifies(prefix string, e entry) bool {
	for parent := e.c.ParentID; prefix != "" && parent != 0; {
		i, ok := x.byID[parent]
		if !ok {
			return false
		}
		a := x.units[i]
		for _, p := range append([]string{a.place}, a.shorts...) {
			if rest, ok := strings.CutSuffix(prefix, p); ok {
				prefix = rest
				break
			}
		}
		parent = a.c.ParentID
	}
	return prefix == ""
}

func appendNew(s []int, v int) []int {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// Qualified is a commission's name with its parent's place in front when the name does not
// already carry it (贵阳市南明区纪委监委), and its code: how candidates are told apart.
func (x *Index) Qualified(c org.Commission) string {
	n := c.Name
	if i, ok := x.byID[c.ParentID]; ok {
		if pp := x.units[i].place; pp != "" && !strings.HasPrefix(n, pp) && x.units[i].c.ParentID != 0 {
			n = pp + n
		}
	}
	return n + "（" + c.Code + "）"
}

func (x *Index) names(cs []org.Commission) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = x.Qualified(c)
	}
	return strings.Join(out, "、")
}

// closest returns up to n resolvable commissions whose qualified places share the most
// character pairs with name's place (Dice coefficient over bigrams), best first, none scoring
// below half the best.
func (x *Index) closest(name string, n int) []org.Commission {
	q := bigrams(place(x.fold.Normalize(name)))
	if len(q) == 0 {
		return nil
	}
	type scored struct {
		i     int
		score float64
	}
	var all []scored
	for i, e := range x.units {
		if !e.resolvable {
			continue
		}
		full := e.place
		if p, ok := x.byID[e.c.ParentID]; ok {
			full = x.units[p].place + full
		}
		b := bigrams(full)
		common := 0
		for g := range q {
			if b[g] {
				common++
			}
		}
		if common > 0 {
			all = append(all, scored{i, 2 * float64(common) / float64(len(q)+len(b))})
		}
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].score > all[b].score })
	var out []org.Commission
	for _, s := range all[:min(n, len(all))] {
		if s.score < all[0].score/2 {
			break
		}
		out = append(out, x.units[s.i].c)
	}
	return out
}

func bigrams(s string) map[string]bool {
	m := map[string]bool{}
	prev := -1
	for i := range s {
		if prev >= 0 {
			m[s[prev:i]] = true
		}
		prev = i
	}
	if prev >= 0 && utf8.RuneCountInString(s) > 1 {
		m[s[prev:]+"$"] = true // the last character, so one-pair names still score
	}
	return m
}

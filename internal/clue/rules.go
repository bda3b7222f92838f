// Package clue holds the rules of problem clues and their disposal (问题线索, C3–C6, domain
// §3.2–3.3) that the article is proudest of: at most two talk or letter inquiries per person
// per calendar year, and spot checks drawn so that at least a share of concluded inquiries is
// verified, key-minority subjects first, reproducibly from a recorded seed. The rules here are
// pure; the clue workflow's store and screens build on them.
package clue

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// Ref is what the rules need of an inquiry (谈话函询).
type Ref struct {
	ID          int64
	Number      string // the clue's number, for messages
	CadreID     int64
	Started     string // YYYY-MM-DD: when it was approved and began
	KeyMinority bool   // the subject is one of the key minority (关键少数)
}

// Limit is the local rule's ceiling: inquiries per person per calendar year (2).
type Limit struct {
	PerYear int
}

// Check refuses a new inquiry about cadre name starting on date when earlier ones in the same
// calendar year already reach the limit; the message names them. earlier are that person's
// inquiries (any year).
func (l Limit) Check(name, date string, earlier []Ref) error {
	if l.PerYear <= 0 {
		l.PerYear = 2
	}
	year := date[:4]
	var same []Ref
	for _, q := range earlier {
		if strings.HasPrefix(q.Started, year) {
			same = append(same, q)
		}
	}
	if len(same) < l.PerYear {
		return nil
	}
	slices.SortFunc(same, func(a, b Ref) int { return strings.Compare(a.Started, b.Started) })
	var named []string
	for _, q := range same {
		named = append(named, fmt.Sprintf("%s（线索 %s）", q.Started, q.Number))
	}
	return fmt.Errorf("%s 年已对 %s 谈话函询 %d 次：%s。按规定每人每年至多 %d 次，不能再次谈话函询；确需进行的，须经上级批准", year, name,
		len(same), strings.Join(named, "、"), l.PerYear)
}

// Draw selects the concluded inquiries to spot-check: at least share of them (rounded up),
// every key-minority subject's first, the rest in an order fixed by seed — anyone with the same
// pool and seed gets the same selection. The result is in selection order.
func Draw(pool []Ref, share float64, seed uint64) []Ref {
	if len(pool) == 0 || share <= 0 {
		return nil
	}
	n := int(math.Ceil(share * float64(len(pool))))
	sorted := slices.Clone(pool)
	slices.SortFunc(sorted, func(a, b Ref) int { // a canonical order, whatever order the pool came in
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	var key, rest []Ref
	for _, q := range sorted {
		if q.KeyMinority {
			key = append(key, q)
		} else {
			rest = append(rest, q)
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	rng.Shuffle(len(key), func(i, j int) { key[i], key[j] = key[j], key[i] })
	rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })
	ordered := append(key, rest...)
	if n < len(key) {
		n = len(key) // key-minority subjects are always checked
	}
	return ordered[:min(n, len(ordered))]
}

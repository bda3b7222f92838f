package dedup

import (
	"runtime"
	"slices"
	"sync"
)

// Pair is two texts judged the same report re-submitted: positions A < B and their content
// overlap.
type Pair struct {
	A, B  int
	Score float64
}

// BoilerplateLimit is the number of texts of a batch of n above which a shingle they all contain
// is boilerplate — a standard complaint form's wording, a salutation everyone uses — and is left
// out of the comparison: ten, or one text in four hundred of a larger batch. A template letter
// filled with other facts then shares only its facts, and a re-submission of it still shares
// everything it repeats.
func BoilerplateLimit(n int) int { return max(10, n/400) }

// Pairs compares every text with those before it and returns every pair whose content overlap
// reaches threshold, ordered by B then A. Texts are prepared once (on every core), shingles
// more than BoilerplateLimit texts contain are dropped, and candidates come from the key index,
// so the work grows with the number of texts, not its square.
func (e *Engine) Pairs(texts []string, threshold float64) []Pair {
	docs := e.prepareAll(texts)
	Unboilerplate(docs, BoilerplateLimit(len(docs)))
	ix := NewIndex(len(texts))
	var out []Pair
	for i, d := range docs {
		for _, m := range ix.Similar(d, threshold) {
			out = append(out, Pair{A: m.Pos, B: i, Score: m.Score})
		}
		ix.Add(d)
	}
	return out
}

// prepareAll prepares texts on every core.
func (e *Engine) prepareAll(texts []string) []Doc {
	docs := make([]Doc, len(texts))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(texts); i += workers {
				docs[i] = e.Prepare(texts[i])
			}
		}()
	}
	wg.Wait()
	return docs
}

// Unboilerplate drops from every document the shingles that more than limit of them contain.
func Unboilerplate(docs []Doc, limit int) {
	total := 0
	for _, d := range docs {
		total += len(d.Shingles)
	}
	all := make([]uint64, 0, total)
	for _, d := range docs {
		all = append(all, d.Shingles...)
	}
	slices.Sort(all)
	common := map[uint64]bool{}
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j] == all[i] {
			j++
		}
		if j-i > limit {
			common[all[i]] = true
		}
		i = j
	}
	if len(common) == 0 {
		return
	}
	for i, d := range docs {
		kept := d.Shingles[:0:0]
		for _, s := range d.Shingles {
			if !common[s] {
				kept = append(kept, s)
			}
		}
		if len(kept) < len(d.Shingles) {
			end, _ := slices.BinarySearch(kept, keyLimit)
			docs[i].Shingles, docs[i].Keys = kept, kept[:end:end]
		}
	}
}

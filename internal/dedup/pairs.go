package dedup

// Pair is two texts judged the same report re-submitted: positions A < B and their score.
type Pair struct {
	A, B  int
	Score float64
}

// Pairs compares every text with those before it and returns every pair whose similarity
// reaches threshold, ordered by B then A. Texts are prepared once; candidates come from the
// band index, so the work grows with the number of texts, not its square.
func (e *Engine) Pairs(texts []string, threshold float64) []Pair {
	ix := NewIndex(len(texts))
	var out []Pair
	for i, t := range texts {
		d := e.Prepare(t)
		for _, m := range ix.Similar(d, threshold) {
			out = append(out, Pair{A: m.Pos, B: i, Score: m.Score})
		}
		ix.Add(d)
	}
	return out
}

package dedup

import "math"

// Floor is the recall floor of candidate generation: a pair whose content overlap reaches the
// threshold is scored with at least this probability.
const Floor = 0.99

// Floors holds, for a threshold, the fewest shared keys a pair must show to be scored (Need), by
// the shingle count of its shorter text; computed once per threshold.
type Floors struct {
	threshold float64
	need      []int32 // by shorter text's shingle count; the last entry for all longer
}

// Need returns the fewest index keys two documents must share to be scored at threshold t, when
// the shorter has m shingles: the largest c such that a pair sharing exactly the fewest shingles
// the threshold allows, n = max(MinShared, ⌈t·m⌉), shows fewer than c keys with probability at
// most (1−Floor)/2. Each shared shingle is a key independently with probability 1/SampleRate, so the
// number of shared keys is binomial(n, 1/SampleRate); a pair sharing more shingles shows more
// keys, so every pair at or above the threshold is scored with probability ≥ Floor.
func Need(m int, t float64) int {
	n := max(MinShared, int(math.Ceil(t*float64(m)-1e-9)))
	p := 1.0 / SampleRate
	// cumulative binomial from below
	pmf := math.Pow(1-p, float64(n))
	cdf := 0.0
	for c := 0; c <= n; c++ {
		if cdf+pmf > (1-Floor)/2 { // half the allowed misses: a margin over the floor
			return max(1, c)
		}
		cdf += pmf
		pmf *= float64(n-c) / float64(c+1) * p / (1 - p)
	}
	return max(1, n)
}

// NewFloors tabulates Need at threshold t.
func NewFloors(t float64) *Floors {
	const upto = 4096
	ft := &Floors{threshold: t, need: make([]int32, upto+1)}
	for m := range ft.need {
		ft.need[m] = int32(Need(m, t))
	}
	return ft
}

// Need is Need(m, threshold).
func (ft *Floors) Need(m int) int {
	if m < len(ft.need) {
		return int(ft.need[m])
	}
	return Need(m, ft.threshold)
}

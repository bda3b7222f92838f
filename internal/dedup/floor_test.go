package dedup_test

import (
	"math/rand/v2"
	"testing"

	"custos/internal/dedup"
)

// floorProbes is how many pairs TestRecallFloor generates (fewer under the race detector).
func floorProbes() int {
	if raceDetector {
		return 1000
	}
	return 2000
}

// TestRecallFloor proves the stated floor on generated pairs at the threshold: texts of random
// characters, each with a partner sharing just enough of it that their content overlap is at
// the default threshold (within 0.02 above it), of every length from 40 to 1,500 characters,
// with as many unrelated texts in the index. At least 99 % of the pairs must be found.
func TestRecallFloor(t *testing.T) {
	e := dedup.New()
	rng := rand.New(rand.NewPCG(3, 5))
	randomText := func(n int) []rune {
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = rune(0x4E00 + rng.IntN(0x51A5))
		}
		return rs
	}
	ix := dedup.NewIndex(8000)
	type probe struct {
		doc dedup.Doc
		pos int
	}
	var probes []probe
	for len(probes) < floorProbes() {
		n := 40 + rng.IntN(1460)
		a := randomText(n)
		// the partner keeps a run of a and is filled up with new text to the same length
		keep := int(dedup.DefaultThreshold*float64(n-2)) + 2 + rng.IntN(2)
		at := rng.IntN(n - keep + 1)
		b := append(append(randomText(at), a[at:at+keep]...), randomText(n-keep-at)...)
		da, db := e.Prepare(string(a)), e.Prepare(string(b))
		s := dedup.Score(da, db)
		if s < dedup.DefaultThreshold || s >= dedup.DefaultThreshold+0.02 {
			continue
		}
		probes = append(probes, probe{db, ix.Add(da)})
		ix.Add(e.Prepare(string(randomText(n)))) // an unrelated text beside it
	}
	found := 0
	for _, p := range probes {
		for _, m := range ix.Similar(p.doc, dedup.DefaultThreshold) {
			if m.Pos == p.pos {
				found++
			}
		}
	}
	rate := float64(found) / float64(len(probes))
	t.Logf("pairs at the threshold %.2f found: %d of %d (%.4f), floor %.2f", dedup.DefaultThreshold, found, len(probes), rate, dedup.Floor)
	if rate < dedup.Floor {
		t.Errorf("recall at the threshold %.4f < %.2f", rate, dedup.Floor)
	}
}

// TestNeed: the fewest shared keys grows with the shorter text and never exceeds what a pair
// at the threshold shows on average.
func TestNeed(t *testing.T) {
	prev := 0
	for _, m := range []int{1, 30, 60, 100, 300, 1000, 3000} {
		n := dedup.Need(m, dedup.DefaultThreshold)
		if n < 1 || n < prev || float64(n) > max(dedup.MinShared, dedup.DefaultThreshold*float64(m))/dedup.SampleRate {
			t.Errorf("Need(%d) = %d (previous %d)", m, n, prev)
		}
		prev = n
	}
}

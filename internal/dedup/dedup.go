// Package dedup finds reports that repeat an earlier one (重复检举控告, C2). Each text is turned
// into its matching key (package textnorm: script, width, punctuation, numerals, masked names,
// confusable characters and homophones folded), cut into overlapping shingles of ShingleSize
// characters, and a fixed sample of the shingles — those whose hash falls in the lowest
// 1/SampleRate of the range — is its set of index keys. Two texts that share a shingle share
// it as a key with probability 1/SampleRate, independently for each shingle, so a pair sharing
// n shingles shares at least one key with probability 1−(1−1/SampleRate)^n: the recall floor
// (see Floor). Candidates found by keys are scored by their content overlap (Score), the share of
// the shorter text's shingles that the other text has too. Pure: the store of keys lives with the
// reports.
package dedup

import (
	"slices"

	"custos/internal/textnorm"
)

// The scheme's constants. Changing them, or the matching key of package textnorm, changes every
// stored key: Scheme must then be raised, and stored reports are re-keyed (report.Rekey).
const (
	ShingleSize = 3 // characters per shingle
	SampleRate  = 4 // one shingle in SampleRate is an index key
	// MinShared is the fewest shingles two texts must share to be judged one report: about
	// twenty characters of common text. Below it a pair is never a duplicate.
	MinShared = 20
	// Scheme numbers the key scheme (shingles, sample, matching key); stored keys of an older
	// scheme are rebuilt.
	Scheme = 2
)

// DefaultThreshold is the content overlap (内容重合度, Score) from which two reports are judged
// the same report re-submitted — the setting of the registration page and of
// `custos reports similar`.
const DefaultThreshold = 0.5

// Doc is a text prepared for comparison.
type Doc struct {
	Shingles []uint64 // the shingle hashes, sorted, unique
	Keys     []uint64 // the sampled shingles, sorted: the index keys
	Length   int      // characters of the matching key
}

// Engine prepares documents; it is safe for concurrent use.
type Engine struct {
	fold *textnorm.Folder
}

// New returns an Engine.
func New() *Engine { return &Engine{fold: textnorm.New()} }

// Folder returns the normaliser the engine uses.
func (e *Engine) Folder() *textnorm.Folder { return e.fold }

// keyLimit is the hash below which a shingle is a key.
const keyLimit = ^uint64(0) / SampleRate

// Prepare computes text's matching key, shingles and index keys.
func (e *Engine) Prepare(text string) Doc {
	runes := e.fold.Key(make([]rune, 0, len(text)/3), text)
	d := Doc{Length: len(runes)}
	if len(runes) == 0 {
		return d
	}
	n := max(1, len(runes)-ShingleSize+1)
	d.Shingles = make([]uint64, 0, n)
	for i := 0; i < n; i++ {
		var k uint64
		for j := i; j < i+ShingleSize && j < len(runes); j++ {
			k = k<<21 | uint64(runes[j])
		}
		d.Shingles = append(d.Shingles, mix(k))
	}
	slices.Sort(d.Shingles)
	d.Shingles = slices.Compact(d.Shingles)
	// sorted, so the keys are a prefix
	end, _ := slices.BinarySearch(d.Shingles, keyLimit)
	d.Keys = d.Shingles[:end:end]
	return d
}

// Shared is the number of shingles two documents have in common.
func Shared(a, b Doc) int {
	i, j, both := 0, 0, 0
	for i < len(a.Shingles) && j < len(b.Shingles) {
		switch {
		case a.Shingles[i] == b.Shingles[j]:
			both++
			i++
			j++
		case a.Shingles[i] < b.Shingles[j]:
			i++
		default:
			j++
		}
	}
	return both
}

// Overlap is the content overlap of two documents sharing shared shingles: the share of the
// shorter one's shingles that the other has — 1 for an excerpt of a longer text, ½ or more for
// each of two texts merged into one, the Jaccard resemblance or more for texts of equal length.
// 0 when they share fewer than MinShared shingles.
func Overlap(a, b Doc, shared int) float64 {
	if shared < MinShared {
		return 0
	}
	return float64(shared) / float64(min(len(a.Shingles), len(b.Shingles)))
}

// Score is the content overlap of two documents (内容重合度), in [0, 1].
func Score(a, b Doc) float64 { return Overlap(a, b, Shared(a, b)) }

// Similarity is the Jaccard resemblance of two documents' shingle sets, in [0, 1]: shown beside
// the overlap, not used to decide.
func Similarity(a, b Doc) float64 {
	if len(a.Shingles) == 0 || len(b.Shingles) == 0 {
		return 0
	}
	both := Shared(a, b)
	return float64(both) / float64(len(a.Shingles)+len(b.Shingles)-both)
}

// mix is SplitMix64's finaliser: a fast, well-distributed 64-bit hash of x.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

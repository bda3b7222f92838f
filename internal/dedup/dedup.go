// Package dedup finds reports that repeat an earlier one (重复检举控告, C2): each text is
// normalised (package textnorm), cut into overlapping character shingles and summarised by a
// MinHash signature; signatures are split into bands so that likely matches are found by exact
// band lookups (locality-sensitive hashing), and each candidate is then scored by the exact
// Jaccard similarity of the two shingle sets. Pure: the store of band keys lives with the
// reports.
package dedup

import (
	"slices"

	"custos/internal/textnorm"
)

// The scheme's constants. Changing them changes every stored band key: a migration must then
// recompute the keys of stored reports.
const (
	ShingleSize = 3   // characters per shingle
	Hashes      = 128 // signature length
	Bands       = 32  // band keys per document
	Rows        = Hashes / Bands
)

// DefaultThreshold is the Jaccard similarity from which two reports are judged the same report
// re-submitted — the setting of the registration page and of `custos reports similar`.
const DefaultThreshold = 0.4

// Doc is a text prepared for comparison.
type Doc struct {
	Shingles []uint64 // the shingle hashes, sorted, unique
	Sig      [Hashes]uint32
	Length   int // normalised characters
}

// Engine prepares documents; it is safe for concurrent use.
type Engine struct {
	fold *textnorm.Folder
}

// New returns an Engine.
func New() *Engine { return &Engine{fold: textnorm.New()} }

// Folder returns the normaliser the engine uses.
func (e *Engine) Folder() *textnorm.Folder { return e.fold }

// Prepare normalises text and computes its shingles and signature.
func (e *Engine) Prepare(text string) Doc {
	runes := e.fold.Runes(make([]rune, 0, len(text)/3), text)
	d := Doc{Length: len(runes)}
	if len(runes) == 0 {
		return d
	}
	n := len(runes) - ShingleSize + 1
	if n < 1 {
		n = 1
	}
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
	d.Sig = signature(d.Shingles)
	return d
}

// signature is a one-permutation MinHash: each shingle hash falls into one of Hashes bins by
// its top bits and the bin keeps the smallest low part; empty bins borrow from the next full
// bin (rotation), so short texts still get a full signature.
func signature(shingles []uint64) [Hashes]uint32 {
	var sig [Hashes]uint32
	var full [Hashes]bool
	const shift = 64 - 7 // log2(Hashes)
	for _, h := range shingles {
		bin := h >> shift
		v := uint32(h)
		if !full[bin] || v < sig[bin] {
			sig[bin], full[bin] = v, true
		}
	}
	for i := range sig {
		if full[i] {
			continue
		}
		for step := 1; step < Hashes; step++ {
			j := (i + step) % Hashes
			if full[j] {
				sig[i] = sig[j] + uint32(step)*0x9e3779b9
				break
			}
		}
	}
	return sig
}

// BandKeys returns the document's band keys: two documents that share a key are candidates.
// The band's number is part of its key, so keys of different bands never collide by design.
func (d Doc) BandKeys() [Bands]uint64 {
	var keys [Bands]uint64
	for b := range Bands {
		k := uint64(b) << 56
		for _, v := range d.Sig[b*Rows : (b+1)*Rows] {
			k = mix(k ^ uint64(v))
		}
		keys[b] = k>>8 | uint64(b)<<56 // keep the band visible in the top byte
	}
	return keys
}

// Similarity is the Jaccard similarity of two documents' shingle sets, in [0, 1].
func Similarity(a, b Doc) float64 {
	if len(a.Shingles) == 0 || len(b.Shingles) == 0 {
		return 0
	}
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
	return float64(both) / float64(len(a.Shingles)+len(b.Shingles)-both)
}

// Estimate is the share of equal signature values — an unbiased estimate of the Jaccard
// similarity, 128 comparisons instead of a merge of the shingle sets.
func Estimate(a, b Doc) float64 {
	same := 0
	for i := range a.Sig {
		if a.Sig[i] == b.Sig[i] {
			same++
		}
	}
	return float64(same) / Hashes
}

// EstimateMargin is how far below the threshold an estimate may fall and the pair still be
// scored exactly: about 4.5 standard deviations of the estimate near the threshold.
const EstimateMargin = 0.2

// mix is SplitMix64's finaliser: a fast, well-distributed 64-bit hash of x.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

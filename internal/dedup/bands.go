package dedup

// The second index: a one-permutation MinHash signature of the shingles, cut into Bands bands
// of Rows values, each band hashed to a key. Two texts of high resemblance share a band key
// with high probability (1−(1−J⁴)³² at Jaccard J: 0.87 at 0.5, 1.0 from 0.7), and a band key is
// unique to a few texts even where every shingle is common — the case where reading a bounded
// number of reports per sampled key (the platform's query) could miss the earlier report.
const (
	Hashes = 128 // signature length
	Bands  = 32  // band keys per document
	Rows   = Hashes / Bands
)

// bandTag marks band keys (top two bits set): sampled shingle keys stay below keyLimit, so the
// two kinds of key never collide.
const bandTag = uint64(0xC0) << 56

// signature is a one-permutation MinHash: each shingle hash falls into one of Hashes bins by
// its top bits and the bin keeps the smallest low part; empty bins borrow from the next full
// bin (rotation), so short texts still get a full signature.
func signature(shingles []uint64) [Hashes]uint32 {
	var sig [Hashes]uint32
	var full [Hashes]bool
	for _, h := range shingles {
		bin := mix(h) >> (64 - 7) // log2(Hashes); rehashed: the shingles' top bits pick the sample
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

// BandKeys returns the document's band keys.
func (d Doc) BandKeys() [Bands]uint64 {
	var keys [Bands]uint64
	if len(d.Shingles) == 0 {
		return keys
	}
	sig := signature(d.Shingles)
	for b := range Bands {
		k := uint64(b) << 56
		for _, v := range sig[b*Rows : (b+1)*Rows] {
			k = mix(k ^ uint64(v))
		}
		keys[b] = k>>8 | uint64(b)<<56 | bandTag
	}
	return keys
}

// StoredKeys are the keys the platform stores for a document: its band keys, then its sampled
// shingle keys.
func (d Doc) StoredKeys() []uint64 {
	if len(d.Shingles) == 0 {
		return nil
	}
	b := d.BandKeys()
	return append(b[:], d.Keys...)
}

// IsBandKey reports whether a stored key is a band key (not a sampled shingle).
func IsBandKey(k uint64) bool { return k >= bandTag }

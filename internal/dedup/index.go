package dedup

// Index holds prepared documents in memory and finds the earlier ones a new document repeats.
// It is for batch use (the CLI, evaluation, benchmarks); the platform keeps band keys in the
// database instead. Not safe for concurrent use.
type Index struct {
	docs  []Doc
	bands map[uint64][]int32 // band key → positions in docs
}

// NewIndex returns an empty index sized for n documents.
func NewIndex(n int) *Index {
	return &Index{docs: make([]Doc, 0, n), bands: make(map[uint64][]int32, n*Bands)}
}

// Len is the number of documents added.
func (ix *Index) Len() int { return len(ix.docs) }

// Add stores d and returns its position.
func (ix *Index) Add(d Doc) int {
	pos := int32(len(ix.docs))
	ix.docs = append(ix.docs, d)
	for _, k := range d.BandKeys() {
		ix.bands[k] = append(ix.bands[k], pos)
	}
	return int(pos)
}

// Match is an indexed document and its similarity to the one looked up.
type Match struct {
	Pos   int
	Score float64
}

// Similar returns the indexed documents whose similarity to d reaches threshold, in the order
// they were added.
func (ix *Index) Similar(d Doc, threshold float64) []Match {
	seen := map[int32]bool{}
	var out []Match
	for _, k := range d.BandKeys() {
		for _, pos := range ix.bands[k] {
			if seen[pos] {
				continue
			}
			seen[pos] = true
			if Estimate(d, ix.docs[pos]) < threshold-EstimateMargin {
				continue
			}
			if s := Similarity(d, ix.docs[pos]); s >= threshold {
				out = append(out, Match{Pos: int(pos), Score: s})
			}
		}
	}
	sortMatches(out)
	return out
}

func sortMatches(ms []Match) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Pos < ms[j-1].Pos; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

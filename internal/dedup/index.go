package dedup

// Index holds prepared documents in memory and finds the earlier ones a new document repeats.
// It is for batch use (the CLI, evaluation, benchmarks); the platform keeps keys in the
// database instead. Not safe for concurrent use.
type Index struct {
	docs   []Doc
	keys   map[uint64][]int32 // index key → positions in docs
	counts []int32            // shared keys per position, during one lookup
	floors *Floors
}

// NewIndex returns an empty index sized for n documents.
func NewIndex(n int) *Index {
	return &Index{docs: make([]Doc, 0, n), keys: make(map[uint64][]int32, n*16)}
}

// Len is the number of documents added.
func (ix *Index) Len() int { return len(ix.docs) }

// Doc returns the document at pos.
func (ix *Index) Doc(pos int) Doc { return ix.docs[pos] }

// Add stores d and returns its position.
func (ix *Index) Add(d Doc) int {
	pos := int32(len(ix.docs))
	ix.docs = append(ix.docs, d)
	ix.counts = append(ix.counts, 0)
	for _, k := range d.Keys {
		ix.keys[k] = append(ix.keys[k], pos)
	}
	return int(pos)
}

// Match is an indexed document and its content overlap with the one looked up.
type Match struct {
	Pos   int
	Score float64
}

// Similar returns the indexed documents whose content overlap with d reaches threshold, in the
// order they were added. A document is scored when it shares at least Need keys with d, so a
// match at the threshold is found with probability ≥ Floor.
func (ix *Index) Similar(d Doc, threshold float64) []Match {
	if ix.floors == nil || ix.floors.threshold != threshold {
		ix.floors = NewFloors(threshold)
	}
	var touched []int32
	for _, k := range d.Keys {
		for _, pos := range ix.keys[k] {
			if ix.counts[pos] == 0 {
				touched = append(touched, pos)
			}
			ix.counts[pos]++
		}
	}
	var out []Match
	for _, pos := range touched {
		c := ix.counts[pos]
		ix.counts[pos] = 0
		o := ix.docs[pos]
		if int(c) < ix.floors.Need(min(len(d.Shingles), len(o.Shingles))) {
			continue
		}
		if s := Score(d, o); s >= threshold {
			out = append(out, Match{Pos: int(pos), Score: s})
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

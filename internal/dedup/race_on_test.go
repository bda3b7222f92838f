//go:build race

package dedup_test

// raceDetector: the race detector slows the corpus test tenfold; under it (CI's SQLite step)
// the corpus is a quarter of the size, and CI's PostgreSQL step, without it, runs it whole.
const raceDetector = true

//go:build race

package web_test

// raceDetector: the race detector makes every request several times dearer; long walks send
// a lighter set under it (the full set runs without it, in PostgreSQL's pass of .ci/run).
const raceDetector = true

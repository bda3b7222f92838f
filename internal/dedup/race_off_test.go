//go:build !race

package dedup_test

// raceDetector: see race_on_test.go.
const raceDetector = false

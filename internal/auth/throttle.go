package auth

import (
	"sync"
	"time"
)

// throttle allows at most limit login attempts per client address in any one-minute window.
type throttle struct {
	mu    sync.Mutex
	limit int
	now   func() time.Time
	seen  map[string][]time.Time
}

func newThrottle(limit int, now func() time.Time) *throttle {
	return &throttle{limit: limit, now: now, seen: map[string][]time.Time{}}
}

// allow records an attempt from addr and reports whether it is within the limit.
func (t *throttle) allow(addr string) bool {
	if t.limit <= 0 {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	cut := now.Add(-time.Minute)
	if len(t.seen) > 10000 {
		for a, ts := range t.seen {
			if len(ts) == 0 || ts[len(ts)-1].Before(cut) {
				delete(t.seen, a)
			}
		}
	}
	ts := t.seen[addr]
	i := 0
	for i < len(ts) && ts[i].Before(cut) {
		i++
	}
	ts = append(ts[i:], now)
	t.seen[addr] = ts
	return len(ts) <= t.limit
}

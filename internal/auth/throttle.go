package auth

import (
	"sync"
	"time"
)

// throttle counts failed logins per client address in a sliding one-minute window. Only
// failures count: an office of fifty behind one proxy address logs in freely, while an address
// guessing passwords is refused after limit failures a minute.
type throttle struct {
	mu    sync.Mutex
	limit int
	now   func() time.Time
	seen  map[string][]time.Time
}

func newThrottle(limit int, now func() time.Time) *throttle {
	return &throttle{limit: limit, now: now, seen: map[string][]time.Time{}}
}

// allow reports whether addr has had fewer than limit failures in the last minute.
func (t *throttle) allow(addr string) bool {
	if t.limit <= 0 {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.recent(addr)) < t.limit
}

// fail records a failed login from addr.
func (t *throttle) fail(addr string) {
	if t.limit <= 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.seen) > 10000 {
		cut := t.now().Add(-time.Minute)
		for a, ts := range t.seen {
			if len(ts) == 0 || ts[len(ts)-1].Before(cut) {
				delete(t.seen, a)
			}
		}
	}
	ts := t.recent(addr)
	if len(ts) >= t.limit { // keep at most limit entries: the window only needs them
		ts = ts[1:]
	}
	t.seen[addr] = append(ts, t.now())
}

// recent drops addr's failures older than a minute and returns the rest (t.mu held).
func (t *throttle) recent(addr string) []time.Time {
	cut := t.now().Add(-time.Minute)
	ts := t.seen[addr]
	i := 0
	for i < len(ts) && ts[i].Before(cut) {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(t.seen, addr)
		return nil
	}
	t.seen[addr] = ts
	return ts
}

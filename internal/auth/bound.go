package auth

import (
	"context"
	"math"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"custos/internal/apperr"
)

// ErrBusy answers a password check that waited in the queue past its deadline.
var ErrBusy = apperr.New(apperr.Unavailable, "当前登录人数较多，系统繁忙，请稍候片刻再登录")

// bound lets at most n password checks (argon2id, each holding its memory cost) run at once;
// the rest wait in line until a slot frees or their deadline passes. When the last check of a
// burst ends and none starts for idleAfter, the memory the checks used is handed back to the
// operating system, so a burst of logins does not leave the process at its peak size.
type bound struct {
	slots     chan struct{}
	wait      time.Duration
	idleAfter time.Duration

	mu      sync.Mutex
	running int
	gen     uint64 // bumped by every acquire: a pending release of memory checks it is still idle
}

func newBound(n int, wait time.Duration) *bound {
	if n < 1 {
		n = 1
	}
	return &bound{slots: make(chan struct{}, n), wait: wait, idleAfter: 200 * time.Millisecond}
}

// do runs f in a slot, waiting at most b.wait (and no longer than ctx) for one; ErrBusy when
// none freed in time.
func (b *bound) do(ctx context.Context, f func()) error {
	t := time.NewTimer(b.wait)
	defer t.Stop()
	select {
	case b.slots <- struct{}{}:
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return ErrBusy
	}
	b.mu.Lock()
	b.running++
	b.gen++
	b.mu.Unlock()
	defer b.release()
	f()
	return nil
}

func (b *bound) release() {
	<-b.slots
	b.mu.Lock()
	b.running--
	idle, gen := b.running == 0, b.gen
	b.mu.Unlock()
	if !idle {
		return
	}
	time.AfterFunc(b.idleAfter, func() {
		b.mu.Lock()
		still := b.running == 0 && b.gen == gen
		b.mu.Unlock()
		if still {
			debug.FreeOSMemory()
		}
	})
}

// LoginSlots is how many password checks may run at once when the setting is 0: as many as
// there are CPUs (a check is CPU-bound: more in parallel only queue inside the scheduler), but
// no more than a quarter of the memory limit (GOMEMLIMIT, when set) — or 256 MiB when none is
// set — divided by one check's memory cost. 64 MiB checks on 2 CPUs: 2.
func LoginSlots(memoryKiB uint32) int {
	budget := int64(256 << 20)
	if lim := debug.SetMemoryLimit(-1); lim > 0 && lim < math.MaxInt64 {
		budget = lim / 4
	}
	per := int64(memoryKiB) << 10
	n := runtime.GOMAXPROCS(0)
	if per > 0 && int64(n)*per > budget {
		n = int(budget / per)
	}
	return max(n, 1)
}

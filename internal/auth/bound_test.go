package auth

import (
	"context"
	"testing"
	"time"

	"custos/internal/apperr"
)

func TestBoundQueuesThenAnswersBusy(t *testing.T) {
	b := newBound(1, 30*time.Millisecond)
	hold, held := make(chan struct{}), make(chan struct{})
	go b.do(context.Background(), func() { close(held); <-hold })
	<-held
	start := time.Now()
	err := b.do(context.Background(), func() { t.Error("ran without a free slot") })
	if apperr.CodeOf(err) != apperr.Unavailable || time.Since(start) < 30*time.Millisecond {
		t.Fatalf("a check past the queue deadline: %v after %s", err, time.Since(start))
	}
	if msg := apperr.MessageOf(err); msg != "当前登录人数较多，系统繁忙，请稍候片刻再登录" {
		t.Errorf("busy message %q", msg)
	}
	// a waiting check gets the slot as soon as it frees
	go func() { time.Sleep(10 * time.Millisecond); close(hold) }()
	ran := false
	if err := b.do(context.Background(), func() { ran = true }); err != nil || !ran {
		t.Fatalf("queued check: %v", err)
	}
}

func TestLoginSlots(t *testing.T) {
	// never zero, never more than the memory budget allows
	if n := LoginSlots(1 << 30); n != 1 {
		t.Errorf("1 TiB checks: %d slots", n)
	}
	if n := LoginSlots(64 * 1024); n < 1 || n > 4 {
		t.Errorf("64 MiB checks: %d slots, want 1–4 (256 MiB budget)", n)
	}
}

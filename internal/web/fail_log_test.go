package web_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"custos/internal/app"
	"custos/internal/auth"
	"custos/internal/config"
	"custos/internal/db"
	"custos/internal/password"
	"custos/internal/testkit"
)

// lockedBuffer is a log destination safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestInternalErrorLogNamesOperationAndRecord forces a 500 (a table the case page reads is gone)
// and reads the log: the line names the route, the record's id, the user and the use case,
// and the page says only 「内部错误」.
func TestInternalErrorLogNamesOperationAndRecord(t *testing.T) {
	var logs lockedBuffer
	clock := testkit.NewClock(testkit.Start)
	set := auth.DefaultSettings()
	set.AttemptsPerMin = 1000
	cfg := config.Config{AuditHash: "sha256", LogLevel: "error", MinCSOStaff: 2, ArrivalTalk: 20, ArchiveYears: 3, SecretKey: testkit.SecretKey}
	a, err := app.New(context.Background(), testkit.DB(t), cfg, app.Options{Now: clock.Now, Auth: &set, Password: &password.Fast,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	env := testkit.Env{App: a, Clock: clock}
	w := newWorldOn(t, env)
	id := guiyangCase(t, w)
	if err := a.DB.InTx(context.Background(), func(tx *db.Tx) error {
		_, err := tx.Exec(context.Background(), `ALTER TABLE case_events RENAME TO case_events_gone`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	c := w.as("gy.ganjian")
	res := c.Do("GET", fmt.Sprintf("/cases/%d", id), nil, nil)
	if res.Status != 500 || !strings.Contains(res.Body, "内部错误") || strings.Contains(res.Body, "case_events") {
		t.Fatalf("forced failure: %d %.300s", res.Status, res.Body)
	}
	res = c.Do("POST", fmt.Sprintf("/cases/%d/announce", id), map[string][]string{"announced_on": {"2026-11-22"}}, nil)
	if res.Status != 500 {
		t.Fatalf("forced failure of a step: %d %.300s", res.Status, res.Body)
	}
	uid := env.Lookup(t, `SELECT id FROM users WHERE username = 'gy.ganjian'`)
	var read, step string
	for _, line := range strings.Split(logs.String(), "\n") {
		if !strings.Contains(line, "request failed") {
			continue
		}
		if strings.Contains(line, `route="GET /cases/{id}"`) {
			read = line
		}
		if strings.Contains(line, `route="POST /cases/{id}/announce"`) {
			step = line
		}
	}
	t.Logf("the log of a failed step: %s", step)
	for _, l := range []struct{ line, op string }{{read, "case %d: read"}, {step, "case %d: announce"}} {
		for _, want := range []string{fmt.Sprintf("id=%d", id), fmt.Sprintf("user_id=%d", uid), fmt.Sprintf(l.op, id), "case_events"} {
			if !strings.Contains(l.line, want) {
				t.Errorf("the log line of the 500 lacks %q: %s\nlog:\n%s", want, l.line, logs.String())
			}
		}
	}
}

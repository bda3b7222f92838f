package app

import (
	"context"
	"crypto/ed25519"
	"custos/internal/clock"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"custos/internal/audit"
)

// checkpointName is a checkpoint file's name: its Beijing date and time, so that names sort
// by time and a day's file is found by its prefix.
func checkpointName(at time.Time) string {
	return "checkpoint-" + clock.In(at).Format("20060102-150405") + ".json"
}

// WriteCheckpoint verifies the trail and, when it is intact, signs a checkpoint of its head
// with priv and writes it to file (never overwriting). A broken chain is not signed: the
// Result says what is wrong and no file is written.
func (a *App) WriteCheckpoint(ctx context.Context, priv ed25519.PrivateKey, file string) (audit.Checkpoint, audit.Result, error) {
	res, err := audit.Verify(ctx, a.DB.Reader())
	if err != nil || !res.OK() {
		return audit.Checkpoint{}, res, err
	}
	cp := audit.SignCheckpoint(priv, res.HeadSeq, res.HeadHash, a.Now())
	if err := os.MkdirAll(filepath.Dir(file), 0o750); err != nil {
		return cp, res, err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return cp, res, fmt.Errorf("写检查点 %s: %w", file, err)
	}
	if _, err := f.Write(cp.Marshal()); err != nil {
		f.Close()
		return cp, res, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return cp, res, err
	}
	return cp, res, f.Close()
}

// latestCheckpoint returns the newest checkpoint file in dir ("" when there is none).
func latestCheckpoint(dir string) (string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "checkpoint-*.json"))
	if err != nil || len(names) == 0 {
		return "", err
	}
	sort.Strings(names)
	return names[len(names)-1], nil
}

// dailyCheckpoint writes today's checkpoint into the configured directory unless one for the
// day (Beijing) is already there; it does nothing without a directory. A broken chain or a
// failure is logged, never signed.
func (a *App) dailyCheckpoint(ctx context.Context) {
	dir := a.Config.CheckpointDir
	if dir == "" {
		return
	}
	now := a.Now()
	today := "checkpoint-" + clock.In(now).Format("20060102") + "-"
	if last, err := latestCheckpoint(dir); err == nil && strings.HasPrefix(filepath.Base(last), today) {
		return
	}
	priv, err := audit.LoadSigningKey(a.Config.CheckpointKeyFile)
	if err != nil {
		a.Log.Error("daily audit checkpoint", "err", err)
		return
	}
	file := filepath.Join(dir, checkpointName(now))
	cp, res, err := a.WriteCheckpoint(ctx, priv, file)
	switch {
	case err != nil:
		a.Log.Error("daily audit checkpoint", "file", file, "err", err)
	case !res.OK():
		a.Log.Error("audit trail broken: no checkpoint signed", "bad_seq", res.BadSeq, "problem", res.Problem)
	default:
		a.Log.Info("audit checkpoint written", "file", file, "seq", cp.Seq)
	}
}

package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"custos/internal/audit"
	"custos/internal/config"
	"custos/internal/db"
	"custos/internal/report"
	"custos/internal/secret"
)

// keySource is where the sealing key was looked for and what was found there.
type keySource struct {
	key   []byte // nil when no key was found
	where string // for messages: the file or the environment variable
	file  string // where a new key may be created, "" when none may be
}

// findKey reads the configured sealing key: CUSTOS_SECRET_KEY, else the file
// CUSTOS_SECRET_KEY_FILE names, else (SQLite only) custos.key beside the database. It never
// creates a key: a missing file is reported with the path, for sealingKey to decide.
func findKey(cfg config.Config, d *db.DB) (keySource, error) {
	if cfg.SecretKey != "" {
		k, err := secret.ParseKey(cfg.SecretKey)
		if err != nil {
			return keySource{}, fmt.Errorf("CUSTOS_SECRET_KEY: %w", err)
		}
		return keySource{key: k, where: "环境变量 CUSTOS_SECRET_KEY"}, nil
	}
	path := cfg.SecretKeyFile
	where := "文件 " + path + "（CUSTOS_SECRET_KEY_FILE）"
	if path == "" {
		if d.Engine == db.Postgres {
			return keySource{where: "CUSTOS_SECRET_KEY_FILE（使用 PostgreSQL 时必须设置为密钥文件的绝对路径，当前未设置）"}, nil
		}
		p, err := filepath.Abs(filepath.Join(filepath.Dir(d.Source), "custos.key"))
		if err != nil {
			return keySource{}, err
		}
		path, where = p, "文件 "+p+"（数据库旁的默认位置；可用 CUSTOS_SECRET_KEY_FILE 另行指定）"
	}
	k, err := secret.LoadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return keySource{where: where, file: path}, nil
	case err != nil:
		return keySource{}, fmt.Errorf("举报人信息加密密钥 %s: %w", path, err)
	}
	return keySource{key: k, where: where, file: path}, nil
}

// sealingKey finds the key that seals reporters' identities and attachments and checks it
// against the key id the database records (secret.CheckKey): a missing or different key
// refuses the start, naming the key expected and where it was looked for. On a database that
// records no key and holds nothing sealed, the key found — or a new one created where the
// configuration allows, which the log says must be backed up apart from the database — is
// recorded, audited.
func sealingKey(ctx context.Context, cfg config.Config, d *db.DB, log *audit.Log, logger *slog.Logger, now func() time.Time) (*secret.Box, error) {
	src, err := findKey(cfg, d)
	if err != nil {
		return nil, err
	}
	var box *secret.Box
	found := ""
	if src.key != nil {
		if box, err = secret.New(src.key); err != nil {
			return nil, err
		}
		found = box.ID()
	}
	r := d.Reader()
	recorded, err := secret.RecordedID(ctx, r)
	if err != nil {
		return nil, err
	}
	if recorded != "" && recorded == found {
		return box, nil // the usual start: no scan of the sealed values
	}
	sealed := map[string]int64{}
	if recorded == "" {
		if sealed, err = secret.SealedIDs(ctx, r, report.SealedColumns()); err != nil {
			return nil, err
		}
	}
	decision, kerr := secret.CheckKey(recorded, sealed, found)
	if kerr != nil {
		kerr.Where = src.where
		return nil, kerr
	}
	if decision == secret.Create {
		if src.file == "" {
			return nil, fmt.Errorf("未配置举报人信息加密密钥：请用 custos key new FILE 生成密钥文件（存放在数据库及其备份之外），并设置 CUSTOS_SECRET_KEY_FILE=FILE 的绝对路径 (no sealing key configured: %s)", src.where)
		}
		k, err := secret.CreateFile(src.file)
		if err != nil {
			return nil, fmt.Errorf("举报人信息加密密钥 %s: %w（可用 CUSTOS_SECRET_KEY_FILE 指定）", src.file, err)
		}
		if box, err = secret.New(k); err != nil {
			return nil, err
		}
		logger.Warn("created the key that seals reporters' identities and attachments; back it up apart from the database", "file", src.file, "key_id", box.ID())
	}
	err = d.InTx(ctx, func(tx *db.Tx) error {
		got, err := secret.RecordFirst(ctx, tx, box.ID(), now())
		if err != nil {
			return err
		}
		if got != box.ID() { // another server recorded its key first
			return &secret.KeyError{Expected: []string{got}, Found: box.ID(), Where: src.where}
		}
		return log.Append(ctx, tx, audit.System("key"), audit.Entry{Action: "key.record", ObjectType: "sealing_key", ObjectID: box.ID(),
			Summary: "记录举报人信息加密密钥标识 " + box.ID()})
	})
	if err != nil {
		return nil, err
	}
	logger.Info("recorded the sealing key's id in the database", "key_id", box.ID(), "where", src.where)
	return box, nil
}

// RotateKey re-seals every sealed value under the key in file and records its id, in one
// transaction, audited. Every server must be stopped: a running one would go on sealing
// under the old key. The App itself keeps the old key: the command ends after it. It returns how many values were re-sealed and the new key's id.
func (a *App) RotateKey(ctx context.Context, file string) (int64, string, error) {
	k, err := secret.LoadFile(file)
	if err != nil {
		return 0, "", fmt.Errorf("新密钥 %s: %w", file, err)
	}
	to, err := secret.New(k)
	if err != nil {
		return 0, "", err
	}
	if to.ID() == a.box.ID() {
		return 0, "", fmt.Errorf("新密钥 %s 与当前密钥相同（标识 %s）", file, to.ID())
	}
	var n int64
	err = a.DB.InTx(ctx, func(tx *db.Tx) error {
		if n, err = secret.Reseal(ctx, tx, a.box, to, report.SealedColumns()); err != nil {
			return err
		}
		if err := secret.RecordID(ctx, tx, to.ID(), a.Now()); err != nil {
			return err
		}
		return a.Audit.Append(ctx, tx, audit.System("key"), audit.Entry{Action: "key.rotate", ObjectType: "sealing_key", ObjectID: to.ID(),
			Summary: fmt.Sprintf("更换举报人信息加密密钥：%s → %s，重新加密 %d 项", a.box.ID(), to.ID(), n)})
	})
	if err != nil {
		return 0, "", err
	}
	return n, to.ID(), nil
}

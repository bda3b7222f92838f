package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"custos/internal/audit"
	"custos/internal/config"
	"custos/internal/db"
	"custos/internal/report"
	"custos/internal/secret"
)

// Finding is one line of the doctor's report.
type Finding struct {
	Level  Level
	Check  string // what was checked, in Chinese
	Detail string // what was found
	Do     string // what to do, "" when nothing
}

// Level grades a Finding.
type Level int

const (
	OK Level = iota
	Warn
	Fail
)

func (l Level) String() string {
	return [...]string{"正常", "注意", "错误"}[l]
}

// Doctor checks an installation without changing it — the database and its migrations, the
// sealing key against the one the database records, the audit chain and its head, the
// checkpoints, disk space and the durability setting — and says what to do about each
// problem. It opens the database itself and never migrates or records anything.
func Doctor(ctx context.Context, cfg config.Config, now func() time.Time) []Finding {
	var out []Finding
	add := func(l Level, check, detail, do string) { out = append(out, Finding{l, check, detail, do}) }
	d, err := openDB(ctx, cfg)
	if err != nil {
		add(Fail, "数据库", err.Error(), "检查 CUSTOS_DATABASE_URL、数据库服务是否运行、网络和权限")
		return out
	}
	defer d.Close()
	add(OK, "数据库", fmt.Sprintf("%s %s 可以连接", d.Engine, d.Source), "")
	if err := d.CheckSchema(ctx); err != nil {
		var edited db.ErrEditedMigration
		var newer db.ErrNewerSchema
		do := "运行 custos migrate（或启动服务器，启动时自动升级）"
		if errors.As(err, &edited) || errors.As(err, &newer) {
			do = "使用与该数据库配套的 custos 版本；不要修改已应用的迁移文件"
		}
		add(Fail, "数据库结构", err.Error(), do)
		return out
	}
	add(OK, "数据库结构", "迁移齐全，校验和一致", "")
	if d.Engine == db.SQLite {
		if d.Synchronous == "NORMAL" {
			add(Warn, "持久性", "SQLite synchronous=NORMAL：断电时可能丢失最近提交的事务", "除非已确认可以承受，去掉 CUSTOS_SQLITE_SYNCHRONOUS 以恢复默认的 FULL")
		} else {
			add(OK, "持久性", "SQLite synchronous=FULL：已提交的事务断电不丢", "")
		}
	}
	out = append(out, doctorKey(ctx, cfg, d)...)
	res, err := audit.Verify(ctx, d.Reader())
	switch {
	case err != nil:
		add(Fail, "审计日志", err.Error(), "检查数据库")
	case !res.OK():
		add(Fail, "审计日志", fmt.Sprintf("第 %d 条：%s", res.BadSeq, res.Problem), "保全数据库现状（先做副本），立即报告安全审计员；不要再写入")
	default:
		add(OK, "审计日志", fmt.Sprintf("%d 条完整，链头第 %d 条，哈希 %s", res.Checked, res.HeadSeq, res.HeadHash), "")
	}
	out = append(out, doctorCheckpoints(ctx, cfg, d, now)...)
	dirs := map[string]string{}
	if d.Engine == db.SQLite {
		dirs["数据库所在磁盘"] = filepath.Dir(d.Source)
	}
	if cfg.CheckpointDir != "" {
		dirs["检查点目录所在磁盘"] = cfg.CheckpointDir
	}
	for name, dir := range dirs {
		free, total, ok := diskFree(dir)
		switch {
		case !ok:
			add(Warn, name, "无法读取 "+dir+" 的剩余空间", "用 df 查看")
		case free < total/20 || free < 1<<30:
			add(Fail, name, fmt.Sprintf("%s 仅剩 %.1f GiB（共 %.1f GiB）", dir, gib(free), gib(total)), "立即清理或扩容：磁盘写满时无法登记任何事项")
		case free < total/5:
			add(Warn, name, fmt.Sprintf("%s 剩余 %.1f GiB（共 %.1f GiB）", dir, gib(free), gib(total)), "安排清理或扩容")
		default:
			add(OK, name, fmt.Sprintf("%s 剩余 %.1f GiB（共 %.1f GiB）", dir, gib(free), gib(total)), "")
		}
	}
	return out
}

func gib(b uint64) float64 { return float64(b) / (1 << 30) }

// doctorKey checks the sealing key as a start would, without creating or recording one.
func doctorKey(ctx context.Context, cfg config.Config, d *db.DB) []Finding {
	const check = "加密密钥"
	src, err := findKey(cfg, d)
	if err != nil {
		return []Finding{{Fail, check, err.Error(), "检查密钥文件的内容和权限"}}
	}
	found := ""
	if src.key != nil {
		box, err := secret.New(src.key)
		if err != nil {
			return []Finding{{Fail, check, err.Error(), "检查密钥文件"}}
		}
		found = box.ID()
	}
	r := d.Reader()
	recorded, err := secret.RecordedID(ctx, r)
	if err != nil {
		return []Finding{{Fail, check, err.Error(), "检查数据库"}}
	}
	sealed, err := secret.SealedIDs(ctx, r, report.SealedColumns())
	if err != nil {
		return []Finding{{Fail, check, err.Error(), "检查数据库"}}
	}
	_, kerr := secret.CheckKey(recorded, sealed, found)
	if kerr != nil {
		kerr.Where = src.where
		return []Finding{{Fail, check, kerr.Error(), "找回数据库记录的那把密钥；切勿生成新密钥"}}
	}
	var out []Finding
	switch {
	case found == "":
		out = append(out, Finding{Warn, check, "尚无密钥：" + src.where, "首次启动时生成（SQLite）；PostgreSQL 须先用 custos key new FILE 生成并设置 CUSTOS_SECRET_KEY_FILE"})
	case recorded == "":
		out = append(out, Finding{Warn, check, fmt.Sprintf("密钥 %s（%s）尚未记入数据库", found, src.where), "启动一次服务器即记录"})
	default:
		out = append(out, Finding{OK, check, fmt.Sprintf("密钥 %s（%s）与数据库记录一致", found, src.where), ""})
	}
	var stray int64
	for id, n := range sealed {
		if id != found {
			stray += n
		}
	}
	if stray > 0 && recorded != "" {
		out = append(out, Finding{Fail, check, fmt.Sprintf("%d 项加密信息不是用当前密钥加密的（密钥轮换时仍有服务器在运行？）", stray),
			"找回对应的旧密钥；停止所有服务器后处理"})
	}
	if dbFile, err := filepath.Abs(d.Source); d.Engine == db.SQLite && err == nil && src.file != "" && filepath.Dir(src.file) == filepath.Dir(dbFile) {
		out = append(out, Finding{Warn, check, "密钥文件与数据库在同一目录 " + filepath.Dir(src.file),
			"备份数据库时不要把密钥放进同一份备份；密钥另行备份（另一介质、另一处保管）"})
	}
	return out
}

// doctorCheckpoints checks that checkpoints are being written and that the trail extends the
// newest one.
func doctorCheckpoints(ctx context.Context, cfg config.Config, d *db.DB, now func() time.Time) []Finding {
	const check = "审计检查点"
	if cfg.CheckpointDir == "" {
		return []Finding{{Warn, check, "未设置 CUSTOS_CHECKPOINT_DIR：不自动签发检查点",
			"用 custos audit keygen 生成签名密钥，设置 CUSTOS_CHECKPOINT_KEY_FILE 和 CUSTOS_CHECKPOINT_DIR，并把检查点另存到别处"}}
	}
	last, err := latestCheckpoint(cfg.CheckpointDir)
	if err != nil || last == "" {
		return []Finding{{Warn, check, cfg.CheckpointDir + " 中还没有检查点", "启动服务器（每天自动签发一次）或运行 custos audit checkpoint"}}
	}
	b, err := os.ReadFile(last)
	if err != nil {
		return []Finding{{Fail, check, err.Error(), "检查目录权限"}}
	}
	cp, err := audit.ParseCheckpoint(b)
	if err != nil {
		return []Finding{{Fail, check, last + "：" + err.Error(), "该文件已损坏；从另存处取回"}}
	}
	pub, err := audit.LoadPublicKey(cfg.CheckpointKeyFile)
	if err != nil {
		return []Finding{{Fail, check, err.Error(), "检查 CUSTOS_CHECKPOINT_KEY_FILE"}}
	}
	if err := cp.CheckSignature(pub); err != nil {
		return []Finding{{Fail, check, last + "：" + err.Error(), "用另存处的副本核对；保全现场并报告安全审计员"}}
	}
	res, err := audit.Extends(ctx, d.Reader(), cp)
	switch {
	case err != nil:
		return []Finding{{Fail, check, err.Error(), "检查数据库"}}
	case !res.OK():
		return []Finding{{Fail, check, fmt.Sprintf("日志不再是检查点 %s 的延续：第 %d 条：%s", filepath.Base(last), res.BadSeq, res.Problem),
			"保全数据库现状（先做副本），立即报告安全审计员"}}
	}
	at, _ := time.Parse(time.RFC3339, cp.At)
	if age := now().Sub(at); age > 36*time.Hour {
		return []Finding{{Warn, check, fmt.Sprintf("最新检查点 %s 已是 %.0f 小时前", filepath.Base(last), age.Hours()), "确认服务器在运行且能写入该目录，或运行 custos audit checkpoint"}}
	}
	return []Finding{{OK, check, fmt.Sprintf("最新检查点 %s（第 %d 条）签名有效，日志是它的延续", filepath.Base(last), cp.Seq), "记得把检查点另存到别处"}}
}

// printFindings writes the findings and reports whether any failed.
func printFindings(w io.Writer, fs []Finding) (failed bool) {
	for _, f := range fs {
		fmt.Fprintf(w, "[%s] %s：%s\n", f.Level, f.Check, f.Detail)
		if f.Do != "" && f.Level != OK {
			fmt.Fprintf(w, "       处理：%s\n", f.Do)
		}
		failed = failed || f.Level == Fail
	}
	return failed
}

func (c *cli) doctor(args []string) error {
	if err := c.flags("doctor").Parse(args); err != nil {
		return err
	}
	if printFindings(c.out, Doctor(c.ctx, c.cfg, time.Now)) {
		return exitCode(1)
	}
	return nil
}

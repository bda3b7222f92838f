package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"custos/internal/audit"
)

// audit runs `custos audit verify|checkpoint|keygen`.
func (c *cli) audit(args []string) error {
	const use = "用法：custos audit verify [--checkpoint FILE] [--pubkey FILE] | audit checkpoint [--out FILE] | audit keygen --out FILE"
	if len(args) == 0 {
		return errors.New(use)
	}
	switch args[0] {
	case "verify":
		return c.auditVerify(args[1:])
	case "checkpoint":
		return c.auditCheckpoint(args[1:])
	case "keygen":
		fs := c.flags("audit keygen")
		out := fs.String("out", "", "私钥文件（公钥写到 FILE.pub）")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *out == "" {
			return errors.New(use)
		}
		id, err := audit.GenerateKeyFiles(*out)
		if err != nil {
			return fmt.Errorf("生成检查点签名密钥：%w", err)
		}
		fmt.Fprintf(c.out, "已生成检查点签名私钥 %s 和公钥 %s.pub（%s）。\n私钥放在数据库及其备份之外，设置 CUSTOS_CHECKPOINT_KEY_FILE 指向它；公钥交给核对检查点的人。\n", *out, *out, id)
		return nil
	}
	return errors.New(use)
}

func (c *cli) auditVerify(args []string) error {
	fs := c.flags("audit verify")
	cpFile := fs.String("checkpoint", "", "签名的审计检查点文件：证明日志仍是它的延续")
	pubFile := fs.String("pubkey", "", "核对检查点签名的公钥（默认由 CUSTOS_CHECKPOINT_KEY_FILE 的私钥导出）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var cp *audit.Checkpoint
	if *cpFile != "" {
		if *pubFile == "" {
			*pubFile = c.cfg.CheckpointKeyFile
		}
		if *pubFile == "" {
			return errors.New("核对检查点需要公钥：用 --pubkey FILE 指定，或设置 CUSTOS_CHECKPOINT_KEY_FILE")
		}
		pub, err := audit.LoadPublicKey(*pubFile)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(*cpFile)
		if err != nil {
			return err
		}
		parsed, err := audit.ParseCheckpoint(b)
		if err != nil {
			return fmt.Errorf("%s: %w", *cpFile, err)
		}
		if err := parsed.CheckSignature(pub); err != nil {
			fmt.Fprintf(c.out, "检查点 %s 不可信：%v\n", *cpFile, err)
			return exitCode(1)
		}
		cp = &parsed
	}
	d, err := openDB(c.ctx, c.cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.CheckSchema(c.ctx); err != nil {
		return err
	}
	var res audit.Result
	if cp != nil {
		res, err = audit.Extends(c.ctx, d.Reader(), *cp)
	} else {
		res, err = audit.Verify(c.ctx, d.Reader())
	}
	if err != nil {
		return err
	}
	if !res.OK() {
		fmt.Fprintf(c.out, "审计日志校验失败：第 %d 条：%s\n（已校验 %d 条）\n", res.BadSeq, res.Problem, res.Checked)
		return exitCode(1)
	}
	fmt.Fprintf(c.out, "审计日志完整：共 %d 条，链头哈希 %s\n", res.Checked, res.HeadHash)
	if cp != nil {
		fmt.Fprintf(c.out, "日志是检查点 %s（第 %d 条，%s）的延续。\n", *cpFile, cp.Seq, cp.At)
	}
	return nil
}

func (c *cli) auditCheckpoint(args []string) error {
	fs := c.flags("audit checkpoint")
	out := fs.String("out", "", "检查点文件（默认写入 CUSTOS_CHECKPOINT_DIR）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.cfg.CheckpointKeyFile == "" {
		return errors.New("未设置 CUSTOS_CHECKPOINT_KEY_FILE（签名检查点的私钥，可用 custos audit keygen --out FILE 生成）")
	}
	priv, err := audit.LoadSigningKey(c.cfg.CheckpointKeyFile)
	if err != nil {
		return err
	}
	a, err := c.open()
	if err != nil {
		return err
	}
	defer a.Close()
	file := *out
	if file == "" {
		if c.cfg.CheckpointDir == "" {
			return errors.New("请用 --out FILE 指定检查点文件，或设置 CUSTOS_CHECKPOINT_DIR")
		}
		file = filepath.Join(c.cfg.CheckpointDir, checkpointName(a.Now()))
	}
	cp, res, err := a.WriteCheckpoint(c.ctx, priv, file)
	if err != nil {
		return err
	}
	if !res.OK() {
		fmt.Fprintf(c.out, "审计日志校验失败，未签发检查点：第 %d 条：%s\n", res.BadSeq, res.Problem)
		return exitCode(1)
	}
	fmt.Fprintf(c.out, "已写出审计检查点 %s：第 %d 条，哈希 %s，时间 %s。\n请另存一份到 custos 管理员接触不到的地方（另一台机器、打印存档）。\n", file, cp.Seq, cp.Hash, cp.At)
	return nil
}

package app

import (
	"errors"
	"fmt"

	"custos/internal/secret"
)

// key runs `custos key new FILE` and `custos key rotate --new FILE`.
func (c *cli) key(args []string) error {
	const use = "用法：custos key new FILE | custos key rotate --new FILE"
	if len(args) == 0 {
		return errors.New(use)
	}
	switch args[0] {
	case "new":
		fs := c.flags("key new")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return errors.New(use)
		}
		k, err := secret.CreateFile(fs.Arg(0))
		if err != nil {
			return fmt.Errorf("生成密钥 %s: %w", fs.Arg(0), err)
		}
		box, err := secret.New(k)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "已生成新密钥 %s（标识 %s）。请把它备份在数据库及其备份之外。\n", fs.Arg(0), box.ID())
		return nil
	case "rotate":
		fs := c.flags("key rotate")
		file := fs.String("new", "", "新密钥文件（custos key new 生成）")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *file == "" || fs.NArg() != 0 {
			return errors.New(use)
		}
		a, err := c.open()
		if err != nil {
			return err
		}
		defer a.Close()
		old := a.box.ID()
		n, id, err := a.RotateKey(c.ctx, *file)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "已用新密钥（标识 %s）重新加密 %d 项，并在数据库中记录了新密钥标识。\n"+
			"现在请设置 CUSTOS_SECRET_KEY_FILE=%s（或用它替换原密钥文件）后再启动各服务器。\n"+
			"旧密钥（标识 %s）请继续保管，直到用它加密的数据库备份全部到期销毁。\n", id, n, *file, old)
		return nil
	}
	return errors.New(use)
}

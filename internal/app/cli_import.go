package app

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"custos/internal/org"
)

const importUsage = "用法：custos import roster FILE.xlsx --commission CODE [--mode all|rows] [--rejects OUT.xlsx]"

// importFile runs `custos import KIND FILE.xlsx --commission CODE [--mode all|rows]`: the same
// import as the page, acting for the command line within the commission's subtree (units are
// resolved there). The refused rows go to a workbook beside the file with their 错误原因. The
// exit status is non-zero when anything was refused. KIND is roster; the ledgers of issue 15
// §2 are not built yet.
func (c *cli) importFile(args []string) error {
	fs := c.flags("import")
	code := fs.String("commission", "", "导入到哪个纪委监委（区划代码），名册中的机构须在其下")
	mode := fs.String("mode", "all", "all：整体导入；rows：逐行导入")
	rejects := fs.String("rejects", "", "未导入的行写入的文件（默认 FILE.未导入.xlsx）")
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 2 || *code == "" || (*mode != "all" && *mode != "rows") {
		return errors.New(importUsage)
	}
	kind, file := fs.Arg(0), fs.Arg(1)
	if kind != "roster" {
		return fmt.Errorf("暂不支持导入“%s”：目前可导入 roster（干部名册）", kind)
	}
	in, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("无法打开 %s：%w", file, err)
	}
	defer in.Close()
	a, err := c.open()
	if err != nil {
		return err
	}
	defer a.Close()
	p := org.SystemPrincipal("import")
	com, err := a.Org.CommissionByCode(c.ctx, p, *code)
	if err != nil {
		return fmt.Errorf("机构代码 %s 不存在", *code)
	}
	p.CommissionID, p.CommissionName, p.ScopePath = com.ID, com.Name, com.Path
	res, err := a.Cadres.Import(c.ctx, p, in, *mode == "all")
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "读取 %d 行：新登记 %d 人，更新 %d 人，%d 人无变化", res.Rows, res.Created, res.Updated, res.Unchanged)
	if res.Appointments+res.Family > 0 {
		fmt.Fprintf(c.out, "，任免记录 %d 条，家庭成员 %d 人", res.Appointments, res.Family)
	}
	fmt.Fprintln(c.out)
	if len(res.NewDepartments) > 0 {
		fmt.Fprintln(c.out, "新建部门：", strings.Join(res.NewDepartments, "、"))
	}
	for _, e := range res.Errors {
		where := e.Sheet
		if where == "" {
			where = "干部名册"
		}
		if e.Line > 0 {
			where += fmt.Sprintf(" 第 %d 行", e.Line)
		}
		if e.Column != "" {
			where += " " + e.Column
		}
		fmt.Fprintf(c.errw, "%s：%s\n", where, e.Reason)
	}
	if res.RejectsXLSX != nil {
		out := *rejects
		if out == "" {
			out = strings.TrimSuffix(file, ".xlsx") + ".未导入.xlsx"
		}
		if err := os.WriteFile(out, res.RejectsXLSX, 0o600); err != nil {
			return err
		}
		fmt.Fprintf(c.errw, "%d 行未导入，已连同错误原因写入 %s\n", res.RefusedRows, out)
	}
	switch {
	case res.Rejected:
		return exitCode(1)
	case len(res.Errors) > 0 && res.Atomic:
		fmt.Fprintln(c.errw, "按整体导入方式，本次未导入任何数据")
		return exitCode(1)
	case len(res.Errors) > 0:
		return exitCode(1)
	}
	return nil
}

package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"custos/internal/apperr"
	"custos/internal/auth"
	"custos/internal/config"
	"custos/internal/demo"
	"custos/internal/org"
	"custos/internal/secret"
)

const usage = `custos — 纪检监察干部监督平台

用法: custos <命令> [选项]

  serve [--addr A] [--demo]   启动平台（默认 127.0.0.1:8080；--demo 在空数据库中载入演示数据）
  migrate                     升级数据库结构
  init --province CODE        建立一个省的真实机构树和首个管理员（随机密码只显示一次）
  init --country              建立全国机构树（约 3350 个纪委监委）和首个管理员
  demo [--country] [--users N] [--reports N]
                               载入演示数据（空数据库）；--country 建全国树并批量生成 N 个用户，
                               --reports 再批量生成 N 件检举控告（压测用）
  user add --username U --name 姓名 --commission CODE --roles r1,r2 [--dept KIND] [--password-stdin]
  user passwd USERNAME [--password-stdin]   重置密码（默认随机生成并显示一次）：管理员账户立即生效（恢复用），
                               业务账户提交申请，须经安全保密管理员批准后生效
  user list [--commission CODE]
  user token USERNAME --name 用途            签发 API 令牌（只显示一次）
  audit verify [--checkpoint FILE] [--pubkey FILE]
                              校验审计日志哈希链，发现问题时指出第一条并以非零状态退出；
                              给出检查点时还证明日志仍是该检查点的延续（发现截断和改写）
  audit checkpoint [--out FILE]
                              校验后写出签名的审计检查点（序号、哈希、时间），另存到别处
  audit keygen --out FILE     生成签名检查点用的 Ed25519 私钥 FILE 和公钥 FILE.pub
  key new FILE                生成新的举报人信息加密密钥文件
  key rotate --new FILE       用新密钥重新加密全部加密信息（一个事务；须先停止所有服务器）
  doctor                      检查密钥、数据库结构、审计链头、检查点和磁盘空间，并说明如何处理
  backup FILE                 在线生成一致的数据库副本（SQLite）
  reports similar FILE.jsonl [--threshold T]
                              找出重复检举控告：读入每行 {"id","text"}，对判定为同一举报再次提交的每一对
                              输出一行 {"a","b","score"}（a 为先出现者；默认阈值与登记页面相同；FILE 为 - 时读标准输入）
  stats --from YYYY-MM-DD --to YYYY-MM-DD --commission CODE [--json]
                              该机构及其下级在期间内（含首尾日）的统计报表（官方口径）；--json 输出一个
                              JSON 对象；已锁定的期间输出锁定时的数字
  import roster FILE.xlsx --commission CODE [--mode all|rows] [--rejects OUT.xlsx]
                              导入干部名册（与页面导入相同的检查）：all 任何一行有误则全部不导入（默认），
                              rows 正确的行导入；未导入的行连同“错误原因”写入 OUT.xlsx（默认 FILE.未导入.xlsx）
  version

数据库: 默认 ./data/custos.db（SQLite）；设置 CUSTOS_DATABASE_URL=postgres://… 使用 PostgreSQL。
其余设置见 docs/operations.md。
`

// Main runs one subcommand and returns the process exit code.
func Main(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "配置错误:", err)
		return 2
	}
	c := &cli{ctx: ctx, cfg: cfg, stdin: stdin, out: stdout, errw: stderr}
	var run func([]string) error
	switch args[0] {
	case "serve":
		run = c.serve
	case "migrate":
		run = c.migrate
	case "init":
		run = c.init
	case "demo":
		run = c.demo
	case "user":
		run = c.user
	case "audit":
		run = c.audit
	case "backup":
		run = c.backup
	case "key":
		run = c.key
	case "doctor":
		run = c.doctor
	case "reports":
		run = c.reports
	case "stats":
		run = c.stats
	case "import":
		run = c.importFile
	case "version":
		fmt.Fprintln(stdout, "custos", Version)
		return 0
	default:
		fmt.Fprintf(stderr, "未知命令 %q\n\n%s", args[0], usage)
		return 2
	}
	if err := run(args[1:]); err != nil {
		var exit exitCode
		if errors.As(err, &exit) {
			return int(exit)
		}
		if errors.Is(err, flag.ErrHelp) {
			return 2
		}
		fmt.Fprintln(stderr, "错误:", apperrText(err))
		return 1
	}
	return 0
}

// exitCode ends a command with a status after it has printed its own message.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func apperrText(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) && e.Code != apperr.Internal {
		msg := e.Message
		for k, v := range e.Fields {
			msg += fmt.Sprintf("\n  %s: %s", k, v)
		}
		return msg
	}
	return err.Error()
}

type cli struct {
	ctx   context.Context
	cfg   config.Config
	stdin io.Reader
	out   io.Writer
	errw  io.Writer
}

func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.errw)
	fs.StringVar(&c.cfg.DatabaseURL, "db", c.cfg.DatabaseURL, "数据库（SQLite 文件路径或 postgres:// 地址）")
	return fs
}

func (c *cli) open() (*App, error) { return Open(c.ctx, c.cfg, Options{}) }

func (c *cli) serve(args []string) error {
	fs := c.flags("serve")
	addr := fs.String("addr", c.cfg.Addr, "监听地址")
	withDemo := fs.Bool("demo", false, "在空数据库中载入演示数据")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := c.open()
	if err != nil {
		return err
	}
	defer a.Close()
	empty, err := demo.Empty(c.ctx, a.DB.Reader())
	if err != nil {
		return err
	}
	switch {
	case *withDemo && empty:
		res, err := demo.Load(c.ctx, a.DB, a.Org, a.Cadres, a.Pool, a.Now())
		if err != nil {
			return err
		}
		if err := demo.LoadInspection(c.ctx, a.DB, a.Cadres, a.Pool, a.Inspection, a.Now()); err != nil {
			return err
		}
		c.printDemo(res)
	case *withDemo:
		fmt.Fprintln(c.out, "数据库中已有数据，未重复载入演示数据。演示账户密码只在首次载入时显示；忘记时运行：custos user passwd admin")
	case empty:
		fmt.Fprintln(c.errw, "数据库中还没有机构和用户。请先运行：\n  custos init --province 52     （建立一个省的机构树和首个管理员）\n或：\n  custos serve --demo            （载入演示数据）")
		return exitCode(1)
	}
	return a.Serve(c.ctx, *addr, func(url string) {
		fmt.Fprintf(c.out, "custos %s 已启动：%s （数据库：%s %s）\n", Version, url, a.DB.Engine, a.DB.Source)
	})
}

func (c *cli) printDemo(res demo.Result) {
	fmt.Fprintf(c.out, "已载入演示数据：贵州省纪委监委及其所属 %d 个机构。\n", res.Commissions)
	fmt.Fprintf(c.out, "演示管理员登录名：admin   密码：%s\n", res.Password)
	fmt.Fprintln(c.out, "（密码随机生成，只显示这一次；其他演示账户使用同一密码：）")
	for _, u := range res.Users[1:] {
		fmt.Fprintf(c.out, "  %-12s %s（%s）\n", u.Username, u.Name, strings.Join(rolesNames(u.Roles), "、"))
	}
}

func rolesNames(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = org.RoleName(id)
	}
	return out
}

func (c *cli) migrate(args []string) error {
	if err := c.flags("migrate").Parse(args); err != nil {
		return err
	}
	d, err := openDB(c.ctx, c.cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	applied, err := d.Migrate(c.ctx)
	if err != nil {
		return err
	}
	v, _ := d.SchemaVersion(c.ctx)
	fmt.Fprintf(c.out, "数据库结构已是版本 %d（本次应用 %d 个迁移）\n", v, len(applied))
	return nil
}

func (c *cli) init(args []string) error {
	fs := c.flags("init")
	province := fs.String("province", "", "省级区划代码，如 52（贵州）")
	country := fs.Bool("country", false, "建立全国机构树")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*province == "") == !*country {
		return errors.New("请指定 --province CODE 或 --country 之一")
	}
	a, err := c.open()
	if err != nil {
		return err
	}
	defer a.Close()
	if empty, err := demo.Empty(c.ctx, a.DB.Reader()); err != nil || !empty {
		if err == nil {
			err = errors.New("数据库中已有机构数据，init 只能用于空数据库")
		}
		return err
	}
	divs, err := demo.LoadDivisions()
	if err != nil {
		return err
	}
	var nodes []org.Node
	if *country {
		nodes, err = demo.CountryTree(divs)
	} else {
		nodes, err = demo.ProvinceTree(divs, *province, "", nil)
	}
	if err != nil {
		return err
	}
	sys := org.SystemPrincipal("init")
	if _, err := a.Org.ImportTree(c.ctx, sys, nodes); err != nil {
		return err
	}
	if err := a.DB.Optimize(c.ctx); err != nil {
		return err
	}
	rootID, err := a.Org.CommissionIDByCode(c.ctx, sys, nodes[0].Code)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "已建立 %s 及所属共 %d 个机构。\n三员分立的三个管理员账户（初始密码只显示这一次，首次登录须修改）：\n", nodes[0].Name, len(nodes))
	for _, u := range []struct{ name, display, role string }{
		{"admin", "系统管理员", "sysadmin"}, {"secadmin", "安全保密管理员", "security_admin"}, {"auditor", "安全审计员", "security_auditor"},
	} {
		_, pw, err := a.Org.CreateUser(c.ctx, sys, org.NewUser{Username: u.name, DisplayName: u.display, CommissionID: rootID, Roles: []string{u.role}})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "  %s  登录名：%s   初始密码：%s\n", org.RoleName(u.role), u.name, pw)
	}
	fmt.Fprintln(c.out, "系统管理员新增账户，安全保密管理员授予角色并批准密码重置，安全审计员查阅审计日志；三个账户请交三人分别保管。")
	return nil
}

func (c *cli) demo(args []string) error {
	fs := c.flags("demo")
	country := fs.Bool("country", false, "建立全国机构树（压测用）")
	users := fs.Int("users", 0, "与 --country 同用：批量生成的用户数")
	reports := fs.Int("reports", 0, "在演示数据上再批量生成 N 件检举控告（每件 3 条线索，建好检索和重复件索引，压测用）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *reports < 0 || *reports > 0 && *country {
		return errors.New("--reports 须为正数，且不与 --country 同用")
	}
	a, err := c.open()
	if err != nil {
		return err
	}
	defer a.Close()
	if !*country {
		res, err := demo.Load(c.ctx, a.DB, a.Org, a.Cadres, a.Pool, a.Now())
		if err != nil {
			return err
		}
		if err := demo.LoadInspection(c.ctx, a.DB, a.Cadres, a.Pool, a.Inspection, a.Now()); err != nil {
			return err
		}
		c.printDemo(res)
		if *reports > 0 {
			start := time.Now()
			if err := demo.BulkReports(c.ctx, a.DB, *reports, 3, true); err != nil {
				return err
			}
			fmt.Fprintf(c.out, "已批量生成 %d 件检举控告和 %d 条问题线索（%s，仅供压测）。\n", *reports, 3**reports, time.Since(start).Round(time.Second))
		}
		return nil
	}
	n, err := demo.LoadCountry(c.ctx, a.DB, a.Org, a.Audit, *users)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "已建立全国机构树 %d 个机构，批量生成 %d 个用户（密码不可用，仅供压测；用 custos user passwd 设置）。\n", n, *users)
	return nil
}

func (c *cli) user(args []string) error {
	if len(args) == 0 {
		return errors.New("用法：custos user add|passwd|list|token …")
	}
	sub, rest := args[0], args[1:]
	fs := c.flags("user " + sub)
	var (
		username   = fs.String("username", "", "登录名")
		name       = fs.String("name", "", "姓名（token：用途）")
		commission = fs.String("commission", "", "机构代码，如 52 或 520102")
		dept       = fs.String("dept", "", "部门类型，如 cadre_supervision")
		roles      = fs.String("roles", "", "角色，逗号分隔，如 sysadmin,security_auditor")
		fromStdin  = fs.Bool("password-stdin", false, "从标准输入读取密码")
	)
	var positional []string
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		rest = fs.Args()
		if len(rest) > 0 {
			positional = append(positional, rest[0])
			rest = rest[1:]
		}
	}
	a, err := c.open()
	if err != nil {
		return err
	}
	defer a.Close()
	sys := org.SystemPrincipal("cli")
	readPW := func() (string, error) {
		line, err := bufio.NewReader(c.stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", errors.New("未能从标准输入读到密码")
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	switch sub {
	case "add":
		cid, err := a.Org.CommissionIDByCode(c.ctx, sys, *commission)
		if err != nil {
			return err
		}
		var did int64
		if *dept != "" {
			if did, err = a.Org.DepartmentIDByKind(c.ctx, cid, *dept); err != nil {
				return err
			}
		}
		in := org.NewUser{Username: *username, DisplayName: *name, CommissionID: cid, DepartmentID: did, Roles: splitList(*roles)}
		if *fromStdin {
			if in.Password, err = readPW(); err != nil {
				return err
			}
		}
		u, pw, err := a.Org.CreateUser(c.ctx, sys, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "已新增用户 %s（%s，%s）\n", u.Username, u.DisplayName, u.CommissionName)
		if pw != "" {
			fmt.Fprintf(c.out, "初始密码：%s （只显示这一次，首次登录须修改）\n", pw)
		}
	case "passwd":
		if len(positional) != 1 {
			return errors.New("用法：custos user passwd USERNAME [--password-stdin]")
		}
		id, err := a.Org.UserIDByUsername(c.ctx, sys, positional[0])
		if err != nil {
			return err
		}
		pw, must := "", true
		if *fromStdin {
			if pw, err = readPW(); err != nil {
				return err
			}
			must = false
		}
		u, err := a.Org.User(c.ctx, sys, id)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(u.Roles, org.AdminRole) {
			// a business account: two people, as on the screen — this files the request
			_, got, err := a.Org.RequestReset(c.ctx, sys, id, pw, "服务器命令行申请", must)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.out, "已提交 %s 的密码重置申请，须经安全保密管理员在“用户管理”中批准后生效。\n", u.Username)
			if pw == "" {
				fmt.Fprintf(c.out, "新密码：%s （只显示这一次，批准后生效，下次登录须修改）\n", got)
			}
			return nil
		}
		got, err := a.Org.RecoverAdmin(c.ctx, sys, id, pw, must)
		if err != nil {
			return err
		}
		if pw != "" {
			fmt.Fprintln(c.out, "已设置管理员账户的密码并解除锁定")
			return nil
		}
		fmt.Fprintf(c.out, "新密码：%s （只显示这一次，下次登录须修改）\n", got)
	case "list":
		f := org.UserFilter{Page: org.Page{Size: 200}}
		if *commission != "" {
			if f.CommissionID, err = a.Org.CommissionIDByCode(c.ctx, sys, *commission); err != nil {
				return err
			}
		}
		tw := tabwriter.NewWriter(c.out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "登录名\t姓名\t机构\t角色\t状态")
		for page := 1; ; page++ {
			f.Page.Number = page
			rows, total, err := a.Org.ListUsers(c.ctx, sys, f)
			if err != nil {
				return err
			}
			for _, u := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Username, u.DisplayName, u.CommissionName, strings.Join(rolesNames(u.Roles), "、"), u.StatusName())
			}
			if page*f.Page.Size >= total {
				break
			}
		}
		return tw.Flush()
	case "token":
		if len(positional) != 1 {
			return errors.New("用法：custos user token USERNAME --name 用途")
		}
		id, err := a.Org.UserIDByUsername(c.ctx, sys, positional[0])
		if err != nil {
			return err
		}
		p, err := a.principal(id)
		if err != nil {
			return err
		}
		tok, err := a.Auth.CreateToken(c.ctx, p, *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "API 令牌（只显示这一次）：%s\n用法：curl -H 'Authorization: Bearer %s' http://127.0.0.1:8080/api/v1/me\n", tok, tok)
	default:
		return fmt.Errorf("未知子命令 user %s", sub)
	}
	return nil
}

func (a *App) principal(id int64) (org.Principal, error) {
	p, err := auth.LoadPrincipal(context.Background(), a.DB.Reader(), id)
	p.ClientAddr = "local"
	return p, err
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func (c *cli) backup(args []string) error {
	fs := c.flags("backup")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("用法：custos backup FILE")
	}
	d, err := openDB(c.ctx, c.cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Backup(c.ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "已生成一致的数据库副本：%s\n", fs.Arg(0))
	if id, err := secret.RecordedID(c.ctx, d.Reader()); err == nil && id != "" {
		fmt.Fprintf(c.out, "恢复此副本需要标识为 %s 的加密密钥（不在副本中，请另行保管）。\n", id)
	}
	return nil
}

func listen(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }

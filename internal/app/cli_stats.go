package app

import (
	"custos/internal/clock"
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"

	"custos/internal/org"
	"custos/internal/stats"
)

const statsUsage = "用法：custos stats --from YYYY-MM-DD --to YYYY-MM-DD --commission CODE [--json]"

// stats runs `custos stats --from … --to … --commission CODE [--json]`: the official form of the
// commission's subtree over the period (inclusive Beijing dates). With --json it prints one
// JSON object whose keys are the contract of issue 10 (stats.Figures); otherwise the form as
// a table. A locked period prints its frozen figures.
func (c *cli) stats(args []string) error {
	fs := c.flags("stats")
	from := fs.String("from", "", "起始日期 YYYY-MM-DD（含）")
	to := fs.String("to", "", "截止日期 YYYY-MM-DD（含）")
	code := fs.String("commission", "", "纪委监委的区划代码，如 520000（省）、520100（贵阳市）")
	asJSON := fs.Bool("json", false, "输出一个 JSON 对象")
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 0 || *code == "" {
		return errors.New(statsUsage)
	}
	pd, err := stats.ParsePeriod(*from, *to)
	if err != nil {
		return err
	}
	a, err := c.open()
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Stats.UnitByCode(c.ctx, org.SystemPrincipal("stats"), *code)
	if err != nil {
		return err
	}
	f, lock, err := a.Stats.FormOf(c.ctx, u, pd)
	if err != nil {
		return err
	}
	f.Commission = u.Code6()
	if len(*code) == 6 {
		f.Commission = *code
	}
	if *asJSON {
		enc := json.NewEncoder(c.out)
		return enc.Encode(f)
	}
	fmt.Fprintf(c.out, "%s 统计报表（%s 至 %s）", u.Name, pd.From, pd.To)
	if lock != nil {
		fmt.Fprintf(c.out, "，已于 %s 锁定", clock.Date(lock.LockedAt))
	}
	fmt.Fprintln(c.out)
	w := tabwriter.NewWriter(c.out, 0, 0, 2, ' ', 0)
	for _, l := range stats.Lines() {
		name := l.Name
		if l.Indent > 0 {
			name = "  " + name
		}
		fmt.Fprintf(w, "%s\t%d\t%s\n", name, l.Value(f), l.Unit)
	}
	return w.Flush()
}

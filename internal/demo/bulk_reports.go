package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"custos/internal/db"
	"custos/internal/dedup"
	"custos/internal/report"
	"custos/internal/search"
)

// BulkReports inserts n reports and clues per report spread over the commissions with
// cadres, in transactions of a few thousand rows — load-test data for the intake and clue
// lists (P2, P5, P6), deterministic. With index, each report also gets its band keys and its
// search terms (what makes it slow); without, reports wait for IndexPending. It writes no audit
// entries: it stands for years of history, not for anything a user did.
func BulkReports(ctx context.Context, d *db.DB, n, cluesPer int, index bool) error {
	type comm struct {
		id   int64
		path string
	}
	var cs []comm
	rows, err := d.Reader().Query(ctx, `SELECT DISTINCT c.id, c.path FROM commissions c JOIN cadres k ON k.commission_id = c.id ORDER BY c.id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var c comm
		if err := rows.Scan(&c.id, &c.path); err != nil {
			rows.Close()
			return err
		}
		cs = append(cs, c)
	}
	rows.Close()
	if len(cs) == 0 {
		return fmt.Errorf("bulk reports need cadres")
	}
	words := strings.Fields(`反映 干部 收受 礼金 购物卡 宴请 工程 项目 招投标 亲属 企业 违规 发放 津贴 补贴 公车 私用 插手 干预 审批 土地 拆迁
		补偿 扶贫 资金 截留 挪用 虚报 冒领 赌博 吃喝 旅游 报销 考察 提拔 调整 打招呼 索要 好处费 入股 分红 借款 不还 职务 便利 谋取 利益`)
	sources := []string{"信访举报", "巡视巡察", "审计", "监督检查中发现", "上级交办"}
	statuses := []string{"registered", "allocated", "inquiry", "prelim", "closed", "closed", "shelved"}
	rng := rand.New(rand.NewPCG(17, 29))
	eng := dedup.New()
	now := time.Now().UTC()
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 2000
	for done := 0; done < n; done += batch {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			var ids []int64
			var terms [][]string
			for i := done; i < min(n, done+batch); i++ {
				c := cs[rng.IntN(len(cs))]
				var sb strings.Builder
				for sb.Len() < 600 {
					sb.WriteString(words[rng.IntN(len(words))])
				}
				content := sb.String()
				title := "反映" + words[rng.IntN(len(words))] + words[rng.IntN(len(words))] + "问题"
				on := start.AddDate(0, 0, rng.IntN(1060)).Format("2006-01-02")
				var id int64
				if err := tx.QueryRow(ctx, `INSERT INTO reports (commission_id, commission_path, received_by_id, number, received_on, channel, category,
					real_name, title, content, jurisdiction, status, indexed, created_by, created_at)
					VALUES (?, ?, ?, ?, ?, 'letter', 'accusation', ?, ?, ?, 'own', 'registered', ?, '批量', ?) RETURNING id`,
					c.id, c.path, c.id, fmt.Sprintf("B-%08d", i), on, false, title, content, index, now).Scan(&id); err != nil {
					return err
				}
				if index {
					ids, terms = append(ids, id), append(terms, search.Terms(title+"\n"+content, search.Text))
					if err := report.InsertKeys(ctx, tx, id, eng.Prepare(content).StoredKeys()); err != nil {
						return err
					}
					if _, err := tx.Exec(ctx, `UPDATE reports SET key_scheme = ? WHERE id = ?`, dedup.Scheme, id); err != nil {
						return err
					}
				}
				for j := range cluesPer {
					st := statuses[rng.IntN(len(statuses))]
					closed := ""
					if st == "closed" {
						closed = on
					}
					if _, err := tx.Exec(ctx, `INSERT INTO clues (commission_id, commission_path, number, source, summary, priority, status, received_on, closed_on, created_by, created_at)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '批量', ?)`, c.id, c.path, fmt.Sprintf("B-%08d-%d", i, j), sources[rng.IntN(len(sources))], title,
						rng.IntN(20) == 0, st, on, closed, now); err != nil {
						return err
					}
				}
			}
			return db.SearchPutMany(ctx, tx, "report_search", ids, terms)
		})
		if err != nil {
			return err
		}
	}
	return d.Optimize(ctx)
}

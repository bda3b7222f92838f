package demo

import (
	"context"
	"fmt"
	"time"

	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/search"
)

// BulkCadres inserts n cadres spread over every commission, with valid, distinct ID numbers
// and search terms, in one transaction with one audit entry — load-test data, deterministic.
func BulkCadres(ctx context.Context, d *db.DB, log *audit.Log, n int) error {
	type comm struct {
		id         int64
		code, path string
	}
	var cs []comm
	rows, err := d.Reader().Query(ctx, `SELECT id, code, path FROM commissions WHERE kind IN ('provincial', 'prefectural', 'county', 'central') ORDER BY id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var c comm
		if err := rows.Scan(&c.id, &c.code, &c.path); err != nil {
			rows.Close()
			return err
		}
		cs = append(cs, c)
	}
	rows.Close()
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given := []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建红林志文斌宇浩凯俊峰磊晶波海燕")
	posts := []string{"干部监督室科员", "监督检查室主任", "审查调查室副主任", "案件审理室科员", "信访室主任", "案件监督管理室副主任", "纪委副书记", "派驻纪检监察组组长"}
	ranks := []string{"staff", "section", "county", "section", "staff"}
	now := time.Now().UTC()
	return d.InTx(ctx, func(tx *db.Tx) error {
		for i := 0; i < n; i++ {
			c := cs[i%len(cs)]
			name := string(surnames[i%len(surnames)]) + string(given[(i/len(surnames))%len(given)])
			if i%3 == 0 {
				name += string(given[(i/7)%len(given)])
			}
			birth := time.Date(1960+i%40, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
			post := posts[i%len(posts)]
			var cid int64
			if err := tx.QueryRow(ctx, `INSERT INTO cadres (name, gender, birth_date, id_number, ethnicity, party_member, commission_id,
				commission_path, post, rank, status, created_at, updated_at) VALUES (?, ?, ?, ?, '汉族', TRUE, ?, ?, ?, ?, 'in_post', ?, ?) RETURNING id`,
				name, "M", birth.Format("2006-01-02"), uniqueID(c.code, birth, i), c.id, c.path, post, ranks[i%len(ranks)], now, now).Scan(&cid); err != nil {
				return err
			}
			terms := append(search.Terms(name, search.Name), search.Terms(post, search.Text)...)
			if err := db.SearchPut(ctx, tx, "cadre_search", cid, terms); err != nil {
				return err
			}
		}
		return log.Append(ctx, tx, audit.System("demo"), audit.Entry{Action: "cadre.bulk_create", ObjectType: "cadre",
			ObjectID: "bulk", Summary: fmt.Sprintf("批量生成压测干部 %d 人", n), After: n, ScopePath: "/"})
	})
}

// uniqueID builds a valid ID number unique for i: region of the commission, the birth date,
// and a sequence number derived from i (three digits; the birth date varies with i too).
func uniqueID(code string, birth time.Time, i int) string {
	return idNumber(code, birth.Format("20060102"), (i/480)%1000)
}

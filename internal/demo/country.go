package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// LoadCountry builds the whole country's commission tree (~3,350 commissions) into an empty
// database and adds n users spread over the commissions, for load tests. The users share one
// unusable password hash (nobody can log in as them until `custos user passwd` sets one);
// the bulk insert is one transaction with one audit entry. It returns the number of
// commissions.
func LoadCountry(ctx context.Context, d *db.DB, svc *org.Service, log *audit.Log, n int) (int, error) {
	divs, err := LoadDivisions()
	if err != nil {
		return 0, err
	}
	nodes, err := CountryTree(divs)
	if err != nil {
		return 0, err
	}
	if _, err := svc.ImportTree(ctx, org.SystemPrincipal("demo"), nodes); err != nil {
		return 0, err
	}
	if err := BulkUsers(ctx, d, log, n); err != nil {
		return 0, err
	}
	return len(nodes), d.Optimize(ctx)
}

// BulkUsers inserts n users round-robin over every commission, with deterministic names and
// roles, in one transaction.
func BulkUsers(ctx context.Context, d *db.DB, log *audit.Log, n int) error {
	if n <= 0 {
		return nil
	}
	type comm struct {
		id   int64
		path string
	}
	var cs []comm
	rows, err := d.Reader().Query(ctx, `SELECT id, path FROM commissions ORDER BY id`)
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
		return fmt.Errorf("bulk users: no commissions")
	}
	roles := []string{"supervision", "petitions", "case_mgmt", "investigation", "trial", "cadre_supervision"}
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	given := []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚")
	now := time.Now().UTC()
	return d.InTx(ctx, func(tx *db.Tx) error {
		for i := 0; i < n; i++ {
			c := cs[i%len(cs)]
			name := string(surnames[i%len(surnames)]) + string(given[(i/len(surnames))%len(given)]) + string(given[(i/7)%len(given)])
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO users (username, display_name, commission_id, commission_path, password_hash, created_at)
				VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, "load"+strconv.Itoa(i), name, c.id, c.path, "!bulk-no-login", now).Scan(&id); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, role, commission_path) VALUES (?, ?, ?)`, id, roles[i%len(roles)], c.path); err != nil {
				return err
			}
			if err := org.IndexUser(ctx, tx, id, "load"+strconv.Itoa(i), name); err != nil {
				return err
			}
		}
		return log.Append(ctx, tx, audit.System("demo"), audit.Entry{Action: "user.bulk_create", ObjectType: "user",
			ObjectID: "bulk", Summary: fmt.Sprintf("批量生成压测用户 %d 个", n), After: n, ScopePath: "/"})
	})
}

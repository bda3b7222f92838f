package audit_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/testkit"
)

// appendN writes n entries through the real Append, one transaction each.
func appendN(t *testing.T, d *db.DB, log *audit.Log, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			return log.Append(ctx, tx, audit.Actor{ID: int64(i%3 + 1), Name: "tester", Roles: []string{"sysadmin"}, ScopePath: "/1/", ClientAddr: "127.0.0.1"},
				audit.Entry{Action: "test.write", ObjectType: "thing", ObjectID: fmt.Sprint(i), Summary: fmt.Sprintf("第 %d 次", i), After: i})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func migrated(t *testing.T) *db.DB {
	t.Helper()
	d := testkit.DB(t)
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

// raw runs a statement that bypasses the append-only triggers, as an attacker with direct
// database access would.
func raw(t *testing.T, d *db.DB, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if d.Engine == db.Postgres {
			if _, err := tx.Exec(ctx, `ALTER TABLE audit_log DISABLE TRIGGER USER`); err != nil {
				return err
			}
		} else {
			for _, tr := range []string{"audit_log_no_update", "audit_log_no_delete"} {
				if _, err := tx.Exec(ctx, `DROP TRIGGER IF EXISTS `+tr); err != nil {
					return err
				}
			}
		}
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestVerifyFindsTampering(t *testing.T) {
	for _, alg := range []string{audit.SHA256, audit.SM3} {
		for _, tc := range []struct {
			name   string
			tamper []string
			badSeq int64
			words  string
		}{
			{"intact", nil, 0, ""},
			{"edited", []string{`UPDATE audit_log SET summary = '改过了' WHERE seq = 10`}, 10, "内容与哈希不符"},
			{"edited actor", []string{`UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 3`}, 3, "内容与哈希不符"},
			{"deleted", []string{`DELETE FROM audit_log WHERE seq = 20`}, 21, "序号不连续"},
			{"inserted", []string{
				`UPDATE audit_log SET seq = seq + 1000 WHERE seq > 15`,
				`UPDATE audit_log SET seq = seq - 999 WHERE seq > 1000`,
				`INSERT INTO audit_log (seq, at, actor_name, actor_roles, scope_path, action, object_type, object_id, summary, before_digest, after_digest, client_addr, alg, prev_hash, hash)
				 SELECT 16, at, actor_name, actor_roles, scope_path, action, object_type, object_id, '插入的', before_digest, after_digest, client_addr, alg, hash, hash FROM audit_log WHERE seq = 15`},
				16, "内容与哈希不符"},
			{"reordered", []string{
				`UPDATE audit_log SET seq = 1000 WHERE seq = 5`,
				`UPDATE audit_log SET seq = 5 WHERE seq = 6`,
				`UPDATE audit_log SET seq = 6 WHERE seq = 1000`}, 5, ""},
			{"tail deleted", []string{`DELETE FROM audit_log WHERE seq = 30`}, 30, "被删除"},
			{"edited at a seam", []string{`UPDATE audit_log SET object_id = 'x' WHERE seq = 8`}, 8, "内容与哈希不符"},
			{"deleted at a seam", []string{`DELETE FROM audit_log WHERE seq = 15`}, 16, "序号不连续"},
			{"seam relinked", []string{`UPDATE audit_log SET prev_hash = 'forged' WHERE seq = 22`}, 22, ""},
		} {
			t.Run(alg+"/"+tc.name, func(t *testing.T) {
				d := migrated(t)
				log, err := audit.New(alg, func() time.Time { return testkit.Start })
				if err != nil {
					t.Fatal(err)
				}
				appendN(t, d, log, 30)
				if tc.tamper != nil {
					raw(t, d, tc.tamper...)
				}
				// one chunk, and chunks of 7 (seams at 8, 15, 22, 29) checked by 4 workers
				for _, tune := range []audit.Tuning{{Workers: 1, MinChunk: 10_000}, {Workers: 5, MinChunk: 7}} {
					res, err := audit.VerifyWith(context.Background(), d.Reader(), tune)
					if err != nil {
						t.Fatal(err)
					}
					if tc.badSeq == 0 {
						if !res.OK() || res.Checked != 30 {
							t.Fatalf("%+v: intact chain: %+v", tune, res)
						}
						continue
					}
					if res.OK() || res.BadSeq != tc.badSeq || !strings.Contains(res.Problem, tc.words) {
						t.Fatalf("%+v: want entry %d named (%q), got %+v", tune, tc.badSeq, tc.words, res)
					}
				}
			})
		}
	}
}

// TestWholeChunkDeleted: a run of deleted entries that empties a chunk is still found.
func TestWholeChunkDeleted(t *testing.T) {
	d := migrated(t)
	log, _ := audit.New(audit.SHA256, func() time.Time { return testkit.Start })
	appendN(t, d, log, 30)
	raw(t, d, `DELETE FROM audit_log WHERE seq >= 15 AND seq <= 21`)
	res, err := audit.VerifyWith(context.Background(), d.Reader(), audit.Tuning{Workers: 5, MinChunk: 7})
	if err != nil || res.OK() || res.BadSeq != 15 {
		t.Fatalf("want entry 15 named, got %+v %v", res, err)
	}
	if res, _ := audit.Verify(context.Background(), d.Reader()); res.OK() || res.BadSeq != 22 {
		t.Fatalf("one chunk: want entry 22 named, got %+v", res)
	}
}

func TestDatabaseRefusesChanges(t *testing.T) {
	d := migrated(t)
	log, _ := audit.New(audit.SHA256, func() time.Time { return testkit.Start })
	appendN(t, d, log, 3)
	ctx := context.Background()
	for _, stmt := range []string{`UPDATE audit_log SET summary = 'x' WHERE seq = 1`, `DELETE FROM audit_log WHERE seq = 3`} {
		err := d.InTx(ctx, func(tx *db.Tx) error { _, err := tx.Exec(ctx, stmt); return err })
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want the append-only refusal", stmt, err)
		}
	}
	if res, _ := audit.Verify(ctx, d.Reader()); !res.OK() {
		t.Fatalf("chain broken after refused changes: %+v", res)
	}
}

// TestConcurrentAppends: racing transactions get gapless numbers and a valid chain.
func TestConcurrentAppends(t *testing.T) {
	d := migrated(t)
	log, _ := audit.New(audit.SHA256, func() time.Time { return testkit.Start })
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for g := 0; g < 10; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			ctx := context.Background()
			for i := 0; i < 10; i++ {
				errs <- d.InTx(ctx, func(tx *db.Tx) error {
					return log.Append(ctx, tx, audit.System("test"), audit.Entry{Action: "test.race", ObjectType: "g", ObjectID: fmt.Sprint(g, i), Summary: "并发"})
				})
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	res, err := audit.Verify(context.Background(), d.Reader())
	if err != nil || !res.OK() || res.Checked != 100 {
		t.Fatalf("after 100 racing appends: %+v, %v", res, err)
	}
}

func TestListFilters(t *testing.T) {
	d := migrated(t)
	log, _ := audit.New(audit.SHA256, func() time.Time { return testkit.Start })
	ctx := context.Background()
	for i, path := range []string{"/1/", "/1/2/", "/1/3/", "/1/2/4/"} {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			return log.Append(ctx, tx, audit.Actor{Name: fmt.Sprintf("user%d", i), ScopePath: path},
				audit.Entry{Action: "user.create", ObjectType: "user", ObjectID: fmt.Sprint(i)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		f    audit.Filter
		want int
	}{
		{audit.Filter{ScopePath: "/1/"}, 4},
		{audit.Filter{ScopePath: "/1/2/"}, 2},
		{audit.Filter{ScopePath: "/1/3/"}, 1},
		{audit.Filter{ScopePath: "/1/", Person: "user2"}, 1},
		{audit.Filter{ScopePath: "/1/", Action: "user."}, 4},
		{audit.Filter{ScopePath: "/1/", Action: "auth."}, 0},
		{audit.Filter{ScopePath: "/1/", ObjectType: "user", ObjectID: "3"}, 1},
		{audit.Filter{ScopePath: "/1/", From: testkit.Start.AddDate(0, 0, 1)}, 0},
		{audit.Filter{ScopePath: "/1/", To: testkit.Start}, 4},
	} {
		rows, total, err := audit.List(ctx, d.Reader(), tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if total != tc.want || len(rows) != tc.want {
			t.Errorf("%+v: total %d rows %d, want %d", tc.f, total, len(rows), tc.want)
		}
	}
}

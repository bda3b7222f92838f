package report_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/report"
)

// TestHostileRowIndexedBounded replays the attack on the indexer: a report stored before input
// was bounded, whose subject's name is 200,000 characters and whose content is 2 MB. Indexing
// it takes bounded time and memory, and other writes (here: registrations, as a login or any
// page would) go through while it runs.
func TestHostileRowIndexedBounded(t *testing.T) {
	f := setup(t)
	pet := f.user(t, "gz.xinfang")
	hostile, err := f.svc.Register(f.ctx, pet, input("赵敏", letter))
	if err != nil {
		t.Fatal(err)
	}
	long := "王伟明" + strings.Repeat("a", 100_000) + strings.Repeat("王伟明", 100_000/3)
	content := strings.Repeat("反映某某收受礼金问题，", 200_000/10*10)
	if err := f.env.App.DB.InTx(f.ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(f.ctx, `UPDATE report_subjects SET name = ? WHERE report_id = ?`, long, hostile.ID); err != nil {
			return err
		}
		_, err := tx.Exec(f.ctx, `UPDATE reports SET content = ? WHERE id = ?`, content, hostile.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var wg sync.WaitGroup
	var took time.Duration
	var indexErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		start := time.Now()
		_, indexErr = f.svc.IndexPending(context.Background())
		took = time.Since(start)
	}()
	var slowest time.Duration
	for range 5 {
		start := time.Now()
		if _, err := f.svc.Register(f.ctx, pet, input("孙伟", "反映信访室主任孙伟对群众来访态度恶劣，推诿扯皮。")); err != nil {
			t.Fatal(err)
		}
		slowest = max(slowest, time.Since(start))
	}
	wg.Wait()
	runtime.ReadMemStats(&after)
	if indexErr != nil {
		t.Fatal(indexErr)
	}
	if took > 10*time.Second || slowest > 5*time.Second {
		t.Errorf("indexing took %v, the slowest registration beside it %v", took, slowest)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 512<<20 {
		t.Errorf("indexing allocated %d MiB", alloc>>20)
	}
	if _, err := f.svc.IndexPending(f.ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM reports WHERE NOT indexed`); n != 0 {
		t.Errorf("%d reports left unindexed", n)
	}
	// the hostile report is still found by its subject's name's beginning and its words
	if _, n, err := f.svc.List(f.ctx, pet, report.Filter{Query: "王伟明", Page: org.Page{Size: 20}.Normalize()}); err != nil || n != 1 {
		t.Errorf("search for the hostile subject: %d %v", n, err)
	}
}

// TestUnindexableRowSkipped: a report whose terms cannot be written is logged and marked, the
// others of its batch are indexed, and the next run does not try it again.
func TestUnindexableRowSkipped(t *testing.T) {
	f := setup(t)
	pet := f.user(t, "gz.xinfang")
	var ids []int64
	for _, who := range []string{"赵敏", "孙伟", "李红"} {
		r, err := f.svc.Register(f.ctx, pet, input(who, "反映"+who+"收受购物卡的问题。"))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	tries := 0
	report.SetIndexFault(f.svc, func(id int64) error {
		if id == ids[1] {
			tries++
			return errors.New("index row size exceeds maximum")
		}
		return nil
	})
	n, err := f.svc.IndexPending(f.ctx)
	if err != nil || n != 3 {
		t.Fatalf("indexed %d, %v; want 3 taken and no error", n, err)
	}
	if n, err := f.svc.IndexPending(f.ctx); err != nil || n != 0 || tries != 2 {
		t.Fatalf("second run took %d (%v), the bad report tried %d times (want 0 more after the batch and its own try)", n, err, tries)
	}
	find := func(q string) int {
		_, n, err := f.svc.List(f.ctx, pet, report.Filter{Query: q, Page: org.Page{Size: 20}.Normalize()})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if find("赵敏") != 1 || find("李红") != 1 || find("孙伟") != 0 {
		t.Errorf("found 赵敏 %d, 李红 %d, 孙伟 (skipped) %d", find("赵敏"), find("李红"), find("孙伟"))
	}
}

package report_test

import (
	"testing"

	"custos/internal/db"
	"custos/internal/dedup"
)

// TestRekeyPending: reports keyed by an older scheme (as after an upgrade, migration 0033) get
// their keys rebuilt in batches by RekeyPending, which stops when none is left; until then a
// re-submission cannot find them, afterwards it does. An excerpt of the earlier report is a
// candidate by containment.
func TestRekeyPending(t *testing.T) {
	f := setup(t)
	pet := f.user(t, "gz.xinfang")
	first, err := f.svc.Register(f.ctx, pet, input("赵敏", letter))
	if err != nil {
		t.Fatal(err)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM reports WHERE key_scheme < 2`); n != 0 {
		t.Fatalf("a new report is keyed by the current scheme: %d stale", n)
	}
	// as an older scheme left it
	err = f.env.App.DB.InTx(f.ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(f.ctx, `DELETE FROM report_bands WHERE report_id = ?`, first.ID); err != nil {
			return err
		}
		_, err := tx.Exec(f.ctx, `UPDATE reports SET key_scheme = 0`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	excerpt, err := f.svc.Register(f.ctx, pet, input("赵敏", "其丈夫在本市开办建材公司，赵敏利用职务便利为该公司承揽工程提供帮助。以上情况属实。"))
	if err != nil {
		t.Fatal(err)
	}
	if _, cands, _ := f.svc.Get(f.ctx, pet, excerpt.ID); len(cands) != 0 {
		t.Fatalf("found without keys: %+v", cands)
	}
	n, err := f.svc.RekeyPending(f.ctx)
	if err != nil || n < 1 {
		t.Fatalf("rekeyed %d: %v", n, err)
	}
	if again, err := f.svc.RekeyPending(f.ctx); err != nil || again != 0 {
		t.Fatalf("second run rekeyed %d: %v", again, err)
	}
	if k := f.env.Lookup(t, `SELECT COUNT(*) FROM report_bands WHERE report_id = ?`, first.ID); k < dedup.Bands {
		t.Fatalf("%d keys after rekeying", k)
	}
	_, cands, err := f.svc.Get(f.ctx, pet, excerpt.ID)
	if err != nil || len(cands) != 1 || cands[0].Report.ID != first.ID || cands[0].Score < 0.9 {
		t.Fatalf("the excerpt's candidates: %+v %v", cands, err)
	}
	if x := cands[0].Explain; x.Shared != x.Shorter || len(x.Kinds) == 0 || x.Kinds[0] != dedup.KindExcerpt {
		t.Errorf("explanation: shared %d of %d, kinds %v", x.Shared, x.Shorter, x.Kinds)
	}
}

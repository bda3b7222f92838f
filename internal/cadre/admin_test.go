package cadre_test

import (
	"testing"

	"custos/internal/apperr"
	"custos/internal/cadre"
)

// TestRuleAndDimensionAdmin: a rule changed applies at once, a retired one no longer; a
// retired dimension is no longer asked for, while the portraits written under it keep it.
func TestRuleAndDimensionAdmin(t *testing.T) {
	f := setup(t)
	ctx, p := f.ctx, f.prov
	rules, err := f.svc.Rules(ctx)
	if err != nil || len(rules) == 0 {
		t.Fatal(rules, err)
	}
	r := rules[0]
	r.Name = "配偶、子女不得在管辖地区经商（修改）"
	if _, err := f.svc.UpdateRule(ctx, p, r.ID, r); err != nil {
		t.Fatal(err)
	}
	bad := r
	bad.Relations = nil
	if _, err := f.svc.UpdateRule(ctx, p, r.ID, bad); apperr.FieldsOf(err)["relations"] == "" {
		t.Errorf("a rule without relations: %v", err)
	}
	if _, err := f.svc.RetireRule(ctx, p, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RetireRule(ctx, p, r.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("retiring twice: %v", err)
	}
	now, _ := f.svc.Rules(ctx)
	all, _ := f.svc.AllRules(ctx)
	if len(now) != len(rules)-1 || len(all) != len(rules) || all[0].RetiredOn == "" {
		t.Errorf("in force %d, all %d", len(now), len(all))
	}
	if _, err := f.svc.UpdateRule(ctx, f.nm, rules[1].ID, rules[1]); err != nil {
		t.Errorf("a county officer with cadre.manage may keep the installation's rules: %v", err)
	}

	dims, _ := f.svc.Dimensions(ctx)
	d, err := f.svc.SaveDimension(ctx, p, cadre.Dimension{Name: "担当作为", Guidance: "攻坚克难、敢于斗争", Position: 4})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SaveDimension(ctx, p, cadre.Dimension{Name: "担当作为", Position: 5}); apperr.FieldsOf(err)["name"] == "" {
		t.Errorf("duplicate name: %v", err)
	}
	d.Name = "担当作为（修改）"
	if _, err := f.svc.SaveDimension(ctx, p, d); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RetireDimension(ctx, p, dims[0].ID); err != nil {
		t.Fatal(err)
	}
	got, _ := f.svc.Dimensions(ctx)
	if len(got) != len(dims) || got[len(got)-1].Name != "担当作为（修改）" {
		t.Errorf("dimensions in use: %+v", got)
	}
	for _, x := range got[:len(got)-1] {
		if err := f.svc.RetireDimension(ctx, p, x.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.svc.RetireDimension(ctx, p, d.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("the last dimension must stay: %v", err)
	}
	if n := f.env.Lookup(t, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'prohibition_rule.%' OR action LIKE 'portrait_dimension.%'`); n != 8 {
		t.Errorf("%d audited changes, want 8", n)
	}
}

package pool_test

import (
	"context"
	"testing"

	"custos/internal/apperr"
	"custos/internal/auth"
	"custos/internal/org"
	"custos/internal/pool"
	"custos/internal/testkit"
)

func TestPool(t *testing.T) {
	env := testkit.NewApp(t)
	env.Demo(t)
	ctx := context.Background()
	user := func(name string) org.Principal {
		p, err := auth.LoadPrincipal(ctx, env.App.DB.Reader(), env.Lookup(t, `SELECT id FROM users WHERE username = ?`, name))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	svc, prov, county := env.App.Pool, user("gz.ganjian"), user("nm.ganjian")

	cases := []struct {
		name  string
		in    pool.Input
		field string
	}{
		{"nobody", pool.Input{Cadre: "无此人", Skills: []string{"法律法规"}, Available: true}, "cadre"},
		{"no skill", pool.Input{Cadre: "褚静", Skills: []string{"不存在的专长"}, Available: true}, "skills"},
		{"unavailable without reason", pool.Input{Cadre: "褚静", Skills: []string{"法律法规"}}, "unavailable_why"},
	}
	for _, c := range cases {
		if _, err := svc.Enroll(ctx, prov, c.in); apperr.FieldsOf(err)[c.field] == "" {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	if _, err := svc.Enroll(ctx, county, pool.Input{Cadre: "吴芳", Skills: []string{"法律法规"}, Available: true}); apperr.FieldsOf(err)["cadre"] == "" {
		t.Errorf("a county officer enrolled a city cadre: %v", err)
	}
	m, err := svc.Enroll(ctx, county, pool.Input{Cadre: "褚静", Skills: []string{"干部监督", "法律法规"}, Available: true})
	if err != nil {
		t.Fatal(err)
	}
	if m.Zone == "" || m.Rank != "staff" {
		t.Errorf("zone %q and rank %q should come from the roster", m.Zone, m.Rank)
	}
	if err := svc.RecordAssignment(ctx, county, m.CadreID, pool.Assignment{StartedOn: "2026-10-08", Task: "第二协作区交叉督查", Role: "成员"}); err != nil {
		t.Fatal(err)
	}
	list := func(p org.Principal, f pool.Filter) int {
		f.Page = org.Page{Size: 50}.Normalize()
		_, total, err := svc.List(ctx, p, f)
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	if n := list(prov, pool.Filter{}); n != 5 { // four demo members and 褚静
		t.Errorf("province sees %d members", n)
	}
	if n := list(prov, pool.Filter{Skill: "干部监督", AvailableOnly: true}); n != 3 { // 吴芳, 沈洁, 褚静
		t.Errorf("available 干部监督: %d", n)
	}
	if n := list(prov, pool.Filter{Skill: "审查调查", AvailableOnly: true}); n != 1 { // 郑勇 is away
		t.Errorf("available 审查调查: %d", n)
	}
	if n := list(county, pool.Filter{}); n != 1 {
		t.Errorf("the county sees %d members", n)
	}
	got, err := svc.Member(ctx, prov, m.CadreID)
	if err != nil || len(got.Assignments) != 1 {
		t.Errorf("member %+v %v", got, err)
	}
	if _, err := svc.Member(ctx, user("yy.ganjian"), m.CadreID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a sibling county sees the member: %v", err)
	}
}

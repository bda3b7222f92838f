package org_test

import (
	"context"
	"testing"

	"custos/internal/demo"
	"custos/internal/org"
	"custos/internal/testkit"
)

// TestUserCountsFollowUsers: the trigger-kept per-commission counts give the same totals as
// counting the users, for every commission's subtree, after creates and bulk inserts.
func TestUserCountsFollowUsers(t *testing.T) {
	env := testkit.NewApp(t)
	env.Demo(t)
	ctx := context.Background()
	if err := demo.BulkUsers(ctx, env.App.DB, env.App.Audit, 500); err != nil {
		t.Fatal(err)
	}
	sys := org.SystemPrincipal("test")
	rows, err := env.App.DB.Reader().Query(ctx, `SELECT id, path FROM commissions`)
	if err != nil {
		t.Fatal(err)
	}
	type c struct {
		id   int64
		path string
	}
	var cs []c
	for rows.Next() {
		var x c
		rows.Scan(&x.id, &x.path)
		cs = append(cs, x)
	}
	rows.Close()
	for _, x := range cs {
		_, total, err := env.App.Org.ListUsers(ctx, sys, org.UserFilter{CommissionID: x.id, Page: org.Page{Size: 1}})
		if err != nil {
			t.Fatal(err)
		}
		want := env.Lookup(t, `SELECT COUNT(*) FROM users WHERE commission_path >= ? AND commission_path < ?`, x.path, x.path[:len(x.path)-1]+"0")
		if int64(total) != want {
			t.Fatalf("commission %d: listed total %d, counted %d", x.id, total, want)
		}
	}
}

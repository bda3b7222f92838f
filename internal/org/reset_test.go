package org_test

import (
	"context"
	"strings"
	"testing"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/testkit"
)

// TestResetNeedsTwoPeople is the takeover path: a system administrator alone cannot put a new
// password on a leader's account; it works only once a security administrator (not the
// requester, not the owner) approves, and the leader is told once, at the next login.
func TestResetNeedsTwoPeople(t *testing.T) {
	env := testkit.NewApp(t)
	pw := env.DemoOrg(t).Password
	ctx := context.Background()
	o, a := env.App.Org, env.App.Auth
	admin, sec, auditor := env.As(t, "admin"), env.As(t, "secadmin"), env.As(t, "gz.shenji")
	leader := env.Lookup(t, `SELECT id FROM users WHERE username = 'gz.shuji'`)

	if _, _, err := o.RequestReset(ctx, sec, leader, "", "x", true); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the security administrator asked for a reset: %v", err)
	}
	if _, _, err := o.RequestReset(ctx, admin, leader, "", " ", true); apperr.FieldsOf(err)["reason"] == "" {
		t.Errorf("a reset without a reason: %v", err)
	}
	if _, _, err := o.RequestReset(ctx, admin, admin.UserID, "", "忘记密码", true); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("own reset: %v", err)
	}
	first, _, err := o.RequestReset(ctx, admin, leader, "", "本人电话申请", true)
	if err != nil {
		t.Fatal(err)
	}
	req, newPW, err := o.RequestReset(ctx, admin, leader, "", "本人当面申请", true) // replaces the first
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Login(ctx, "gz.shuji", newPW, "10.0.0.1"); err == nil {
		t.Fatal("the new password works before approval")
	}
	if _, _, err := a.Login(ctx, "gz.shuji", pw, "10.0.0.1"); err != nil {
		t.Fatalf("the old password stops working before approval: %v", err)
	}
	for _, c := range []struct {
		who  org.Principal
		id   int64
		code apperr.Code
	}{
		{admin, req.ID, apperr.Forbidden},   // the requester's role cannot approve
		{auditor, req.ID, apperr.Forbidden}, // nor the auditor's
		{sec, first.ID, apperr.Conflict},    // a replaced request is dead
	} {
		if _, err := o.ApproveReset(ctx, c.who, c.id); apperr.CodeOf(err) != c.code {
			t.Errorf("approve %d as %s: %v, want %s", c.id, c.who.Username, err, c.code)
		}
	}
	if _, err := o.ApproveReset(ctx, sec, req.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := o.ApproveReset(ctx, sec, req.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("approved twice: %v", err)
	}
	if _, _, err := a.Login(ctx, "gz.shuji", pw, "10.0.0.1"); err == nil {
		t.Fatal("the old password still works after the approved reset")
	}
	_, p, err := a.Login(ctx, "gz.shuji", newPW, "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	want := "您的密码已于 2026年11月26日 09:00 由 系统管理员（admin） 申请、安全保密管理员（secadmin） 批准重置"
	if !strings.HasPrefix(p.LoginNotice, want) || !p.MustChangePassword {
		t.Fatalf("notice %q (must change: %v)", p.LoginNotice, p.MustChangePassword)
	}
	if _, p, _ = a.Login(ctx, "gz.shuji", newPW, "10.0.0.1"); p.LoginNotice != "" {
		t.Errorf("notice told twice: %q", p.LoginNotice)
	}
	// refused: the password never takes effect
	req, refused, err := o.RequestReset(ctx, admin, leader, "", "可疑申请", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.RefuseReset(ctx, sec, req.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Login(ctx, "gz.shuji", refused, "10.0.0.1"); err == nil {
		t.Fatal("a refused reset's password works")
	}
	// the security administrator's own account needs another security administrator
	req, _, err = o.RequestReset(ctx, admin, sec.UserID, "", "忘记密码", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.ApproveReset(ctx, sec, req.ID); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a security administrator approved their own reset: %v", err)
	}
	// every step is in the trail
	rows, _, err := audit.List(ctx, env.App.DB.Reader(), audit.Filter{ScopePath: "/", Action: "user."})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Action)
	}
	if s := strings.Join(got, " "); strings.Count(s, "user.reset_request") != 4 || strings.Count(s, "user.reset_approved") != 1 || strings.Count(s, "user.reset_refused") != 1 {
		t.Errorf("audited: %s", s)
	}
}

// TestSeparationOnEveryPath: the three administrative roles stay apart whether granted by the
// security administrator, at creation (the command line's principal) or written straight into
// the table (an import or a script): the database refuses too.
func TestSeparationOnEveryPath(t *testing.T) {
	env := testkit.NewApp(t)
	env.DemoOrg(t)
	ctx := context.Background()
	o := env.App.Org
	sec, admin := env.As(t, "secadmin"), env.As(t, "admin")
	shenji := env.Lookup(t, `SELECT id FROM users WHERE username = 'gz.shenji'`)
	root := env.Lookup(t, `SELECT id FROM commissions WHERE code = '52'`)

	if _, err := o.SetRoles(ctx, sec, shenji, []string{"security_auditor", "sysadmin"}); apperr.FieldsOf(err)["roles"] == "" {
		t.Errorf("auditor made system administrator too: %v", err)
	}
	if _, err := o.SetRoles(ctx, admin, shenji, []string{"principal"}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("the system administrator granted a role: %v", err)
	}
	if _, _, err := o.CreateUser(ctx, admin, org.NewUser{Username: "new.one", DisplayName: "新人", CommissionID: root, Roles: []string{"principal"}}); apperr.FieldsOf(err)["roles"] == "" {
		t.Errorf("the system administrator created an account with a business role: %v", err)
	}
	if _, _, err := o.CreateUser(ctx, org.SystemPrincipal("cli"), org.NewUser{Username: "two.hats", DisplayName: "兼任", CommissionID: root,
		Roles: []string{"sysadmin", "security_auditor"}}); apperr.FieldsOf(err)["roles"] == "" {
		t.Errorf("the command line created an account with two administrative roles: %v", err)
	}
	u, err := o.SetRoles(ctx, sec, shenji, []string{"security_auditor"})
	if err != nil || len(u.Roles) != 1 {
		t.Fatalf("unchanged roles: %v %v", u.Roles, err)
	}
	for _, role := range []string{"sysadmin", "case_mgmt"} {
		err := env.App.DB.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, role, commission_path) VALUES (?, ?, '/1/')`, shenji, role)
			return err
		})
		if err == nil {
			t.Errorf("the database let the auditor also hold %s", role)
		}
	}
	biz := env.Lookup(t, `SELECT id FROM users WHERE username = 'gz.anguan'`)
	err = env.App.DB.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, role, commission_path) VALUES (?, 'trial', '/1/')`, biz)
		return err
	})
	if err != nil {
		t.Errorf("two business roles refused: %v", err)
	}
}

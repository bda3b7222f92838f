package org

import "testing"

func TestSeparation(t *testing.T) {
	for _, c := range []struct {
		roles []string
		want  string
	}{
		{nil, ""},
		{[]string{"sysadmin"}, ""},
		{[]string{"security_admin"}, ""},
		{[]string{"security_auditor", "security_auditor"}, ""},
		{[]string{"principal", "case_mgmt"}, ""},
		{[]string{"sysadmin", "security_auditor"}, "三员分立：系统管理员、安全审计员不能由同一账户兼任"},
		{[]string{"security_admin", "sysadmin", "security_auditor"}, "三员分立：安全保密管理员、系统管理员、安全审计员不能由同一账户兼任"},
		{[]string{"sysadmin", "principal"}, "三员分立：系统管理员不能兼任业务角色（主要负责人）"},
		{[]string{"trial", "security_admin"}, "三员分立：安全保密管理员不能兼任业务角色（案件审理）"},
	} {
		if got := Separation(c.roles); got != c.want {
			t.Errorf("Separation(%v) = %q, want %q", c.roles, got, c.want)
		}
	}
	for _, r := range Roles() {
		if AdminRole(r.ID) != (r.ID == "sysadmin" || r.ID == "security_admin" || r.ID == "security_auditor") {
			t.Errorf("AdminRole(%s)", r.ID)
		}
	}
	// the three hold disjoint powers: accounts, roles, audit
	for _, c := range []struct {
		role string
		has  Permission
		not  []Permission
	}{
		{"sysadmin", PermUserManage, []Permission{PermRoleManage, PermAuditView}},
		{"security_admin", PermRoleManage, []Permission{PermUserManage, PermAuditView}},
		{"security_auditor", PermAuditView, []Permission{PermUserManage, PermRoleManage}},
	} {
		if !HasPermission([]string{c.role}, c.has) {
			t.Errorf("%s lacks %s", c.role, c.has)
		}
		for _, p := range c.not {
			if HasPermission([]string{c.role}, p) {
				t.Errorf("%s has %s", c.role, p)
			}
		}
	}
}

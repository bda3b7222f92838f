package org

import "strings"

// AdminRole reports whether role id is one of the three administrative roles of 三员分立:
// 系统管理员 (accounts), 安全保密管理员 (roles, permissions and password-reset approval) and
// 安全审计员 (the audit trail).
func AdminRole(id string) bool {
	switch id {
	case "sysadmin", "security_admin", "security_auditor":
		return true
	}
	return false
}

// Separation returns the Chinese reason the set of roles may not be held by one account, or ""
// when it may: an account holds at most one administrative role, and an account holding one
// holds no business role (三员分立). It is pure; the database enforces the same rule with a
// trigger on user_roles.
func Separation(roles []string) string {
	var admin, business []string
	seen := map[string]bool{}
	for _, r := range roles {
		if seen[r] {
			continue
		}
		seen[r] = true
		if AdminRole(r) {
			admin = append(admin, RoleName(r))
		} else {
			business = append(business, RoleName(r))
		}
	}
	switch {
	case len(admin) > 1:
		return "三员分立：" + strings.Join(admin, "、") + "不能由同一账户兼任"
	case len(admin) == 1 && len(business) > 0:
		return "三员分立：" + admin[0] + "不能兼任业务角色（" + strings.Join(business, "、") + "）"
	}
	return ""
}

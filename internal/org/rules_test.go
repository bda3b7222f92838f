package org

import (
	"testing"
	"time"
)

func TestCompliant(t *testing.T) {
	for _, tc := range []struct {
		mode  CSOMode
		staff int
		want  bool
	}{
		{CSOIndependent, 0, true}, {CSOIndependent, 5, true},
		{CSODesignated, 2, true}, {CSODesignated, 3, true}, {CSODesignated, 1, false},
		{CSONone, 9, false},
	} {
		if got := Compliant(tc.mode, tc.staff, 2); got != tc.want {
			t.Errorf("Compliant(%s, %d) = %v, want %v", tc.mode, tc.staff, got, tc.want)
		}
	}
}

func TestPermissions(t *testing.T) {
	for _, tc := range []struct {
		roles []string
		perm  Permission
		want  bool
	}{
		{[]string{"sysadmin"}, PermUserManage, true},
		{[]string{"sysadmin"}, PermAuditView, false}, // 三员分立: administrators do not audit themselves
		{[]string{"security_auditor"}, PermAuditView, true},
		{[]string{"security_auditor"}, PermUserManage, false},
		{[]string{"cadre_supervision"}, PermUserView, true},
		{[]string{"petitions"}, PermUserView, false},
		{[]string{"special_supervisor"}, PermOrgView, false},
		{[]string{"unknown"}, PermOrgView, false},
		{[]string{"cadre_supervision"}, PermArchiveLog, true},
		{[]string{"personnel"}, PermCadreManage, true},
		{[]string{"personnel"}, PermArchiveRead, false}, // the roster, not the archives
		{[]string{"sysadmin"}, PermCadreView, false},    // administrators do not read cadre data
		{[]string{"petitions"}, PermCadreView, false},
		{nil, PermOrgView, false},
	} {
		if got := HasPermission(tc.roles, tc.perm); got != tc.want {
			t.Errorf("HasPermission(%v, %s) = %v, want %v", tc.roles, tc.perm, got, tc.want)
		}
	}
}

func TestRoleCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Roles() {
		if r.ID == "" || r.Name == "" || seen[r.ID] {
			t.Errorf("bad or duplicate role %+v", r)
		}
		seen[r.ID] = true
	}
	// domain §5.1 roles that are people (parent_commission is a relation between commissions)
	for _, id := range []string{"petitions", "case_mgmt", "supervision", "investigation", "trial", "cadre_supervision",
		"principal", "deputy_in_charge", "standing_committee", "peer_party_committee", "resident_group", "inspector",
		"special_supervisor", "subject"} {
		if !seen[id] {
			t.Errorf("role %s of domain §5.1 missing", id)
		}
	}
}

func TestValidUsername(t *testing.T) {
	for name, want := range map[string]bool{"admin": true, "gz.ganjian": true, "a1_b-c": true,
		"ab": false, "1abc": false, "Admin": false, "张三": false, "a b": false} {
		if ValidUsername(name) != want {
			t.Errorf("ValidUsername(%q) != %v", name, want)
		}
	}
}

func TestPrincipalSees(t *testing.T) {
	p := Principal{ScopePath: "/1/5/"}
	if !p.Sees("/1/5/") || !p.Sees("/1/5/7/") || p.Sees("/1/") || p.Sees("/1/6/") || p.Sees("/1/55/") {
		t.Error("Sees does not follow the subtree rule")
	}
}

func TestContactYears(t *testing.T) {
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		since, until string
		years        int
		tooLong      bool
	}{
		{"2023-11-26", "", 3, true},
		{"2023-11-27", "", 2, false},
		{"2021-03-01", "", 5, true},
		{"2020-01-01", "2022-06-30", 2, false}, // ended: never due
		{"2026-11-26", "", 0, false},
		{"bad", "", 0, false},
	} {
		c := Contact{Since: tc.since, Until: tc.until}
		if got := ContactYears(tc.since, tc.until, day); got != tc.years {
			t.Errorf("ContactYears(%s, %s) = %d, want %d", tc.since, tc.until, got, tc.years)
		}
		if got := c.TooLong(day, 3); got != tc.tooLong {
			t.Errorf("TooLong(%s, %s) = %v", tc.since, tc.until, got)
		}
	}
}

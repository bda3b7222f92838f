package org

import (
	"strings"

	"custos/internal/audit"
	"custos/internal/db"
)

// Principal is the user a request acts for, with what they may do and see.
type Principal struct {
	UserID         int64
	Username       string
	DisplayName    string
	CommissionID   int64
	CommissionName string
	ScopePath      string // the user's commission path: they see this subtree
	DepartmentID   int64
	Roles          []string
	ClientAddr     string
	// MustChangePassword is set while the user still has a generated password: the UI lets
	// them do nothing but change it.
	MustChangePassword bool
	// LoginNotice is set only on the principal a login returns: who reset the password and
	// when, told to the owner once (TakeResetNotice).
	LoginNotice string
}

// Can reports whether the principal holds permission p.
func (p Principal) Can(perm Permission) bool { return HasPermission(p.Roles, perm) }

// HasRole reports whether the principal holds role id.
func (p Principal) HasRole(id string) bool {
	for _, r := range p.Roles {
		if r == id {
			return true
		}
	}
	return false
}

// Sees reports whether a record of the commission at path lies in the principal's scope.
func (p Principal) Sees(path string) bool {
	lo, hi := db.SubtreeRange(p.ScopePath)
	return path >= lo && path < hi
}

// Actor returns the principal as the audit trail records them.
func (p Principal) Actor() audit.Actor {
	return audit.Actor{
		ID: p.UserID, Name: p.Username + "（" + p.DisplayName + "）", Roles: p.Roles,
		CommissionID: p.CommissionID, ScopePath: p.ScopePath, ClientAddr: p.ClientAddr,
	}
}

// AtRoot reports whether the principal belongs to a root commission of the tree, which also
// sees the system's own audit entries (seeding, imports, failed logins of unknown names).
func (p Principal) AtRoot() bool { return strings.Count(p.ScopePath, "/") <= 2 }

// Above reports whether the commission at path lies strictly above the one at below: its path
// is a proper prefix (/1/5/ is above /1/5/23/).
func Above(path, below string) bool {
	return len(path) < len(below) && strings.HasPrefix(below, path)
}

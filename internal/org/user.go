package org

import (
	"regexp"
	"time"
)

// User is a person who logs in to custos.
type User struct {
	ID                 int64
	Username           string
	DisplayName        string
	CommissionID       int64
	CommissionName     string
	CommissionPath     string
	DepartmentID       int64
	DepartmentName     string
	Status             string // "active" or "disabled"
	Roles              []string
	MustChangePassword bool
	LockedUntil        *time.Time
	CreatedAt          time.Time
}

// Locked reports whether the account is locked out at now.
func (u User) Locked(now time.Time) bool { return u.LockedUntil != nil && u.LockedUntil.After(now) }

// StatusName returns the Chinese name of the user's status.
func (u User) StatusName() string {
	if u.Status == "disabled" {
		return "已停用"
	}
	return "正常"
}

var usernameRE = regexp.MustCompile(`^[a-z][a-z0-9._-]{2,31}$`)

// ValidUsername reports whether name is 3–32 characters of lower-case letters, digits and
// . _ -, starting with a letter.
func ValidUsername(name string) bool { return usernameRE.MatchString(name) }

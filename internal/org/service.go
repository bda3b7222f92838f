package org

import (
	"time"

	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/password"
)

// Service is the org use cases. Every method takes the acting Principal: reads are limited to
// its scope and writes are checked against its permissions and audited in the same transaction.
type Service struct {
	db           *db.DB
	audit        *audit.Log
	now          func() time.Time
	pwParams     password.Params
	minStaff     int
	contactYears int
}

// NewService returns a Service. minStaff is the O2 rule's number of designated staff (2);
// contactYears the O6 rotation threshold (3).
func NewService(d *db.DB, a *audit.Log, now func() time.Time, pw password.Params, minStaff, contactYears int) *Service {
	if minStaff <= 0 {
		minStaff = 2
	}
	if contactYears <= 0 {
		contactYears = 3
	}
	return &Service{db: d, audit: a, now: now, pwParams: pw, minStaff: minStaff, contactYears: contactYears}
}

// SystemPrincipal is what the command line and the demo loader act as: the whole tree and every
// role. Its audit entries name what ran them.
func SystemPrincipal(what string) Principal {
	var roles []string
	for _, r := range Roles() {
		roles = append(roles, r.ID)
	}
	return Principal{Username: "system:" + what, DisplayName: "命令行", Roles: roles, ClientAddr: "local"}
}

// Page is a window of a list: 1-based page number and size.
type Page struct {
	Number int
	Size   int
}

// Normalize returns p with defaults (page 1, 20 rows; at most 200).
func (p Page) Normalize() Page {
	if p.Number < 1 {
		p.Number = 1
	}
	if p.Size <= 0 {
		p.Size = 20
	}
	if p.Size > 200 {
		p.Size = 200
	}
	return p
}

// Offset returns the row offset of the page.
func (p Page) Offset() int { return (p.Number - 1) * p.Size }

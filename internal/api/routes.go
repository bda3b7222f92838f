package api

import "custos/internal/org"

// register is the API's route table, each route with the permission it needs; the data scope
// is applied inside the services.
func (a *API) register() {
	a.handle("GET /api/v1/me", "", a.me)
	a.handle("GET /api/v1/commissions", org.PermOrgView, a.commissions)
	a.handle("GET /api/v1/commissions/{id}", org.PermOrgView, a.commission)
	a.handle("GET /api/v1/commissions/{id}/departments", org.PermOrgView, a.departments)
	a.handle("GET /api/v1/users", org.PermUserView, a.users)
	a.handle("GET /api/v1/users/{id}", org.PermUserView, a.user)
	a.handle("POST /api/v1/users", org.PermUserManage, a.createUser)
	a.handle("GET /api/v1/audit", org.PermAuditView, a.auditList)
}

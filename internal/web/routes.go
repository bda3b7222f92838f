package web

import "custos/internal/org"

// routes is the UI's route table: every screen, the permission it needs, its handler.
// Data scope (the commission subtree) is applied inside the services on every read.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /login", s.loginForm)
	s.mux.HandleFunc("POST /login", s.login)
	s.page("POST /logout", "", s.logout)

	s.page("GET /{$}", "", s.home)
	s.page("GET /modules/{key}", "", s.module)

	s.page("GET /org", org.PermOrgView, s.orgRoot)
	s.page("GET /org/commissions", org.PermOrgView, s.commissionList)
	s.page("GET /org/commissions/{id}", org.PermOrgView, s.commissionShow)
	s.page("POST /org/commissions/{id}/children", org.PermOrgManage, s.commissionCreate)
	s.page("POST /org/commissions/{id}/staffing", org.PermOrgManage, s.staffingUpdate)
	s.page("POST /org/commissions/{id}/doc-code", org.PermOrgManage, s.docCodeUpdate)
	s.page("GET /org/compliance", org.PermOrgView, s.compliance)
	s.page("GET /org/zones", org.PermOrgView, s.zones)
	s.page("POST /org/zones", org.PermOrgManage, s.zoneCreate)
	s.page("GET /org/contacts", org.PermOrgView, s.contacts)
	s.page("POST /org/contacts", org.PermOrgManage, s.contactCreate)
	s.page("POST /org/contacts/{id}/end", org.PermOrgManage, s.contactEnd)

	s.page("GET /users", org.PermUserView, s.userList)
	s.page("GET /users/new", org.PermUserManage, s.userNewForm)
	s.page("POST /users", org.PermUserManage, s.userCreate)
	s.page("GET /users/{id}", org.PermUserView, s.userShow)
	s.page("POST /users/{id}", org.PermUserManage, s.userUpdate)
	s.page("POST /users/{id}/password", org.PermUserManage, s.userResetPassword)
	s.page("POST /users/{id}/sessions", org.PermUserManage, s.userRevokeSessions)

	s.page("GET /cadres", org.PermCadreView, s.cadreList)
	s.page("GET /cadres/new", org.PermCadreManage, s.cadreNewForm)
	s.page("GET /cadres/import", org.PermCadreManage, s.importForm)
	s.page("POST /cadres/import", org.PermCadreManage, s.importUpload)
	s.page("GET /cadres/template", org.PermCadreManage, s.importTemplate)
	s.page("GET /cadres/export", org.PermCadreView, s.cadreExport)
	s.page("GET /cadres/rules", org.PermCadreView, s.rules)
	s.page("POST /cadres/rules", org.PermCadreManage, s.ruleCreate)
	s.page("POST /cadres", org.PermCadreManage, s.cadreCreate)
	s.page("GET /cadres/{id}", org.PermCadreView, s.cadreShow)
	s.page("POST /cadres/{id}", org.PermCadreManage, s.cadreUpdate)
	s.page("POST /cadres/{id}/appointments", org.PermCadreManage, s.appointmentCreate)
	s.page("POST /cadres/{id}/family", org.PermCadreManage, s.familyCreate)
	s.page("POST /cadres/{id}/talks", org.PermCadreManage, s.talkSchedule)
	s.page("POST /cadres/{id}/records", org.PermCadreManage, s.recordCreate)
	s.page("POST /cadres/{id}/archive", org.PermArchiveRead, s.archiveOpen)
	s.page("POST /cadres/{id}/portraits", org.PermCadreManage, s.portraitWrite)
	s.page("GET /opinions", org.PermArchiveRead, s.opinions)
	s.page("POST /opinions", org.PermCadreManage, s.opinionCreate)
	s.page("GET /opinions/{id}", org.PermArchiveRead, s.opinionShow)
	s.page("POST /opinions/{id}/reply", org.PermCadreManage, s.opinionReply)
	s.page("POST /opinions/{id}/confirm", org.PermCadreManage, s.opinionConfirm)
	s.page("GET /opinions/{id}/docx", org.PermArchiveRead, s.opinionDocx)
	s.page("GET /archive-log", org.PermArchiveLog, s.archiveLog)
	s.page("GET /talks", org.PermCadreView, s.talks)
	s.page("POST /talks/{id}", org.PermCadreManage, s.talkRecord)

	s.page("GET /audit", org.PermAuditView, s.auditList)
	s.page("GET /audit/export", org.PermAuditView, s.auditExport)

	s.page("GET /calendar", "", s.calendar)
	s.page("POST /calendar", org.PermCalendarManage, s.calendarSet)
	s.page("POST /calendar/{date}/delete", org.PermCalendarManage, s.calendarDelete)

	s.page("GET /account/password", "", s.passwordForm)
	s.page("POST /account/password", "", s.passwordChange)
}

package org

// Permission names one thing a user may do. Routes name the permission they need; the data
// scope (commission subtree) is applied separately, in the SQL.
type Permission string

const (
	PermOrgView          Permission = "org.view"          // see the commission tree, departments, zones
	PermOrgManage        Permission = "org.manage"        // edit commissions, zones, county staffing
	PermUserView         Permission = "user.view"         // see users and their roles
	PermUserManage       Permission = "user.manage"       // add accounts (without roles), edit, disable, ask for password resets, end sessions
	PermRoleManage       Permission = "role.manage"       // grant and take away roles, approve or refuse password resets (安全保密管理员)
	PermAuditView        Permission = "audit.view"        // read and export the audit trail
	PermCalendarManage   Permission = "calendar.manage"   // edit holidays and make-up working days
	PermCadreView        Permission = "cadre.view"        // see the cadre roster (basic data, not archives)
	PermCadreManage      Permission = "cadre.manage"      // add and change cadres, appointments, family, talks; import
	PermArchiveRead      Permission = "archive.read"      // open an integrity archive, stating a purpose
	PermArchiveLog       Permission = "archive.log"       // see who read which archive, when and why
	PermReportView       Permission = "report.view"       // read reports (检举控告) in scope, not the reporter
	PermReportRegister   Permission = "report.register"   // register reports and decide on duplicates
	PermReporterView     Permission = "reporter.view"     // see reporters' identities (audited each time)
	PermClueView         Permission = "clue.view"         // see problem clues and inquiries in scope
	PermClueManage       Permission = "clue.manage"       // register clues, hand them off (case management)
	PermClueHandle       Permission = "clue.handle"       // review, inquire, spot-check (handling departments)
	PermClueApprove      Permission = "clue.approve"      // approve allocation and disposal; allow a third inquiry
	PermCaseView         Permission = "case.view"         // see cases in scope (every read by someone outside the case's chain is flagged)
	PermCaseHandle       Permission = "case.handle"       // work a case: team, measures, safety, reports (investigation)
	PermCaseApprove      Permission = "case.approve"      // approve filing, plans, measures, returns, trial reports, jurisdiction changes
	PermCaseTrial        Permission = "case.trial"        // trial review: report, extensions asked, sanctions proposed, appeals
	PermCaseDecide       Permission = "case.decide"       // record the standing committee's decision
	PermCaseManage       Permission = "case.manage"       // case management: measure ledgers, archiving, post-case spot checks
	PermInterferenceView Permission = "interference.view" // see every interference record and flagged read in scope
	PermDocTemplate      Permission = "doc.template"      // add and change document templates
	PermStatsView        Permission = "stats.view"        // see the statistics of the scope and drill down to the records' numbers
	PermStatsLock        Permission = "stats.lock"        // lock a reported period (报表锁定) and give the reasons of adjustments
)

// Role is one entry of the role catalogue (domain §5.1 plus the three administrative roles of
// 三员分立: 系统管理员, 安全保密管理员, 安全审计员; see Separation).
type Role struct {
	ID    string
	Name  string // Chinese
	Perms []Permission
}

// staff are the permissions every commission staff role has.
var staff = []Permission{PermOrgView}

// Roles is the catalogue, in display order. It is a constant table: change it here and in
// docs/glossary.md together.
func Roles() []Role {
	return []Role{
		{"sysadmin", "系统管理员", []Permission{PermOrgView, PermOrgManage, PermUserView, PermUserManage, PermCalendarManage, PermDocTemplate}},
		{"security_admin", "安全保密管理员", []Permission{PermOrgView, PermUserView, PermRoleManage}},
		{"security_auditor", "安全审计员", []Permission{PermOrgView, PermUserView, PermAuditView}},
		{"principal", "主要负责人", []Permission{PermOrgView, PermUserView, PermCadreView, PermArchiveRead, PermArchiveLog, PermReportView, PermClueView, PermClueApprove,
			PermCaseView, PermCaseApprove, PermCaseDecide, PermInterferenceView, PermStatsView}},
		{"deputy_in_charge", "分管领导", []Permission{PermOrgView, PermCadreView, PermArchiveRead, PermReportView, PermClueView, PermClueApprove, PermCaseView, PermCaseApprove, PermStatsView}},
		{"standing_committee", "常委会成员", []Permission{PermOrgView, PermCaseView, PermCaseDecide}},
		{"petitions", "信访举报", []Permission{PermOrgView, PermReportView, PermReportRegister, PermReporterView}},
		{"case_mgmt", "案件监督管理", []Permission{PermOrgView, PermUserView, PermReportView, PermCadreView, PermClueView, PermClueManage, PermCaseView, PermCaseManage, PermDocTemplate, PermStatsView, PermStatsLock}},
		{"supervision", "监督检查", []Permission{PermOrgView, PermCadreView, PermArchiveRead, PermReportView, PermClueView, PermClueHandle}},
		{"investigation", "审查调查", []Permission{PermOrgView, PermUserView, PermCadreView, PermClueView, PermCaseView, PermCaseHandle}},
		{"trial", "案件审理", []Permission{PermOrgView, PermCadreView, PermCaseView, PermCaseTrial}},
		{"cadre_supervision", "干部监督", []Permission{PermOrgView, PermUserView, PermCadreView, PermCadreManage, PermArchiveRead, PermArchiveLog, PermReportView, PermClueView, PermClueHandle,
			PermCaseView, PermCaseHandle, PermInterferenceView, PermStatsView}},
		{"personnel", "组织人事", []Permission{PermOrgView, PermCadreView, PermCadreManage}},
		{"peer_party_committee", "同级党委审批", staff},
		{"resident_group", "派驻纪检监察组", staff},
		{"inspector", "督查人员", staff},
		{"special_supervisor", "特约监察员", nil},
		{"subject", "被监督干部（自助）", nil},
	}
}

// RoleByID returns the catalogue entry for id.
func RoleByID(id string) (Role, bool) {
	for _, r := range Roles() {
		if r.ID == id {
			return r, true
		}
	}
	return Role{}, false
}

// RoleName returns the Chinese name of role id, or id itself when unknown.
func RoleName(id string) string {
	if r, ok := RoleByID(id); ok {
		return r.Name
	}
	return id
}

// HasPermission reports whether any of roles grants p.
func HasPermission(roles []string, p Permission) bool {
	for _, id := range roles {
		r, ok := RoleByID(id)
		if !ok {
			continue
		}
		for _, q := range r.Perms {
			if q == p {
				return true
			}
		}
	}
	return false
}

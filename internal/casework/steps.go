package casework

import "custos/internal/org"

// Step is a piece of work on a case that does not change its state (the team, measures,
// safety, documents, reviews): its action, its name and the permissions any one of which lets
// a user take it. Together with Transitions it is every action a case's page offers; the web
// layer registers one route per entry with these permissions, and each method checks them
// again.
type Step struct {
	Action string
	Name   string
	Perms  []org.Permission
}

// Steps is the table of the case's steps that are not transitions, in page order.
func Steps() []Step {
	handle, approve, trial := org.PermCaseHandle, org.PermCaseApprove, org.PermCaseTrial
	return []Step{
		{"report", "填写审查调查报告", []org.Permission{handle}},
		{"extend_trial", "延长审理期限", []org.Permission{approve}},
		{"sanction", "提出处理意见", []org.Permission{trial, org.PermCaseDecide}},
		{"sanction_remove", "撤回处理意见", []org.Permission{trial, org.PermCaseDecide}},
		{"member", "编入审查调查组", []org.Permission{handle, approve}},
		{"member_remove", "调离审查调查组", []org.Permission{handle, approve}},
		{"declare", "登记证人或利害关系", []org.Permission{handle}},
		{"branch", "成立临时党支部", []org.Permission{handle}},
		{"branch_meeting", "记录临时党支部会议", []org.Permission{handle}},
		{"measure", "批准审查调查措施", []org.Permission{approve}},
		{"measure_end", "登记措施解除", []org.Permission{handle}},
		{"detention_extend", "延长留置", []org.Permission{approve}},
		{"safety_check", "记录安全检查", []org.Permission{handle}},
		{"incident", "报告安全事故", []org.Permission{handle}},
		{"incident_escalate", "登记事故上报", []org.Permission{handle, approve}},
		{"jurisdiction", "变更管辖", []org.Permission{approve}},
		{"hide", "对被审查调查人所在部门保密", []org.Permission{approve}},
		{"document", "起草案件文书", []org.Permission{handle, trial, approve}},
		{"dual", "关联一案双查案件", []org.Permission{handle, approve}},
		{"review", "记录案后检查", []org.Permission{org.PermCaseManage, org.PermInterferenceView}},
		{"judicial", "登记检察机关认定意见", []org.Permission{handle}},
	}
}

// DocumentSteps are the steps on one document of a case: edit a draft, issue it, revise an
// issued one, approve a confession for the warning-education compilation.
func DocumentSteps() []Step {
	draft := []org.Permission{org.PermCaseHandle, org.PermCaseTrial, org.PermCaseApprove}
	return []Step{
		{"edit", "修改文书草稿", draft},
		{"issue", "签发文书", []org.Permission{org.PermCaseApprove, org.PermCaseHandle}},
		{"revise", "修订已签发文书", draft},
		{"education", "批准用于警示教育汇编", []org.Permission{org.PermCaseApprove}},
	}
}

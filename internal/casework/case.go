// Package casework holds cases (案件, requirements V1–V9, domain §3.5): from the filing request
// through investigation, trial and decision to the archive, with the team and its recusal
// checks, the temporary party branch, investigative measures and their ledger, case safety,
// changes of jurisdiction, sanctions and the four forms. The rules — the transition table, the
// detention limit, sanction periods, the form a decision counts as — are pure functions in
// state.go and rules.go; the rest is the workflow over the database.
package casework

// Statuses of a case, in the order of the lifecycle.
const (
	Requested     = "requested"      // 立案待批
	Filed         = "filed"          // 已立案
	Announced     = "announced"      // 已宣布立案
	Investigating = "investigating"  // 审查调查中
	Trial         = "trial"          // 审理中
	TrialReported = "trial_reported" // 审理报告待批
	Committee     = "committee"      // 常委会审议
	Decided       = "decided"        // 已作出决定
	Executing     = "executing"      // 已宣布，执行中
	PostCase      = "post_case"      // 案后（一案三书、一案一整改）
	Archived      = "archived"       // 已归档
	Appeal        = "appeal"         // 申诉（复审、复核）中
)

// Statuses lists every status with its Chinese name, in lifecycle order.
func Statuses() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{
		{Requested, "立案待批"}, {Filed, "已立案"}, {Announced, "已宣布立案"}, {Investigating, "审查调查中"},
		{Trial, "审理中"}, {TrialReported, "审理报告待批"}, {Committee, "常委会审议"}, {Decided, "已作出处分决定"},
		{Executing, "已宣布执行"}, {PostCase, "案后整改"}, {Archived, "已归档"}, {Appeal, "申诉复查中"},
	}
}

// StatusName returns the Chinese name of a status.
func StatusName(s string) string { return nameOf(Statuses(), s) }

// FilingTypes are the sides a case is registered on.
func FilingTypes() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{"party", "纪律审查"}, {"state", "监察调查"}, {"both", "审查调查"}}
}

// TeamRoles are the roles on an investigation team.
func TeamRoles() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{"leader", "组长"}, {"safety_officer", "安全员"}, {"member", "组员"}}
}

// MeasureKinds are the investigative measures (domain §1.3).
func MeasureKinds() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{
		{"talk", "谈话"}, {"interrogate", "讯问"}, {"question", "询问"}, {"query", "查询"}, {"freeze", "冻结"},
		{"search", "搜查"}, {"obtain", "调取"}, {"seal", "查封"}, {"seize", "扣押"}, {"inspect", "勘验检查"},
		{"appraise", "鉴定"}, {"tech", "技术调查"}, {"wanted", "通缉"}, {"exit_ban", "限制出境"}, {Detention, "留置"},
	}
}

// Detention is the measure whose limit the law sets (监察法 2018 Art. 43).
const Detention = "detention"

// JurisdictionKinds are the changes of who handles or watches a case (V1).
func JurisdictionKinds() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{"supervise", "上级督办"}, {"escalate", "提级办理"}, {"designate", "指定管辖"}, {"joint", "室地联合办理"}}
}

func nameOf(xs []struct{ ID, Name string }, id string) string {
	for _, x := range xs {
		if x.ID == id {
			return x.Name
		}
	}
	return id
}

// Name returns the Chinese name of id in one of this package's catalogues.
func Name(xs []struct{ ID, Name string }, id string) string { return nameOf(xs, id) }

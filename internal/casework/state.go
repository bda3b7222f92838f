package casework

import (
	"strings"

	"custos/internal/apperr"
	"custos/internal/org"
)

// Facts are what the transition guards look at: the case as it stands.
type Facts struct {
	Status              string
	Authority           bool // the management authority that approved the filing is recorded
	Announced           bool // the filing was announced to the subject
	Plan                bool // the investigation plan is written
	Leader              bool // the team has a leader
	SafetyOfficer       bool // … and a safety officer
	Branch              bool // … and a temporary party branch
	Report              bool // the investigation report is written
	SafetySummary       bool // the safety summary is written (mandatory before the investigation ends)
	OpenMeasures        int  // measures not yet ended (detention apart: it may run into the trial)
	TrialReport         bool
	Outcomes            int    // sanctions and other outcomes recorded for the decision
	Form                string // the form the decision counts under
	FormNeeded          bool   // some outcome counts under a form (not for a name cleared)
	Executed            bool   // the execution was reported
	DocumentsIssued     bool   // every document of the case-document set (一案三书) is issued
	RectificationClosed bool   // the rectification of the unit (一案一整改) is signed off
	Before              string
}

// Transition is one step of the lifecycle (domain §3.5): the action, the states it leaves,
// the state it reaches, the permission it needs, and its guard — a Chinese refusal, or "".
type Transition struct {
	Action string
	Name   string // what the step is called on its button
	From   []string
	To     string // "" for back to the state before (an appeal decided)
	Perm   org.Permission
	Guard  func(Facts) string
}

// Transitions is the lifecycle's table, in lifecycle order.
func Transitions() []Transition {
	return []Transition{
		{"file", "批准立案", []string{Requested}, Filed, org.PermCaseApprove, func(f Facts) string {
			return missing(pair{f.Authority, "批准立案的干部管理权限机关"})
		}},
		{"announce", "宣布立案", []string{Filed}, Announced, org.PermCaseHandle, func(f Facts) string {
			return missing(pair{f.Announced, "向被审查调查人宣布立案的日期"})
		}},
		{"start", "批准审查调查方案", []string{Announced}, Investigating, org.PermCaseApprove, func(f Facts) string {
			return missing(pair{f.Plan, "审查调查方案"}, pair{f.Leader, "审查调查组组长"}, pair{f.SafetyOfficer, "安全员"}, pair{f.Branch, "临时党支部"})
		}},
		{"to_trial", "移送审理", []string{Investigating}, Trial, org.PermCaseHandle, func(f Facts) string {
			if m := missing(pair{f.Report, "审查调查报告"}, pair{f.SafetySummary, "办案安全工作总结"}); m != "" {
				return m
			}
			if f.OpenMeasures > 0 {
				return "尚有审查调查措施未解除，请先登记其结束日期（留置除外）"
			}
			return ""
		}},
		{"reinvestigate", "退回重新调查", []string{Trial}, Investigating, org.PermCaseApprove, nil},
		{"supplement", "退回补充调查", []string{Trial}, Investigating, org.PermCaseApprove, nil},
		{"trial_report", "提交审理报告", []string{Trial}, TrialReported, org.PermCaseTrial, func(f Facts) string {
			return missing(pair{f.TrialReport, "审理报告"})
		}},
		{"approve_report", "批准审理报告，提请常委会审议", []string{TrialReported}, Committee, org.PermCaseApprove, nil},
		{"decide", "登记常委会决定", []string{Committee}, Decided, org.PermCaseDecide, func(f Facts) string {
			if f.Outcomes == 0 {
				return "请先登记处分或其他处理结果（含不予处分）"
			}
			if f.FormNeeded && FormName(f.Form) == "" {
				return "请选择本案运用的形态（第一至第四种形态）"
			}
			return ""
		}},
		{"announce_decision", "登记宣布处分决定", []string{Decided}, Executing, org.PermCaseHandle, nil},
		{"execute", "登记执行情况", []string{Executing}, PostCase, org.PermCaseHandle, func(f Facts) string {
			return missing(pair{f.Executed, "执行情况"})
		}},
		{"archive", "归档", []string{PostCase}, Archived, org.PermCaseManage, func(f Facts) string {
			return missing(pair{f.DocumentsIssued, "一案三书（全部签发）"}, pair{f.RectificationClosed, "一案一整改的验收销号"})
		}},
		{"appeal", "登记申诉（复审、复核）", []string{Executing, PostCase, Archived}, Appeal, org.PermCaseTrial, nil},
		{"appeal_decided", "登记申诉复查结论", []string{Appeal}, "", org.PermCaseTrial, nil},
	}
}

// Next returns the transition action takes from the facts' state, or the refusal: an unknown
// action, a step out of turn (Conflict, naming the state), or a guard (Conflict, naming what is
// missing). Permissions are checked by the caller, which knows the principal.
func Next(f Facts, action string) (Transition, error) {
	for _, t := range Transitions() {
		if t.Action != action {
			continue
		}
		from := false
		for _, s := range t.From {
			from = from || s == f.Status
		}
		if !from {
			return t, apperr.New(apperr.Conflict, "案件当前为“%s”，不能%s", StatusName(f.Status), t.Name)
		}
		if t.Guard != nil {
			if msg := t.Guard(f); msg != "" {
				return t, apperr.New(apperr.Conflict, "不能%s：%s", t.Name, msg)
			}
		}
		if t.To == "" {
			t.To = f.Before
		}
		return t, nil
	}
	return Transition{}, apperr.New(apperr.Invalid, "未知的案件办理环节")
}

// Available returns the transitions that leave status, in table order.
func Available(status string) []Transition {
	var out []Transition
	for _, t := range Transitions() {
		for _, s := range t.From {
			if s == status {
				out = append(out, t)
			}
		}
	}
	return out
}

type pair struct {
	ok   bool
	what string
}

// missing words the facts that are not there: "尚缺：审查调查方案、安全员".
func missing(ps ...pair) string {
	var out []string
	for _, p := range ps {
		if !p.ok {
			out = append(out, p.what)
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "尚缺" + strings.Join(out, "、")
}

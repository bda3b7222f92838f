package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"custos/internal/apperr"
	"custos/internal/casework"
	"custos/internal/document"
	"custos/internal/org"
)

// CasesPage is the view model of cases.html: the cases the user may see.
type CasesPage struct {
	Base
	Rows     []casework.Case
	Pager    Pager
	Status   string
	Statuses []struct{ ID, Name string }
}

func (s *Server) cases(w http.ResponseWriter, r *http.Request, p org.Principal) {
	pg := org.Page{Number: queryInt(r, "page"), Size: 30}.Normalize()
	st := r.URL.Query().Get("status")
	rows, total, err := s.Cases.List(r.Context(), p, casework.Filter{Status: st, Page: pg})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "cases", CasesPage{Base: Base{Title: "案件", Principal: p, Nav: "cases", Notice: r.URL.Query().Get("notice")},
		Rows: rows, Pager: newPager(r, pg.Number, pg.Size, total), Status: st, Statuses: casework.Statuses()})
}

// caseCreate records a filing request from a clue transferred to investigation (the form is
// on the clue's page).
func (s *Server) caseCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	c, err := s.Cases.Register(r.Context(), p, casework.RegisterInput{ClueID: formInt(r, "clue_id"), CadreID: formInt(r, "cadre_id"),
		FilingType: r.FormValue("filing_type"), Summary: r.FormValue("summary"), RequestedOn: r.FormValue("requested_on")})
	if err != nil {
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) {
			r.SetPathValue("id", r.FormValue("clue_id"))
			s.showClue(w, r, p, StatusOf(err), f, "case", "", problem)
		})
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/cases/%d", c.ID), "已提出立案申请 "+c.Number+"，待批准")
}

// CasePage is the view model of case.html: one case with every part of its record, the steps
// the user may take now, and the forms of its parts.
type CasePage struct {
	Base
	C         casework.Case
	Steps     []casework.Transition // the lifecycle steps from here the user holds the permission for
	Today     string
	Now       time.Time
	Form      Form
	FormName  string // the form that came back with errors
	Templates []document.Template
	Sanctions []casework.SanctionKind
}

func (s *Server) caseShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showCase(w, r, p, http.StatusOK, newForm(nil), "", r.URL.Query().Get("notice"), "")
}

func (s *Server) showCase(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, form, notice, problem string) {
	c, err := s.Cases.Get(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := CasePage{Base: Base{Title: "案件 " + c.Number, Principal: p, Nav: "cases", Notice: notice, Error: invalidBanner(f)},
		C: c, Today: s.Now().In(beijing).Format("2006-01-02"), Now: s.Now(), Form: f, FormName: form, Sanctions: casework.SanctionKinds()}
	if problem != "" {
		v.Error = problem
	}
	for _, t := range casework.Available(c.Status) {
		if p.Can(t.Perm) {
			v.Steps = append(v.Steps, t)
		}
	}
	if v.Templates, err = s.Docs.Templates(r.Context(), "case"); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "case", v)
}

// caseAction runs one step of a case from its page and comes back to it; a rule's refusal is
// shown over the page with what was typed kept.
func (s *Server) caseAction(w http.ResponseWriter, r *http.Request, p org.Principal) {
	ctx, id, cs := r.Context(), pathID(r), s.Cases
	v := r.FormValue
	var err error
	done := "已办理"
	switch action := r.PathValue("action"); action {
	case "file":
		_, err = cs.File(ctx, p, id, v("authority"), v("filed_on"))
		done = "已批准立案"
	case "announce":
		_, err = cs.Announce(ctx, p, id, v("announced_on"), v("family_notified_on"))
		done = "已登记宣布立案"
	case "start":
		_, err = cs.Start(ctx, p, id, v("plan"), v("meeting"))
		done = "已批准审查调查方案，开始审查调查"
	case "report":
		err, done = cs.SetReport(ctx, p, id, v("report"), v("safety_summary")), "已保存审查调查报告和办案安全工作总结"
	case "to_trial":
		_, err = cs.ToTrial(ctx, p, id, v("to_trial_on"))
		done = "已移送审理"
	case "reinvestigate", "supplement":
		_, err = cs.Return(ctx, p, id, action, v("reason"))
		done = "已退回审查调查部门"
	case "extend_trial":
		err, done = cs.ExtendTrial(ctx, p, id, v("new_due"), v("reason")), "已批准延长审理期限"
	case "sanction":
		system, kind, _ := strings.Cut(v("sanction"), ":")
		err, done = cs.AddSanction(ctx, p, id, system, kind, v("effective_on"), v("note")), "已提出处理意见"
	case "sanction_remove":
		err, done = cs.RemoveSanction(ctx, p, id, formInt(r, "sanction_id")), "已撤回处理意见"
	case "trial_report":
		_, err = cs.SubmitTrialReport(ctx, p, id, v("trial_report"))
		done = "已提交审理报告"
	case "approve_report":
		_, err = cs.ApproveTrialReport(ctx, p, id)
		done = "已批准审理报告，提请常委会审议"
	case "decide":
		_, err = cs.Decide(ctx, p, id, v("decided_on"), v("decision"), v("form"))
		done = "已登记常委会决定"
	case "announce_decision":
		_, err = cs.AnnounceDecision(ctx, p, id, v("announced_on"))
		done = "已登记宣布处分决定"
	case "execute":
		_, err = cs.Execute(ctx, p, id, v("executed_on"), v("execution"))
		done = "已登记执行情况"
	case "archive":
		_, err = cs.Archive(ctx, p, id)
		done = "已归档"
	case "appeal":
		_, err = cs.Appeal(ctx, p, id, v("filed_on"), v("content"))
		done = "已登记申诉"
	case "appeal_decided":
		_, err = cs.DecideAppeal(ctx, p, id, v("conclusion"))
		done = "已登记复查结论"
	case "member":
		_, err = cs.AddMember(ctx, p, id, v("username"), v("role"), v("override"))
		done = "已编入审查调查组"
	case "member_remove":
		err, done = cs.RemoveMember(ctx, p, id, formInt(r, "user_id"), v("reason")), "已调离审查调查组"
	case "declare":
		err, done = cs.Declare(ctx, p, id, v("username"), v("kind"), v("statement")), "已登记"
	case "branch":
		err, done = cs.SetBranch(ctx, p, id, formInt(r, "secretary_id"), v("established_on")), "已成立临时党支部"
	case "branch_meeting":
		err, done = cs.BranchMeet(ctx, p, id, v("held_on"), v("topic"), v("minutes")), "已记录临时党支部会议"
	case "measure":
		_, err = cs.ApproveMeasure(ctx, p, id, casework.MeasureInput{Kind: v("kind"), Target: v("target"), StartedOn: v("started_on"), Note: v("note"), UpperApproval: v("upper_approval")})
		done = "已批准措施，记入台账"
	case "measure_end":
		err, done = cs.EndMeasure(ctx, p, formInt(r, "measure_id"), v("ended_on")), "已登记措施解除"
	case "detention_extend":
		_, err = cs.ExtendDetention(ctx, p, formInt(r, "measure_id"), v("upper_approval"))
		done = "已批准延长留置"
	case "safety_check":
		err, done = cs.RecordSafetyCheck(ctx, p, id, v("checked_on"), v("items"), v("ok") == "1", v("findings")), "已记录安全检查"
	case "incident":
		at, _ := time.ParseInLocation("2006-01-02T15:04", v("occurred_at"), beijing)
		_, err = cs.ReportIncident(ctx, p, id, at, v("description"))
		done = "已报告安全事故，请于 24 小时内逐级上报"
	case "incident_escalate":
		err, done = cs.EscalateIncident(ctx, p, formInt(r, "incident_id"), v("escalated_to")), "已登记上报"
	case "jurisdiction":
		var target int64
		if code := strings.TrimSpace(v("target_code")); code != "" {
			c, cerr := s.Org.CommissionByCode(ctx, p, code)
			if cerr != nil {
				err = apperr.Fields{"target_code": "机构代码 " + code + " 不存在或不在管辖范围内"}.Err()
				break
			}
			target = c.ID
		}
		err, done = cs.ChangeJurisdiction(ctx, p, id, v("kind"), target, v("reason")), "已记录管辖变更"
	case "hide":
		err, done = cs.HideFromDepartment(ctx, p, id, v("hide") == "1"), "已调整"
	case "document":
		d, derr := cs.DraftDocument(ctx, p, id, v("kind"))
		if derr == nil {
			redirectNotice(w, r, fmt.Sprintf("/cases/%d/documents/%d", id, d.ID), "已按模板起草"+d.KindName+"，请核对后签发")
			return
		}
		err = derr
	case "dual":
		err, done = cs.LinkDual(ctx, p, id, v("other"), v("note")), "已关联一案双查案件"
	case "review":
		err, done = cs.RecordReview(ctx, p, id, v("kind"), v("rating"), v("findings")), "已记录"
	case "judicial":
		err, done = cs.RecordJudicial(ctx, p, id, v("organ"), v("determination"), v("determined_on")), "已登记检察机关认定意见"
	default:
		s.fail(w, r, fmt.Errorf("unknown case action %q", action))
		return
	}
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			s.fail(w, r, err)
			return
		}
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) {
			s.showCase(w, r, p, StatusOf(err), f, r.PathValue("action"), "", problem)
		})
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/cases/%d", id), done)
}

// LedgerPage is the view model of ledger.html: the measures of the cases in scope.
type LedgerPage struct {
	Base
	Rows  []casework.Measure
	Open  bool
	Today string
}

func (s *Server) ledger(w http.ResponseWriter, r *http.Request, p org.Principal) {
	open := r.URL.Query().Get("all") == ""
	rows, err := s.Cases.Ledger(r.Context(), p, open)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "ledger", LedgerPage{Base: Base{Title: "审查调查措施台账", Principal: p, Nav: "ledger"}, Rows: rows, Open: open,
		Today: s.Now().In(beijing).Format("2006-01-02")})
}

// Err is the error of field in form, when form is the one that came back; "" otherwise.
func (v CasePage) Err(form, field string) string {
	if v.FormName != form {
		return ""
	}
	return v.Form.Errors[field]
}

// Val is what was typed into field of form, when form is the one that came back.
func (v CasePage) Val(form, field string) string {
	if v.FormName != form {
		return ""
	}
	return v.Form.Get(field)
}

// Member reports whether the user is on the case's team.
func (v CasePage) Member() bool {
	for _, m := range v.C.Team {
		if m.UserID == v.Principal.UserID {
			return true
		}
	}
	return false
}

// recentEvents is how much of a case's history its page shows; the rest is a click away.
const recentEvents = 100

// RecentEvents is the latest part of the case's history, oldest first.
func (v CasePage) RecentEvents() []casework.Event {
	if n := len(v.C.Events); n > recentEvents {
		return v.C.Events[n-recentEvents:]
	}
	return v.C.Events
}

func (s *Server) caseHistory(w http.ResponseWriter, r *http.Request, p org.Principal) {
	c, err := s.Cases.Get(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "case_history", CasePage{Base: Base{Title: "案件 " + c.Number + " 办理记录", Principal: p, Nav: "cases"}, C: c})
}

// DocName is the name of a document kind in the catalogue.
func (v CasePage) DocName(kind string) string {
	for _, t := range v.Templates {
		if t.Kind == kind {
			return t.Name
		}
	}
	return kind
}

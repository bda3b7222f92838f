package web

import (
	"context"
	"custos/internal/clock"
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
		C: c, Today: clock.Date(s.Now()), Now: s.Now(), Form: f, FormName: form, Sanctions: casework.SanctionKinds()}
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

// caseStep takes one action on case id with the request's form and returns the notice to
// show and, when the action leads elsewhere (a drafted document), where to go; "" is the case.
type caseStep func(ctx context.Context, r *http.Request, p org.Principal, id int64) (done, next string, err error)

// caseRoutes registers one route per action of casework's tables — every transition and every
// other step — with that action's own permissions. An action without a handler here, or a
// handler without an action there, stops the server from starting.
func (s *Server) caseRoutes() {
	steps := s.caseSteps()
	add := func(action string, perms []org.Permission) {
		step, ok := steps[action]
		if !ok {
			panic("web: case action " + action + " has no handler")
		}
		delete(steps, action)
		s.pageAny("POST /cases/{id}/"+action, perms, func(w http.ResponseWriter, r *http.Request, p org.Principal) {
			s.caseAction(w, r, p, action, step)
		})
	}
	for _, t := range casework.Transitions() {
		add(t.Action, []org.Permission{t.Perm})
	}
	for _, st := range casework.Steps() {
		add(st.Action, st.Perms)
	}
	for action := range steps {
		panic("web: case handler " + action + " is in no table of casework")
	}
}

// caseAction runs one step of a case from its page and comes back to it; a rule's refusal is
// shown over the page with what was typed kept.
func (s *Server) caseAction(w http.ResponseWriter, r *http.Request, p org.Principal, action string, step caseStep) {
	id := pathID(r)
	done, next, err := step(r.Context(), r, p, id)
	if err != nil {
		if c := apperr.CodeOf(err); c == apperr.NotFound || c == apperr.Forbidden || c == apperr.Internal {
			s.fail(w, r, err)
			return
		}
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) {
			s.showCase(w, r, p, StatusOf(err), f, action, "", problem)
		})
		return
	}
	if next == "" {
		next = fmt.Sprintf("/cases/%d", id)
	}
	redirectNotice(w, r, next, done)
}

// caseSteps are the handlers of the case's actions, by action.
func (s *Server) caseSteps() map[string]caseStep {
	cs := s.Cases
	v := func(r *http.Request, name string) string { return r.FormValue(name) }
	type ctxt = context.Context
	type req = *http.Request
	type pr = org.Principal
	ret := func(kind string) caseStep {
		return func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.Return(ctx, p, id, kind, v(r, "reason"))
			return "已退回审查调查部门", "", err
		}
	}
	return map[string]caseStep{
		"file": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.File(ctx, p, id, v(r, "authority"), v(r, "filed_on"))
			return "已批准立案", "", err
		},
		"announce": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.Announce(ctx, p, id, v(r, "announced_on"), v(r, "family_notified_on"))
			return "已登记宣布立案", "", err
		},
		"start": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.Start(ctx, p, id, v(r, "plan"), v(r, "meeting"))
			return "已批准审查调查方案，开始审查调查", "", err
		},
		"report": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已保存审查调查报告和办案安全工作总结", "", cs.SetReport(ctx, p, id, v(r, "report"), v(r, "safety_summary"))
		},
		"to_trial": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.ToTrial(ctx, p, id, v(r, "to_trial_on"))
			return "已移送审理", "", err
		},
		"reinvestigate": ret("reinvestigate"),
		"supplement":    ret("supplement"),
		"extend_trial": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已批准延长审理期限", "", cs.ExtendTrial(ctx, p, id, v(r, "new_due"), v(r, "reason"))
		},
		"sanction": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			system, kind, _ := strings.Cut(v(r, "sanction"), ":")
			return "已提出处理意见", "", cs.AddSanction(ctx, p, id, system, kind, v(r, "effective_on"), v(r, "note"))
		},
		"sanction_remove": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已撤回处理意见", "", cs.RemoveSanction(ctx, p, id, formInt(r, "sanction_id"))
		},
		"trial_report": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.SubmitTrialReport(ctx, p, id, v(r, "trial_report"))
			return "已提交审理报告", "", err
		},
		"approve_report": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.ApproveTrialReport(ctx, p, id)
			return "已批准审理报告，提请常委会审议", "", err
		},
		"decide": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.Decide(ctx, p, id, v(r, "decided_on"), v(r, "decision"), v(r, "form"))
			return "已登记常委会决定", "", err
		},
		"announce_decision": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.AnnounceDecision(ctx, p, id, v(r, "announced_on"))
			return "已登记宣布处分决定", "", err
		},
		"execute": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.Execute(ctx, p, id, v(r, "executed_on"), v(r, "execution"))
			return "已登记执行情况", "", err
		},
		"archive": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.Archive(ctx, p, id)
			return "已归档", "", err
		},
		"appeal": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.Appeal(ctx, p, id, v(r, "filed_on"), v(r, "content"))
			return "已登记申诉", "", err
		},
		"appeal_decided": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.DecideAppeal(ctx, p, id, v(r, "conclusion"))
			return "已登记复查结论", "", err
		},
		"member": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.AddMember(ctx, p, id, v(r, "username"), v(r, "role"), v(r, "override"))
			return "已编入审查调查组", "", err
		},
		"member_remove": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已调离审查调查组", "", cs.RemoveMember(ctx, p, id, formInt(r, "user_id"), v(r, "reason"))
		},
		"declare": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已登记", "", cs.Declare(ctx, p, id, v(r, "username"), v(r, "kind"), v(r, "statement"))
		},
		"branch": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已成立临时党支部", "", cs.SetBranch(ctx, p, id, formInt(r, "secretary_id"), v(r, "established_on"))
		},
		"branch_meeting": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已记录临时党支部会议", "", cs.BranchMeet(ctx, p, id, v(r, "held_on"), v(r, "topic"), v(r, "minutes"))
		},
		"measure": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.ApproveMeasure(ctx, p, id, casework.MeasureInput{Kind: v(r, "kind"), Target: v(r, "target"), StartedOn: v(r, "started_on"),
				Note: v(r, "note"), UpperApproval: v(r, "upper_approval")})
			return "已批准措施，记入台账", "", err
		},
		"measure_end": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已登记措施解除", "", cs.EndMeasure(ctx, p, formInt(r, "measure_id"), v(r, "ended_on"))
		},
		"detention_extend": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.ExtendDetention(ctx, p, formInt(r, "measure_id"), v(r, "upper_approval"))
			return "已批准延长留置", "", err
		},
		"safety_check": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已记录安全检查", "", cs.RecordSafetyCheck(ctx, p, id, v(r, "checked_on"), v(r, "items"), v(r, "ok") == "1", v(r, "findings"))
		},
		"incident": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			at, _ := time.ParseInLocation("2006-01-02T15:04", v(r, "occurred_at"), clock.Beijing)
			_, err := cs.ReportIncident(ctx, p, id, at, v(r, "description"))
			return "已报告安全事故，请于 24 小时内逐级上报", "", err
		},
		"incident_escalate": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已登记上报", "", cs.EscalateIncident(ctx, p, formInt(r, "incident_id"), v(r, "escalated_to"))
		},
		"jurisdiction": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			var target int64
			if code := strings.TrimSpace(v(r, "target_code")); code != "" {
				c, err := s.Org.CommissionByCode(ctx, p, code)
				if err != nil {
					if apperr.CodeOf(err) == apperr.Internal {
						return "", "", err
					}
					return "", "", apperr.Fields{"target_code": "机构代码 " + code + " 不存在或不在管辖范围内"}.Err()
				}
				target = c.ID
			}
			return "已记录管辖变更", "", cs.ChangeJurisdiction(ctx, p, id, v(r, "kind"), target, v(r, "reason"))
		},
		"hide": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已调整", "", cs.HideFromDepartment(ctx, p, id, v(r, "hide") == "1")
		},
		"document": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			d, err := cs.DraftDocument(ctx, p, id, v(r, "kind"))
			if err != nil {
				return "", "", err
			}
			return "已按模板起草" + d.KindName + "，请核对后签发", fmt.Sprintf("/cases/%d/documents/%d", id, d.ID), nil
		},
		"dual": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已关联一案双查案件", "", cs.LinkDual(ctx, p, id, v(r, "other"), v(r, "note"))
		},
		"review": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已记录", "", cs.RecordReview(ctx, p, id, v(r, "kind"), v(r, "rating"), v(r, "findings"))
		},
		"judicial": func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已登记检察机关认定意见", "", cs.RecordJudicial(ctx, p, id, v(r, "organ"), v(r, "determination"), v(r, "determined_on"))
		},
	}
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
		Today: clock.Date(s.Now())})
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

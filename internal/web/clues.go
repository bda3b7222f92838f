package web

import (
	"bytes"
	"context"
	"custos/internal/clock"
	"fmt"
	"html/template"
	"net/url"

	"net/http"

	"custos/internal/casework"
	"custos/internal/clue"
	"custos/internal/document"
	"custos/internal/org"
	"custos/internal/paper"
)

// CluesPage is the view model of clues.html: the clues in scope, key-minority first, and the
// registration form.
type CluesPage struct {
	Base
	Rows    []clue.Clue
	Pager   Pager
	Sources []string
	Today   string
	Form    Form
}

func (s *Server) clues(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showClues(w, r, p, http.StatusOK, newForm(nil))
}

func (s *Server) showClues(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form) {
	pg := org.Page{Number: queryInt(r, "page"), Size: 30}.Normalize()
	rows, total, err := s.Clues.List(r.Context(), p, pg)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "clues", CluesPage{Base: Base{Title: "问题线索", Principal: p, Nav: "clues", Notice: r.URL.Query().Get("notice"), Error: invalidBanner(f)},
		Rows: rows, Pager: newPager(r, pg.Number, pg.Size, total), Sources: clue.Sources(), Today: clock.Date(s.Now()), Form: f})
}

func (s *Server) clueCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	c, err := s.Clues.Register(r.Context(), p, clue.ClueInput{Source: r.FormValue("source"), ReceivedOn: r.FormValue("received_on"),
		Summary: r.FormValue("summary"), Subjects: r.FormValue("subjects"), ReportID: formInt(r, "report_id")})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showClues(w, r, p, StatusOf(err), f) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/clues/%d", c.ID), "已登记问题线索 "+c.Number)
}

// CluePage is the view model of clue.html: a clue, its custody log, the action its state
// allows, its inquiries and their next steps.
type CluePage struct {
	Base
	C           clue.Clue
	Departments []org.Department
	Disposals   []struct{ ID, Name string }
	Outcomes    []struct{ ID, Name string }
	PrelimOuts  []struct{ ID, Name string }
	Today       string
	Form        Form
	FormName    string
	Meetings    []clue.Meeting // recent meetings of the clue's commission, for the review form
	Kinds       []string
	Cases       []casework.Case // the cases opened from the clue
	FilingTypes []struct{ ID, Name string }
	Documents   []document.Document
	Templates   []document.Template
	StepRole    string // the role the next approval step of a proposal needs ("" for any approver)
	CanApprove  bool   // the user may take that step
	Chain       []string
}

func (s *Server) clueShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showClue(w, r, p, http.StatusOK, newForm(nil), "", r.URL.Query().Get("notice"), "")
}

// showClue renders the clue page; problem, when set, is a refusal shown above the page (a rule
// such as the yearly inquiry limit) with the form kept.
func (s *Server) showClue(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, form, notice, problem string) {
	c, err := s.Clues.Get(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := CluePage{Base: Base{Title: "问题线索 " + c.Number, Principal: p, Nav: "clues", Notice: notice, Error: invalidBanner(f)},
		C: c, Disposals: clue.Disposals(), Outcomes: clue.Outcomes(), PrelimOuts: clue.PrelimOutcomes(), Today: clock.Date(s.Now()), Form: f, FormName: form}
	if problem != "" {
		v.Error = problem
	}
	if (c.Status == clue.Allocated || c.Status == clue.Shelved) && c.CommissionID == p.CommissionID && p.Can(org.PermClueHandle) {
		if v.Meetings, err = s.Clues.RecentMeetings(r.Context(), p); err != nil {
			s.fail(w, r, err)
			return
		}
		v.Kinds = clue.MeetingKinds()
	}
	if c.Status == clue.Proposed {
		v.StepRole, _ = s.Clues.ApprovalStep(c.Approvals)
		v.CanApprove = p.Can(org.PermClueApprove) && (v.StepRole == "" || p.HasRole(v.StepRole)) && c.CommissionID == p.CommissionID
		v.Chain = s.Clues.Settings().DisposalChain
	}
	if v.Documents, err = s.Clues.Documents(r.Context(), c.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Templates, err = s.Docs.Templates(r.Context(), "clue"); err != nil {
		s.fail(w, r, err)
		return
	}
	if c.Status == clue.Transferred {
		if v.Cases, err = s.Cases.OfClue(r.Context(), p, c.ID); err != nil {
			s.fail(w, r, err)
			return
		}
		v.FilingTypes = casework.FilingTypes()
	}
	if c.Status == clue.Registered && p.Can(org.PermClueApprove) {
		if v.Departments, err = s.Org.Departments(r.Context(), p, c.CommissionID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "clue", v)
}

// clueStep takes one action on clue id with the request's form and returns the notice to
// show and, when the action leads elsewhere (a drafted document), where to go; "" is the clue.
type clueStep func(ctx context.Context, r *http.Request, p org.Principal, id int64) (done, next string, err error)

// clueAction is one action of a clue's page: its permissions (any one of them; the clue
// service checks them again) and its handler.
type clueAction struct {
	Action string
	Perms  []org.Permission
	Do     clueStep
}

// clueRoutes registers one route per action of clueActions, each with its own permissions.
func (s *Server) clueRoutes() {
	for _, a := range s.clueActions() {
		a := a
		s.pageAny("POST /clues/{id}/"+a.Action, a.Perms, func(w http.ResponseWriter, r *http.Request, p org.Principal) {
			id := pathID(r)
			done, next, err := a.Do(r.Context(), r, p, id)
			if err != nil {
				s.refusalOrForm(w, r, p, err, func(f Form, problem string) {
					s.showClue(w, r, p, StatusOf(err), f, a.Action, "", problem)
				})
				return
			}
			if next == "" {
				next = fmt.Sprintf("/clues/%d", id)
			}
			redirectNotice(w, r, next, done)
		})
	}
}

// clueActions is the table of a clue's actions, in page order.
func (s *Server) clueActions() []clueAction {
	cs := s.Clues
	approve, handle := org.PermClueApprove, org.PermClueHandle
	either := []org.Permission{handle, approve}
	v := func(r *http.Request, name string) string { return r.FormValue(name) }
	type ctxt = context.Context
	type req = *http.Request
	type pr = org.Principal
	return []clueAction{
		{"allocate", []org.Permission{approve}, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已批准分办", "", cs.Allocate(ctx, p, id, formInt(r, "department_id"))
		}},
		{"review", []org.Permission{handle}, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已记录集体研究意见，待审批", "", cs.Review(ctx, p, id, clue.ReviewInput{MeetingID: formInt(r, "meeting_id"), Meeting: meetingInput(r),
				Opinion: v(r, "opinion"), Disposal: v(r, "disposal")})
		}},
		{"approve", []org.Permission{approve}, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已批准处置意见", "", cs.Approve(ctx, p, id)
		}},
		{"inquiry", either, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.StartInquiry(ctx, p, id, formInt(r, "cadre_id"), v(r, "kind"), v(r, "started_on"), v(r, "override"))
			return "已开展谈话函询", "", err
		}},
		{"receipt", []org.Permission{handle}, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.RecordReceipt(ctx, p, formInt(r, "inquiry_id"), v(r, "date"))
			return "已登记函询送达，回复期限按工作日计算", "", err
		}},
		{"answer", []org.Permission{handle}, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.RecordAnswer(ctx, p, formInt(r, "inquiry_id"), v(r, "date"))
			return "已登记回复（谈话）", "", err
		}},
		{"conclude", []org.Permission{handle}, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, err := cs.Conclude(ctx, p, formInt(r, "inquiry_id"), v(r, "date"), v(r, "outcome"))
			return "已了结", "", err
		}},
		{"prelim", either, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			_, _, err := cs.StartPrelim(ctx, p, id, v(r, "plan"), v(r, "team"), v(r, "started_on"), v(r, "override"))
			return "已开展初步核实", "", err
		}},
		{"prelim-conclude", []org.Permission{handle}, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已记录初步核实报告", "", cs.ConcludePrelim(ctx, p, formInt(r, "prelim_id"), v(r, "report"), v(r, "outcome"), v(r, "date"))
		}},
		{"supervise", either, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已督办", "", cs.Supervise(ctx, p, id, v(r, "request"), v(r, "due_on"))
		}},
		{"progress", []org.Permission{handle}, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已报告督办进展", "", cs.ReportProgress(ctx, p, formInt(r, "supervision_id"), v(r, "progress"))
		}},
		{"remind", either, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "已催办", "", cs.Remind(ctx, p, formInt(r, "supervision_id"), v(r, "note"), v(r, "due_on"))
		}},
		{"supervision-close", either, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			return "督办已办结", "", cs.CloseSupervision(ctx, p, formInt(r, "supervision_id"), v(r, "note"))
		}},
		{"document", either, func(ctx ctxt, r req, p pr, id int64) (string, string, error) {
			d, err := cs.DraftDocument(ctx, p, id, v(r, "kind"), formInt(r, "cadre_id"))
			if err != nil {
				return "", "", err
			}
			return "已按模板起草" + d.KindName + "，请核对后报批签发", fmt.Sprintf("/clues/%d/documents/%d", id, d.ID), nil
		}},
	}
}

// SpotChecksPage is the view model of spotchecks.html: drawing and recording spot checks.
type SpotChecksPage struct {
	Base
	Draw  *clue.SpotDraw
	Open  []clue.InquiryRow // drawn, not yet checked
	Share float64
	Form  Form
}

func (s *Server) spotChecks(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showSpotChecks(w, r, p, http.StatusOK, newForm(nil), nil, r.URL.Query().Get("notice"))
}

func (s *Server) showSpotChecks(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, d *clue.SpotDraw, notice string) {
	open, err := s.Clues.OpenSpotChecks(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "spotchecks", SpotChecksPage{Base: Base{Title: "函询抽查", Principal: p, Nav: "spot-checks", Notice: notice, Error: invalidBanner(f)},
		Draw: d, Open: open, Share: s.Clues.Settings().SpotShare, Form: f})
}

func (s *Server) spotDraw(w http.ResponseWriter, r *http.Request, p org.Principal) {
	d, err := s.Clues.DrawSpotChecks(r.Context(), p, r.FormValue("period"))
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showSpotChecks(w, r, p, StatusOf(err), f, nil, "") })
		return
	}
	s.showSpotChecks(w, r, p, http.StatusOK, newForm(nil), &d, fmt.Sprintf("已抽取 %d/%d 件（种子 %d，可复核）", len(d.Selected), d.Pool, d.Seed))
}

func (s *Server) spotRecord(w http.ResponseWriter, r *http.Request, p org.Principal) {
	err := s.Clues.RecordSpotCheck(r.Context(), p, pathID(r), r.FormValue("method"), r.FormValue("finding"), r.FormValue("contradiction") == "1")
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showSpotChecks(w, r, p, StatusOf(err), f, nil, "") })
		return
	}
	redirectNotice(w, r, "/spot-checks", "已记录抽查核实情况")
}

// FilingsPage is the view model of filings.html: filings owed to the user's commission by those
// below (missing, late, to review) and those it owes upward.
type FilingsPage struct {
	Base
	Incoming, Outgoing []clue.Filing
	Today              string
	Form               Form
}

func (s *Server) filings(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showFilings(w, r, p, http.StatusOK, newForm(nil), r.URL.Query().Get("notice"))
}

func (s *Server) showFilings(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice string) {
	in, out, err := s.Clues.Filings(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "filings", FilingsPage{Base: Base{Title: "备案审查", Principal: p, Nav: "filings", Notice: notice, Error: invalidBanner(f)},
		Incoming: in, Outgoing: out, Today: clock.Date(s.Now()), Form: f})
}

func (s *Server) filingFile(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := s.Clues.FileWith(r.Context(), p, pathID(r), r.FormValue("report")); err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showFilings(w, r, p, StatusOf(err), f, "") })
		return
	}
	redirectNotice(w, r, "/filings", "已报备")
}

func (s *Server) filingReview(w http.ResponseWriter, r *http.Request, p org.Principal) {
	accept := r.FormValue("decision") == "accept"
	if err := s.Clues.ReviewFiling(r.Context(), p, pathID(r), accept, r.FormValue("opinion")); err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showFilings(w, r, p, StatusOf(err), f, "") })
		return
	}
	msg := "已同意备案"
	if !accept {
		msg = "已退回，并提出纠正意见"
	}
	redirectNotice(w, r, "/filings", msg)
}

// BacklogPage is the view model of backlog.html: the user's worklist and the 动态清零 view.
type BacklogPage struct {
	Base
	Work  []clue.WorkItem
	Rows  []clue.BacklogRow
	Ages  []string
	Trend template.HTML
}

func (s *Server) backlog(w http.ResponseWriter, r *http.Request, p org.Principal) {
	work, err := s.Clues.Worklist(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, trend, err := s.Clues.Backlog(r.Context(), p, 12)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var bars []Bar
	for _, m := range trend {
		bars = append(bars, Bar{Label: m.Month[2:], Value: m.Open})
	}
	v := BacklogPage{Base: Base{Title: "线索待办与动态清零", Principal: p, Nav: "backlog"}, Work: work, Rows: rows,
		Trend: barChart("近 12 个月月末在办线索数", bars)}
	for _, a := range clue.Ages {
		v.Ages = append(v.Ages, a.Name)
	}
	s.render(w, r, http.StatusOK, "backlog", v)
}

// AnalysisPage is the view model of analysis.html: the three-year analysis of a leadership
// team's clues, with the commissions to choose from.
type AnalysisPage struct {
	Base
	A     *clue.Analysis
	Units []org.Commission
	Unit  int64
}

func (s *Server) clueAnalysis(w http.ResponseWriter, r *http.Request, p org.Principal) {
	units, err := s.units(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := AnalysisPage{Base: Base{Title: "班子线索分析", Principal: p, Nav: "clue-analysis"}, Units: units, Unit: int64(queryInt(r, "commission"))}
	if v.Unit != 0 {
		a, err := s.Clues.TeamAnalysis(r.Context(), p, v.Unit)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.A = &a
	}
	s.render(w, r, http.StatusOK, "analysis", v)
}

// clueAnalysisDocx downloads the analysis as a GB/T 9704 DOCX.
func (s *Server) clueAnalysisDocx(w http.ResponseWriter, r *http.Request, p org.Principal) {
	a, err := s.Clues.TeamAnalysis(r.Context(), p, int64(queryInt(r, "commission")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := paper.WriteDOCX(&buf, a.Document(p.CommissionName, clock.In(s.Now()))); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", `attachment; filename="analysis.docx"; filename*=UTF-8''`+url.PathEscape(a.CommissionName+"领导班子线索分析.docx"))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

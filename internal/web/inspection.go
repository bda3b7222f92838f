package web

import (
	"custos/internal/clock"
	"fmt"
	"net/http"
	"strconv"

	"custos/internal/apperr"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/inspection"
	"custos/internal/org"
	"custos/internal/pool"
)

// InspectionCatalogues are the choices the inspection screens offer.
type InspectionCatalogues struct {
	Ranks []struct {
		ID   cadre.Rank
		Name string
	}
	Skills     []string
	Kinds      []org.Kind
	Dimensions []struct{ ID, Name, Yes, No string }
	Onsite     []inspection.Option
	Severities []inspection.Option
	Stages     []inspection.Option
	Categories []string
}

func inspectionCatalogues() InspectionCatalogues {
	return InspectionCatalogues{Ranks: cadre.Ranks(), Skills: pool.Skills(), Kinds: []org.Kind{org.KindPrefectural, org.KindCounty, org.KindResidentGroup, org.KindSOE, org.KindUniversity},
		Dimensions: inspection.Dimensions(), Onsite: inspection.OnsiteKinds(), Severities: inspection.Severities(), Stages: inspection.Stages(), Categories: inspection.Categories()}
}

// InspectionsPage is the view model of inspections.html: the rounds and the form of a new one.
type InspectionsPage struct {
	Base
	Rows []inspection.Round
	C    InspectionCatalogues
	Form Form
}

func (s *Server) inspections(w http.ResponseWriter, r *http.Request, p org.Principal) {
	f := newForm(nil)
	f.Values["team_size"], f.Values["leader_rank"], f.Values["period"] = "3", "county", clock.In(s.Now()).Format("2006")
	s.showInspections(w, r, p, http.StatusOK, f)
}

func (s *Server) showInspections(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form) {
	rows, err := s.Inspection.List(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "inspections", InspectionsPage{Base: Base{Title: "内部督查", Principal: p, Nav: "inspections", Notice: r.URL.Query().Get("notice"), Error: invalidBanner(f)},
		Rows: rows, C: inspectionCatalogues(), Form: f})
}

func (s *Server) inspectionCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	_ = r.ParseForm()
	v := r.FormValue
	round, err := s.Inspection.Create(r.Context(), p, inspection.RoundInput{Title: v("title"), Period: v("period"), Plan: v("plan"), OnsiteFrom: v("onsite_from"),
		OnsiteTo: v("onsite_to"), TeamSize: v("team_size"), LeaderRank: v("leader_rank"), Skills: r.Form["skills"], Targets: v("targets")})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showInspections(w, r, p, StatusOf(err), f) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/inspections/%d", round.ID), "已制定督查方案，请核对督查对象后抽取督查组")
}

// InspectionPage is the view model of inspection.html: a round, its targets and teams.
type InspectionPage struct {
	Base
	R       inspection.Round
	C       InspectionCatalogues
	Form    Form
	Failure string
}

func (s *Server) inspectionShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showInspection(w, r, p, http.StatusOK, newForm(nil), "")
}

func (s *Server) showInspection(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, problem string) {
	round, err := s.Inspection.Get(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := InspectionPage{Base: Base{Title: round.Title, Principal: p, Nav: "inspections", Notice: r.URL.Query().Get("notice"), Error: invalidBanner(f)},
		R: round, C: inspectionCatalogues(), Form: f}
	if problem != "" {
		v.Error = problem
	}
	s.render(w, r, status, "inspection", v)
}

func (s *Server) inspectionTargets(w http.ResponseWriter, r *http.Request, p org.Principal) {
	n, err := s.Inspection.AddTargets(r.Context(), p, pathID(r), r.FormValue("targets"), org.Kind(r.FormValue("kind")))
	if err != nil {
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) { s.showInspection(w, r, p, StatusOf(err), f, problem) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/inspections/%d", pathID(r)), fmt.Sprintf("已增加 %d 个督查对象", n))
}

func (s *Server) inspectionDraw(w http.ResponseWriter, r *http.Request, p org.Principal) {
	seed, err := s.Inspection.ParseSeed(r.FormValue("seed"))
	if err == nil {
		_, err = s.Inspection.DrawTeams(r.Context(), p, pathID(r), seed)
	}
	if err != nil {
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) { s.showInspection(w, r, p, StatusOf(err), f, problem) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/inspections/%d", pathID(r)), fmt.Sprintf("已抽取督查组（随机种子 %d，同一种子可复现）", seed))
}

func (s *Server) inspectionReplace(w http.ResponseWriter, r *http.Request, p org.Principal) {
	mid, _ := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	m, err := s.Inspection.ReplaceMember(r.Context(), p, pathID(r), mid, r.FormValue("why"))
	if err != nil {
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) {
			if e := apperr.FieldsOf(err)["why"]; e != "" {
				problem = e
			}
			s.showInspection(w, r, p, StatusOf(err), f, problem)
		})
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/inspections/%d", pathID(r)), "已按同一规则抽取 "+m.Name+" 替换")
}

// InspectionTargetPage is the view model of inspection_target.html: one unit's inspection.
type InspectionTargetPage struct {
	Base
	V     inspection.Visit
	C     InspectionCatalogues
	Today string
	Form  Form
}

func (s *Server) inspectionTarget(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showInspectionTarget(w, r, p, http.StatusOK, newForm(nil), "")
}

func (s *Server) showInspectionTarget(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, problem string) {
	tid, _ := strconv.ParseInt(r.PathValue("tid"), 10, 64)
	v, err := s.Inspection.Visit(r.Context(), p, pathID(r), tid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := InspectionTargetPage{Base: Base{Title: v.Target.UnitName + " · " + v.Round.Title, Principal: p, Nav: "inspections", Notice: r.URL.Query().Get("notice"),
		Error: invalidBanner(f)}, V: v, C: inspectionCatalogues(), Today: clock.Date(s.Now()), Form: f}
	if problem != "" {
		page.Error = problem
	}
	s.render(w, r, status, "inspection_target", page)
}

func (s *Server) inspectionTargetAction(w http.ResponseWriter, r *http.Request, p org.Principal) {
	ctx, id, v := r.Context(), pathID(r), r.FormValue
	tid, _ := strconv.ParseInt(r.PathValue("tid"), 10, 64)
	var err error
	notice := ""
	switch r.PathValue("action") {
	case "answer":
		item, _ := strconv.ParseInt(v("item"), 10, 64)
		err, notice = s.Inspection.AnswerItem(ctx, p, id, tid, item, v("answer"), v("evidence")), "已记录督查结论"
	case "onsite":
		err, notice = s.Inspection.RecordOnsite(ctx, p, id, tid, v("kind"), v("held_on"), v("content")), "已记录督查情况"
	case "finding":
		_, err = s.Inspection.AddFinding(ctx, p, id, tid, inspection.FindingInput{Dimension: v("dimension"), Category: v("category"), Severity: v("severity"),
			Description: v("description"), Evidence: v("evidence"), Responsible: v("responsible"), Stage: v("stage"), Tags: v("tags")})
		notice = "已记录发现的问题"
	case "feedback":
		err, notice = s.Inspection.Feedback(ctx, p, id, tid, v("feedback_on"), v("feedback_to"), v("feedback")), "已记录当面反馈"
	default:
		s.fail(w, r, apperr.NotFoundf("该页面"))
		return
	}
	if err != nil {
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) { s.showInspectionTarget(w, r, p, StatusOf(err), f, problem) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/inspections/%d/targets/%d", id, tid), notice)
}

func (s *Server) inspectionFindingAction(w http.ResponseWriter, r *http.Request, p org.Principal) {
	ctx, id := r.Context(), pathID(r)
	fid, _ := strconv.ParseInt(r.PathValue("fid"), 10, 64)
	tid, _ := strconv.ParseInt(r.FormValue("target"), 10, 64)
	r.SetPathValue("tid", strconv.FormatInt(tid, 10))
	var err error
	notice := ""
	switch r.PathValue("action") {
	case "rectify":
		task, e := s.Inspection.ToRectification(ctx, p, id, fid, r.FormValue("due_on"))
		err, notice = e, "已下达整改任务，期限 "+task.DueOn
	case "clue":
		c, e := s.Inspection.ToClue(ctx, p, id, fid)
		err, notice = e, "已作为问题线索移送，线索编号 "+c.Number
	default:
		s.fail(w, r, apperr.NotFoundf("该页面"))
		return
	}
	if err != nil {
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) {
			if e := apperr.FieldsOf(err)["due_on"]; e != "" {
				problem = e
			}
			s.showInspectionTarget(w, r, p, StatusOf(err), f, problem)
		})
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/inspections/%d/targets/%d", id, tid), notice)
}

// InspectionCoveragePage is the view model of inspection_coverage.html.
type InspectionCoveragePage struct {
	Base
	Cov inspection.Coverage
}

func (s *Server) inspectionCoverage(w http.ResponseWriter, r *http.Request, p org.Principal) {
	period := r.URL.Query().Get("period")
	if period == "" {
		period = clock.In(s.Now()).Format("2006")
	}
	cov, err := s.Inspection.Coverage(r.Context(), p, period, 200)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "inspection_coverage", InspectionCoveragePage{Base: Base{Title: "督查覆盖情况", Principal: p, Nav: "inspection-coverage"}, Cov: cov})
}

// InspectionChecklistPage is the view model of inspection_checklist.html: the editable
// "三盯三看" checklist.
type InspectionChecklistPage struct {
	Base
	Items []inspection.Item
	C     InspectionCatalogues
	Form  Form
}

func (s *Server) inspectionChecklist(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showInspectionChecklist(w, r, p, http.StatusOK, newForm(nil))
}

func (s *Server) showInspectionChecklist(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form) {
	items, err := s.Inspection.Checklist(r.Context(), p, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "inspection_checklist", InspectionChecklistPage{Base: Base{Title: "三盯三看督查清单", Principal: p, Nav: "inspection-checklist",
		Notice: r.URL.Query().Get("notice"), Error: invalidBanner(f)}, Items: items, C: inspectionCatalogues(), Form: f})
}

func (s *Server) inspectionChecklistSave(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id, _ := strconv.ParseInt(r.FormValue("id"), 10, 64)
	err := s.Inspection.SaveItem(r.Context(), p, id, r.FormValue("dimension"), r.FormValue("question"), r.FormValue("retire") == "1")
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showInspectionChecklist(w, r, p, StatusOf(err), f) })
		return
	}
	redirectNotice(w, r, "/inspections/checklist", "已保存督查清单")
}

// ProblemLibraryPage is the view model of inspection_problems.html: the problem library
// (监督检查问题库) with its search, filters and analysis.
type ProblemLibraryPage struct {
	Base
	F        inspection.LibraryFilter
	Rounds   []inspection.Round
	Rows     []inspection.Finding
	Analysis inspection.Analysis
	Pager    Pager
	C        InspectionCatalogues
}

func (s *Server) inspectionProblems(w http.ResponseWriter, r *http.Request, p org.Principal) {
	q := r.URL.Query()
	round, _ := strconv.ParseInt(q.Get("round"), 10, 64)
	pg := org.Page{Number: queryInt(r, "page"), Size: 30}.Normalize()
	f := inspection.LibraryFilter{Query: q.Get("q"), Category: q.Get("category"), UnitKind: org.Kind(q.Get("kind")), Stage: q.Get("stage"), RoundID: round,
		Tag: q.Get("tag"), Repeated: q.Get("repeated") == "1", Page: pg}
	rows, total, err := s.Inspection.Library(r.Context(), p, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.Inspection.Analyse(r.Context(), p, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rounds, err := s.Inspection.List(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	capAt := db.CountCap
	if f.Query != "" {
		capAt = db.SearchCap
	}
	s.render(w, r, http.StatusOK, "inspection_problems", ProblemLibraryPage{Base: Base{Title: "监督检查问题库", Principal: p, Nav: "inspection-problems"},
		F: f, Rounds: rounds, Rows: rows, Analysis: a, Pager: newPagerCap(r, pg.Number, pg.Size, total, capAt), C: inspectionCatalogues()})
}

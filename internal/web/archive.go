package web

import (
	"custos/internal/clock"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/org"
)

// ArchivePage is the view model of archive.html: one cadre's archive at a glance (一口清).
type ArchivePage struct {
	Base
	A       cadre.Archive
	Summary cadre.Summary
	Today   string
	Form    Form // the portrait form after an error
}

// Judgment returns the typed judgment of a dimension in the portrait form.
func (v ArchivePage) Judgment(id int64) string { return v.Form.Get(fmt.Sprintf("judgment_%d", id)) }

// Picked reports whether an item was ticked as evidence for a dimension in the portrait form.
func (v ArchivePage) Picked(dim, item int64) bool {
	return v.Form.Has(fmt.Sprintf("evidence_%d", dim), strconv.FormatInt(item, 10))
}

// JudgmentError returns the message beside a dimension.
func (v ArchivePage) JudgmentError(id int64) string {
	return v.Form.Errors[fmt.Sprintf("judgment_%d", id)]
}

// archiveOpen is a POST: opening an archive is a protected read that states a purpose and is
// audited, so it is cross-origin protected and never a bookmarkable address.
func (s *Server) archiveOpen(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := pathID(r)
	a, err := s.Cadres.Open(r.Context(), p, id, r.FormValue("purpose"), r.FormValue("detail"))
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showCadre(w, r, p, id, StatusOf(err), f, "archive", "") })
		return
	}
	s.showArchive(w, r, p, a, http.StatusOK, newForm(nil), "")
}

func (s *Server) showArchive(w http.ResponseWriter, r *http.Request, p org.Principal, a cadre.Archive, status int, f Form, notice string) {
	w.Header().Set("Cache-Control", "no-store")
	v := ArchivePage{Base: Base{Title: a.Cadre.Name + " 廉政档案", Principal: p, Nav: "cadres", Notice: notice},
		A: a, Today: clock.Date(s.Now()), Form: f}
	v.Summary = a.Summarize(v.Today)
	v.Error = invalidBanner(f)
	s.render(w, r, status, "archive", v)
}

// portraitWrite records the three portraits, then shows the archive again — itself an
// audited read, whose purpose is writing the portraits.
func (s *Server) portraitWrite(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	id := pathID(r)
	dims, err := s.Cadres.Dimensions(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := cadre.PortraitInput{Period: r.FormValue("period"), Judgments: map[int64]string{}, Evidence: map[int64][]int64{}}
	for _, d := range dims {
		in.Judgments[d.ID] = r.FormValue(fmt.Sprintf("judgment_%d", d.ID))
		for _, v := range r.PostForm[fmt.Sprintf("evidence_%d", d.ID)] {
			if item, err := strconv.ParseInt(v, 10, 64); err == nil {
				in.Evidence[d.ID] = append(in.Evidence[d.ID], item)
			}
		}
	}
	_, werr := s.Cadres.WritePortrait(ctx, p, id, in)
	a, err := s.Cadres.Open(ctx, p, id, "其他", "撰写三幅画像")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if werr != nil {
		s.formError(w, r, p, werr, func(f Form) { s.showArchive(w, r, p, a, StatusOf(werr), f, "") })
		return
	}
	s.showArchive(w, r, p, a, http.StatusOK, newForm(nil), "已撰写 "+in.Period+" 三幅画像")
}

// ArchiveLogPage is the view model of archive_log.html.
type ArchiveLogPage struct {
	Base
	Rows  []audit.Record
	Pager Pager
	Cadre int // the cadre the log is limited to, 0 for all
}

func (s *Server) archiveLog(w http.ResponseWriter, r *http.Request, p org.Principal) {
	pg := org.Page{Number: queryInt(r, "page"), Size: 50}.Normalize()
	rows, total, err := s.Cadres.AccessLog(r.Context(), p, pg, int64(queryInt(r, "cadre")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "archive_log", ArchiveLogPage{Base: Base{Title: "档案查阅记录", Principal: p, Nav: "archive-log"},
		Rows: rows, Pager: newPager(r, pg.Number, pg.Size, total), Cadre: queryInt(r, "cadre")})
}

// TalksPage is the view model of talks.html: the talks not yet held.
type TalksPage struct {
	Base
	Rows    []cadre.Talk
	Today   string
	Overdue int
	Form    Form
	TalkID  int64 // the talk whose record form Form belongs to
}

func (s *Server) talks(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showTalks(w, r, p, http.StatusOK, newForm(nil), 0, "")
}

func (s *Server) showTalks(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, talkID int64, notice string) {
	rows, today, err := s.Cadres.Worklist(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := TalksPage{Base: Base{Title: "谈话安排", Principal: p, Nav: "talks", Notice: notice}, Rows: rows, Today: today, Form: f, TalkID: talkID}
	for _, t := range rows {
		if t.Overdue(today) {
			v.Overdue++
		}
	}
	v.Error = invalidBanner(f)
	s.render(w, r, status, "talks", v)
}

func (s *Server) talkRecord(w http.ResponseWriter, r *http.Request, p org.Principal) {
	id := pathID(r)
	t, err := s.Cadres.RecordTalk(r.Context(), p, id, r.FormValue("held_date"), r.FormValue("talker"), r.FormValue("summary"))
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showTalks(w, r, p, StatusOf(err), f, id, "") })
		return
	}
	s.showTalks(w, r, p, http.StatusOK, newForm(nil), 0, "已记录与 "+t.CadreName+" 的"+cadre.TalkKindName(t.Kind))
}

// RulesPage is the view model of rules.html: the business-prohibition rules (A5).
type RulesPage struct {
	Base
	Rules     []cadre.ProhibitionRule
	Relations []struct {
		ID    cadre.Relation
		Name  string
		Close bool
	}
	Ranks []struct {
		ID   cadre.Rank
		Name string
	}
	Edit int64 // the rule being changed; 0 for a new one
	Form Form
}

func (s *Server) rules(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showRules(w, r, p, http.StatusOK, newForm(nil), int64(queryInt(r, "edit")), r.URL.Query().Get("notice"))
}

// showRules lists the rules with the form: empty for a new rule, or filled with rule edit's
// values (or with what was typed, after an error).
func (s *Server) showRules(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, edit int64, notice string) {
	rules, err := s.Cadres.AllRules(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := RulesPage{Base: Base{Title: "禁业范围规则", Principal: p, Nav: "rules", Notice: notice, Error: invalidBanner(f)}, Rules: rules,
		Relations: cadre.Relations(), Ranks: cadre.Ranks(), Form: f, Edit: edit}
	for _, rule := range rules {
		if rule.ID == edit && len(f.Errors) == 0 && rule.RetiredOn == "" {
			v.Form = ruleForm(rule)
		}
	}
	s.render(w, r, status, "rules", v)
}

// ruleForm fills the rule form with a stored rule.
func ruleForm(rule cadre.ProhibitionRule) Form {
	f := newForm(nil)
	f.Values["name"], f.Values["basis"], f.Values["keywords"] = rule.Name, rule.Basis, strings.Join(rule.Keywords, "、")
	if rule.SameArea {
		f.Values["same_area"] = "1"
	}
	for _, x := range rule.Relations {
		f.Multi["relations"] = append(f.Multi["relations"], string(x))
	}
	for _, x := range rule.Ranks {
		f.Multi["ranks"] = append(f.Multi["ranks"], string(x))
	}
	return f
}

// ruleInput reads the rule form.
func ruleInput(r *http.Request) (cadre.ProhibitionRule, error) {
	if err := r.ParseForm(); err != nil {
		return cadre.ProhibitionRule{}, err
	}
	in := cadre.ProhibitionRule{Name: r.FormValue("name"), Keywords: []string{r.FormValue("keywords")},
		SameArea: r.FormValue("same_area") == "1", Basis: r.FormValue("basis")}
	for _, x := range r.PostForm["relations"] {
		in.Relations = append(in.Relations, cadre.Relation(x))
	}
	for _, x := range r.PostForm["ranks"] {
		in.Ranks = append(in.Ranks, cadre.Rank(x))
	}
	return in, nil
}

func (s *Server) ruleUpdate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	in, err := ruleInput(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rule, err := s.Cadres.UpdateRule(r.Context(), p, pathID(r), in)
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showRules(w, r, p, StatusOf(err), f, pathID(r), "") })
		return
	}
	redirectNotice(w, r, "/rules", "已修改规则："+rule.Name+"，查阅档案时即按修改后的规则核查")
}

func (s *Server) ruleRetire(w http.ResponseWriter, r *http.Request, p org.Principal) {
	rule, err := s.Cadres.RetireRule(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	redirectNotice(w, r, "/rules", "已停用规则："+rule.Name)
}

func (s *Server) ruleCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	in, err := ruleInput(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rule, err := s.Cadres.AddRule(r.Context(), p, in)
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showRules(w, r, p, StatusOf(err), f, 0, "") })
		return
	}
	redirectNotice(w, r, "/rules", "已新增规则："+rule.Name+"，查阅档案时即按新规则核查")
}

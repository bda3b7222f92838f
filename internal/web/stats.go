package web

import (
	"bytes"
	"custos/internal/clock"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"custos/internal/apperr"
	"custos/internal/org"
	"custos/internal/stats"
)

// StatsLine is one line of the form as shown: its figure links to the records behind it.
type StatsLine struct {
	No              int
	Key, Name, Unit string
	Indent          int
	Value           int
	Share           string
	URL             string
}

// StatsPage is the view model of stats.html: the official form of a unit and period.
type StatsPage struct {
	Base
	Units    []org.Commission
	Unit     stats.Unit
	From, To string
	Query    string // commission, from, to as a query string
	Ready    bool   // the period is valid and the form was computed
	Lines    []StatsLine
	Lock     *stats.Lock
	Changed  []stats.Adjustment // changes to this locked period since it was locked
	Pending  []stats.Adjustment // changes to earlier locked periods this report must carry
	Carried  []stats.Adjustment // carried by this (locked) report, with reasons
	CanLock  bool
	Form     Form
}

// StatsBranch is one commission under the unit with its main figures.
type StatsBranch struct {
	ID                                   int64
	Name                                 string
	Reports, Clues, Cases, Persons, Form int
}

// statsQuery reads the unit and period of a statistics screen from the query (or form): the
// unit defaults to the user's commission, the period to the current quarter up to today.
func (s *Server) statsQuery(r *http.Request, p org.Principal) (stats.Unit, stats.Period, Form, error) {
	f := Form{Values: map[string]string{}, Errors: map[string]string{}}
	id := int64(0)
	if v := r.FormValue("commission"); v != "" {
		id, _ = strconv.ParseInt(v, 10, 64)
	}
	if id == 0 {
		id = p.CommissionID
	}
	u, err := s.Stats.Unit(r.Context(), p, id)
	if err != nil {
		return u, stats.Period{}, f, err
	}
	today := clock.In(s.Now())
	q := (int(today.Month()) - 1) / 3
	from, to := r.FormValue("from"), r.FormValue("to")
	if from == "" && to == "" {
		from = time.Date(today.Year(), time.Month(q*3+1), 1, 0, 0, 0, 0, clock.Beijing).Format("2006-01-02")
		to = today.Format("2006-01-02")
	}
	f.Values["from"], f.Values["to"] = from, to
	pd, err := stats.ParsePeriod(from, to)
	for k, v := range apperr.FieldsOf(err) {
		f.Errors[k] = v
	}
	return u, pd, f, err
}

func statsQueryString(u stats.Unit, pd stats.Period) string {
	return url.Values{"commission": {strconv.FormatInt(u.ID, 10)}, "from": {pd.From}, "to": {pd.To}}.Encode()
}

// statsForm shows the official form: every figure links to its records.
func (s *Server) statsForm(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.renderStats(w, r, p, http.StatusOK, nil)
}

func (s *Server) renderStats(w http.ResponseWriter, r *http.Request, p org.Principal, status int, lockErr error) {
	ctx := r.Context()
	u, pd, f, err := s.statsQuery(r, p)
	if err != nil && apperr.CodeOf(err) != apperr.Invalid {
		s.fail(w, r, err)
		return
	}
	units, uerr := s.units(r, p)
	if uerr != nil {
		s.fail(w, r, uerr)
		return
	}
	v := StatsPage{Base: Base{Title: "统计报表", Principal: p, Nav: "stats", Notice: r.URL.Query().Get("notice")}, Units: units, Unit: u,
		From: f.Get("from"), To: f.Get("to"), CanLock: p.Can(org.PermStatsLock), Form: f}
	if lockErr != nil {
		for k, m := range apperr.FieldsOf(lockErr) {
			v.Form.Errors[k] = m
		}
		v.Error = apperr.MessageOf(lockErr)
		if len(apperr.FieldsOf(lockErr)) > 0 {
			v.Error = invalidBanner(v.Form)
		}
		r.ParseForm()
		for k, vals := range r.PostForm {
			if len(vals) > 0 {
				v.Form.Values[k] = vals[0]
			}
		}
	}
	if err != nil {
		v.Error = invalidBanner(v.Form)
		s.render(w, r, http.StatusUnprocessableEntity, "stats", v)
		return
	}
	fig, lock, err := s.Stats.FormOf(ctx, u, pd)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Ready, v.Lock, v.Query = true, lock, statsQueryString(u, pd)
	for _, l := range stats.Lines() {
		sl := StatsLine{No: len(v.Lines) + 1, Key: l.Key, Name: l.Name, Unit: l.Unit, Indent: l.Indent, Value: l.Value(fig), URL: "/stats/records?" + v.Query + "&line=" + l.Key}
		if strings.HasPrefix(l.Key, "forms.") {
			sl.Share = fig.FourForms.Share(strings.TrimPrefix(l.Key, "forms."))
		}
		v.Lines = append(v.Lines, sl)
	}
	if lock != nil {
		if v.Carried, err = s.Stats.Carried(ctx, lock.ID); err == nil {
			var all []stats.Adjustment
			all, err = s.Stats.Pending(ctx, u, "")
			for _, a := range all {
				if a.LockID == lock.ID {
					v.Changed = append(v.Changed, a)
				}
			}
		}
	} else {
		v.Pending, err = s.Stats.Pending(ctx, u, pd.From)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "stats", v)
}

// StatsRecordsPage is the view model of stats_records.html: the records behind one figure.
type StatsRecordsPage struct {
	Base
	D     stats.Drill
	Rows  []StatsRecord
	Query string
	Pager Pager
}

// statsRecords lists the records behind one line of the form, each opening its own page.
func (s *Server) statsRecords(w http.ResponseWriter, r *http.Request, p org.Principal) {
	u, pd, _, err := s.statsQuery(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := max(queryInt(r, "page"), 1)
	d, err := s.Stats.Records(r.Context(), p, u.ID, pd, r.URL.Query().Get("line"), page)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := StatsRecordsPage{Base: Base{Title: d.Line.Name + " · 统计穿透", Principal: p, Nav: "stats"}, D: d, Query: statsQueryString(u, pd),
		Pager: newPager(r, page, stats.DrillPageSize, d.Total)}
	for _, x := range d.Records {
		v.Rows = append(v.Rows, StatsRecord{Record: x, URL: recordURL(x)})
	}
	s.render(w, r, http.StatusOK, "stats_records", v)
}

// StatsRecord is a record behind a figure with the address of its page.
type StatsRecord struct {
	stats.Record
	URL string
}

// recordURL is the page of a record behind a figure.
func recordURL(x stats.Record) string {
	switch x.Kind {
	case "report":
		return fmt.Sprintf("/reports/%d", x.Link)
	case "clue", "inquiry", "prelim":
		return fmt.Sprintf("/clues/%d", x.Link)
	}
	return fmt.Sprintf("/cases/%d", x.Link)
}

// statsSheet builds the XLSX/print content of the form for p.
func (s *Server) statsSheet(r *http.Request, p org.Principal) (stats.Sheet, error) {
	u, pd, _, err := s.statsQuery(r, p)
	if err != nil {
		return stats.Sheet{}, err
	}
	fig, lock, err := s.Stats.FormOf(r.Context(), u, pd)
	if err != nil {
		return stats.Sheet{}, err
	}
	sh := stats.Sheet{Unit: u, Figures: fig, Locked: lock, Preparer: p.DisplayName, Date: s.Stats.Today()}
	if lock != nil {
		sh.Adjustments, err = s.Stats.Carried(r.Context(), lock.ID)
		sh.Preparer, sh.Date = lock.LockedBy, clock.Date(lock.LockedAt)
	} else {
		sh.Adjustments, err = s.Stats.Pending(r.Context(), u, pd.From)
	}
	return sh, err
}

// statsXLSX downloads the form laid out like the paper form; audited as an export.
func (s *Server) statsXLSX(w http.ResponseWriter, r *http.Request, p org.Principal) {
	sh, err := s.statsSheet(r, p)
	if err == nil {
		err = s.auditExported(r.Context(), p, "统计报表", sh.Unit.Name+" "+sh.Figures.From+" 至 "+sh.Figures.To)
	}
	var buf bytes.Buffer
	if err == nil {
		err = stats.WriteXLSX(&buf, sh)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := sh.Unit.Name + "统计报表" + sh.Figures.From + "至" + sh.Figures.To + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="stats.xlsx"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// StatsPrintPage is the view model of stats_print.html: the form on A4.
type StatsPrintPage struct {
	Base
	S     stats.Sheet
	Title string
	Lines []StatsLine
	Query string
}

// statsPrint shows the form laid out for A4.
func (s *Server) statsPrint(w http.ResponseWriter, r *http.Request, p org.Principal) {
	sh, err := s.statsSheet(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := StatsPrintPage{Base: Base{Title: "统计报表（打印）", Principal: p, Nav: "stats"}, S: sh, Title: stats.Title,
		Query: statsQueryString(sh.Unit, stats.Period{From: sh.Figures.From, To: sh.Figures.To})}
	for _, l := range stats.Lines() {
		sl := StatsLine{No: len(v.Lines) + 1, Name: l.Name, Unit: l.Unit, Indent: l.Indent, Value: l.Value(sh.Figures)}
		if strings.HasPrefix(l.Key, "forms.") {
			sl.Share = sh.Figures.FourForms.Share(strings.TrimPrefix(l.Key, "forms."))
		}
		v.Lines = append(v.Lines, sl)
	}
	s.render(w, r, http.StatusOK, "stats_print", v)
}

// StatsChartsPage is the view model of stats_charts.html.
type StatsChartsPage struct {
	Base
	Unit                         stats.Unit
	From, To, Query              string
	Trend, Ranks, Forms, Subtree template.HTML
	Branches                     []StatsBranch
}

// statsCharts draws the form's charts as SVG: the monthly trend, persons sanctioned by rank,
// the four forms' shares and the figures by subtree.
func (s *Server) statsCharts(w http.ResponseWriter, r *http.Request, p org.Principal) {
	ctx := r.Context()
	u, pd, _, err := s.statsQuery(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fig, _, err := s.Stats.FormOf(ctx, u, pd)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	trend, err := s.Stats.Monthly(ctx, u, pd)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	branches, err := s.Stats.BySubtree(ctx, u, pd)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var bars []stats.Bar
	var rows []StatsBranch
	for _, b := range branches {
		bars = append(bars, stats.Bar{Label: shortName(b.Unit.Name), Value: b.Figures.ReportsReceived})
		rows = append(rows, StatsBranch{ID: b.Unit.ID, Name: b.Unit.Name, Reports: b.Figures.ReportsReceived, Clues: b.Figures.CluesDisposed,
			Cases: b.Figures.CasesFiled, Persons: b.Figures.PersonsSanctioned, Form: b.Figures.FourForms.Total()})
	}
	v := StatsChartsPage{Base: Base{Title: "统计图表", Principal: p, Nav: "stats"}, Unit: u, From: pd.From, To: pd.To, Query: statsQueryString(u, pd),
		Trend:   template.HTML(stats.TrendSVG("月度趋势", trend.Months, trend.Series)),
		Ranks:   template.HTML(stats.BarsSVG("处分人员职级分布", stats.RankBars(fig))),
		Forms:   template.HTML(stats.ShareSVG("“四种形态”占比", stats.FormSlices(fig))),
		Subtree: template.HTML(stats.BarsSVG("下级接收信访举报", bars)), Branches: rows}
	s.render(w, r, http.StatusOK, "stats_charts", v)
}

// shortName drops the common suffix of commission names for chart labels.
func shortName(n string) string {
	n = strings.TrimSuffix(n, "纪委监委")
	if r := []rune(n); len(r) > 6 {
		return string(r[:6])
	}
	return n
}

// statsLock locks the period as reported, with the reasons of the adjustments it carries.
func (s *Server) statsLock(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	u, pd, _, err := s.statsQuery(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reasons := map[string]string{}
	for k, v := range r.PostForm {
		if strings.HasPrefix(k, "reason.") && len(v) > 0 {
			reasons[k] = v[0]
		}
	}
	if _, err := s.Stats.LockPeriod(r.Context(), p, u.ID, pd, r.PostFormValue("note"), reasons); err != nil {
		if c := apperr.CodeOf(err); c == apperr.Invalid || c == apperr.Conflict {
			s.renderStats(w, r, p, StatusOf(err), err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/stats?"+statsQueryString(u, pd)+"&notice="+url.QueryEscape("本期报表已锁定"), http.StatusSeeOther)
}

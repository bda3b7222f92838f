package web

import (
	"custos/internal/clock"
	"net/http"
	"strconv"
	"time"

	"custos/internal/org"
	"custos/internal/workday"
)

// CalendarPage is the view model of calendar.html: one year's holidays and make-up days, the
// edit form, and a working-day calculator.
type CalendarPage struct {
	Base
	Year      int
	Years     []int
	Days      []workday.Day
	Form      Form
	CalcFrom  string
	CalcN     string
	CalcTo    string
	CalcDue   string // the result of from + N working days
	CalcCount string // working days between from and to
}

func (s *Server) calendar(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showCalendar(w, r, p, http.StatusOK, newForm(nil), "")
}

func (s *Server) showCalendar(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, notice string) {
	ctx := r.Context()
	q := r.URL.Query()
	year, _ := strconv.Atoi(q.Get("year"))
	if year < 2000 || year > 2100 {
		year = clock.In(s.Now()).Year()
	}
	v := CalendarPage{Base: Base{Title: "工作日历", Principal: p, Nav: "calendar", Notice: notice}, Year: year, Form: f,
		CalcFrom: q.Get("from"), CalcN: q.Get("n"), CalcTo: q.Get("to")}
	v.Error = invalidBanner(f)
	for y := 2020; y <= clock.In(s.Now()).Year()+1; y++ {
		v.Years = append(v.Years, y)
	}
	var err error
	if v.Days, err = s.Calendar.Days(ctx, year); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.CalcFrom != "" {
		cal, err := s.Calendar.Calendar(ctx)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		from, err := time.Parse(workday.DateLayout, v.CalcFrom)
		switch {
		case err != nil:
			v.CalcDue = "起始日期格式应为 YYYY-MM-DD"
		default:
			if n, err := strconv.Atoi(v.CalcN); err == nil && n >= 0 && n <= 1000 {
				v.CalcDue = workday.Key(cal.AddWorkdays(from, n))
			}
			if to, err := time.Parse(workday.DateLayout, v.CalcTo); err == nil {
				v.CalcCount = strconv.Itoa(cal.WorkdaysBetween(from, to))
			}
		}
	}
	s.render(w, r, status, "calendar", v)
}

func (s *Server) calendarSet(w http.ResponseWriter, r *http.Request, p org.Principal) {
	d := workday.Day{Date: r.FormValue("date"), Kind: workday.Kind(r.FormValue("kind")), Name: r.FormValue("name")}
	if err := s.Calendar.Set(r.Context(), p, d); err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showCalendar(w, r, p, StatusOf(err), f, "") })
		return
	}
	http.Redirect(w, r, "/calendar?year="+d.Date[:4], http.StatusSeeOther)
}

func (s *Server) calendarDelete(w http.ResponseWriter, r *http.Request, p org.Principal) {
	date := r.PathValue("date")
	if err := s.Calendar.Delete(r.Context(), p, date); err != nil {
		s.fail(w, r, err)
		return
	}
	year := "0"
	if len(date) >= 4 {
		year = date[:4]
	}
	http.Redirect(w, r, "/calendar?year="+year, http.StatusSeeOther)
}

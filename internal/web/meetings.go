package web

import (
	"custos/internal/clock"
	"fmt"
	"net/http"

	"custos/internal/daily"
	"custos/internal/org"
)

// MeetingsPage is the view model of meetings.html: democratic life meetings attended.
type MeetingsPage struct {
	Base
	Rows  []daily.Meeting
	Pager Pager
	Units []org.Commission
	Form  Form
}

func (s *Server) meetings(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showMeetings(w, r, p, http.StatusOK, newForm(nil))
}

func (s *Server) showMeetings(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form) {
	pg := org.Page{Number: queryInt(r, "page"), Size: 30}.Normalize()
	rows, total, err := s.Daily.Meetings(r.Context(), p, pg)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	units, err := s.units(r, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "meetings", MeetingsPage{Base: Base{Title: "列席民主生活会", Principal: p, Nav: "meetings", Error: invalidBanner(f)},
		Rows: rows, Pager: newPager(r, pg.Number, pg.Size, total), Units: units, Form: f})
}

func (s *Server) meetingCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	m, err := s.Daily.CreateMeeting(r.Context(), p, daily.MeetingInput{CommissionID: formInt(r, "commission_id"), HeldOn: r.FormValue("held_on"),
		Topic: r.FormValue("topic"), Attendee: r.FormValue("attendee"), Preparation: r.FormValue("preparation"),
		PreparationOK: r.FormValue("preparation_ok") == "1"})
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showMeetings(w, r, p, StatusOf(err), f) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/meetings/%d", m.ID), "已登记列席民主生活会")
}

// MeetingPage is the view model of meeting.html.
type MeetingPage struct {
	Base
	M        daily.Meeting
	Today    string
	Form     Form
	FormName string // statement, comments, rect, done-<id>
}

func (s *Server) meetingShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showMeeting(w, r, p, http.StatusOK, newForm(nil), "", r.URL.Query().Get("notice"))
}

func (s *Server) showMeeting(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, form, notice string) {
	m, err := s.Daily.Meeting(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "meeting", MeetingPage{Base: Base{Title: "列席民主生活会：" + m.Topic, Principal: p, Nav: "meetings", Notice: notice, Error: invalidBanner(f)},
		M: m, Today: clock.Date(s.Now()), Form: f, FormName: form})
}

func (s *Server) meetingStatement(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := s.Daily.RecordStatement(r.Context(), p, pathID(r), r.FormValue("member"), r.FormValue("statement"), r.FormValue("criticism")); err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showMeeting(w, r, p, StatusOf(err), f, "statement", "") })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/meetings/%d", pathID(r)), "已记录发言，并记入本人廉政档案")
}

func (s *Server) meetingComments(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if err := s.Daily.SetMeetingComments(r.Context(), p, pathID(r), r.FormValue("comments")); err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showMeeting(w, r, p, StatusOf(err), f, "comments", "") })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/meetings/%d", pathID(r)), "已保存列席点评")
}

func (s *Server) meetingRectification(w http.ResponseWriter, r *http.Request, p org.Principal) {
	if _, err := s.Daily.AddRectification(r.Context(), p, "life_meeting", pathID(r), r.FormValue("item"), r.FormValue("due_on")); err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showMeeting(w, r, p, StatusOf(err), f, "rect", "") })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/meetings/%d", pathID(r)), "已列入整改清单")
}

package web

import (
	"custos/internal/clock"
	"fmt"
	"net/http"

	"custos/internal/clue"
	"custos/internal/org"
)

// ClueMeetingsPage is the view model of clue_meetings.html: the collective review meetings in
// scope, each with the clues it discussed, and the form to record a new one.
type ClueMeetingsPage struct {
	Base
	Rows  []clue.Meeting
	Pager Pager
	Kinds []string
	Today string
	Form  Form
}

func (s *Server) clueMeetings(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showClueMeetings(w, r, p, http.StatusOK, newForm(nil))
}

func (s *Server) showClueMeetings(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form) {
	pg := org.Page{Number: queryInt(r, "page"), Size: 20}.Normalize()
	rows, total, err := s.Clues.Meetings(r.Context(), p, pg)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "clue_meetings", ClueMeetingsPage{Base: Base{Title: "线索研判会议", Principal: p, Nav: "clue-meetings", Notice: r.URL.Query().Get("notice"), Error: invalidBanner(f)},
		Rows: rows, Pager: newPager(r, pg.Number, pg.Size, total), Kinds: clue.MeetingKinds(), Today: clock.Date(s.Now()), Form: f})
}

func (s *Server) clueMeetingCreate(w http.ResponseWriter, r *http.Request, p org.Principal) {
	m, err := s.Clues.HoldMeeting(r.Context(), p, meetingInput(r))
	if err != nil {
		s.formError(w, r, p, err, func(f Form) { s.showClueMeetings(w, r, p, StatusOf(err), f) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/clue-meetings/%d", m.ID), "已记录"+m.Kind+"，可逐件研究线索")
}

func meetingInput(r *http.Request) clue.MeetingInput {
	return clue.MeetingInput{HeldOn: r.FormValue("held_on"), Kind: r.FormValue("kind"), Chair: r.FormValue("chair"), Attendees: r.FormValue("attendees")}
}

// ClueMeetingPage is the view model of clue_meeting.html: one meeting, the clues it
// discussed, and the clues of the commission still waiting for a collective review.
type ClueMeetingPage struct {
	Base
	M         clue.Meeting
	Waiting   []clue.Clue
	Disposals []struct{ ID, Name string }
	Form      Form
}

func (s *Server) clueMeetingShow(w http.ResponseWriter, r *http.Request, p org.Principal) {
	s.showClueMeeting(w, r, p, http.StatusOK, newForm(nil), "")
}

func (s *Server) showClueMeeting(w http.ResponseWriter, r *http.Request, p org.Principal, status int, f Form, problem string) {
	m, err := s.Clues.Meeting(r.Context(), p, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := ClueMeetingPage{Base: Base{Title: m.Title(), Principal: p, Nav: "clue-meetings", Notice: r.URL.Query().Get("notice"), Error: invalidBanner(f)},
		M: m, Disposals: clue.Disposals(), Form: f}
	if problem != "" {
		v.Error = problem
	}
	if m.CommissionID == p.CommissionID && p.Can(org.PermClueHandle) {
		if v.Waiting, err = s.Clues.AwaitingReview(r.Context(), p); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "clue_meeting", v)
}

// clueMeetingItem records the meeting's opinion and proposed disposal on one clue.
func (s *Server) clueMeetingItem(w http.ResponseWriter, r *http.Request, p org.Principal) {
	err := s.Clues.Review(r.Context(), p, formInt(r, "clue_id"), clue.ReviewInput{MeetingID: pathID(r), Opinion: r.FormValue("opinion"), Disposal: r.FormValue("disposal")})
	if err != nil {
		s.refusalOrForm(w, r, p, err, func(f Form, problem string) { s.showClueMeeting(w, r, p, StatusOf(err), f, problem) })
		return
	}
	redirectNotice(w, r, fmt.Sprintf("/clue-meetings/%d", pathID(r)), "已记录研究意见，待审批")
}

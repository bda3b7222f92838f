package clue

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
)

// MeetingKinds are the kinds of collective review of clues (检举控告规则 Art. 17: 集体研究).
func MeetingKinds() []string { return []string{"集体研判", "集体排查", "专题会议"} }

// MinAttendees is how many people a collective review needs, the chair included: fewer is not
// collective. (No national figure was found; three is the smallest group that can disagree.)
const MinAttendees = 3

// Meeting is a collective review meeting of a commission's clues: who chaired and attended,
// and each clue discussed with the disposal proposed for it.
type Meeting struct {
	ID             int64
	CommissionID   int64
	CommissionPath string
	HeldOn         string
	Kind           string
	Chair          string
	Attendees      []string
	CreatedBy      string
	Items          []MeetingItem
}

// Title is how the meeting is named on pages and in custody logs.
func (m Meeting) Title() string { return m.HeldOn + " " + m.Kind }

// MeetingItem is one clue discussed at a meeting and the disposal proposed.
type MeetingItem struct {
	ClueID     int64
	ClueNumber string
	Priority   bool
	Opinion    string
	Disposal   string
}

// MeetingInput is a meeting as typed: attendees one a line (the chair may be among them).
type MeetingInput struct {
	HeldOn, Kind, Chair, Attendees string
}

// ReviewInput is the collective review of one clue: at an existing meeting of the clue's
// commission (MeetingID), or at a new one described by Meeting when MeetingID is 0.
type ReviewInput struct {
	MeetingID int64
	Meeting   MeetingInput
	Opinion   string
	Disposal  string
}

// parseMeeting checks a meeting as typed; the attendee list comes back with the chair first.
func (s *Service) parseMeeting(in MeetingInput, f apperr.Fields) (Meeting, bool) {
	m := Meeting{Kind: strings.TrimSpace(in.Kind), Chair: strings.TrimSpace(in.Chair)}
	if d, ok := cadre.ParseDate(in.HeldOn); !ok || d > s.today() {
		f.Add("held_on", "请填写会议日期（不晚于今天），格式 YYYY-MM-DD")
	} else {
		m.HeldOn = d
	}
	known := false
	for _, k := range MeetingKinds() {
		known = known || k == m.Kind
	}
	if !known {
		f.Add("kind", "请选择会议类型")
	}
	if m.Chair == "" || utf8.RuneCountInString(m.Chair) > 30 {
		f.Add("chair", "请填写主持人（不超过 30 字）")
	}
	seen := map[string]bool{m.Chair: true}
	if m.Chair != "" {
		m.Attendees = append(m.Attendees, m.Chair)
	}
	for _, line := range strings.FieldsFunc(in.Attendees, func(r rune) bool { return r == '\n' || r == '、' || r == '，' || r == ',' }) {
		if a := strings.TrimSpace(line); a != "" && !seen[a] {
			seen[a] = true
			m.Attendees = append(m.Attendees, a)
		}
	}
	if len(m.Attendees) < MinAttendees {
		f.Add("attendees", "集体研究至少 "+strconv.Itoa(MinAttendees)+" 人参加（含主持人），请填写参加人员，每行一人")
	}
	return m, len(f) == 0
}

// HoldMeeting records a collective review meeting of p's commission. Requires clue.handle.
func (s *Service) HoldMeeting(ctx context.Context, p org.Principal, in MeetingInput) (Meeting, error) {
	if !p.Can(org.PermClueHandle) {
		return Meeting{}, apperr.New(apperr.Forbidden, "无权记录线索研判会议")
	}
	f := apperr.Fields{}
	m, ok := s.parseMeeting(in, f)
	if !ok {
		return Meeting{}, f.Err()
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error { return s.insertMeeting(ctx, tx, p, &m) })
	return m, err
}

func (s *Service) insertMeeting(ctx context.Context, tx *db.Tx, p org.Principal, m *Meeting) error {
	m.CommissionID, m.CommissionPath, m.CreatedBy = p.CommissionID, p.ScopePath, p.DisplayName
	if err := tx.QueryRow(ctx, `INSERT INTO clue_meetings (commission_id, commission_path, held_on, kind, chair, attendees, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.CommissionID, m.CommissionPath, m.HeldOn, m.Kind, m.Chair, strings.Join(m.Attendees, "\n"),
		m.CreatedBy, s.now().UTC()).Scan(&m.ID); err != nil {
		return err
	}
	return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "clue_meeting.hold", ObjectType: "clue_meeting", ObjectID: strconv.FormatInt(m.ID, 10),
		Summary: "记录线索" + m.Kind + "（" + m.HeldOn + "，" + strconv.Itoa(len(m.Attendees)) + " 人参加）", After: m, CommissionID: m.CommissionID, ScopePath: m.CommissionPath})
}

// Review records the collective review of an allocated or shelved clue at a meeting of its
// commission and the disposal the meeting proposes; the clue then waits for approval. A new
// meeting (in.MeetingID 0) is recorded in the same transaction. Requires clue.handle.
func (s *Service) Review(ctx context.Context, p org.Principal, id int64, in ReviewInput) error {
	if !p.Can(org.PermClueHandle) {
		return apperr.New(apperr.Forbidden, "无权提出处置意见")
	}
	in.Opinion = strings.TrimSpace(in.Opinion)
	f := apperr.Fields{}
	var m Meeting
	if in.MeetingID == 0 {
		m, _ = s.parseMeeting(in.Meeting, f)
	}
	if in.Opinion == "" || utf8.RuneCountInString(in.Opinion) > 5000 {
		f.Add("opinion", "请填写研究意见（不超过 5000 字）")
	}
	if StatusName(in.Disposal) == "" || in.Disposal == Registered || in.Disposal == Allocated || in.Disposal == Proposed {
		f.Add("disposal", "请选择处置方式")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if c.Status != Allocated && c.Status != Shelved {
			return apperr.New(apperr.Conflict, "该线索当前为“%s”，不能提出处置意见", StatusName(c.Status))
		}
		if c.CommissionID != p.CommissionID {
			return apperr.New(apperr.Conflict, "该线索由所属机构集体研究，上级机关不代为提出处置意见")
		}
		if in.MeetingID == 0 {
			if err := s.insertMeeting(ctx, tx, p, &m); err != nil {
				return err
			}
		} else if m, err = s.meeting(ctx, tx, p, in.MeetingID); err != nil {
			return err
		} else if m.CommissionID != c.CommissionID {
			return apperr.Fields{"meeting_id": "请选择本机构的研判会议"}.Err()
		}
		if _, err := tx.Exec(ctx, `INSERT INTO clue_meeting_items (meeting_id, clue_id, opinion, disposal) VALUES (?, ?, ?, ?)`,
			m.ID, c.ID, in.Opinion, in.Disposal); err != nil {
			if db.IsUniqueViolation(err) {
				return apperr.New(apperr.Conflict, "该线索已在这次会议上研究过")
			}
			return err
		}
		record := m.Title() + "（主持：" + m.Chair + "；参加：" + strings.Join(m.Attendees, "、") + "）：" + in.Opinion
		if _, err := tx.Exec(ctx, `UPDATE clues SET status = ?, disposal = ?, review = ?, approvals = 0 WHERE id = ?`, Proposed, in.Disposal, record, id); err != nil {
			return err
		}
		return s.custody(ctx, tx, p, c, "clue.review", m.Title()+"集体研究，拟"+StatusName(in.Disposal), in.Opinion)
	})
}

// Meetings returns the collective review meetings in p's scope, newest first, with the clues
// each discussed. Requires clue.view.
func (s *Service) Meetings(ctx context.Context, p org.Principal, pg org.Page) ([]Meeting, int, error) {
	if !p.Can(org.PermClueView) {
		return nil, 0, apperr.New(apperr.Forbidden, "无权查看线索研判会议")
	}
	pg = pg.Normalize()
	lo, hi := db.SubtreeRange(p.ScopePath)
	q := s.db.Reader()
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM clue_meetings WHERE commission_path >= ? AND commission_path < ?`, lo, hi).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT `+meetingColumns+` FROM clue_meetings WHERE commission_path >= ? AND commission_path < ?
		ORDER BY held_on DESC, id DESC LIMIT ? OFFSET ?`, lo, hi, pg.Size, pg.Offset())
	out, err := db.Collect(rows, err, scanMeeting)
	if err != nil {
		return nil, 0, err
	}
	for i := range out {
		if out[i].Items, err = s.meetingItems(ctx, q, p, out[i].ID); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// RecentMeetings returns the meetings of p's own commission held in the last 60 days, newest
// first — the ones a clue's review may be recorded against.
func (s *Service) RecentMeetings(ctx context.Context, p org.Principal) ([]Meeting, error) {
	if !p.Can(org.PermClueView) {
		return nil, apperr.New(apperr.Forbidden, "无权查看线索研判会议")
	}
	t, _ := time.Parse("2006-01-02", s.today())
	since := t.AddDate(0, 0, -60).Format("2006-01-02")
	rows, err := s.db.Reader().Query(ctx, `SELECT `+meetingColumns+` FROM clue_meetings WHERE commission_id = ? AND held_on >= ?
		ORDER BY held_on DESC, id DESC LIMIT 20`, p.CommissionID, since)
	return db.Collect(rows, err, scanMeeting)
}

// Meeting returns one meeting in p's scope with the clues it discussed. Requires clue.view.
func (s *Service) Meeting(ctx context.Context, p org.Principal, id int64) (Meeting, error) {
	if !p.Can(org.PermClueView) {
		return Meeting{}, apperr.New(apperr.Forbidden, "无权查看线索研判会议")
	}
	q := s.db.Reader()
	m, err := s.meeting(ctx, q, p, id)
	if err != nil {
		return m, err
	}
	m.Items, err = s.meetingItems(ctx, q, p, id)
	return m, err
}

const meetingColumns = `id, commission_id, commission_path, held_on, kind, chair, attendees, created_by`

func scanMeeting(r db.Scanner) (Meeting, error) {
	var m Meeting
	var attendees string
	err := r.Scan(&m.ID, &m.CommissionID, &m.CommissionPath, &m.HeldOn, &m.Kind, &m.Chair, &attendees, &m.CreatedBy)
	m.Attendees = strings.Split(attendees, "\n")
	return m, err
}

func (s *Service) meeting(ctx context.Context, q db.Querier, p org.Principal, id int64) (Meeting, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	m, err := scanMeeting(q.QueryRow(ctx, `SELECT `+meetingColumns+` FROM clue_meetings WHERE id = ? AND commission_path >= ? AND commission_path < ?`, id, lo, hi))
	if errors.Is(err, sql.ErrNoRows) {
		return m, apperr.NotFoundf("该研判会议")
	}
	return m, err
}

// meetingItems lists the clues a meeting discussed, leaving out any about p (nobody sees the
// clues about themselves).
func (s *Service) meetingItems(ctx context.Context, q db.Querier, p org.Principal, id int64) ([]MeetingItem, error) {
	rows, err := q.Query(ctx, `SELECT c.id, c.number, c.priority, i.opinion, i.disposal FROM clue_meeting_items i JOIN clues c ON c.id = i.clue_id
		WHERE i.meeting_id = ? AND NOT EXISTS (SELECT 1 FROM clue_subjects s JOIN cadres k ON k.id = s.cadre_id WHERE s.clue_id = c.id AND k.user_id = ?)
		ORDER BY c.priority DESC, c.id`, id, p.UserID)
	return db.Collect(rows, err, func(r db.Scanner) (MeetingItem, error) {
		var it MeetingItem
		err := r.Scan(&it.ClueID, &it.ClueNumber, &it.Priority, &it.Opinion, &it.Disposal)
		return it, err
	})
}

// AwaitingReview returns the clues of p's commission waiting for a collective review
// (allocated, or shelved and due for their periodic review), key minority first.
func (s *Service) AwaitingReview(ctx context.Context, p org.Principal) ([]Clue, error) {
	if !p.Can(org.PermClueView) {
		return nil, apperr.New(apperr.Forbidden, "无权查看问题线索")
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+clueColumns+` FROM clues WHERE commission_id = ? AND (status = ? OR (status = ? AND review_due <= ?))
		AND NOT EXISTS (SELECT 1 FROM clue_subjects s JOIN cadres k ON k.id = s.cadre_id WHERE s.clue_id = clues.id AND k.user_id = ?)
		ORDER BY priority DESC, id LIMIT 200`, p.CommissionID, Allocated, Shelved, s.today(), p.UserID)
	return db.Collect(rows, err, scanClue)
}

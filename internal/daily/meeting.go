package daily

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
)

// Meeting is the record of attending a lower commission's democratic life meeting (列席民主
// 生活会, D4): before (the preparation checked), during (each member's self-criticism and the
// criticism they received, the attendee's remarks), after (rectification items).
type Meeting struct {
	ID             int64
	CommissionID   int64
	CommissionName string
	CommissionPath string
	HeldOn         string
	Topic          string
	Attendee       string
	Preparation    string
	PreparationOK  bool
	Comments       string
	Statements     []Statement
	Rectifications []Rectification
	CreatedBy      string
}

// Statement is one member's part in the meeting.
type Statement struct {
	Cadre     cadre.Cadre
	Statement string // 自我批评
	Criticism string // 相互批评: what others said to them
}

// MeetingInput is the "before" part, registered when the meeting is attended.
type MeetingInput struct {
	CommissionID  int64
	HeldOn        string
	Topic         string
	Attendee      string
	Preparation   string
	PreparationOK bool
}

// CreateMeeting registers attendance at a meeting of a commission in p's scope. Requires
// cadre.manage.
func (s *Service) CreateMeeting(ctx context.Context, p org.Principal, in MeetingInput) (Meeting, error) {
	if err := mayWrite(p); err != nil {
		return Meeting{}, err
	}
	f := apperr.Fields{}
	if d, ok := cadre.ParseDate(in.HeldOn); ok { // may lie ahead: preparation is checked before
		in.HeldOn = d
	} else {
		f.Add("held_on", "请填写会议日期，格式 YYYY-MM-DD")
	}
	text(f, "topic", "会议主题", &in.Topic, true, 100)
	text(f, "attendee", "列席人员", &in.Attendee, true, 100)
	text(f, "preparation", "会前准备情况（方案、征求意见、谈心谈话、对照检查材料审核）", &in.Preparation, true, 5000)
	if in.CommissionID == 0 {
		f.Add("commission_id", "请选择召开会议的机构")
	}
	if err := f.Err(); err != nil {
		return Meeting{}, err
	}
	var m Meeting
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.org.Commission(ctx, p, in.CommissionID)
		if err != nil {
			return apperr.Fields{"commission_id": "机构不存在或不在管辖范围内"}.Err()
		}
		m = Meeting{CommissionID: c.ID, CommissionName: c.Name, CommissionPath: c.Path, HeldOn: in.HeldOn, Topic: in.Topic,
			Attendee: in.Attendee, Preparation: in.Preparation, PreparationOK: in.PreparationOK, CreatedBy: p.DisplayName}
		if err := tx.QueryRow(ctx, `INSERT INTO life_meetings (commission_id, commission_path, held_on, topic, attendee, preparation,
			preparation_ok, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.ID, c.Path, m.HeldOn, m.Topic,
			m.Attendee, m.Preparation, m.PreparationOK, p.DisplayName, s.now().UTC()).Scan(&m.ID); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "meeting.create", ObjectType: "life_meeting", ObjectID: strconv.FormatInt(m.ID, 10),
			Summary: "登记列席 " + c.Name + " 民主生活会：" + m.Topic, After: in, CommissionID: c.ID, ScopePath: c.Path})
	})
	return m, err
}

// RecordStatement records one member's self-criticism and the criticism they received; it
// lands in their archive (民主生活会发言). The member must belong to the meeting's commission.
// Requires cadre.manage.
func (s *Service) RecordStatement(ctx context.Context, p org.Principal, id int64, member, statement, criticism string) error {
	if err := mayWrite(p); err != nil {
		return err
	}
	f := apperr.Fields{}
	text(f, "statement", "自我批评情况", &statement, true, 5000)
	text(f, "criticism", "相互批评情况", &criticism, false, 5000)
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.meeting(ctx, tx, p, id)
		if err != nil {
			return err
		}
		people, err := s.cadres.FindLines(ctx, tx, p, member, "member")
		if err != nil {
			return err
		}
		if len(people) != 1 {
			return apperr.Fields{"member": "请填写一名班子成员的姓名或身份证号"}.Err()
		}
		k := people[0]
		if k.CommissionID != m.CommissionID {
			return apperr.Fields{"member": k.Name + " 不是 " + m.CommissionName + " 的干部"}.Err()
		}
		if _, err := tx.Exec(ctx, `INSERT INTO life_meeting_statements (meeting_id, cadre_id, statement, criticism) VALUES (?, ?, ?, ?)`,
			id, k.ID, statement, criticism); db.IsUniqueViolation(err) {
			return apperr.Fields{"member": k.Name + " 的发言已记录"}.Err()
		} else if err != nil {
			return err
		}
		detail := "自我批评：" + statement
		if criticism != "" {
			detail += "\n相互批评：" + criticism
		}
		if err := cadre.AddItem(ctx, tx, cadre.Item{CadreID: k.ID, Date: m.HeldOn, Kind: "meeting", Title: "民主生活会发言（" + m.Topic + "）",
			Detail: detail, SourceType: "life_meeting", SourceID: m.ID, RecordedBy: p.DisplayName}, s.now()); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "meeting.statement", ObjectType: "life_meeting", ObjectID: strconv.FormatInt(id, 10),
			Summary: "记录 " + k.Name + " 在民主生活会上的发言", After: map[string]string{"statement": statement, "criticism": criticism},
			CommissionID: m.CommissionID, ScopePath: m.CommissionPath})
	})
}

// SetMeetingComments records the attendee's remarks at the meeting. Requires cadre.manage.
func (s *Service) SetMeetingComments(ctx context.Context, p org.Principal, id int64, comments string) error {
	if err := mayWrite(p); err != nil {
		return err
	}
	f := apperr.Fields{}
	text(f, "comments", "列席点评", &comments, true, 5000)
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.meeting(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE life_meetings SET comments = ? WHERE id = ?`, comments, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "meeting.comments", ObjectType: "life_meeting", ObjectID: strconv.FormatInt(id, 10),
			Summary: "记录列席点评：" + m.Topic, Before: m.Comments, After: comments, CommissionID: m.CommissionID, ScopePath: m.CommissionPath})
	})
}

// Meetings returns one page of meetings attended in p's scope, newest first, and the total.
// Requires cadre.view.
func (s *Service) Meetings(ctx context.Context, p org.Principal, pg org.Page) ([]Meeting, int, error) {
	if !p.Can(org.PermCadreView) {
		return nil, 0, apperr.New(apperr.Forbidden, "无权查看民主生活会记录")
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	q := s.db.Reader()
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM life_meetings WHERE commission_path >= ? AND commission_path < ?`, lo, hi).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT `+meetingColumns+meetingFrom+`WHERE m.commission_path >= ? AND m.commission_path < ?
		ORDER BY m.held_on DESC, m.id DESC LIMIT ? OFFSET ?`, lo, hi, pg.Size, pg.Offset())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Meeting
	for rows.Next() {
		var m Meeting
		if err := rows.Scan(m.fields()...); err != nil {
			return nil, 0, err
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}

// Meeting returns one meeting record in p's scope. Requires cadre.view.
func (s *Service) Meeting(ctx context.Context, p org.Principal, id int64) (Meeting, error) {
	if !p.Can(org.PermCadreView) {
		return Meeting{}, apperr.New(apperr.Forbidden, "无权查看民主生活会记录")
	}
	return s.meeting(ctx, s.db.Reader(), p, id)
}

const meetingColumns = `m.id, m.commission_id, c.name, m.commission_path, m.held_on, m.topic, m.attendee, m.preparation,
	m.preparation_ok, m.comments, m.created_by`

const meetingFrom = ` FROM life_meetings m JOIN commissions c ON c.id = m.commission_id `

func (m *Meeting) fields() []any {
	return []any{&m.ID, &m.CommissionID, &m.CommissionName, &m.CommissionPath, &m.HeldOn, &m.Topic, &m.Attendee, &m.Preparation,
		&m.PreparationOK, &m.Comments, &m.CreatedBy}
}

func (s *Service) meeting(ctx context.Context, q db.Querier, p org.Principal, id int64) (Meeting, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	var m Meeting
	err := q.QueryRow(ctx, `SELECT `+meetingColumns+meetingFrom+`WHERE m.id = ? AND m.commission_path >= ? AND m.commission_path < ?`, id, lo, hi).Scan(m.fields()...)
	if errors.Is(err, sql.ErrNoRows) {
		return m, apperr.NotFoundf("该民主生活会记录")
	}
	if err != nil {
		return m, err
	}
	rows, err := q.Query(ctx, `SELECT cadre_id, statement, criticism FROM life_meeting_statements WHERE meeting_id = ? ORDER BY cadre_id`, id)
	if err != nil {
		return m, err
	}
	for rows.Next() {
		var st Statement
		if err := rows.Scan(&st.Cadre.ID, &st.Statement, &st.Criticism); err != nil {
			rows.Close()
			return m, err
		}
		m.Statements = append(m.Statements, st)
	}
	rows.Close()
	for i := range m.Statements {
		if m.Statements[i].Cadre, err = s.cadres.Snapshot(ctx, q, m.Statements[i].Cadre.ID); err != nil {
			return m, err
		}
	}
	m.Rectifications, err = rectificationsOf(ctx, q, "life_meeting", id)
	return m, err
}

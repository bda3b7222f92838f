package cadre

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/workday"
)

// AppointmentInput is an appointment as typed.
type AppointmentInput struct {
	Date         string
	Kind         string // appoint, remove, exchange
	Post         string
	CommissionID int64 // where the post is; 0 for the cadre's own commission
	DocNo        string
	Note         string
}

// RecordAppointment adds an entry to the cadre's appointment history. An appointment or an
// exchange also moves the cadre to the post (and commission, which must be in p's scope) and
// schedules the arrival talk (到岗谈), due Settings.ArrivalTalkDays working days after the
// date; it returns that talk. Everything lands on the archive timeline. Requires cadre.manage.
func (s *Service) RecordAppointment(ctx context.Context, p org.Principal, cadreID int64, in AppointmentInput) (Appointment, *Talk, error) {
	if !p.Can(org.PermCadreManage) {
		return Appointment{}, nil, apperr.New(apperr.Forbidden, "无权维护干部任免")
	}
	in, f := s.checkAppointment(in)
	if err := f.Err(); err != nil {
		return Appointment{}, nil, err
	}
	cal, err := s.calendar.Calendar(ctx)
	if err != nil {
		return Appointment{}, nil, err
	}
	var out Appointment
	var talk *Talk
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		k, err := getCadre(ctx, tx, p, cadreID)
		if err != nil {
			return err
		}
		out, talk, err = s.addAppointment(ctx, tx, p, k, in, cal, true)
		return err
	})
	return out, talk, err
}

// checkAppointment validates an appointment as typed and normalizes its date.
func (s *Service) checkAppointment(in AppointmentInput) (AppointmentInput, apperr.Fields) {
	f := apperr.Fields{}
	date := dateField(f, "date", "任免日期", in.Date, s.today())
	if strings.TrimSpace(in.Date) == "" {
		f.Add("date", "请填写任免日期")
	}
	in.Date = date
	if in.Kind != Appoint && in.Kind != Remove && in.Kind != Exchange {
		f.Add("kind", "请选择任职、免职或交流")
	}
	in.Post = strings.TrimSpace(in.Post)
	if in.Post == "" || utf8.RuneCountInString(in.Post) > 60 {
		f.Add("post", "请填写职务（不超过 60 字）")
	}
	in.DocNo, in.Note = strings.TrimSpace(in.DocNo), strings.TrimSpace(in.Note)
	return in, f
}

// addAppointment writes a checked appointment of cadre k inside tx. current: it is news — the
// cadre moves to the post and the arrival talk is scheduled. A historical entry (an imported
// 任免记录) moves no one and schedules the talk only while it is not yet due.
func (s *Service) addAppointment(ctx context.Context, tx *db.Tx, p org.Principal, k Cadre, in AppointmentInput, cal *workday.Calendar, current bool) (Appointment, *Talk, error) {
	cid := in.CommissionID
	if cid == 0 {
		cid = k.CommissionID
	}
	c, err := s.placement(ctx, tx, p, Placement{CommissionID: cid})
	if err != nil {
		return Appointment{}, nil, err
	}
	now := s.now()
	out := Appointment{CadreID: k.ID, Date: in.Date, Kind: in.Kind, Post: in.Post, CommissionID: c.ID, CommissionName: c.Name,
		DocNo: in.DocNo, Note: in.Note}
	if err := tx.QueryRow(ctx, `INSERT INTO appointments (cadre_id, date, kind, post, commission_id, doc_no, note, recorded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, k.ID, out.Date, out.Kind, out.Post, c.ID, out.DocNo, out.Note,
		nullID(p.UserID), now.UTC()).Scan(&out.ID); err != nil {
		return out, nil, err
	}
	title := AppointmentKindName(in.Kind) + " " + c.Name + " " + in.Post
	if out.DocNo != "" {
		title += "（" + out.DocNo + "）"
	}
	if err := AddItem(ctx, tx, Item{CadreID: k.ID, Date: in.Date, Kind: "appointment", Title: title, Detail: out.Note,
		SourceType: "appointment", SourceID: out.ID, RecordedBy: p.DisplayName}, now); err != nil {
		return out, nil, err
	}
	var talk *Talk
	if in.Kind != Remove {
		path := k.CommissionPath
		if current {
			if _, err := tx.Exec(ctx, `UPDATE cadres SET post = ?, commission_id = ?, commission_path = ?,
				department_id = CASE WHEN commission_id = ? THEN department_id END, updated_at = ? WHERE id = ?`,
				in.Post, c.ID, c.Path, c.ID, now.UTC(), k.ID); err != nil {
				return out, nil, err
			}
			// talks still to be held follow the cadre to the new commission's worklist
			if _, err := tx.Exec(ctx, `UPDATE talks SET commission_path = ? WHERE cadre_id = ? AND held_date = ''`, c.Path, k.ID); err != nil {
				return out, nil, err
			}
			path = c.Path
		}
		due := workday.Key(cal.AddWorkdays(mustDate(in.Date), s.set.ArrivalTalkDays))
		if current || due >= s.today().Format("2006-01-02") {
			t, err := s.insertTalk(ctx, tx, p, Talk{CadreID: k.ID, CommissionPath: path, Kind: TalkArrival,
				Reason: "新任职（" + title + "）", DueDate: due, SourceType: "appointment", SourceID: out.ID})
			if err != nil {
				return out, nil, err
			}
			talk = &t
		}
	}
	return out, talk, s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "cadre.appointment", ObjectType: "cadre",
		ObjectID: strconv.FormatInt(k.ID, 10), Summary: "记录任免：" + k.Name + " " + title, After: out,
		CommissionID: c.ID, ScopePath: c.Path})
}

func mustDate(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

func appointments(ctx context.Context, q db.Querier, cadreID int64) ([]Appointment, error) {
	rows, err := q.Query(ctx, `SELECT a.id, a.cadre_id, a.date, a.kind, a.post, a.commission_id, c.name, a.doc_no, a.note
		FROM appointments a JOIN commissions c ON c.id = a.commission_id WHERE a.cadre_id = ? ORDER BY a.date DESC, a.id DESC`, cadreID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Appointment
	for rows.Next() {
		var a Appointment
		if err := rows.Scan(&a.ID, &a.CadreID, &a.Date, &a.Kind, &a.Post, &a.CommissionID, &a.CommissionName, &a.DocNo, &a.Note); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

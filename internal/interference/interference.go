// Package interference is the register of approaches about cases (打听案情、过问案件、说情干预,
// K4, domain §3.8): any user records an approach in under a minute; it is reported to the
// team leader and the cadre-supervision office, which decides the follow-up (none, a notice,
// a clue against the intervener); each commission reports every quarter, with a zero report
// when nothing happened. It also reviews the reads flagged by package watch — reads of cases
// and clues by people outside their chain — dismissing them or turning them into records. The
// intervener never sees records or flags about themselves, and a recorder sees only their own.
package interference

import (
	"context"
	"custos/internal/clock"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/clue"
	"custos/internal/db"
	"custos/internal/org"
)

// Kinds of approach (domain §2.10).
func Kinds() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{"ask", "打听案情"}, {"inquire", "过问案件"}, {"intercede", "说情干预"},
		{"contact", "未经批准接触被调查人、涉案人员或其特定关系人"}, {"materials", "违规转递材料"}, {"other", "其他"}}
}

// Channels an approach came by.
func Channels() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{"in_person", "当面"}, {"phone", "电话"}, {"message", "短信、微信等"}, {"third_party", "托人转达"}, {"system", "系统查阅"}}
}

// FollowUps are the outcomes of an assessment.
func FollowUps() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{"none", "不予处理（已说明）"}, {"notice", "通报提醒"}, {"clue", "作为问题线索移送处置"}}
}

// Name returns the Chinese name of id in one of this package's catalogues.
func Name(xs []struct{ ID, Name string }, id string) string {
	for _, x := range xs {
		if x.ID == id {
			return x.Name
		}
	}
	return id
}

// Record is one approach recorded.
type Record struct {
	ID              int64
	CommissionID    int64
	CommissionName  string
	CommissionPath  string
	RecordedBy      string
	RecordedAt      time.Time
	ApproachedOn    string
	MatterType      string
	MatterID        int64
	MatterText      string
	Kind            string
	Channel         string
	IntervenerName  string
	IntervenerUnit  string
	IntervenerPost  string
	IntervenerCadre int64
	Relation        string
	Content         string
	Response        string
	ReportedTo      string
	FollowUp        string
	FollowUpNote    string
	FollowUpBy      string
	FollowUpOn      string
	ClueID          int64
	Source          string
}

// Input is an approach as typed.
type Input struct {
	ApproachedOn   string
	Matter         string // a case or clue number, or a description of another matter
	Kind           string
	Channel        string
	IntervenerName string
	IntervenerUnit string
	IntervenerPost string
	IntervenerUser string // the intervener's username, when they are a user
	Relation       string
	Content        string
	Response       string
}

// Service is the register's use cases.
type Service struct {
	db    *db.DB
	audit *audit.Log
	clues *clue.Service
	now   func() time.Time
}

// NewService returns a Service; follow-ups that become clues are registered through clues.
func NewService(d *db.DB, a *audit.Log, clues *clue.Service, now func() time.Time) *Service {
	return &Service{db: d, audit: a, clues: clues, now: now}
}

func (s *Service) today() string {
	return clock.Date(s.now())
}

// Quarter names the quarter of a YYYY-MM-DD day: 2026-Q4.
func Quarter(day string) string {
	m, _ := strconv.Atoi(day[5:7])
	return day[:4] + "-Q" + strconv.Itoa((m+2)/3)
}

// quarterRange is the first and last day of a quarter named like 2026-Q4.
func quarterRange(q string) (from, to string, ok bool) {
	var y, n int
	if _, err := fmt.Sscanf(q, "%d-Q%d", &y, &n); err != nil || n < 1 || n > 4 || y < 2000 {
		return "", "", false
	}
	first := time.Date(y, time.Month(3*n-2), 1, 0, 0, 0, 0, time.UTC)
	return first.Format("2006-01-02"), first.AddDate(0, 3, -1).Format("2006-01-02"), true
}

// Record registers an approach p received. Anyone may record; the record goes to the team
// leader of the case concerned and the cadre-supervision office. Requires a user.
func (s *Service) Record(ctx context.Context, p org.Principal, in Input) (Record, error) {
	if p.UserID == 0 {
		return Record{}, apperr.New(apperr.Forbidden, "请先登录")
	}
	f := apperr.Fields{}
	r := Record{Kind: in.Kind, Channel: in.Channel, IntervenerName: strings.TrimSpace(in.IntervenerName), IntervenerUnit: strings.TrimSpace(in.IntervenerUnit),
		IntervenerPost: strings.TrimSpace(in.IntervenerPost), Relation: strings.TrimSpace(in.Relation), Content: strings.TrimSpace(in.Content),
		Response: strings.TrimSpace(in.Response), Source: "manual"}
	if d, ok := cadre.ParseDate(in.ApproachedOn); !ok || d > s.today() {
		f.Add("approached_on", "请填写被打听、过问的日期（不晚于今天）")
	} else {
		r.ApproachedOn = d
	}
	if Name(Kinds(), r.Kind) == r.Kind {
		f.Add("kind", "请选择情形")
	}
	if Name(Channels(), r.Channel) == r.Channel || r.Channel == "system" {
		f.Add("channel", "请选择方式")
	}
	if r.IntervenerName == "" || utf8.RuneCountInString(r.IntervenerName) > 30 {
		f.Add("intervener_name", "请填写打听、过问人的姓名")
	}
	if r.Content == "" || utf8.RuneCountInString(r.Content) > 2000 {
		f.Add("content", "请填写对方说了什么（不超过 2000 字）")
	}
	if r.Response == "" || utf8.RuneCountInString(r.Response) > 2000 {
		f.Add("response", "请填写您如何回应（不超过 2000 字）")
	}
	matter := strings.TrimSpace(in.Matter)
	if matter == "" || utf8.RuneCountInString(matter) > 200 {
		f.Add("matter", "请填写涉及的案件或线索编号，或简述事项")
	}
	if err := f.Err(); err != nil {
		return Record{}, err
	}
	var intervenerUser any
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if u := strings.TrimSpace(in.IntervenerUser); u != "" {
			var id int64
			err := tx.QueryRow(ctx, `SELECT id FROM users WHERE username = ?`, u).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.Fields{"intervener_user": "没有用户名为 " + u + " 的用户（不是本系统用户的，可留空）"}.Err()
			}
			if err != nil {
				return err
			}
			intervenerUser = id
			if id == p.UserID {
				return apperr.Fields{"intervener_user": "打听、过问人不能是本人"}.Err()
			}
			if err := tx.QueryRow(ctx, `SELECT COALESCE((SELECT id FROM cadres WHERE user_id = ?), 0)`, id).Scan(&r.IntervenerCadre); err != nil {
				return err
			}
		}
		r.MatterType, r.MatterID, r.MatterText, r.ReportedTo = s.matter(ctx, tx, p, matter)
		r.CommissionID, r.CommissionPath, r.CommissionName, r.RecordedBy = p.CommissionID, p.ScopePath, p.CommissionName, p.DisplayName
		var cadreID any
		if r.IntervenerCadre != 0 {
			cadreID = r.IntervenerCadre
		}
		var matterID any
		if r.MatterID != 0 {
			matterID = r.MatterID
		}
		if err := tx.QueryRow(ctx, `INSERT INTO interference_records (commission_id, commission_path, recorded_by_id, recorded_by, recorded_at, approached_on,
			matter_type, matter_id, matter_text, kind, channel, intervener_name, intervener_unit, intervener_post, intervener_user_id, intervener_cadre_id,
			relation, content, response, reported_to, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.CommissionID, r.CommissionPath, p.UserID, r.RecordedBy, s.now().UTC(), r.ApproachedOn, r.MatterType, matterID, r.MatterText, r.Kind, r.Channel,
			r.IntervenerName, r.IntervenerUnit, r.IntervenerPost, intervenerUser, cadreID, r.Relation, r.Content, r.Response, r.ReportedTo, r.Source).Scan(&r.ID); err != nil {
			return err
		}
		if r.IntervenerCadre != 0 { // the intervener's archive records it (A1); they never open their own
			if err := cadre.AddItem(ctx, tx, cadre.Item{CadreID: r.IntervenerCadre, Date: r.ApproachedOn, Kind: "interference",
				Title: "被登记" + Name(Kinds(), r.Kind) + "（" + r.MatterText + "）", SourceType: "interference", SourceID: r.ID, RecordedBy: p.DisplayName}, s.now()); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "interference.record", ObjectType: "interference", ObjectID: strconv.FormatInt(r.ID, 10),
			Summary: "登记" + Name(Kinds(), r.Kind) + "情况（报" + r.ReportedTo + "）", CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return r, err
}

// matter resolves what an approach was about: a case or clue number in p's scope, or the text
// as given; and to whom the record goes — the case team's leader and the cadre-supervision
// office.
func (s *Service) matter(ctx context.Context, q db.Querier, p org.Principal, text string) (kind string, id int64, desc, reportedTo string) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	reportedTo = "干部监督室"
	var leader string
	err := q.QueryRow(ctx, `SELECT k.id, COALESCE((SELECT u.display_name FROM case_team t JOIN users u ON u.id = t.user_id WHERE t.case_id = k.id AND t.role = 'leader' LIMIT 1), '')
		FROM cases k WHERE k.number = ? AND k.commission_path >= ? AND k.commission_path < ? ORDER BY k.id DESC LIMIT 1`, text, lo, hi).Scan(&id, &leader)
	if err == nil {
		if leader != "" {
			reportedTo = "审查调查组组长" + leader + "、干部监督室"
		}
		return "case", id, "案件 " + text, reportedTo
	}
	if err := q.QueryRow(ctx, `SELECT id FROM clues WHERE number = ? AND commission_path >= ? AND commission_path < ? ORDER BY id DESC LIMIT 1`, text, lo, hi).Scan(&id); err == nil {
		return "clue", id, "问题线索 " + text, reportedTo
	}
	return "", 0, text, reportedTo
}

const columns = `r.id, r.commission_id, c.name, r.commission_path, r.recorded_by, r.recorded_at, r.approached_on, r.matter_type, COALESCE(r.matter_id, 0),
	r.matter_text, r.kind, r.channel, r.intervener_name, r.intervener_unit, r.intervener_post, COALESCE(r.intervener_cadre_id, 0), r.relation, r.content,
	r.response, r.reported_to, r.followup, r.followup_note, r.followup_by, r.followup_on, COALESCE(r.clue_id, 0), r.source`

func scan(sc db.Scanner) (Record, error) {
	var r Record
	err := sc.Scan(&r.ID, &r.CommissionID, &r.CommissionName, &r.CommissionPath, &r.RecordedBy, &r.RecordedAt, &r.ApproachedOn, &r.MatterType, &r.MatterID,
		&r.MatterText, &r.Kind, &r.Channel, &r.IntervenerName, &r.IntervenerUnit, &r.IntervenerPost, &r.IntervenerCadre, &r.Relation, &r.Content,
		&r.Response, &r.ReportedTo, &r.FollowUp, &r.FollowUpNote, &r.FollowUpBy, &r.FollowUpOn, &r.ClueID, &r.Source)
	return r, err
}

// visible: with interference.view, every record of p's scope; otherwise only p's own. Never a
// record about p (the intervener), whoever p is.
func visible(p org.Principal) (string, []any) {
	cond := ` (r.intervener_user_id IS NULL OR r.intervener_user_id <> ?) AND `
	if p.Can(org.PermInterferenceView) {
		lo, hi := db.SubtreeRange(p.ScopePath)
		return cond + `r.commission_path >= ? AND r.commission_path < ? `, []any{p.UserID, lo, hi}
	}
	return cond + `r.recorded_by_id = ? `, []any{p.UserID, p.UserID}
}

// List returns the records p may see, newest first.
func (s *Service) List(ctx context.Context, p org.Principal, pg org.Page) ([]Record, int, error) {
	pg = pg.Normalize()
	cond, args := visible(p)
	q := s.db.Reader()
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM interference_records r WHERE`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT `+columns+` FROM interference_records r JOIN commissions c ON c.id = r.commission_id WHERE`+cond+
		` ORDER BY r.approached_on DESC, r.id DESC LIMIT ? OFFSET ?`, append(args, pg.Size, pg.Offset())...)
	out, err := db.Collect(rows, err, scan)
	return out, total, err
}

// Get returns a record p may see — a protected read, audited.
func (s *Service) Get(ctx context.Context, p org.Principal, id int64) (Record, error) {
	var r Record
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if r, err = s.load(ctx, tx, p, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "interference.read", ObjectType: "interference", ObjectID: strconv.FormatInt(r.ID, 10),
			Summary: "查阅打听过问登记", CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return r, err
}

func (s *Service) load(ctx context.Context, q db.Querier, p org.Principal, id int64) (Record, error) {
	cond, args := visible(p)
	r, err := scan(q.QueryRow(ctx, `SELECT `+columns+` FROM interference_records r JOIN commissions c ON c.id = r.commission_id WHERE r.id = ? AND`+cond,
		append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundf("该登记")
	}
	return r, err
}

// FollowUp records the cadre-supervision office's assessment of a record: no action, a notice,
// or a problem clue against the intervener — registered at once with case management's
// numbering, with the record as its source (the intervener must be a cadre of the roster).
// Requires interference.view.
func (s *Service) FollowUp(ctx context.Context, p org.Principal, id int64, kind, note string) (Record, error) {
	if !p.Can(org.PermInterferenceView) {
		return Record{}, apperr.New(apperr.Forbidden, "无权处理打听过问登记")
	}
	note = strings.TrimSpace(note)
	f := apperr.Fields{}
	if Name(FollowUps(), kind) == kind {
		f.Add("followup", "请选择处理方式")
	}
	if note == "" || utf8.RuneCountInString(note) > 2000 {
		f.Add("followup_note", "请填写研判意见（不超过 2000 字）")
	}
	if err := f.Err(); err != nil {
		return Record{}, err
	}
	var r Record
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if r, err = s.load(ctx, tx, p, id); err != nil {
			return err
		}
		if r.FollowUp != "" {
			return apperr.New(apperr.Conflict, "已于 %s 作出处理", r.FollowUpOn)
		}
		var clueID any
		if kind == "clue" {
			if r.IntervenerCadre == 0 {
				return apperr.Fields{"followup": "打听、过问人不在干部名册中，不能在本系统作为问题线索处置；请选择通报提醒并写明移送情况"}.Err()
			}
			var name, idNumber string
			if err := tx.QueryRow(ctx, `SELECT name, id_number FROM cadres WHERE id = ?`, r.IntervenerCadre).Scan(&name, &idNumber); err != nil {
				return err
			}
			c, err := s.clues.RegisterFrom(ctx, tx, p, clue.ClueInput{Source: "监督检查中发现", ReceivedOn: s.today(),
				Summary: Name(Kinds(), r.Kind) + "：" + r.Content, Subjects: idNumber}, "打听过问登记第 "+strconv.FormatInt(r.ID, 10)+" 号")
			if err != nil {
				return err
			}
			clueID, r.ClueID = c.ID, c.ID
			note += "（线索编号 " + c.Number + "）"
		}
		if _, err := tx.Exec(ctx, `UPDATE interference_records SET followup = ?, followup_note = ?, followup_by = ?, followup_on = ?, clue_id = ? WHERE id = ?`,
			kind, note, p.DisplayName, s.today(), clueID, r.ID); err != nil {
			return err
		}
		r.FollowUp, r.FollowUpNote, r.FollowUpBy, r.FollowUpOn = kind, note, p.DisplayName, s.today()
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "interference.followup", ObjectType: "interference", ObjectID: strconv.FormatInt(r.ID, 10),
			Summary: "打听过问登记处理：" + Name(FollowUps(), kind), CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return r, err
}

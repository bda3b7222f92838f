package report

import (
	"context"
	"custos/internal/clock"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/dedup"
	"custos/internal/org"
	"custos/internal/paper"
	"custos/internal/secret"
	"custos/internal/workday"
)

// Settings are the intake rules.
type Settings struct {
	AckDays   int     // acceptance notice to a real-name reporter within N working days (15)
	Threshold float64 // duplicate similarity threshold (dedup.DefaultThreshold)
	// IndexBudget is how long one IndexPending call keeps starting index batches (1 s).
	IndexBudget time.Duration
	Log         *slog.Logger // where a report that cannot be indexed is reported (none: discarded)
}

// Service is the report intake use cases.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	calendar *workday.Store
	box      *secret.Box
	dedup    *dedup.Engine
	now      func() time.Time
	set      Settings

	indexFault func(id int64) error // tests only: fail writing the terms of a report
}

// NewService returns a Service sealing reporters with box.
func NewService(d *db.DB, a *audit.Log, cal *workday.Store, box *secret.Box, now func() time.Time, set Settings) *Service {
	if set.AckDays <= 0 {
		set.AckDays = 15
	}
	if set.Threshold <= 0 {
		set.Threshold = dedup.DefaultThreshold
	}
	if set.IndexBudget <= 0 {
		set.IndexBudget = defaultIndexBudget
	}
	if set.Log == nil {
		set.Log = discardLog()
	}
	return &Service{db: d, audit: a, calendar: cal, box: box, dedup: dedup.New(), now: now, set: set}
}

// Reporter is who reported: sealed at rest, never logged, exported or shown to the subject.
type Reporter struct {
	Name     string `json:"name"`
	Unit     string `json:"unit,omitempty"`
	Contact  string `json:"contact"`
	IDNumber string `json:"id_number,omitempty"`
	Address  string `json:"address,omitempty"`
}

// SubjectInput is a person reported on, as typed: an ID number links a cadre of the roster.
type SubjectInput struct {
	Name, IDNumber, Unit, Post string
}

// Input is a report as registered.
type Input struct {
	ReceivedOn  string
	Channel     string
	Category    string
	RealName    bool
	Reporter    Reporter
	Title       string
	Content     string
	Allegations []string
	Subjects    []SubjectInput
	Attachments []AttachmentInput
}

// Report is a report as its reader may see it.
type Report struct {
	ID             int64
	CommissionID   int64
	CommissionName string
	CommissionPath string
	Number         string
	ReceivedOn     string
	Channel        string
	Category       string
	RealName       bool
	Title          string
	Content        string
	Allegations    []string
	Jurisdiction   Jurisdiction
	Status         string
	Stub           bool
	RoutedFromID   int64
	DuplicateOf    int64
	DuplicateScore float64
	DuplicateNote  string
	AckDue         string
	Subjects       []SubjectRow
	Attachments    []Attachment // loaded by Get
	Outcome        Outcome      // loaded by Get: the clue made from it and the reporter's feedback
	Sealed         bool         // a reporter identity is on record
	CreatedBy      string
	// Sent is where the report went, for the registering officer: the upper or lower
	// commission's name.
	Sent string
}

// SubjectRow is a stored subject.
type SubjectRow struct {
	CadreID int64
	Name    string
	Unit    string
	Post    string
}

func (s *Service) today() time.Time {
	t := clock.In(s.now())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// check validates an input; problems are keyed by form field.
func (s *Service) check(in *Input) apperr.Fields {
	f := apperr.Fields{}
	if d, ok := cadre.ParseDate(in.ReceivedOn); !ok {
		f.Add("received_on", "请填写收到日期，格式 YYYY-MM-DD")
	} else if d > s.today().Format("2006-01-02") {
		f.Add("received_on", "收到日期不能晚于今天")
	} else {
		in.ReceivedOn = d
	}
	if Name(Channels(), in.Channel) == in.Channel {
		f.Add("channel", "请选择来源渠道")
	}
	if Name(Categories(), in.Category) == in.Category {
		f.Add("category", "请选择类别")
	}
	in.Title, in.Content = strings.TrimSpace(in.Title), strings.TrimSpace(in.Content)
	if in.Title == "" || utf8.RuneCountInString(in.Title) > 100 {
		f.Add("title", "请填写标题（不超过 100 字），如：反映某某收受礼金问题")
	}
	if in.Content == "" || utf8.RuneCountInString(in.Content) > 20000 {
		f.Add("content", "请填写反映内容（不超过 20000 字）")
	}
	for _, a := range in.Allegations {
		if Name(Allegations(), a) == a {
			f.Add("allegations", "未知的问题类别："+a)
		}
	}
	r := &in.Reporter
	r.Name, r.Contact, r.Unit, r.Address = strings.TrimSpace(r.Name), strings.TrimSpace(r.Contact), strings.TrimSpace(r.Unit), strings.TrimSpace(r.Address)
	if in.RealName {
		if r.Name == "" {
			f.Add("reporter_name", "实名举报须填写举报人姓名（或单位名称）")
		}
		if r.Contact == "" {
			f.Add("reporter_contact", "实名举报须填写联系方式")
		}
		if strings.TrimSpace(r.IDNumber) != "" {
			card, err := cadre.ParseIDCard(r.IDNumber, s.today())
			if err != nil {
				f.Add("reporter_id_number", err.Error())
			}
			r.IDNumber = card.Number
		}
	} else {
		*r = Reporter{}
	}
	var subjects []SubjectInput
	for i, sub := range in.Subjects {
		sub.Name, sub.Unit, sub.Post, sub.IDNumber = strings.TrimSpace(sub.Name), strings.TrimSpace(sub.Unit), strings.TrimSpace(sub.Post), strings.TrimSpace(sub.IDNumber)
		if sub.Name == "" && sub.IDNumber == "" && sub.Unit == "" && sub.Post == "" {
			continue
		}
		key := fmt.Sprintf("subject_%d", i)
		if sub.Name == "" {
			f.Add(key, "请填写被反映人姓名")
		}
		if sub.IDNumber != "" {
			card, err := cadre.ParseIDCard(sub.IDNumber, s.today())
			if err != nil {
				f.Add(key, err.Error())
			}
			sub.IDNumber = card.Number
		}
		subjects = append(subjects, sub)
	}
	if len(subjects) == 0 {
		f.Add("subject_0", "请至少填写一名被反映人")
	}
	in.Subjects = subjects
	checkAttachments(in.Attachments, f)
	return f
}

// Register records a report received by p's commission and routes it (domain §3.1): about the
// receiver's own principal leader, it goes to the upper commission and no one at the receiver
// sees even its stub; about someone managed above, the receiver keeps a routing stub without
// content and the upper commission gets the report; about someone below, it is forwarded down.
// The reporter is sealed. Requires report.register.
func (s *Service) Register(ctx context.Context, p org.Principal, in Input) (Report, error) {
	if !p.Can(org.PermReportRegister) {
		return Report{}, apperr.New(apperr.Forbidden, "无权登记检举控告")
	}
	if err := s.check(&in).Err(); err != nil {
		return Report{}, err
	}
	cal, err := s.calendar.Calendar(ctx)
	if err != nil {
		return Report{}, err
	}
	// the CPU work before the transaction, which holds SQLite's one writer
	keys := s.dedup.Prepare(in.Content).StoredKeys()
	sealed := ""
	if in.RealName {
		b, _ := json.Marshal(in.Reporter)
		sealed = s.box.Seal(b, "reporter")
	}
	files := s.sealAttachments(in.Attachments)
	var out Report
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var receiver commission
		if err := tx.QueryRow(ctx, `SELECT id, name, path, COALESCE(parent_id, 0) FROM commissions WHERE id = ?`, p.CommissionID).
			Scan(&receiver.id, &receiver.name, &receiver.path, &receiver.parent); err != nil {
			return err
		}
		rows, subjects, err := s.resolve(ctx, tx, receiver, in.Subjects)
		if err != nil {
			return err
		}
		j, below := Route(receiver.id, receiver.path, subjects)
		number, err := s.number(ctx, tx, receiver.id)
		if err != nil {
			return err
		}
		base := stored{in: in, subjects: rows, receivedBy: receiver.id, number: number, createdBy: p.DisplayName, keys: keys, sealed: sealed, files: files}
		switch j {
		case Upper, UpperDirect:
			up, ok, err := receiver.parentOf(ctx, tx)
			if err != nil {
				return err
			}
			stub := base
			stub.at, stub.status, stub.jurisdiction, stub.stub, stub.hidden = receiver, StatusForwardedUp, j, true, j == UpperDirect
			if out, err = s.insert(ctx, tx, stub); err != nil {
				return err
			}
			if ok {
				full := base
				full.at, full.status, full.jurisdiction, full.from = up, StatusReceived, Own, out.ID
				if full.number, err = s.number(ctx, tx, up.id); err != nil {
					return err
				}
				if _, err := s.insert(ctx, tx, full); err != nil {
					return err
				}
				out.Sent = up.name
			} else {
				out.Sent = "上级纪委监委（系统外）"
			}
		case Lower:
			var down commission
			if err := tx.QueryRow(ctx, `SELECT id, name, path, COALESCE(parent_id, 0) FROM commissions WHERE id = ?`, below).
				Scan(&down.id, &down.name, &down.path, &down.parent); err != nil {
				return err
			}
			held := base
			held.at, held.status, held.jurisdiction = receiver, StatusForwarded, j
			if out, err = s.insert(ctx, tx, held); err != nil {
				return err
			}
			full := base
			full.at, full.status, full.jurisdiction, full.from = down, StatusReceived, Own, out.ID
			if full.number, err = s.number(ctx, tx, down.id); err != nil {
				return err
			}
			if _, err := s.insert(ctx, tx, full); err != nil {
				return err
			}
			out.Sent = down.name
		default:
			own := base
			own.at, own.jurisdiction, own.status = receiver, Own, StatusRegistered
			switch in.Category {
			case "no_substance":
				own.status = StatusNoSubstance
			case "out_of_scope":
				own.status = StatusOutOfScope
			}
			if in.RealName && own.status == StatusRegistered {
				start, _ := time.Parse("2006-01-02", in.ReceivedOn)
				own.ackDue = workday.Key(cal.AddWorkdays(start, s.set.AckDays))
			}
			if out, err = s.insert(ctx, tx, own); err != nil {
				return err
			}
		}
		summary := "登记检举控告 " + number
		switch j {
		case UpperDirect:
			summary += "（按规定直接报送上级，本级不留存内容）"
		case Upper:
			summary += "（被反映人由上级管理，报送上级，本级仅留转办记录）"
		case Lower:
			summary += "，转" + out.Sent + "办理"
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "report.register", ObjectType: "report",
			ObjectID: strconv.FormatInt(out.ID, 10), Summary: summary, CommissionID: receiver.id, ScopePath: receiver.path})
	})
	return out, err
}

// commission is the little routing needs of one.
type commission struct {
	id     int64
	name   string
	path   string
	parent int64
}

func (c commission) parentOf(ctx context.Context, tx *db.Tx) (commission, bool, error) {
	if c.parent == 0 {
		return commission{}, false, nil
	}
	var up commission
	err := tx.QueryRow(ctx, `SELECT id, name, path, COALESCE(parent_id, 0) FROM commissions WHERE id = ?`, c.parent).
		Scan(&up.id, &up.name, &up.path, &up.parent)
	return up, err == nil, err
}

// resolve links subjects to the roster: by ID number anywhere (routing must see cadres
// managed above), else by a name unique within the receiver's subtree, else by a name (and
// the unit, when given) unique in the whole roster. Anyone else stays an outside person.
func (s *Service) resolve(ctx context.Context, tx *db.Tx, receiver commission, in []SubjectInput) ([]SubjectRow, []Subject, error) {
	var rows []SubjectRow
	var subjects []Subject
	lo, hi := db.SubtreeRange(receiver.path)
	for _, sub := range in {
		row := SubjectRow{Name: sub.Name, Unit: sub.Unit, Post: sub.Post}
		var k Subject
		var id int64
		var err error
		if sub.IDNumber != "" {
			err = tx.QueryRow(ctx, `SELECT id, commission_id, commission_path, post FROM cadres WHERE id_number = ?`, sub.IDNumber).
				Scan(&id, &k.CommissionID, &k.CommissionPath, &k.Post)
		} else {
			var n int
			err = tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(MIN(id), 0), COALESCE(MIN(commission_id), 0), COALESCE(MIN(commission_path), ''), COALESCE(MIN(post), '')
				FROM cadres WHERE name = ? AND commission_path >= ? AND commission_path < ? AND status = ?`, sub.Name, lo, hi, cadre.InPost).
				Scan(&n, &id, &k.CommissionID, &k.CommissionPath, &k.Post)
			if n == 0 && err == nil {
				// not below the receiver: someone managed above or beside it, if the roster
				// names exactly one such person (with the unit given, in that unit)
				err = tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(MIN(k.id), 0), COALESCE(MIN(k.commission_id), 0), COALESCE(MIN(k.commission_path), ''),
					COALESCE(MIN(k.post), '') FROM cadres k JOIN commissions c ON c.id = k.commission_id
					WHERE k.name = ? AND k.status = ? AND (? = '' OR c.name LIKE ?)`, sub.Name, cadre.InPost, sub.Unit, "%"+db.EscapeLike(sub.Unit)+"%").
					Scan(&n, &id, &k.CommissionID, &k.CommissionPath, &k.Post)
			}
			if n != 1 {
				id = 0
			}
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, nil, err
		}
		if id != 0 {
			row.CadreID = id
			subjects = append(subjects, k)
		}
		rows = append(rows, row)
	}
	return rows, subjects, nil
}

// number takes the commission's next report number for the year: 2026-0001.
func (s *Service) number(ctx context.Context, tx *db.Tx, commissionID int64) (string, error) {
	year := s.today().Year()
	n, err := paper.NextNumber(ctx, tx, commissionID, "检举控告", year)
	return fmt.Sprintf("%d-%04d", year, n), err
}

// stored is one row to write.
type stored struct {
	in           Input
	subjects     []SubjectRow
	at           commission
	receivedBy   int64
	number       string
	status       string
	jurisdiction Jurisdiction
	stub, hidden bool
	from         int64
	ackDue       string
	createdBy    string
	keys         []uint64 // of the content (dedup.Doc.StoredKeys)
	sealed       string   // the reporter, sealed; "" for anonymous
	files        []sealedAttachment
}

// insert writes a report; a stub keeps neither content, nor reporter, nor subjects.
func (s *Service) insert(ctx context.Context, tx *db.Tx, r stored) (Report, error) {
	in := r.in
	sealed := r.sealed
	if r.stub {
		sealed = ""
	}
	title, content, allegations := in.Title, in.Content, strings.Join(in.Allegations, ",")
	if r.stub {
		title, content, allegations = "", "", ""
	}
	var from any
	if r.from != 0 {
		from = r.from
	}
	out := Report{CommissionID: r.at.id, CommissionName: r.at.name, CommissionPath: r.at.path, Number: r.number, ReceivedOn: in.ReceivedOn,
		Channel: in.Channel, Category: in.Category, RealName: in.RealName, Title: title, Content: content, Jurisdiction: r.jurisdiction,
		Status: r.status, Stub: r.stub, RoutedFromID: r.from, AckDue: r.ackDue, Sealed: sealed != "", CreatedBy: r.createdBy}
	if err := tx.QueryRow(ctx, `INSERT INTO reports (commission_id, commission_path, received_by_id, number, received_on, channel, category,
		real_name, reporter, title, content, allegations, jurisdiction, status, stub, hidden_locally, routed_from_id, ack_due, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.at.id, r.at.path, r.receivedBy, r.number, in.ReceivedOn, in.Channel, in.Category, in.RealName, sealed, title, content, allegations,
		string(r.jurisdiction), r.status, r.stub, r.hidden, from, r.ackDue, r.createdBy, s.now().UTC()).Scan(&out.ID); err != nil {
		return out, err
	}
	if r.stub {
		return out, nil
	}
	if err := s.insertAttachments(ctx, tx, out.ID, r.files, r.createdBy); err != nil {
		return out, err
	}
	for i, sub := range r.subjects {
		var k any
		if sub.CadreID != 0 {
			k = sub.CadreID
		}
		if _, err := tx.Exec(ctx, `INSERT INTO report_subjects (report_id, position, cadre_id, name, unit, post) VALUES (?, ?, ?, ?, ?, ?)`,
			out.ID, i+1, k, sub.Name, sub.Unit, sub.Post); err != nil {
			return out, err
		}
		if sub.CadreID != 0 && r.status != StatusForwarded { // the copy that is handled goes on the archive

			if err := cadre.AddItem(ctx, tx, cadre.Item{CadreID: sub.CadreID, Date: in.ReceivedOn, Kind: "report",
				Title: "被反映（检举控告 " + r.number + "，" + r.at.name + "）：" + in.Title, SourceType: "report", SourceID: out.ID,
				RecordedBy: r.createdBy}, s.now()); err != nil {
				return out, err
			}
		}
	}
	out.Subjects = r.subjects
	if r.status == StatusForwarded {
		return out, nil // the copy sent down is the one compared with later reports
	}
	if _, err := tx.Exec(ctx, `UPDATE reports SET key_scheme = ? WHERE id = ?`, dedup.Scheme, out.ID); err != nil {
		return out, err
	}
	return out, InsertKeys(ctx, tx, out.ID, r.keys)
}

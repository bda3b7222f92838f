package clue

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
	"custos/internal/db"
	"custos/internal/document"
	"custos/internal/org"
	"custos/internal/paper"
	"custos/internal/watch"
	"custos/internal/workday"
)

// Statuses of a clue (domain §3.2).
const (
	Registered  = "registered"  // 已登记
	Allocated   = "allocated"   // 已分办（主要负责人批准）
	Proposed    = "proposed"    // 已集体研究，待审批
	Inquiry     = "inquiry"     // 谈话函询
	Prelim      = "prelim"      // 初步核实
	Shelved     = "shelved"     // 暂存待查
	Closed      = "closed"      // 予以了结
	Transferred = "transferred" // 移送审查调查
)

// StatusName returns the Chinese name of a clue status.
func StatusName(s string) string {
	return map[string]string{Registered: "已登记", Allocated: "已分办", Proposed: "已提出处置意见", Inquiry: "谈话函询",
		Prelim: "初步核实", Shelved: "暂存待查", Closed: "予以了结", Transferred: "移送审查调查"}[s]
}

// Disposals are the four methods and the transfer (检举控告规则 Art. 17).
func Disposals() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{Inquiry, "谈话函询"}, {Prelim, "初步核实"}, {Shelved, "暂存待查"}, {Closed, "予以了结"}, {Transferred, "移送审查调查"}}
}

// Sources of clues.
func Sources() []string {
	return []string{"信访举报", "巡视巡察", "审计", "执法司法机关移送", "监督检查中发现", "上级交办", "其他"}
}

// Settings are the installation's clue rules.
type Settings struct {
	InquiriesPerYear int      // 2
	SpotShare        float64  // 0.3
	ReplyDays        int      // a letter is answered within N working days of receipt (15)
	ConclusionDays   int      // the inquiry is concluded within N days of the reply or talk (30)
	FilingRules      []string // FilingRule ids whose disposals are filed upward (all three)
	FilingDays       int      // a disposal is filed within N working days of its approval (15)
	// ShelvedReviewMonths: a shelved clue comes back for review this many months after it was
	// shelved, and again after each review that keeps it shelved (3: the quarterly clean-up).
	ShelvedReviewMonths int
	// ProposalMonths: an allocated clue's disposal is proposed within this many months of its
	// receipt (1, domain §3.2).
	ProposalMonths int
	// DisposalChain is the approval chain of a disposal, one role a step in order (local
	// practice, e.g. deputy_in_charge then principal). Empty: one approval by anyone who may
	// approve (clue.approve).
	DisposalChain []string
}

// Service is the clue and inquiry use cases.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	cadres   *cadre.Service
	docs     *document.Store
	calendar *workday.Store
	now      func() time.Time
	set      Settings
}

// NewService returns a Service; its documents (inquiry notices and letters, verification
// reports) are drafted from the catalogue in docs.
func NewService(d *db.DB, a *audit.Log, c *cadre.Service, docs *document.Store, cal *workday.Store, now func() time.Time, set Settings) *Service {
	if set.InquiriesPerYear <= 0 {
		set.InquiriesPerYear = 2
	}
	if set.SpotShare <= 0 {
		set.SpotShare = 0.3
	}
	if set.ReplyDays <= 0 {
		set.ReplyDays = 15
	}
	if set.ConclusionDays <= 0 {
		set.ConclusionDays = 30
	}
	if set.FilingRules == nil {
		for _, r := range FilingRules() {
			set.FilingRules = append(set.FilingRules, r.ID)
		}
	}
	if set.FilingDays <= 0 {
		set.FilingDays = 15
	}
	if set.ShelvedReviewMonths <= 0 {
		set.ShelvedReviewMonths = 3
	}
	if set.ProposalMonths <= 0 {
		set.ProposalMonths = 1
	}
	return &Service{db: d, audit: a, cadres: c, docs: docs, calendar: cal, now: now, set: set}
}

// Settings returns the rules in force.
func (s *Service) Settings() Settings { return s.set }

func (s *Service) today() string {
	return clock.Date(s.now())
}

// Clue is a problem clue as its reader sees it.
type Clue struct {
	ID             int64
	CommissionID   int64
	CommissionPath string
	Number         string
	Source         string
	ReportID       int64 // the report it came from, 0 for none
	Summary        string
	Priority       bool
	Status         string
	Disposal       string
	Review         string
	Deception      bool
	ReceivedOn     string
	ReviewDue      string // a shelved clue's next periodic review (定期清理)
	Approvals      int    // steps of the approval chain that approved the proposal under review
	Subjects       []cadre.Cadre
	Meetings       []Meeting // the collective reviews that discussed it, each with its one item
	Custody        []Custody
	Inquiries      []InquiryRow
	Prelims        []Verification
	Supervisions   []Supervision
	InChain        bool // set by Get: the reader works the clue (else the read was flagged)
}

// Custody is one signed hand-off or decision.
type Custody struct {
	At     time.Time
	Actor  string
	Action string
	Note   string
}

// InquiryRow is a stored inquiry.
type InquiryRow struct {
	ID            int64
	ClueID        int64
	ClueNumber    string
	CadreID       int64
	CadreName     string
	Kind          string
	StartedOn     string
	Override      string
	ReceivedOn    string
	ReplyDue      string
	AnsweredOn    string
	ConclusionDue string
	ConcludedOn   string
	Outcome       string
	KeyMinority   bool
}

// ClueInput is a clue as registered.
type ClueInput struct {
	Source     string
	ReceivedOn string
	Summary    string
	Subjects   string // one a line: name or ID number, in p's scope
	ReportID   int64  // the report it comes from (source 信访举报), 0 for none
}

// Register numbers and registers a clue of p's commission (case management), with its first
// custody entry; a clue about a key-minority subject is priority. Requires clue.manage.
func (s *Service) Register(ctx context.Context, p org.Principal, in ClueInput) (Clue, error) {
	if !p.Can(org.PermClueManage) {
		return Clue{}, apperr.New(apperr.Forbidden, "无权登记问题线索")
	}
	f := apperr.Fields{}
	known := false
	for _, x := range Sources() {
		known = known || x == in.Source
	}
	if !known {
		f.Add("source", "请选择线索来源")
	}
	if d, ok := cadre.ParseDate(in.ReceivedOn); !ok || d > s.today() {
		f.Add("received_on", "请填写收到日期（不晚于今天），格式 YYYY-MM-DD")
	} else {
		in.ReceivedOn = d
	}
	in.Summary = strings.TrimSpace(in.Summary)
	if in.Summary == "" || utf8.RuneCountInString(in.Summary) > 2000 {
		f.Add("summary", "请填写线索摘要（不超过 2000 字）")
	}
	if strings.TrimSpace(in.Subjects) == "" {
		f.Add("subjects", "请填写被反映人（每行一人，姓名或身份证号码）")
	}
	if err := f.Err(); err != nil {
		return Clue{}, err
	}
	var c Clue
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = s.register(ctx, tx, p, in, "")
		return err
	})
	return c, err
}

// RegisterFrom registers a clue another package's workflow opens in its own transaction —
// the cadre-supervision office turning an interference record into a clue against the
// intervener — numbered by case management like any other; from names the source in the
// custody log. The caller has checked p may do so.
func (s *Service) RegisterFrom(ctx context.Context, tx *db.Tx, p org.Principal, in ClueInput, from string) (Clue, error) {
	in.Summary = strings.TrimSpace(in.Summary)
	if utf8.RuneCountInString(in.Summary) > 2000 {
		in.Summary = string([]rune(in.Summary)[:2000])
	}
	return s.register(ctx, tx, p, in, "来源："+from)
}

// register numbers and writes a checked clue with its first custody entry.
func (s *Service) register(ctx context.Context, tx *db.Tx, p org.Principal, in ClueInput, note string) (Clue, error) {
	var c Clue
	people, err := s.cadres.FindLines(ctx, tx, p, in.Subjects, "subjects")
	if err != nil {
		return c, err
	}
	if in.ReportID != 0 {
		if err := s.fromReport(ctx, tx, p, in.ReportID); err != nil {
			return c, err
		}
	}
	year, _ := strconv.Atoi(s.today()[:4])
	n, err := paper.NextNumber(ctx, tx, p.CommissionID, "问题线索", year)
	if err != nil {
		return c, err
	}
	c = Clue{CommissionID: p.CommissionID, CommissionPath: p.ScopePath, Number: fmt.Sprintf("%s-%04d", s.today()[:4], n), Source: in.Source, ReportID: in.ReportID,
		Summary: in.Summary, Status: Registered, ReceivedOn: in.ReceivedOn, Subjects: people}
	for _, k := range people {
		c.Priority = c.Priority || k.KeyMinority
	}
	var report any
	if in.ReportID != 0 {
		report = in.ReportID
	}
	if err := tx.QueryRow(ctx, `INSERT INTO clues (commission_id, commission_path, number, source, report_id, summary, priority, status, received_on, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.CommissionID, c.CommissionPath, c.Number, c.Source, report, c.Summary, c.Priority,
		c.Status, c.ReceivedOn, p.DisplayName, s.now().UTC()).Scan(&c.ID); err != nil {
		return c, err
	}
	for _, k := range people {
		if _, err := tx.Exec(ctx, `INSERT INTO clue_subjects (clue_id, cadre_id) VALUES (?, ?)`, c.ID, k.ID); err != nil {
			return c, err
		}
		if err := cadre.AddItem(ctx, tx, cadre.Item{CadreID: k.ID, Date: c.ReceivedOn, Kind: "clue", Title: "问题线索 " + c.Number + "（" + c.Source + "）",
			SourceType: "clue", SourceID: c.ID, RecordedBy: p.DisplayName}, s.now()); err != nil {
			return c, err
		}
	}
	return c, s.custody(ctx, tx, p, c, "clue.register", "登记（编号 "+c.Number+"）", note)
}

// custody signs a hand-off or decision into the clue's log and the audit trail.
func (s *Service) custody(ctx context.Context, tx *db.Tx, p org.Principal, c Clue, action, what, note string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO clue_custody (clue_id, at, actor, action, note) VALUES (?, ?, ?, ?, ?)`,
		c.ID, s.now().UTC(), p.DisplayName, what, note); err != nil {
		return err
	}
	return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: action, ObjectType: "clue", ObjectID: strconv.FormatInt(c.ID, 10),
		Summary: "问题线索 " + c.Number + "：" + what, After: note, CommissionID: c.CommissionID, ScopePath: c.CommissionPath})
}

// Allocate hands a registered clue to a department of its commission, approved by the
// principal (主要负责人批准分办). Requires clue.approve.
func (s *Service) Allocate(ctx context.Context, p org.Principal, id, departmentID int64) error {
	if !p.Can(org.PermClueApprove) {
		return apperr.New(apperr.Forbidden, "分办须经主要负责人批准")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if c.Status != Registered {
			return apperr.New(apperr.Conflict, "该线索已分办")
		}
		var dept string
		if err := tx.QueryRow(ctx, `SELECT name FROM departments WHERE id = ? AND commission_id = ?`, departmentID, c.CommissionID).Scan(&dept); err != nil {
			return apperr.Fields{"department_id": "请选择本机构的承办部门"}.Err()
		}
		if _, err := tx.Exec(ctx, `UPDATE clues SET status = ?, department_id = ? WHERE id = ?`, Allocated, departmentID, id); err != nil {
			return err
		}
		return s.custody(ctx, tx, p, c, "clue.allocate", "批准分办至"+dept, "")
	})
}

// ApprovalStep names step i (0-based) of the disposal chain and the role it needs ("" for
// anyone with clue.approve, when the installation names no chain); last is whether it is the
// final step.
func (s *Service) ApprovalStep(i int) (role string, last bool) {
	if len(s.set.DisposalChain) == 0 {
		return "", true
	}
	return s.set.DisposalChain[i], i == len(s.set.DisposalChain)-1
}

// Approve takes the next step of a proposed disposal's approval chain; the last step decides
// it. Each step is signed into the custody log. Requires clue.approve and, when the
// installation names a chain, the role of the step.
func (s *Service) Approve(ctx context.Context, p org.Principal, id int64) error {
	if !p.Can(org.PermClueApprove) {
		return apperr.New(apperr.Forbidden, "无权审批处置意见")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if c.Status != Proposed {
			return apperr.New(apperr.Conflict, "该线索没有待审批的处置意见")
		}
		role, last := s.ApprovalStep(c.Approvals)
		if role != "" && !p.HasRole(role) {
			return apperr.New(apperr.Forbidden, "处置意见现应由%s审批", org.RoleName(role))
		}
		if !last {
			if _, err := tx.Exec(ctx, `UPDATE clues SET approvals = approvals + 1 WHERE id = ?`, c.ID); err != nil {
				return err
			}
			next, _ := s.ApprovalStep(c.Approvals + 1)
			return s.custody(ctx, tx, p, c, "clue.approve_step", org.RoleName(role)+"审核同意拟"+StatusName(c.Disposal)+"，报"+org.RoleName(next)+"审批", "")
		}
		if err := s.setStatus(ctx, tx, c.ID, c.Disposal); err != nil {
			return err
		}
		// the day the disposal counts in the statistics (S1: 处置问题线索)
		if _, err := tx.Exec(ctx, `UPDATE clues SET disposed_on = ? WHERE id = ?`, s.today(), c.ID); err != nil {
			return err
		}
		if err := s.fileIfRequired(ctx, tx, c, "处置方式："+StatusName(c.Disposal)); err != nil {
			return err
		}
		for _, k := range c.Subjects { // the disposal goes on each subject's archive
			if err := cadre.AddItem(ctx, tx, cadre.Item{CadreID: k.ID, Date: s.today(), Kind: "clue", Title: "问题线索 " + c.Number + " 处置：" + StatusName(c.Disposal),
				SourceType: "clue", SourceID: c.ID, RecordedBy: p.DisplayName}, s.now()); err != nil {
				return err
			}
		}
		return s.custody(ctx, tx, p, c, "clue.approve", "批准"+StatusName(c.Disposal), "")
	})
}

// List returns one page of clues p may see, priority (key minority) first, and the total
// (counted up to db.CountCap+1).
func (s *Service) List(ctx context.Context, p org.Principal, pg org.Page) ([]Clue, int, error) {
	if !p.Can(org.PermClueView) {
		return nil, 0, apperr.New(apperr.Forbidden, "无权查看问题线索")
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	q := s.db.Reader()
	var total int
	if err := q.QueryRow(ctx, db.Capped(`SELECT 1 FROM clues WHERE commission_path >= ? AND commission_path < ?`), lo, hi).Scan(&total); err != nil {
		return nil, 0, err
	}
	from := `clues` // a small scope sorts from clues_scope; a large one reads clues_order and stops at the page
	if total > db.CountCap {
		from += db.IndexedBy(q.Dialect(), "clues_order")
	}
	rows, err := q.Query(ctx, `SELECT `+clueColumns+` FROM `+from+` WHERE commission_path >= ? AND commission_path < ?
		ORDER BY priority DESC, id DESC LIMIT ? OFFSET ?`, lo, hi, pg.Size, pg.Offset())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Clue
	for rows.Next() {
		var c Clue
		if err := rows.Scan(c.fields()...); err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

const clueColumns = `id, commission_id, commission_path, number, source, COALESCE(report_id, 0), summary, priority, status, disposal, review, deception, received_on, review_due, approvals`

func scanClue(r db.Scanner) (Clue, error) {
	var c Clue
	err := r.Scan(c.fields()...)
	return c, err
}

func (c *Clue) fields() []any {
	return []any{&c.ID, &c.CommissionID, &c.CommissionPath, &c.Number, &c.Source, &c.ReportID, &c.Summary, &c.Priority, &c.Status, &c.Disposal, &c.Review, &c.Deception, &c.ReceivedOn, &c.ReviewDue, &c.Approvals}
}

// inChain decides whether p reads c as part of the work: at its commission as case management,
// an approver, or in the department it was allocated to; on its verification team; at a
// commission above it as an approver, case manager or handler (filings, supervision). Anyone
// else reading it is flagged as a possible 打听.
func (s *Service) inChain(ctx context.Context, q db.Querier, p org.Principal, c Clue) (bool, error) {
	switch {
	case p.CommissionID == c.CommissionID:
		if p.Can(org.PermClueManage) || p.Can(org.PermClueApprove) {
			return true, nil
		}
		var dept int64
		var onTeam int
		if err := q.QueryRow(ctx, `SELECT COALESCE(department_id, 0), (SELECT COUNT(*) FROM prelims WHERE clue_id = ? AND (',' || team || ',') LIKE ?)
			FROM clues WHERE id = ?`, c.ID, "%,"+strconv.FormatInt(p.UserID, 10)+",%", c.ID).Scan(&dept, &onTeam); err != nil {
			return false, err
		}
		return onTeam > 0 || dept != 0 && dept == p.DepartmentID && p.Can(org.PermClueHandle), nil
	case org.Above(p.ScopePath, c.CommissionPath):
		return p.Can(org.PermClueApprove) || p.Can(org.PermClueManage) || p.Can(org.PermClueHandle), nil
	}
	return false, nil
}

// Get returns a clue p may see with subjects, custody log and inquiries — an audited read; a
// read by someone outside its chain is also flagged (package watch).
func (s *Service) Get(ctx context.Context, p org.Principal, id int64) (Clue, error) {
	if !p.Can(org.PermClueView) {
		return Clue{}, apperr.New(apperr.Forbidden, "无权查看问题线索")
	}
	var c Clue
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if c, err = s.get(ctx, tx, p, id); err != nil {
			return err
		}
		if c.InChain, err = s.inChain(ctx, tx, p, c); err != nil {
			return err
		}
		if !c.InChain {
			if err := watch.Flag(ctx, tx, p, watch.Matter{Type: "clue", ID: c.ID, Number: c.Number, CommissionID: c.CommissionID, CommissionPath: c.CommissionPath}, s.now()); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "clue.read", ObjectType: "clue", ObjectID: strconv.FormatInt(id, 10),
			Summary: "查阅问题线索 " + c.Number, CommissionID: c.CommissionID, ScopePath: c.CommissionPath})
	})
	return c, apperr.Context(err, "clue %d: read", id)
}

// Load returns a clue p may see with its subjects, in the caller's transaction and without an
// audit entry — for a workflow of another package (a case registered from the clue) that
// audits its own step.
func (s *Service) Load(ctx context.Context, q db.Querier, p org.Principal, id int64) (Clue, error) {
	return s.get(ctx, q, p, id)
}

// get loads a clue in p's scope; a clue about p is not found (nobody handles their own).
func (s *Service) get(ctx context.Context, q db.Querier, p org.Principal, id int64) (Clue, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	var c Clue
	err := q.QueryRow(ctx, `SELECT `+clueColumns+` FROM clues WHERE id = ? AND commission_path >= ? AND commission_path < ?
		AND NOT EXISTS (SELECT 1 FROM clue_subjects s JOIN cadres k ON k.id = s.cadre_id WHERE s.clue_id = clues.id AND k.user_id = ?)`,
		id, lo, hi, p.UserID).Scan(c.fields()...)
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFoundf("该问题线索")
	}
	if err != nil {
		return c, err
	}
	rows, err := q.Query(ctx, `SELECT k.id, k.name, k.post, k.key_minority FROM clue_subjects s JOIN cadres k ON k.id = s.cadre_id WHERE s.clue_id = ? ORDER BY k.id`, id)
	if err != nil {
		return c, err
	}
	for rows.Next() {
		var k cadre.Cadre
		if err := rows.Scan(&k.ID, &k.Name, &k.Post, &k.KeyMinority); err != nil {
			rows.Close()
			return c, err
		}
		c.Subjects = append(c.Subjects, k)
	}
	rows.Close()
	rows, err = q.Query(ctx, `SELECT at, actor, action, note FROM clue_custody WHERE clue_id = ? ORDER BY id`, id)
	if err != nil {
		return c, err
	}
	for rows.Next() {
		var e Custody
		if err := rows.Scan(&e.At, &e.Actor, &e.Action, &e.Note); err != nil {
			rows.Close()
			return c, err
		}
		c.Custody = append(c.Custody, e)
	}
	rows.Close()
	if c.Inquiries, err = s.inquiries(ctx, q, `i.clue_id = ?`, id); err != nil {
		return c, err
	}
	if c.Prelims, err = s.prelims(ctx, q, id); err != nil {
		return c, err
	}
	if c.Supervisions, err = s.supervisions(ctx, q, id); err != nil {
		return c, err
	}
	c.Meetings, err = s.clueMeetings(ctx, q, id)
	return c, err
}

// clueMeetings lists the meetings that discussed a clue, oldest first, each with the clue's
// own item only.
func (s *Service) clueMeetings(ctx context.Context, q db.Querier, id int64) ([]Meeting, error) {
	rows, err := q.Query(ctx, `SELECT m.id, m.commission_id, m.commission_path, m.held_on, m.kind, m.chair, m.attendees, m.created_by, i.opinion, i.disposal
		FROM clue_meeting_items i JOIN clue_meetings m ON m.id = i.meeting_id WHERE i.clue_id = ? ORDER BY m.held_on, m.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Meeting
	for rows.Next() {
		var m Meeting
		var attendees string
		it := MeetingItem{ClueID: id}
		if err := rows.Scan(&m.ID, &m.CommissionID, &m.CommissionPath, &m.HeldOn, &m.Kind, &m.Chair, &attendees, &m.CreatedBy, &it.Opinion, &it.Disposal); err != nil {
			return nil, err
		}
		m.Attendees, m.Items = strings.Split(attendees, "\n"), []MeetingItem{it}
		out = append(out, m)
	}
	return out, rows.Err()
}

// fromReport marks the report a clue is made from as turned into a clue: it must be a report
// of p's own commission still waiting (registered or received), and not a stub.
func (s *Service) fromReport(ctx context.Context, tx *db.Tx, p org.Principal, id int64) error {
	res, err := tx.Exec(ctx, `UPDATE reports SET status = 'to_clue' WHERE id = ? AND commission_id = ? AND status IN ('registered', 'received') AND NOT stub`,
		id, p.CommissionID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.Fields{"report_id": "该检举控告不是本机构待处理的件，不能转为线索"}.Err()
	}
	return nil
}

// setStatus moves a clue to status, recording today as the day it left the backlog when the
// status ends it (closed, or transferred to investigation), and the date of its next periodic
// review when it is shelved.
func (s *Service) setStatus(ctx context.Context, tx *db.Tx, id int64, status string) error {
	closed, review := "", ""
	switch status {
	case Closed, Transferred:
		closed = s.today()
	case Shelved:
		review = workday.AddMonths(s.today(), s.set.ShelvedReviewMonths)
	}
	_, err := tx.Exec(ctx, `UPDATE clues SET status = ?, closed_on = ?, review_due = ? WHERE id = ?`, status, closed, review, id)
	return err
}

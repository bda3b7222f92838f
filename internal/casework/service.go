package casework

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
	"custos/internal/document"
	"custos/internal/org"
	"custos/internal/paper"
	"custos/internal/rectify"
	"custos/internal/secret"
	"custos/internal/watch"
	"custos/internal/workday"
)

// Settings are the installation's case rules.
type Settings struct {
	// DocumentSet is the case-document set (一案三书): the document kinds every case must have
	// issued before it is archived (DefaultDocumentSet).
	DocumentSet []string
	// ReplyDays is the default reply deadline of a recommendation letter, in days after it is
	// drafted (the letter states its own; local practice, 60 by default).
	ReplyDays int
	// InvestigationDays is the overall time an investigation is expected to take (90 days is
	// commonly cited and unconfirmed, domain §4.3): past it the case shows as overdue; nothing
	// is refused.
	InvestigationDays int
}

// Service is the case use cases.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	clues    *clue.Service
	docs     *document.Store
	rectify  *rectify.Service
	calendar *workday.Store
	box      *secret.Box
	now      func() time.Time
	set      Settings
}

// Deps are the services a case workflow spans.
type Deps struct {
	Clues    *clue.Service
	Docs     *document.Store
	Rectify  *rectify.Service
	Calendar *workday.Store
	Box      *secret.Box // opens reporters' identities for the recusal check (never shown)
}

// NewService returns a Service.
func NewService(d *db.DB, a *audit.Log, deps Deps, now func() time.Time, set Settings) *Service {
	if set.InvestigationDays <= 0 {
		set.InvestigationDays = 90
	}
	if set.ReplyDays <= 0 {
		set.ReplyDays = 60
	}
	if len(set.DocumentSet) == 0 {
		set.DocumentSet = DefaultDocumentSet
	}
	return &Service{db: d, audit: a, clues: deps.Clues, docs: deps.Docs, rectify: deps.Rectify, calendar: deps.Calendar, box: deps.Box, now: now, set: set}
}

// Settings returns the rules in force.
func (s *Service) Settings() Settings { return s.set }

func (s *Service) today() string {
	return clock.Date(s.now())
}

// Case is a case as its reader sees it.
type Case struct {
	ID                int64
	CommissionID      int64
	CommissionName    string
	CommissionPath    string
	OriginID          int64
	Number            string
	ClueID            int64
	ClueNumber        string
	CadreID           int64
	CadreName         string
	CadrePost         string
	SubjectRank       cadre.Rank
	FilingType        string
	Summary           string
	Status            string
	RequestedOn       string
	RequestedBy       string
	Authority         string
	FiledOn           string
	AnnouncedOn       string
	FamilyNotified    string
	Plan              string
	PlanApprovedOn    string
	InvestigationDue  string
	Report            string
	SafetySummary     string
	ToTrialOn         string
	TrialDue          string
	TrialReport       string
	TrialReportOn     string
	DecidedOn         string
	Decision          string
	Form              string
	AnnounceDue       string
	DecisionAnnounced string
	ExecutedOn        string
	Execution         string
	ArchivedOn        string
	AppealFrom        string // the status an appeal under review returns to
	HiddenDeptID      int64

	// loaded by Get
	Events       []Event
	Team         []Member
	Recusals     []RecusalRecord
	Declarations []Declaration
	Branch       *Branch
	Measures     []Measure
	SafetyChecks []SafetyCheck
	Incidents    []Incident
	Jurisdiction []JurisdictionChange
	Access       []Access
	TrialSteps   []TrialStep
	Sanctions    []Sanction
	Documents    []document.Document
	// MissingDocuments are the kinds of the case-document set not yet issued.
	MissingDocuments []string
	Rectifications   []rectify.Task
	Links            []Link
	Reviews          []Review
	Judicial         *Judicial
	// InChain is whether the reader is on the team or in the supervising chain: a read by
	// anyone else was flagged as a possible 打听.
	InChain bool
}

// Event is one step in a case's history.
type Event struct {
	At         time.Time
	Actor      string
	Commission string
	Action     string
	Note       string
}

// RegisterInput is a filing request (立案申请) for one subject of a clue transferred to
// investigation.
type RegisterInput struct {
	ClueID      int64
	CadreID     int64
	FilingType  string
	Summary     string
	RequestedOn string
}

// Register records the request to open a case about one subject of a clue transferred to
// investigation (移送审查调查), numbered per commission and year. Requires case.handle.
func (s *Service) Register(ctx context.Context, p org.Principal, in RegisterInput) (Case, error) {
	if !p.Can(org.PermCaseHandle) {
		return Case{}, apperr.New(apperr.Forbidden, "无权提出立案申请")
	}
	f := apperr.Fields{}
	if Name(FilingTypes(), in.FilingType) == in.FilingType {
		f.Add("filing_type", "请选择立案类别")
	}
	in.Summary = strings.TrimSpace(in.Summary)
	if in.Summary == "" || utf8.RuneCountInString(in.Summary) > 2000 {
		f.Add("summary", "请填写涉嫌违纪违法事实摘要（不超过 2000 字）")
	}
	d, ok := cadre.ParseDate(in.RequestedOn)
	if !ok || d > s.today() {
		f.Add("requested_on", "请填写申请日期（不晚于今天），格式 YYYY-MM-DD")
	}
	if err := f.Err(); err != nil {
		return Case{}, err
	}
	var c Case
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		cl, err := s.clues.Load(ctx, tx, p, in.ClueID)
		if err != nil {
			return err
		}
		if cl.Status != clue.Transferred {
			return apperr.New(apperr.Conflict, "线索 %s 未经批准移送审查调查，不能立案", cl.Number)
		}
		if cl.CommissionID != p.CommissionID {
			return apperr.New(apperr.Conflict, "由线索所属机关提出立案申请")
		}
		var subject *cadre.Cadre
		for i := range cl.Subjects {
			if cl.Subjects[i].ID == in.CadreID {
				subject = &cl.Subjects[i]
			}
		}
		if subject == nil {
			return apperr.Fields{"cadre_id": "请选择该线索的被反映人"}.Err()
		}
		var open int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM cases WHERE clue_id = ? AND cadre_id = ?`, in.ClueID, in.CadreID).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return apperr.New(apperr.Conflict, "已就该线索对%s提出立案申请", subject.Name)
		}
		var rank cadre.Rank
		if err := tx.QueryRow(ctx, `SELECT rank FROM cadres WHERE id = ?`, in.CadreID).Scan(&rank); err != nil {
			return err
		}
		year, _ := strconv.Atoi(d[:4])
		n, err := paper.NextNumber(ctx, tx, p.CommissionID, "立案", year)
		if err != nil {
			return err
		}
		c = Case{CommissionID: p.CommissionID, CommissionPath: p.ScopePath, OriginID: p.CommissionID, Number: fmt.Sprintf("%d-%04d", year, n),
			ClueID: in.ClueID, CadreID: in.CadreID, CadreName: subject.Name, SubjectRank: rank, FilingType: in.FilingType, Summary: in.Summary,
			Status: Requested, RequestedOn: d, RequestedBy: p.DisplayName}
		if err := tx.QueryRow(ctx, `INSERT INTO cases (commission_id, commission_path, origin_id, number, clue_id, cadre_id, subject_rank, filing_type, summary,
			status, requested_on, requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.CommissionID, c.CommissionPath, c.OriginID, c.Number, c.ClueID, c.CadreID, string(rank), c.FilingType, c.Summary, c.Status, d, p.DisplayName,
			s.now().UTC()).Scan(&c.ID); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.request", "提出立案申请（线索 "+cl.Number+"，"+Name(FilingTypes(), c.FilingType)+"）", in.Summary)
	})
	return c, err
}

// event writes a step into the case's history and the audit trail.
func (s *Service) event(ctx context.Context, tx *db.Tx, p org.Principal, c Case, action, what, note string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO case_events (case_id, at, actor, commission_id, action, note) VALUES (?, ?, ?, ?, ?, ?)`,
		c.ID, s.now().UTC(), p.DisplayName, p.CommissionID, what, note); err != nil {
		return err
	}
	return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: action, ObjectType: "case", ObjectID: strconv.FormatInt(c.ID, 10),
		Summary: "案件 " + c.Number + "：" + what, CommissionID: c.CommissionID, ScopePath: c.CommissionPath})
}

// archive adds an entry to the subject's integrity archive.
func (s *Service) archive(ctx context.Context, tx *db.Tx, p org.Principal, c Case, date, title string) error {
	return cadre.AddItem(ctx, tx, cadre.Item{CadreID: c.CadreID, Date: date, Kind: "case", Title: title + "（案件 " + c.Number + "）",
		SourceType: "case", SourceID: c.ID, RecordedBy: p.DisplayName}, s.now())
}

const caseColumns = `k.id, k.commission_id, c.name, k.commission_path, k.origin_id, k.number, COALESCE(k.clue_id, 0), COALESCE(l.number, ''), k.cadre_id, d.name, d.post,
	k.subject_rank, k.filing_type, k.summary, k.status, k.requested_on, k.requested_by, k.authority, k.filed_on, k.announced_on, k.family_notified_on, k.plan,
	k.plan_approved_on, k.investigation_due, k.report, k.safety_summary, k.to_trial_on, k.trial_due, k.trial_report, k.trial_report_on, k.decided_on,
	k.decision, k.form, k.announce_due, k.decision_announced_on, k.executed_on, k.execution, k.archived_on, k.appeal_from, COALESCE(k.hidden_dept_id, 0)`

const caseFrom = ` FROM cases k JOIN commissions c ON c.id = k.commission_id JOIN cadres d ON d.id = k.cadre_id LEFT JOIN clues l ON l.id = k.clue_id `

func scanCase(r db.Scanner) (Case, error) {
	var c Case
	err := r.Scan(c.fields()...)
	return c, err
}

func (c *Case) fields() []any {
	return []any{&c.ID, &c.CommissionID, &c.CommissionName, &c.CommissionPath, &c.OriginID, &c.Number, &c.ClueID, &c.ClueNumber, &c.CadreID, &c.CadreName,
		&c.CadrePost, &c.SubjectRank, &c.FilingType, &c.Summary, &c.Status, &c.RequestedOn, &c.RequestedBy, &c.Authority, &c.FiledOn, &c.AnnouncedOn,
		&c.FamilyNotified, &c.Plan, &c.PlanApprovedOn, &c.InvestigationDue, &c.Report, &c.SafetySummary, &c.ToTrialOn, &c.TrialDue, &c.TrialReport,
		&c.TrialReportOn, &c.DecidedOn, &c.Decision, &c.Form, &c.AnnounceDue, &c.DecisionAnnounced, &c.ExecutedOn, &c.Execution, &c.ArchivedOn, &c.AppealFrom, &c.HiddenDeptID}
}

// visible is the condition of every read: the case lies in p's scope or at a commission given
// joint access within it; it is not about p; it is not hidden from p's department (domain §5.3
// rule 7) unless p is on its team.
const visible = ` (k.commission_path >= ? AND k.commission_path < ?
		OR EXISTS (SELECT 1 FROM case_access a WHERE a.case_id = k.id AND a.commission_path >= ? AND a.commission_path < ?))
	AND d.user_id IS DISTINCT FROM ?
	AND (k.hidden_dept_id IS NULL OR k.hidden_dept_id <> ? OR EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = k.id AND t.user_id = ?)) `

func visibleArgs(p org.Principal) []any {
	lo, hi := db.SubtreeRange(p.ScopePath)
	return []any{lo, hi, lo, hi, p.UserID, p.DepartmentID, p.UserID}
}

// load reads the case row p may see.
func (s *Service) load(ctx context.Context, q db.Querier, p org.Principal, id int64) (Case, error) {
	var c Case
	err := q.QueryRow(ctx, `SELECT `+caseColumns+caseFrom+`WHERE k.id = ? AND`+visible, append([]any{id}, visibleArgs(p)...)...).Scan(c.fields()...)
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFoundf("该案件")
	}
	return c, err
}

// Filter selects cases in a list.
type Filter struct {
	Status string
	Page   org.Page
}

// List returns one page of the cases p may see, newest first, and the total. A list shows
// numbers, subjects and states; opening a case is the protected read. Requires case.view.
func (s *Service) List(ctx context.Context, p org.Principal, f Filter) ([]Case, int, error) {
	if !p.Can(org.PermCaseView) {
		return nil, 0, apperr.New(apperr.Forbidden, "无权查看案件")
	}
	f.Page = f.Page.Normalize()
	where, args := ` WHERE`+visible, visibleArgs(p)
	if f.Status != "" {
		where += ` AND k.status = ?`
		args = append(args, f.Status)
	}
	q := s.db.Reader()
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*)`+caseFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT `+caseColumns+caseFrom+where+` ORDER BY k.id DESC LIMIT ? OFFSET ?`, append(args, f.Page.Size, f.Page.Offset())...)
	out, err := db.Collect(rows, err, scanCase)
	return out, total, err
}

// Get returns a case p may see with its history, team, measures, safety record, jurisdiction,
// trial and sanctions — a protected read, audited; a read by someone outside the team and the
// supervising chain is also flagged as a possible 打听 (package watch). Requires case.view.
func (s *Service) Get(ctx context.Context, p org.Principal, id int64) (Case, error) {
	if !p.Can(org.PermCaseView) {
		return Case{}, apperr.New(apperr.Forbidden, "无权查看案件")
	}
	var c Case
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if c, err = s.load(ctx, tx, p, id); err != nil {
			return err
		}
		if c.InChain, err = s.inChain(ctx, tx, p, c); err != nil {
			return err
		}
		if !c.InChain {
			if err := watch.Flag(ctx, tx, p, watch.Matter{Type: "case", ID: c.ID, Number: c.Number, CommissionID: c.CommissionID, CommissionPath: c.CommissionPath}, s.now()); err != nil {
				return err
			}
		}
		if err := s.details(ctx, tx, &c); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "case.read", ObjectType: "case", ObjectID: strconv.FormatInt(c.ID, 10),
			Summary: "查阅案件 " + c.Number, CommissionID: c.CommissionID, ScopePath: c.CommissionPath})
	})
	return c, apperr.Context(err, "case %d: read", id)
}

// inChain decides whether p reads c as part of the work: on its team; at its commission as an
// approver, a case manager, a handler of the office the clue was allocated to, a trial officer
// once it is at trial, or a standing-committee member once it is before the committee; at a
// commission above it as an approver or case manager. Anyone else is outside the chain.
func (s *Service) inChain(ctx context.Context, q db.Querier, p org.Principal, c Case) (bool, error) {
	var n int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM case_team WHERE case_id = ? AND user_id = ?`, c.ID, p.UserID).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return true, nil
	}
	switch {
	case p.CommissionID == c.CommissionID:
		if p.Can(org.PermCaseApprove) || p.Can(org.PermCaseManage) {
			return true, nil
		}
		if p.Can(org.PermCaseHandle) && p.DepartmentID != 0 {
			// the office the clue was allocated to handles the case it became
			var dept int64
			if err := q.QueryRow(ctx, `SELECT COALESCE((SELECT department_id FROM clues WHERE id = ?), 0)`, c.ClueID).Scan(&dept); err != nil {
				return false, err
			}
			if dept == p.DepartmentID {
				return true, nil
			}
		}
		if p.Can(org.PermCaseTrial) && after(c.Status, Trial) {
			return true, nil
		}
		if p.Can(org.PermCaseDecide) && after(c.Status, Committee) {
			return true, nil
		}
	case org.Above(p.ScopePath, c.CommissionPath):
		return p.Can(org.PermCaseApprove) || p.Can(org.PermCaseManage), nil
	}
	return false, nil
}

// after reports whether status is at or past stage in the lifecycle (an appeal counts as past
// every stage).
func after(status, stage string) bool {
	pos := map[string]int{}
	for i, s := range Statuses() {
		pos[s.ID] = i
	}
	return pos[status] >= pos[stage]
}

// facts gathers what the transition guards need.
func (s *Service) facts(ctx context.Context, q db.Querier, c Case) (Facts, error) {
	f := Facts{Status: c.Status, Authority: c.Authority != "", Announced: c.AnnouncedOn != "", Plan: c.Plan != "", Report: c.Report != "",
		SafetySummary: c.SafetySummary != "", TrialReport: c.TrialReport != "", Form: c.Form, Executed: c.Execution != ""}
	var leaders, officers, branch int
	if err := q.QueryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN role = 'leader' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN role = 'safety_officer' THEN 1 ELSE 0 END), 0),
		(SELECT COUNT(*) FROM case_branches WHERE case_id = ?) FROM case_team WHERE case_id = ?`, c.ID, c.ID).Scan(&leaders, &officers, &branch); err != nil {
		return f, err
	}
	f.Leader, f.SafetyOfficer, f.Branch = leaders > 0, officers > 0, branch > 0
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM case_measures WHERE case_id = ? AND ended_on = '' AND kind <> ?`, c.ID, Detention).Scan(&f.OpenMeasures); err != nil {
		return f, err
	}
	rows, err := q.Query(ctx, `SELECT system, kind FROM sanctions WHERE case_id = ?`, c.ID)
	if err != nil {
		return f, err
	}
	var kinds []SanctionKind
	for rows.Next() {
		var sys, kind string
		if err := rows.Scan(&sys, &kind); err != nil {
			rows.Close()
			return f, err
		}
		if k, ok := SanctionKindOf(sys, kind); ok {
			kinds = append(kinds, k)
		}
	}
	rows.Close()
	f.Outcomes, f.FormNeeded = len(kinds), SuggestForm(kinds) != ""
	f.Before = c.AppealFrom
	f.DocumentsIssued, f.RectificationClosed, err = s.afterCaseDone(ctx, q, c)
	return f, err
}

// OfClue returns the cases p may see that were opened from a clue.
func (s *Service) OfClue(ctx context.Context, p org.Principal, clueID int64) ([]Case, error) {
	if !p.Can(org.PermCaseView) {
		return nil, nil
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+caseColumns+caseFrom+`WHERE k.clue_id = ? AND`+visible+` ORDER BY k.id`, append([]any{clueID}, visibleArgs(p)...)...)
	return db.Collect(rows, err, scanCase)
}

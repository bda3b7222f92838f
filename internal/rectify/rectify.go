// Package rectify tracks the rectification of a unit (整改, domain §3.7) from the issue that
// opened it — a case's recommendation letter (一案一整改), later an inspection's findings — to
// its sign-off (销号): the unit submits a plan, the issuer accepts or returns it, the unit
// reports progress and completion, the issuer verifies and signs off or reopens it. Past its
// deadline an unfinished rectification is overdue. The opening is done by the source's own
// package, in its transaction; the steps here check who may take them.
package rectify

import (
	"context"
	"custos/internal/clock"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// Statuses of a rectification.
const (
	Issued             = "issued"              // 已下达，待报整改方案
	PlanSubmitted      = "plan_submitted"      // 方案待审
	InProgress         = "in_progress"         // 整改中
	CompletionReported = "completion_reported" // 已报完成，待验收
	Closed             = "closed"              // 验收销号
)

// StatusName returns the Chinese name of a status.
func StatusName(s string) string {
	return map[string]string{Issued: "待报整改方案", PlanSubmitted: "整改方案待审", InProgress: "整改中", CompletionReported: "已报完成待验收", Closed: "已验收销号"}[s]
}

// Task is one rectification.
type Task struct {
	ID             int64
	SourceType     string
	SourceID       int64
	SourceRef      string
	CommissionID   int64
	CommissionName string
	CommissionPath string
	UnitID         int64
	UnitName       string
	UnitPath       string
	Issues         string
	DueOn          string
	Status         string
	Plan           string
	PlanOpinion    string
	Completion     string
	CompletionOn   string
	VerifiedBy     string
	VerifiedOn     string
	Verification   string
	Reopened       int
	Steps          []Step
}

// Overdue reports whether the task is unfinished past its deadline on today.
func (t Task) Overdue(today string) bool {
	return t.Status != Closed && t.Status != CompletionReported && t.DueOn < today
}

// Step is one entry in a task's history.
type Step struct {
	At    time.Time
	Actor string
	Step  string
	Note  string
}

// Service is the rectification use cases.
type Service struct {
	db    *db.DB
	audit *audit.Log
	now   func() time.Time
}

// NewService returns a Service.
func NewService(d *db.DB, a *audit.Log, now func() time.Time) *Service {
	return &Service{db: d, audit: a, now: now}
}

func (s *Service) today() string {
	return clock.Date(s.now())
}

// OpenInput is a rectification as its source opens it.
type OpenInput struct {
	SourceType string
	SourceID   int64
	SourceRef  string
	UnitID     int64
	Issues     string
	DueOn      string
}

// Open opens a rectification of a unit for p's commission, in the caller's transaction.
func (s *Service) Open(ctx context.Context, tx *db.Tx, p org.Principal, in OpenInput) (Task, error) {
	t := Task{SourceType: in.SourceType, SourceID: in.SourceID, SourceRef: in.SourceRef, CommissionID: p.CommissionID, CommissionPath: p.ScopePath,
		UnitID: in.UnitID, Issues: strings.TrimSpace(in.Issues), DueOn: in.DueOn, Status: Issued}
	if err := tx.QueryRow(ctx, `SELECT name, path FROM commissions WHERE id = ?`, in.UnitID).Scan(&t.UnitName, &t.UnitPath); err != nil {
		return t, err
	}
	if err := tx.QueryRow(ctx, `INSERT INTO rectification_tasks (source_type, source_id, source_ref, commission_id, commission_path, unit_id, unit_path, issues, due_on,
		status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, t.SourceType, t.SourceID, t.SourceRef, t.CommissionID, t.CommissionPath,
		t.UnitID, t.UnitPath, t.Issues, t.DueOn, t.Status, p.DisplayName, s.now().UTC()).Scan(&t.ID); err != nil {
		return t, err
	}
	return t, s.step(ctx, tx, p, t, "rectify.open", "下达整改任务（"+t.UnitName+"，期限 "+t.DueOn+"）", t.Issues)
}

func (s *Service) step(ctx context.Context, tx *db.Tx, p org.Principal, t Task, action, what, note string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO rectification_steps (task_id, at, actor, step, note) VALUES (?, ?, ?, ?, ?)`, t.ID, s.now().UTC(), p.DisplayName, what, note); err != nil {
		return err
	}
	return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: action, ObjectType: "rectification", ObjectID: strconv.FormatInt(t.ID, 10),
		Summary: "整改（" + t.SourceRef + "，" + t.UnitName + "）：" + what, CommissionID: t.CommissionID, ScopePath: t.CommissionPath})
}

const columns = `t.id, t.source_type, t.source_id, t.source_ref, t.commission_id, c.name, t.commission_path, t.unit_id, u.name, t.unit_path, t.issues, t.due_on,
	t.status, t.plan, t.plan_opinion, t.completion, t.completion_on, t.verified_by, t.verified_on, t.verification, t.reopened`

const from = ` FROM rectification_tasks t JOIN commissions c ON c.id = t.commission_id JOIN commissions u ON u.id = t.unit_id `

func scan(r db.Scanner) (Task, error) {
	var t Task
	err := r.Scan(&t.ID, &t.SourceType, &t.SourceID, &t.SourceRef, &t.CommissionID, &t.CommissionName, &t.CommissionPath, &t.UnitID, &t.UnitName, &t.UnitPath,
		&t.Issues, &t.DueOn, &t.Status, &t.Plan, &t.PlanOpinion, &t.Completion, &t.CompletionOn, &t.VerifiedBy, &t.VerifiedOn, &t.Verification, &t.Reopened)
	return t, err
}

// visible: issued by p's commission or below, or for a unit in p's scope.
const visible = ` ((t.commission_path >= ? AND t.commission_path < ?) OR (t.unit_path >= ? AND t.unit_path < ?)) `

func visibleArgs(p org.Principal) []any {
	lo, hi := db.SubtreeRange(p.ScopePath)
	return []any{lo, hi, lo, hi}
}

// mayView: who sees rectifications at all — those who work cases, clues or the roster.
func mayView(p org.Principal) bool {
	return p.Can(org.PermCaseView) || p.Can(org.PermClueView) || p.Can(org.PermCadreView)
}

// List returns the rectifications p may see, unfinished first, by deadline.
func (s *Service) List(ctx context.Context, p org.Principal, sourceType string) ([]Task, error) {
	if !mayView(p) {
		return nil, apperr.New(apperr.Forbidden, "无权查看整改")
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+columns+from+`WHERE`+visible+` AND (? = '' OR t.source_type = ?)
		ORDER BY CASE WHEN t.status = 'closed' THEN 1 ELSE 0 END, t.due_on, t.id LIMIT 500`, append(visibleArgs(p), sourceType, sourceType)...)
	return db.Collect(rows, err, scan)
}

// Of returns the rectifications a source opened, in the caller's transaction (the source's
// package has checked p may see it).
func (s *Service) Of(ctx context.Context, q db.Querier, sourceType string, sourceID int64) ([]Task, error) {
	rows, err := q.Query(ctx, `SELECT `+columns+from+`WHERE t.source_type = ? AND t.source_id = ? ORDER BY t.id`, sourceType, sourceID)
	return db.Collect(rows, err, scan)
}

// Get returns a rectification p may see, with its history.
func (s *Service) Get(ctx context.Context, p org.Principal, id int64) (Task, error) {
	if !mayView(p) {
		return Task{}, apperr.New(apperr.Forbidden, "无权查看整改")
	}
	q := s.db.Reader()
	t, err := s.load(ctx, q, p, id)
	if err != nil {
		return t, err
	}
	rows, err := q.Query(ctx, `SELECT at, actor, step, note FROM rectification_steps WHERE task_id = ? ORDER BY id`, id)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	for rows.Next() {
		var st Step
		if err := rows.Scan(&st.At, &st.Actor, &st.Step, &st.Note); err != nil {
			return t, err
		}
		t.Steps = append(t.Steps, st)
	}
	return t, rows.Err()
}

func (s *Service) load(ctx context.Context, q db.Querier, p org.Principal, id int64) (Task, error) {
	t, err := scan(q.QueryRow(ctx, `SELECT `+columns+from+`WHERE t.id = ? AND`+visible, append([]any{id}, visibleArgs(p)...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return t, apperr.NotFoundf("该整改任务")
	}
	return t, err
}

// unitSide: p works for the unit (its commission, or one above it) on the rectification.
func unitSide(p org.Principal, t Task) bool {
	return (p.CommissionID == t.UnitID || org.Above(p.ScopePath, t.UnitPath)) &&
		(p.Can(org.PermCaseHandle) || p.Can(org.PermCadreManage) || p.Can(org.PermClueHandle))
}

// issuerSide: p reviews and verifies for the issuer (its commission, or one above it) as case
// management or a leader — never the offices that rectify, even when the unit is the issuer's
// own organ (a case about its own staff).
func issuerSide(p org.Principal, t Task) bool {
	return (p.CommissionID == t.CommissionID || org.Above(p.ScopePath, t.CommissionPath)) &&
		(p.Can(org.PermCaseManage) || p.Can(org.PermCaseApprove))
}

// act runs one step of task id by p, allowed from the given statuses and by side(p, t).
func (s *Service) act(ctx context.Context, p org.Principal, id int64, from []string, side func(org.Principal, Task) bool, fn func(*db.Tx, *Task) (string, string, string, error)) error {
	return apperr.Context(s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := s.load(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if !side(p, t) {
			return apperr.New(apperr.Forbidden, "无权办理该整改事项")
		}
		ok := false
		for _, st := range from {
			ok = ok || st == t.Status
		}
		if !ok {
			return apperr.New(apperr.Conflict, "整改当前为“%s”，不能办理该事项", StatusName(t.Status))
		}
		action, what, note, err := fn(tx, &t)
		if err != nil {
			return err
		}
		return s.step(ctx, tx, p, t, action, what, note)
	}), "rectification %d", id)
}

func required(field, label, v string, max int) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" || utf8.RuneCountInString(v) > max {
		return v, apperr.Fields{field: "请填写" + label + "（不超过 " + strconv.Itoa(max) + " 字）"}.Err()
	}
	return v, nil
}

// SubmitPlan records the unit's rectification plan (issues → measures → owners → deadlines),
// first or again after a return.
func (s *Service) SubmitPlan(ctx context.Context, p org.Principal, id int64, plan string) error {
	plan, err := required("plan", "整改方案（问题、措施、责任人、时限）", plan, 20000)
	if err != nil {
		return err
	}
	return s.act(ctx, p, id, []string{Issued}, unitSide, func(tx *db.Tx, t *Task) (string, string, string, error) {
		_, err := tx.Exec(ctx, `UPDATE rectification_tasks SET plan = ?, status = ? WHERE id = ?`, plan, PlanSubmitted, t.ID)
		return "rectify.plan", "报送整改方案", plan, err
	})
}

// ReviewPlan accepts the plan (整改中) or returns it with an opinion (待报整改方案).
func (s *Service) ReviewPlan(ctx context.Context, p org.Principal, id int64, accept bool, opinion string) error {
	opinion = strings.TrimSpace(opinion)
	if !accept && opinion == "" {
		return apperr.Fields{"opinion": "退回整改方案须写明意见"}.Err()
	}
	return s.act(ctx, p, id, []string{PlanSubmitted}, issuerSide, func(tx *db.Tx, t *Task) (string, string, string, error) {
		status, what := InProgress, "审核通过整改方案"
		if !accept {
			status, what = Issued, "退回整改方案"
		}
		_, err := tx.Exec(ctx, `UPDATE rectification_tasks SET status = ?, plan_opinion = ? WHERE id = ?`, status, opinion, t.ID)
		return "rectify.review", what, opinion, err
	})
}

// ReportProgress records the unit's progress.
func (s *Service) ReportProgress(ctx context.Context, p org.Principal, id int64, progress string) error {
	progress, err := required("progress", "整改进展", progress, 5000)
	if err != nil {
		return err
	}
	return s.act(ctx, p, id, []string{InProgress}, unitSide, func(tx *db.Tx, t *Task) (string, string, string, error) {
		return "rectify.progress", "报告整改进展", progress, nil
	})
}

// ReportCompletion records the unit's completion report, for the issuer to verify.
func (s *Service) ReportCompletion(ctx context.Context, p org.Principal, id int64, report string) error {
	report, err := required("completion", "整改完成情况报告", report, 20000)
	if err != nil {
		return err
	}
	return s.act(ctx, p, id, []string{InProgress}, unitSide, func(tx *db.Tx, t *Task) (string, string, string, error) {
		_, err := tx.Exec(ctx, `UPDATE rectification_tasks SET completion = ?, completion_on = ?, status = ? WHERE id = ?`, report, s.today(), CompletionReported, t.ID)
		return "rectify.complete", "报告整改完成", report, err
	})
}

// Verify checks the completion (by documents or on site): passed, it is signed off (验收销号);
// failed, it is reopened and goes on.
func (s *Service) Verify(ctx context.Context, p org.Principal, id int64, passed bool, verification string) error {
	verification, err := required("verification", "验收情况（方式、发现）", verification, 5000)
	if err != nil {
		return err
	}
	return s.act(ctx, p, id, []string{CompletionReported}, issuerSide, func(tx *db.Tx, t *Task) (string, string, string, error) {
		if !passed {
			_, err := tx.Exec(ctx, `UPDATE rectification_tasks SET status = ?, reopened = reopened + 1, verification = ? WHERE id = ?`, InProgress, verification, t.ID)
			return "rectify.reopen", "验收未通过，重新整改", verification, err
		}
		_, err := tx.Exec(ctx, `UPDATE rectification_tasks SET status = ?, verified_by = ?, verified_on = ?, verification = ? WHERE id = ?`,
			Closed, p.DisplayName, s.today(), verification, t.ID)
		return "rectify.close", "验收通过，销号", verification, err
	})
}

// Package pool is the cadre-supervision personnel pool (人员库, O5): discipline-inspection cadres
// of every level who may be drawn into inspections and checks across zones, with their skills,
// training, availability and past assignments. Rank and zone come from the cadre and their
// commission, so they never disagree with the roster.
package pool

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
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
)

// Skills is the catalogue of skills a member may have.
func Skills() []string {
	return []string{"审查调查", "案件审理", "信访举报", "干部监督", "巡视巡察", "财务审计", "法律法规", "信息技术", "文字综合"}
}

// Member is one person in the pool.
type Member struct {
	CadreID        int64
	Name           string
	CommissionName string
	Post           string
	Rank           cadre.Rank
	Zone           string // the collaboration zone of their commission, "" for none
	Skills         []string
	Training       string
	Available      bool
	UnavailableWhy string
	JoinedOn       string
	Assignments    []Assignment
}

// Assignment is a task a member was drawn for.
type Assignment struct {
	StartedOn string
	Task      string
	Role      string // e.g. 组长, 副组长, 成员
}

// Input is a member's pool data as entered.
type Input struct {
	Cadre          string // name or ID number, when enrolling
	Skills         []string
	Training       string
	Available      bool
	UnavailableWhy string
}

// Filter selects members.
type Filter struct {
	Skill         string
	ZoneID        int64
	Rank          cadre.Rank
	AvailableOnly bool
	Page          org.Page
}

// Service is the pool's use cases.
type Service struct {
	db     *db.DB
	audit  *audit.Log
	cadres *cadre.Service
	now    func() time.Time
}

// NewService returns a Service.
func NewService(d *db.DB, a *audit.Log, c *cadre.Service, now func() time.Time) *Service {
	return &Service{db: d, audit: a, cadres: c, now: now}
}

func (s *Service) check(in *Input) error {
	f := apperr.Fields{}
	known := map[string]bool{}
	for _, k := range Skills() {
		known[k] = true
	}
	var skills []string
	for _, k := range in.Skills {
		if known[k] {
			skills = append(skills, k)
		}
	}
	in.Skills = skills
	if len(skills) == 0 {
		f.Add("skills", "请至少选择一项专长")
	}
	in.Training, in.UnavailableWhy = strings.TrimSpace(in.Training), strings.TrimSpace(in.UnavailableWhy)
	if utf8.RuneCountInString(in.Training) > 2000 {
		f.Add("training", "培训经历不超过 2000 字")
	}
	if !in.Available && (in.UnavailableWhy == "" || utf8.RuneCountInString(in.UnavailableWhy) > 100) {
		f.Add("unavailable_why", "暂不可抽调的，请说明原因（不超过 100 字）")
	}
	if in.Available {
		in.UnavailableWhy = ""
	}
	return f.Err()
}

// Enroll adds a cadre of p's scope to the pool, or updates their pool data. Requires
// cadre.manage.
func (s *Service) Enroll(ctx context.Context, p org.Principal, in Input) (Member, error) {
	if !p.Can(org.PermCadreManage) {
		return Member{}, apperr.New(apperr.Forbidden, "无权维护人员库")
	}
	if err := s.check(&in); err != nil {
		return Member{}, err
	}
	var m Member
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		found, err := s.cadres.Find(ctx, tx, p, in.Cadre)
		switch {
		case err != nil:
			return err
		case strings.TrimSpace(in.Cadre) == "":
			return apperr.Fields{"cadre": "请填写干部姓名或身份证号码"}.Err()
		case len(found) == 0:
			return apperr.Fields{"cadre": "管辖范围内查无此人"}.Err()
		case len(found) > 1:
			return apperr.Fields{"cadre": "有同名干部，请改填身份证号码"}.Err()
		case found[0].Status != cadre.InPost:
			return apperr.Fields{"cadre": found[0].Name + " 已不在岗，不能入库"}.Err()
		}
		k := found[0]
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM pool_members WHERE cadre_id = ?`, k.ID).Scan(&n); err != nil {
			return err
		}
		today := clock.Date(s.now())
		action, summary := "pool.enroll", "将 "+k.Name+" 纳入干部监督人员库"
		if n == 0 {
			_, err = tx.Exec(ctx, `INSERT INTO pool_members (cadre_id, skills, training, available, unavailable_why, joined_on, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, k.ID, strings.Join(in.Skills, ","), in.Training, in.Available, in.UnavailableWhy, today, s.now().UTC())
		} else {
			action, summary = "pool.update", "更新 "+k.Name+" 的人员库信息"
			_, err = tx.Exec(ctx, `UPDATE pool_members SET skills = ?, training = ?, available = ?, unavailable_why = ?, updated_at = ? WHERE cadre_id = ?`,
				strings.Join(in.Skills, ","), in.Training, in.Available, in.UnavailableWhy, s.now().UTC(), k.ID)
		}
		if err != nil {
			return err
		}
		if m, err = s.member(ctx, tx, p, k.ID); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: action, ObjectType: "pool_member", ObjectID: strconv.FormatInt(k.ID, 10),
			Summary: summary, After: in, CommissionID: k.CommissionID, ScopePath: k.CommissionPath})
	})
	return m, err
}

// RecordAssignment adds a past assignment to a member in p's scope. Requires cadre.manage.
func (s *Service) RecordAssignment(ctx context.Context, p org.Principal, cadreID int64, a Assignment) error {
	if !p.Can(org.PermCadreManage) {
		return apperr.New(apperr.Forbidden, "无权维护人员库")
	}
	f := apperr.Fields{}
	d, ok := cadre.ParseDate(a.StartedOn)
	if !ok {
		f.Add("started_on", "请填写开始日期，格式 YYYY-MM-DD")
	}
	a.StartedOn, a.Task, a.Role = d, strings.TrimSpace(a.Task), strings.TrimSpace(a.Role)
	if a.Task == "" || utf8.RuneCountInString(a.Task) > 100 {
		f.Add("task", "请填写任务名称（不超过 100 字）")
	}
	if a.Role == "" || utf8.RuneCountInString(a.Role) > 20 {
		f.Add("role", "请填写担任角色（如组长、成员）")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		m, err := s.member(ctx, tx, p, cadreID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO pool_assignments (cadre_id, started_on, task, role, created_at) VALUES (?, ?, ?, ?, ?)`,
			cadreID, a.StartedOn, a.Task, a.Role, s.now().UTC()); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "pool.assignment", ObjectType: "pool_member", ObjectID: strconv.FormatInt(cadreID, 10),
			Summary: "记录 " + m.Name + " 抽调任务：" + a.Task, After: a})
	})
}

const memberColumns = `k.id, k.name, c.name, k.post, k.rank, COALESCE(z.name, ''), m.skills, m.training, m.available, m.unavailable_why, m.joined_on`

const memberFrom = ` FROM pool_members m JOIN cadres k ON k.id = m.cadre_id JOIN commissions c ON c.id = k.commission_id
	LEFT JOIN zones z ON z.id = c.zone_id `

func scanMember(sc interface{ Scan(...any) error }) (Member, error) {
	var m Member
	var skills string
	err := sc.Scan(&m.CadreID, &m.Name, &m.CommissionName, &m.Post, &m.Rank, &m.Zone, &skills, &m.Training, &m.Available, &m.UnavailableWhy, &m.JoinedOn)
	m.Skills = strings.Split(skills, ",")
	return m, err
}

// List returns one page of members in p's scope matching f, and the total. Requires cadre.view.
func (s *Service) List(ctx context.Context, p org.Principal, f Filter) ([]Member, int, error) {
	if !p.Can(org.PermCadreView) {
		return nil, 0, apperr.New(apperr.Forbidden, "无权查看人员库")
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	where := `WHERE k.commission_path >= ? AND k.commission_path < ?`
	args := []any{lo, hi}
	if f.Skill != "" {
		where += ` AND (',' || m.skills || ',') LIKE ?`
		args = append(args, "%,"+db.EscapeLike(f.Skill)+",%")
	}
	if f.ZoneID != 0 {
		where += ` AND c.zone_id = ?`
		args = append(args, f.ZoneID)
	}
	if f.Rank != "" {
		where += ` AND k.rank = ?`
		args = append(args, f.Rank)
	}
	if f.AvailableOnly {
		where += ` AND m.available = ?`
		args = append(args, true)
	}
	q := s.db.Reader()
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*)`+memberFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT `+memberColumns+memberFrom+where+` ORDER BY k.commission_path, k.id LIMIT ? OFFSET ?`,
		append(args, f.Page.Size, f.Page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, m)
	}
	return out, total, rows.Err()
}

// Member returns one member in p's scope with their assignments. Requires cadre.view.
func (s *Service) Member(ctx context.Context, p org.Principal, cadreID int64) (Member, error) {
	if !p.Can(org.PermCadreView) {
		return Member{}, apperr.New(apperr.Forbidden, "无权查看人员库")
	}
	return s.member(ctx, s.db.Reader(), p, cadreID)
}

func (s *Service) member(ctx context.Context, q db.Querier, p org.Principal, cadreID int64) (Member, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	m, err := scanMember(q.QueryRow(ctx, `SELECT `+memberColumns+memberFrom+`WHERE k.id = ? AND k.commission_path >= ? AND k.commission_path < ?`, cadreID, lo, hi))
	if errors.Is(err, sql.ErrNoRows) {
		return m, apperr.NotFoundf("该人员")
	}
	if err != nil {
		return m, err
	}
	rows, err := q.Query(ctx, `SELECT started_on, task, role FROM pool_assignments WHERE cadre_id = ? ORDER BY started_on DESC, id DESC`, cadreID)
	if err != nil {
		return m, err
	}
	defer rows.Close()
	for rows.Next() {
		var a Assignment
		if err := rows.Scan(&a.StartedOn, &a.Task, &a.Role); err != nil {
			return m, err
		}
		m.Assignments = append(m.Assignments, a)
	}
	return m, rows.Err()
}

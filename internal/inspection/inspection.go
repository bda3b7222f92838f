// Package inspection is the internal inspection of discipline-inspection bodies (内部督查,
// requirements §6 I1–I3, domain §3.6): a round's plan, period and target units; coverage of the
// units in scope per period; teams drawn from the personnel pool (package pool's members) by
// the pure, seeded Draw in draw.go — cross-zone, with recusal for former posts, relatives and
// the previous round, a leader of sufficient rank and the plan's skills — with every exclusion
// explained and replacements under the same rules; the "三盯三看" checklist as data and its
// answers with evidence; on-site records; findings, each becoming a rectification (package
// rectify, to 销号) and/or a problem clue (clue.RegisterFrom); the face-to-face feedback.
// The cadre-supervision office runs it: cadre.view to read, cadre.manage to act.
package inspection

import (
	"context"
	"custos/internal/clock"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
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
	"custos/internal/pool"
	"custos/internal/rectify"
)

// Settings are the installation's inspection rules.
type Settings struct {
	ServedYears int // nobody inspects a unit he served in within these last years (3)
}

// Service is the inspection use cases.
type Service struct {
	db      *db.DB
	audit   *audit.Log
	cadres  *cadre.Service
	clues   *clue.Service
	rectify *rectify.Service
	now     func() time.Time
	set     Settings
}

// NewService returns a Service; findings become clues through clues and rectifications
// through rect.
func NewService(d *db.DB, a *audit.Log, cadres *cadre.Service, clues *clue.Service, rect *rectify.Service, now func() time.Time, set Settings) *Service {
	if set.ServedYears <= 0 {
		set.ServedYears = 3
	}
	return &Service{db: d, audit: a, cadres: cadres, clues: clues, rectify: rect, now: now, set: set}
}

// Settings returns the service's settings.
func (s *Service) Settings() Settings { return s.set }

func (s *Service) today() string {
	return clock.Date(s.now())
}

// RankLevel orders ranks: higher is more senior, 0 for unknown.
func RankLevel(r cadre.Rank) int {
	ranks := cadre.Ranks()
	for i, x := range ranks {
		if x.ID == r {
			return len(ranks) - i
		}
	}
	return 0
}

// Round is one inspection round.
type Round struct {
	ID             int64
	CommissionID   int64
	CommissionName string
	CommissionPath string
	Title          string
	Period         string
	Plan           string
	OnsiteFrom     string
	OnsiteTo       string
	TeamSize       int
	LeaderRank     cadre.Rank
	Skills         []string
	ServedYears    int
	Seed           int64
	Drawn          bool
	DrawnAt        time.Time
	DrawnBy        string
	CreatedBy      string
	TargetCount    int
	FindingCount   int
	Targets        []TargetUnit
}

// LeaderRankName is the Chinese name of the lowest rank a leader may have.
func (r Round) LeaderRankName() string { return cadre.RankName(r.LeaderRank) }

// TargetUnit is a unit a round inspects, with its team once drawn.
type TargetUnit struct {
	ID         int64
	RoundID    int64
	UnitID     int64
	UnitName   string
	UnitKind   org.Kind
	UnitPath   string
	Zone       string
	Exclusions []string
	Members    []Member
	FeedbackOn string
	FeedbackTo string
	Feedback   string
	Findings   int
}

// KindName is the Chinese name of the unit's kind.
func (t TargetUnit) KindName() string { return org.KindName(t.UnitKind) }

// Member is one person on a team.
type Member struct {
	ID          int64
	CadreID     int64
	Name        string
	UnitName    string
	Post        string
	Rank        cadre.Rank
	Zone        string
	Skills      string
	Leader      bool
	Active      bool
	ReplacedWhy string
}

// RankName is the member's rank in Chinese.
func (m Member) RankName() string { return cadre.RankName(m.Rank) }

// RoundInput is a round as typed.
type RoundInput struct {
	Title      string
	Period     string
	Plan       string
	OnsiteFrom string
	OnsiteTo   string
	TeamSize   string
	LeaderRank string
	Skills     []string
	Targets    string // one unit a line: its name or code
}

var periodRE = regexp.MustCompile(`^(\d{4})(?:-(\d{4}))?$`)

func text(f apperr.Fields, field, label, v string, max int) string {
	v = strings.TrimSpace(v)
	if v == "" || utf8.RuneCountInString(v) > max {
		f.Add(field, fmt.Sprintf("请填写%s（不超过 %d 字）", label, max))
	}
	return v
}

func (s *Service) check(in RoundInput) (Round, apperr.Fields) {
	f := apperr.Fields{}
	r := Round{Title: text(f, "title", "督查名称", in.Title, 100), Plan: text(f, "plan", "督查方案（重点、方式、步骤）", in.Plan, 20000),
		Period: strings.TrimSpace(in.Period), ServedYears: s.set.ServedYears}
	if m := periodRE.FindStringSubmatch(r.Period); m == nil || (m[2] != "" && m[2] <= m[1]) {
		f.Add("period", "请填写覆盖周期，如 2026 或 2026-2027")
	}
	var ok1, ok2 bool
	r.OnsiteFrom, ok1 = cadre.ParseDate(in.OnsiteFrom)
	r.OnsiteTo, ok2 = cadre.ParseDate(in.OnsiteTo)
	if !ok1 || !ok2 || r.OnsiteTo < r.OnsiteFrom {
		f.Add("onsite", "请填写进驻起止日期（YYYY-MM-DD），结束不早于开始")
	}
	n, err := strconv.Atoi(strings.TrimSpace(in.TeamSize))
	if err != nil || n < 2 || n > 15 {
		f.Add("team_size", "每组人数应为 2 至 15 人")
	}
	r.TeamSize = n
	if RankLevel(cadre.Rank(in.LeaderRank)) == 0 {
		f.Add("leader_rank", "请选择组长最低职级")
	}
	r.LeaderRank = cadre.Rank(in.LeaderRank)
	known := map[string]bool{}
	for _, k := range pool.Skills() {
		known[k] = true
	}
	for _, k := range in.Skills {
		if known[k] {
			r.Skills = append(r.Skills, k)
		}
	}
	if len(r.Skills) >= r.TeamSize && r.TeamSize > 0 {
		f.Add("skills", "要求的专长不应多于每组人数减一（组长之外每人至少补一项）")
	}
	return r, f
}

// Create plans a round of p's commission with its first targets. Requires cadre.manage.
func (s *Service) Create(ctx context.Context, p org.Principal, in RoundInput) (Round, error) {
	if !p.Can(org.PermCadreManage) {
		return Round{}, apperr.New(apperr.Forbidden, "无权组织内部督查")
	}
	r, f := s.check(in)
	if strings.TrimSpace(in.Targets) == "" {
		f.Add("targets", "请填写督查对象（每行一个单位名称或代码）")
	}
	if err := f.Err(); err != nil {
		return r, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		units, err := s.resolveUnits(ctx, tx, p, in.Targets)
		if err != nil {
			return err
		}
		r.CommissionID, r.CommissionPath = p.CommissionID, p.ScopePath
		if err := tx.QueryRow(ctx, `INSERT INTO inspection_rounds (commission_id, commission_path, title, period, plan, onsite_from, onsite_to, team_size,
			leader_rank, skills, served_years, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.CommissionID, r.CommissionPath, r.Title, r.Period, r.Plan, r.OnsiteFrom, r.OnsiteTo, r.TeamSize, r.LeaderRank, strings.Join(r.Skills, ","),
			r.ServedYears, p.DisplayName, s.now().UTC()).Scan(&r.ID); err != nil {
			return err
		}
		if err := s.insertTargets(ctx, tx, r.ID, units); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "inspection.create", ObjectType: "inspection", ObjectID: strconv.FormatInt(r.ID, 10),
			Summary: fmt.Sprintf("制定内部督查方案“%s”（%d 个督查对象）", r.Title, len(units)), After: in, CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return r, err
}

type unit struct {
	ID   int64
	Name string
	Path string
}

// resolveUnits finds one commission a line, by code or exact name, strictly below p's own.
func (s *Service) resolveUnits(ctx context.Context, q db.Querier, p org.Principal, lines string) ([]unit, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	var out []unit
	var problems []string
	seen := map[int64]bool{}
	for i, line := range strings.Split(lines, "\n") {
		key := strings.TrimSpace(line)
		if key == "" {
			continue
		}
		rows, err := q.Query(ctx, `SELECT id, name, path FROM commissions WHERE (code = ? OR name = ?) AND path >= ? AND path < ? AND id <> ? ORDER BY path LIMIT 3`,
			key, key, lo, hi, p.CommissionID)
		us, err := db.Collect(rows, err, func(r db.Scanner) (unit, error) {
			var u unit
			return u, r.Scan(&u.ID, &u.Name, &u.Path)
		})
		if err != nil {
			return nil, err
		}
		switch {
		case len(us) == 0:
			problems = append(problems, fmt.Sprintf("第 %d 行“%s”：不是本机关所辖单位", i+1, key))
		case len(us) > 1:
			problems = append(problems, fmt.Sprintf("第 %d 行“%s”：有重名单位，请改填代码", i+1, key))
		case seen[us[0].ID]:
			problems = append(problems, fmt.Sprintf("第 %d 行“%s”：与前面重复", i+1, key))
		default:
			seen[us[0].ID] = true
			out = append(out, us[0])
		}
	}
	if len(problems) > 0 {
		return nil, apperr.Fields{"targets": strings.Join(problems, "；")}.Err()
	}
	return out, nil
}

func (s *Service) insertTargets(ctx context.Context, tx *db.Tx, roundID int64, units []unit) error {
	for _, u := range units {
		if _, err := tx.Exec(ctx, `INSERT INTO inspection_targets (round_id, unit_id, unit_path) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, roundID, u.ID, u.Path); err != nil {
			return err
		}
	}
	return nil
}

// AddTargets adds units to a round not drawn yet: the lines (names or codes) and, when kind is
// given, every unit of that kind in scope not yet covered in the round's period. Requires
// cadre.manage.
func (s *Service) AddTargets(ctx context.Context, p org.Principal, roundID int64, lines string, kind org.Kind) (int, error) {
	if !p.Can(org.PermCadreManage) {
		return 0, apperr.New(apperr.Forbidden, "无权组织内部督查")
	}
	if strings.TrimSpace(lines) == "" && kind == "" {
		return 0, apperr.Fields{"targets": "请填写督查对象，或选择一类未覆盖的单位"}.Err()
	}
	var added int
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.load(ctx, tx, p, roundID)
		if err != nil {
			return err
		}
		if r.Drawn {
			return apperr.New(apperr.Conflict, "督查组已抽定，不能再增加督查对象")
		}
		units, err := s.resolveUnits(ctx, tx, p, lines)
		if err != nil {
			return err
		}
		if kind != "" {
			more, err := s.uncovered(ctx, tx, p, r.Period, kind, 0)
			if err != nil {
				return err
			}
			for _, u := range more {
				units = append(units, unit{ID: u.ID, Name: u.Name, Path: u.Path})
			}
		}
		var before, after int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM inspection_targets WHERE round_id = ?`, r.ID).Scan(&before); err != nil {
			return err
		}
		if err := s.insertTargets(ctx, tx, r.ID, units); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM inspection_targets WHERE round_id = ?`, r.ID).Scan(&after); err != nil {
			return err
		}
		added = after - before
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "inspection.targets", ObjectType: "inspection", ObjectID: strconv.FormatInt(r.ID, 10),
			Summary: fmt.Sprintf("内部督查“%s”增加 %d 个督查对象", r.Title, added), CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return added, err
}

const roundColumns = `r.id, r.commission_id, c.name, r.commission_path, r.title, r.period, r.plan, r.onsite_from, r.onsite_to, r.team_size, r.leader_rank,
	r.skills, r.served_years, COALESCE(r.seed, 0), r.drawn_at IS NOT NULL, r.drawn_by, r.created_by,
	(SELECT COUNT(*) FROM inspection_targets t WHERE t.round_id = r.id), (SELECT COUNT(*) FROM inspection_findings f WHERE f.round_id = r.id)`

const roundFrom = ` FROM inspection_rounds r JOIN commissions c ON c.id = r.commission_id `

func scanRound(sc db.Scanner) (Round, error) {
	var r Round
	var skills string
	err := sc.Scan(&r.ID, &r.CommissionID, &r.CommissionName, &r.CommissionPath, &r.Title, &r.Period, &r.Plan, &r.OnsiteFrom, &r.OnsiteTo, &r.TeamSize,
		&r.LeaderRank, &skills, &r.ServedYears, &r.Seed, &r.Drawn, &r.DrawnBy, &r.CreatedBy, &r.TargetCount, &r.FindingCount)
	if skills != "" {
		r.Skills = strings.Split(skills, ",")
	}
	return r, err
}

// List returns the rounds of p's commission and below, newest first. Requires cadre.view.
func (s *Service) List(ctx context.Context, p org.Principal) ([]Round, error) {
	if !p.Can(org.PermCadreView) {
		return nil, apperr.New(apperr.Forbidden, "无权查看内部督查")
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	rows, err := s.db.Reader().Query(ctx, `SELECT `+roundColumns+roundFrom+`WHERE r.commission_path >= ? AND r.commission_path < ? ORDER BY r.id DESC LIMIT 200`, lo, hi)
	return db.Collect(rows, err, scanRound)
}

func (s *Service) load(ctx context.Context, q db.Querier, p org.Principal, id int64) (Round, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	r, err := scanRound(q.QueryRow(ctx, `SELECT `+roundColumns+roundFrom+`WHERE r.id = ? AND r.commission_path >= ? AND r.commission_path < ?`, id, lo, hi))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundf("该督查轮次")
	}
	return r, err
}

// Get returns a round p may see with its targets and teams. Requires cadre.view.
func (s *Service) Get(ctx context.Context, p org.Principal, id int64) (Round, error) {
	if !p.Can(org.PermCadreView) {
		return Round{}, apperr.New(apperr.Forbidden, "无权查看内部督查")
	}
	q := s.db.Reader()
	r, err := s.load(ctx, q, p, id)
	if err != nil {
		return r, err
	}
	r.Targets, err = s.targets(ctx, q, r.ID, 0)
	return r, err
}

// targets reads a round's targets (or the one with id only) with their teams.
func (s *Service) targets(ctx context.Context, q db.Querier, roundID, only int64) ([]TargetUnit, error) {
	rows, err := q.Query(ctx, `SELECT t.id, t.round_id, t.unit_id, u.name, u.kind, t.unit_path, COALESCE(z.name, ''), t.exclusions, t.feedback_on, t.feedback_to, t.feedback,
		(SELECT COUNT(*) FROM inspection_findings f WHERE f.target_id = t.id)
		FROM inspection_targets t JOIN commissions u ON u.id = t.unit_id LEFT JOIN zones z ON z.id = u.zone_id
		WHERE t.round_id = ? AND (? = 0 OR t.id = ?) ORDER BY t.unit_path`, roundID, only, only)
	ts, err := db.Collect(rows, err, func(r db.Scanner) (TargetUnit, error) {
		var t TargetUnit
		var excl string
		err := r.Scan(&t.ID, &t.RoundID, &t.UnitID, &t.UnitName, &t.UnitKind, &t.UnitPath, &t.Zone, &excl, &t.FeedbackOn, &t.FeedbackTo, &t.Feedback, &t.Findings)
		if excl != "" {
			t.Exclusions = strings.Split(excl, "\n")
		}
		return t, err
	})
	if err != nil {
		return nil, err
	}
	at := map[int64]int{}
	for i, t := range ts {
		at[t.ID] = i
	}
	rows, err = q.Query(ctx, `SELECT m.id, m.target_id, k.id, k.name, c.name, k.post, k.rank, COALESCE(z.name, ''), COALESCE(pm.skills, ''), m.role = 'leader', m.active, m.replaced_why
		FROM inspection_members m JOIN inspection_targets t ON t.id = m.target_id JOIN cadres k ON k.id = m.cadre_id JOIN commissions c ON c.id = k.commission_id
		LEFT JOIN zones z ON z.id = c.zone_id LEFT JOIN pool_members pm ON pm.cadre_id = k.id
		WHERE t.round_id = ? ORDER BY m.target_id, m.active DESC, m.role = 'leader' DESC, m.id`, roundID)
	type row struct {
		target int64
		m      Member
	}
	ms, err := db.Collect(rows, err, func(r db.Scanner) (row, error) {
		var x row
		err := r.Scan(&x.m.ID, &x.target, &x.m.CadreID, &x.m.Name, &x.m.UnitName, &x.m.Post, &x.m.Rank, &x.m.Zone, &x.m.Skills, &x.m.Leader, &x.m.Active, &x.m.ReplacedWhy)
		x.m.Skills = strings.ReplaceAll(x.m.Skills, ",", "、")
		return x, err
	})
	if err != nil {
		return nil, err
	}
	for _, x := range ms {
		if i, ok := at[x.target]; ok {
			ts[i].Members = append(ts[i].Members, x.m)
		}
	}
	return ts, nil
}

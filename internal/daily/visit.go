package daily

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
)

// VisitMethods are the ways a research visit works (D3).
func VisitMethods() []string {
	return []string{"听取汇报", "定向测评", "个别谈话", "查阅资料", "召开座谈会", "实地走访"}
}

// Visit is one supervision research visit (监督调研) to a commission.
type Visit struct {
	ID             int64
	CommissionID   int64
	CommissionName string
	CommissionPath string
	Title          string
	StartedOn      string
	EndedOn        string
	Methods        []string
	Interviews     int // person-times interviewed
	Interviewees   []cadre.Cadre
	Report         string
	Feedback       string
	FeedbackOn     string
	Team           []TeamEntry // the leadership team's profile (A3), once written
	TeamConclusion string
	Rectifications []Rectification
	CreatedBy      string
}

// TeamEntry is one dimension of a leadership team's profile.
type TeamEntry struct {
	Dimension cadre.Dimension
	Judgment  string
}

// Stage names how far a visit has come.
func (v Visit) Stage() string {
	switch {
	case v.FeedbackOn == "":
		if v.Report == "" {
			return "调研中"
		}
		return "待反馈"
	case Open(v.Rectifications) > 0:
		return "整改中"
	}
	return "已办结"
}

// VisitInput is a visit as registered.
type VisitInput struct {
	CommissionID int64
	Title        string
	StartedOn    string
	EndedOn      string
	Methods      []string
	Interviews   string // a number of person-times
	Interviewees string // cadres interviewed, one a line: name or ID number
}

// CreateVisit registers a research visit to a commission in p's scope; each cadre named as
// interviewed gets the visit in their archive. Requires cadre.manage.
func (s *Service) CreateVisit(ctx context.Context, p org.Principal, in VisitInput) (Visit, error) {
	if err := mayWrite(p); err != nil {
		return Visit{}, err
	}
	f := apperr.Fields{}
	text(f, "title", "调研主题", &in.Title, true, 100)
	s.date(f, "started_on", "开始日期", &in.StartedOn, true)
	s.date(f, "ended_on", "结束日期", &in.EndedOn, true)
	if in.StartedOn != "" && in.EndedOn != "" && in.EndedOn < in.StartedOn {
		f.Add("ended_on", "结束日期不能早于开始日期")
	}
	known := map[string]bool{}
	for _, m := range VisitMethods() {
		known[m] = true
	}
	var methods []string
	for _, m := range in.Methods {
		if known[m] {
			methods = append(methods, m)
		}
	}
	if len(methods) == 0 {
		f.Add("methods", "请至少选择一种调研方式")
	}
	interviews, err := strconv.Atoi(strings.TrimSpace(in.Interviews))
	if err != nil || interviews < 0 || interviews > 100000 {
		f.Add("interviews", "请填写谈话人次（整数）")
	}
	if in.CommissionID == 0 {
		f.Add("commission_id", "请选择调研对象")
	}
	if err := f.Err(); err != nil {
		return Visit{}, err
	}
	var v Visit
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.org.Commission(ctx, p, in.CommissionID)
		if err != nil {
			return apperr.Fields{"commission_id": "调研对象不存在或不在管辖范围内"}.Err()
		}
		people, err := s.cadres.FindLines(ctx, tx, p, in.Interviewees, "interviewees")
		if err != nil {
			return err
		}
		if interviews < len(people) {
			return apperr.Fields{"interviews": "谈话人次不能少于登记的谈话对象人数（" + strconv.Itoa(len(people)) + "）"}.Err()
		}
		v = Visit{CommissionID: c.ID, CommissionName: c.Name, CommissionPath: c.Path, Title: in.Title, StartedOn: in.StartedOn,
			EndedOn: in.EndedOn, Methods: methods, Interviews: interviews, Interviewees: people, CreatedBy: p.DisplayName}
		if err := tx.QueryRow(ctx, `INSERT INTO visits (commission_id, commission_path, title, started_on, ended_on, methods, interviews,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.ID, c.Path, v.Title, v.StartedOn, v.EndedOn,
			strings.Join(methods, ","), interviews, p.DisplayName, s.now().UTC()).Scan(&v.ID); err != nil {
			return err
		}
		for _, k := range people {
			if _, err := tx.Exec(ctx, `INSERT INTO visit_interviewees (visit_id, cadre_id) VALUES (?, ?)`, v.ID, k.ID); err != nil {
				return err
			}
			if err := cadre.AddItem(ctx, tx, cadre.Item{CadreID: k.ID, Date: v.EndedOn, Kind: "visit",
				Title: "接受监督调研谈话（" + v.Title + "）", Detail: c.Name, SourceType: "visit", SourceID: v.ID,
				RecordedBy: p.DisplayName}, s.now()); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "visit.create", ObjectType: "visit", ObjectID: strconv.FormatInt(v.ID, 10),
			Summary: "登记监督调研：" + c.Name + "，" + v.Title, After: in, CommissionID: c.ID, ScopePath: c.Path})
	})
	return v, err
}

// VisitReport is the report and the feedback given to the visited commission.
type VisitReport struct {
	Report     string
	Feedback   string
	FeedbackOn string // "" while not yet given
}

// SetVisitReport records the report and, when given, the feedback. Requires cadre.manage.
func (s *Service) SetVisitReport(ctx context.Context, p org.Principal, id int64, in VisitReport) error {
	if err := mayWrite(p); err != nil {
		return err
	}
	f := apperr.Fields{}
	text(f, "report", "调研报告", &in.Report, true, 20000)
	text(f, "feedback", "反馈意见", &in.Feedback, false, 5000)
	s.date(f, "feedback_on", "反馈日期", &in.FeedbackOn, in.Feedback != "")
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		v, err := s.visit(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if in.FeedbackOn != "" && in.FeedbackOn < v.EndedOn {
			return apperr.Fields{"feedback_on": "反馈日期不能早于调研结束日期"}.Err()
		}
		if _, err := tx.Exec(ctx, `UPDATE visits SET report = ?, feedback = ?, feedback_on = ? WHERE id = ?`, in.Report, in.Feedback, in.FeedbackOn, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "visit.report", ObjectType: "visit", ObjectID: strconv.FormatInt(id, 10),
			Summary: "记录监督调研报告及反馈：" + v.Title, Before: VisitReport{v.Report, v.Feedback, v.FeedbackOn}, After: in,
			CommissionID: v.CommissionID, ScopePath: v.CommissionPath})
	})
}

// WriteTeamProfile writes the visited commission's leadership-team profile (A3): a judgment per
// portrait dimension and a conclusion. The key leaders of that commission get it in their
// archives. Requires cadre.manage.
func (s *Service) WriteTeamProfile(ctx context.Context, p org.Principal, id int64, judgments map[int64]string, conclusion string) error {
	if err := mayWrite(p); err != nil {
		return err
	}
	dims, err := s.cadres.Dimensions(ctx)
	if err != nil {
		return err
	}
	f := apperr.Fields{}
	for _, d := range dims {
		j := judgments[d.ID]
		text(f, "team_"+strconv.FormatInt(d.ID, 10), "“"+d.Name+"”的判断", &j, true, 1000)
		judgments[d.ID] = j
	}
	text(f, "team_conclusion", "总体评价", &conclusion, true, 2000)
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		v, err := s.visit(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM team_profile_entries WHERE visit_id = ?`, id); err != nil {
			return err
		}
		for _, d := range dims {
			if _, err := tx.Exec(ctx, `INSERT INTO team_profile_entries (visit_id, dimension_id, judgment) VALUES (?, ?, ?)`, id, d.ID, judgments[d.ID]); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE visits SET team_conclusion = ? WHERE id = ?`, conclusion, id); err != nil {
			return err
		}
		if v.TeamConclusion == "" { // the first time: file it with the team's key leaders
			rows, err := tx.Query(ctx, `SELECT id FROM cadres WHERE commission_id = ? AND key_minority = ? AND status = ?`, v.CommissionID, true, cadre.InPost)
			if err != nil {
				return err
			}
			var leaders []int64
			for rows.Next() {
				var k int64
				if err := rows.Scan(&k); err != nil {
					rows.Close()
					return err
				}
				leaders = append(leaders, k)
			}
			rows.Close()
			for _, k := range leaders {
				if err := cadre.AddItem(ctx, tx, cadre.Item{CadreID: k, Date: s.today(), Kind: "team_profile",
					Title: "所在领导班子政治画像（" + v.Title + "）", Detail: conclusion, SourceType: "visit", SourceID: v.ID,
					RecordedBy: p.DisplayName}, s.now()); err != nil {
					return err
				}
			}
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "visit.team_profile", ObjectType: "visit", ObjectID: strconv.FormatInt(id, 10),
			Summary: "撰写 " + v.CommissionName + " 领导班子政治画像", After: map[string]any{"judgments": judgments, "conclusion": conclusion},
			CommissionID: v.CommissionID, ScopePath: v.CommissionPath})
	})
}

// Visits returns one page of visits to commissions in p's scope, newest first, and the total.
// Requires cadre.view.
func (s *Service) Visits(ctx context.Context, p org.Principal, pg org.Page) ([]Visit, int, error) {
	if !p.Can(org.PermCadreView) {
		return nil, 0, apperr.New(apperr.Forbidden, "无权查看监督调研")
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	q := s.db.Reader()
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM visits WHERE commission_path >= ? AND commission_path < ?`, lo, hi).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT `+visitColumns+visitFrom+`WHERE v.commission_path >= ? AND v.commission_path < ?
		ORDER BY v.started_on DESC, v.id DESC LIMIT ? OFFSET ?`, lo, hi, pg.Size, pg.Offset())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Visit
	for rows.Next() {
		v, err := scanVisit(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}

// Visit returns one visit in p's scope with its people, team profile and rectifications.
// Requires cadre.view.
func (s *Service) Visit(ctx context.Context, p org.Principal, id int64) (Visit, error) {
	if !p.Can(org.PermCadreView) {
		return Visit{}, apperr.New(apperr.Forbidden, "无权查看监督调研")
	}
	return s.visit(ctx, s.db.Reader(), p, id)
}

const visitColumns = `v.id, v.commission_id, c.name, v.commission_path, v.title, v.started_on, v.ended_on, v.methods, v.interviews,
	v.report, v.feedback, v.feedback_on, v.team_conclusion, v.created_by`

const visitFrom = ` FROM visits v JOIN commissions c ON c.id = v.commission_id `

func scanVisit(sc interface{ Scan(...any) error }) (Visit, error) {
	var v Visit
	var methods string
	err := sc.Scan(&v.ID, &v.CommissionID, &v.CommissionName, &v.CommissionPath, &v.Title, &v.StartedOn, &v.EndedOn, &methods,
		&v.Interviews, &v.Report, &v.Feedback, &v.FeedbackOn, &v.TeamConclusion, &v.CreatedBy)
	v.Methods = strings.Split(methods, ",")
	return v, err
}

func (s *Service) visit(ctx context.Context, q db.Querier, p org.Principal, id int64) (Visit, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	v, err := scanVisit(q.QueryRow(ctx, `SELECT `+visitColumns+visitFrom+`WHERE v.id = ? AND v.commission_path >= ? AND v.commission_path < ?`, id, lo, hi))
	if errors.Is(err, sql.ErrNoRows) {
		return v, apperr.NotFoundf("该监督调研")
	}
	if err != nil {
		return v, err
	}
	rows, err := q.Query(ctx, `SELECT i.cadre_id FROM visit_interviewees i WHERE i.visit_id = ? ORDER BY i.cadre_id`, id)
	if err != nil {
		return v, err
	}
	var ids []int64
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return v, err
		}
		ids = append(ids, k)
	}
	rows.Close()
	for _, k := range ids {
		c, err := s.cadres.Snapshot(ctx, q, k)
		if err != nil {
			return v, err
		}
		v.Interviewees = append(v.Interviewees, c)
	}
	rows, err = q.Query(ctx, `SELECT d.id, d.name, d.guidance, e.judgment FROM team_profile_entries e
		JOIN portrait_dimensions d ON d.id = e.dimension_id WHERE e.visit_id = ? ORDER BY d.position, d.id`, id)
	if err != nil {
		return v, err
	}
	for rows.Next() {
		var e TeamEntry
		if err := rows.Scan(&e.Dimension.ID, &e.Dimension.Name, &e.Dimension.Guidance, &e.Judgment); err != nil {
			rows.Close()
			return v, err
		}
		v.Team = append(v.Team, e)
	}
	rows.Close()
	v.Rectifications, err = rectificationsOf(ctx, q, "visit", id)
	return v, err
}

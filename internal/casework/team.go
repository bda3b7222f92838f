package casework

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"custos/internal/apperr"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
)

// Member is one person on an investigation team.
type Member struct {
	UserID   int64
	Username string
	Name     string
	Role     string
	Since    string
	Override string // the approval that kept them despite a recusal ground
}

// RecusalRecord is a recusal ground found for someone on (or proposed for) a team, and what was
// decided: recused, or kept by an approval (overridden).
type RecusalRecord struct {
	UserName  string
	Ground    string
	Decision  string
	Note      string
	DecidedBy string
	At        time.Time
}

// Branch is the team's temporary party branch (临时党支部).
type Branch struct {
	Secretary     string
	EstablishedOn string
	Meetings      []BranchMeeting
}

// BranchMeeting is one meeting of the temporary party branch.
type BranchMeeting struct {
	HeldOn, Topic, Minutes string
}

// AddMember puts a user of the case's commission (or, for joint handling, of a commission with
// access) on the team in a role. The recusal check runs against the subject, the reporter of
// the report the clue came from, and the declarations in the case: a member with grounds is
// refused — the refusal names the grounds and is recorded — unless override holds the
// approval of someone who may approve, which is recorded too. A refusal is an Invalid error on
// field username; its grounds are recorded (a recusal record each) although the member was not
// added. Requires case.handle (and case.approve to override).
func (s *Service) AddMember(ctx context.Context, p org.Principal, id int64, username, role, override string) ([]string, error) {
	if !p.Can(org.PermCaseHandle) && !p.Can(org.PermCaseApprove) {
		return nil, apperr.New(apperr.Forbidden, "无权组建审查调查组")
	}
	username, override = strings.TrimSpace(username), strings.TrimSpace(override)
	f := apperr.Fields{}
	if username == "" {
		f.Add("username", "请填写成员的用户名")
	}
	if Name(TeamRoles(), role) == role {
		f.Add("role", "请选择组内职责")
	}
	if override != "" && !p.Can(org.PermCaseApprove) {
		f.Add("override", "回避事由的例外须由有审批权限的领导批准")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var grounds []string
	var refused bool
	var name string
	err := s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		if after(c.Status, Trial) {
			return apperr.New(apperr.Conflict, "案件已移送审理，审查调查组不再调整")
		}
		var userID int64
		err := tx.QueryRow(ctx, `SELECT u.id, u.display_name FROM users u WHERE u.username = ? AND u.status = 'active'
			AND (u.commission_id = ? OR u.commission_id IN (SELECT commission_id FROM case_access WHERE case_id = ?))`, username, c.CommissionID, c.ID).Scan(&userID, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Fields{"username": "用户 " + username + " 不存在、已停用，或不属于办案机关（及联合办理机关）"}.Err()
		}
		if err != nil {
			return err
		}
		var dup int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM case_team WHERE case_id = ? AND user_id = ?`, c.ID, userID).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return apperr.Fields{"username": name + " 已在审查调查组中"}.Err()
		}
		if grounds, err = s.grounds(ctx, tx, c, userID); err != nil {
			return err
		}
		decision := "overridden"
		if len(grounds) > 0 && override == "" {
			refused, decision = true, "recused"
		}
		for _, g := range grounds {
			if _, err := tx.Exec(ctx, `INSERT INTO recusals (case_id, user_id, ground, decision, note, decided_by, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				c.ID, userID, g, decision, override, p.DisplayName, s.now().UTC()); err != nil {
				return err
			}
		}
		if len(grounds) > 0 {
			if err := s.recusalItem(ctx, tx, p, c, userID, decision, grounds); err != nil {
				return err
			}
		}
		if refused {
			return s.event(ctx, tx, p, c, "case.recusal", name+"应当回避，未编入审查调查组", strings.Join(grounds, "；"))
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_team (case_id, user_id, role, since, override) VALUES (?, ?, ?, ?, ?)`,
			c.ID, userID, role, s.today(), override); err != nil {
			return err
		}
		note := ""
		if override != "" {
			note = "回避事由（" + strings.Join(grounds, "；") + "）经批准不回避：" + override
		}
		return s.event(ctx, tx, p, c, "case.team_add", name+"编入审查调查组（"+Name(TeamRoles(), role)+"）", note)
	})
	if err == nil && refused {
		return grounds, apperr.Fields{"username": name + "应当回避——" + strings.Join(grounds, "；") + "。请调整人员，或经领导批准后注明批准意见"}.Err()
	}
	return grounds, err
}

// RemoveMember takes a user off the team with the reason. Requires case.handle.
func (s *Service) RemoveMember(ctx context.Context, p org.Principal, id, userID int64, reason string) error {
	if !p.Can(org.PermCaseHandle) && !p.Can(org.PermCaseApprove) {
		return apperr.New(apperr.Forbidden, "无权调整审查调查组")
	}
	f := apperr.Fields{}
	reason = text(f, "reason", "调整理由", reason, 500)
	if err := f.Err(); err != nil {
		return err
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		var name string
		if err := tx.QueryRow(ctx, `SELECT u.display_name FROM case_team t JOIN users u ON u.id = t.user_id WHERE t.case_id = ? AND t.user_id = ?`, c.ID, userID).Scan(&name); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.NotFoundf("该组员")
			}
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM case_team WHERE case_id = ? AND user_id = ?`, c.ID, userID); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.team_remove", name+"调离审查调查组", reason)
	})
}

// Declare records a witness role or an interest of a user in the case. When the user is on the
// team they leave it at once (自行回避), with a recusal record; an approval can put them back
// through AddMember. Requires case.handle.
func (s *Service) Declare(ctx context.Context, p org.Principal, id int64, username, kind, statement string) error {
	if !p.Can(org.PermCaseHandle) {
		return apperr.New(apperr.Forbidden, "无权登记证人身份或利害关系")
	}
	f := apperr.Fields{}
	if kind != "witness" && kind != "interest" {
		f.Add("kind", "请选择证人身份或利害关系")
	}
	statement = text(f, "statement", "具体情况", statement, 500)
	if err := f.Err(); err != nil {
		return err
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		var userID int64
		var name string
		lo, hi := db.SubtreeRange(c.CommissionPath)
		err := tx.QueryRow(ctx, `SELECT id, display_name FROM users WHERE username = ? AND commission_path >= ? AND commission_path < ?`, strings.TrimSpace(username), lo, hi).Scan(&userID, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Fields{"username": "用户 " + username + " 不存在或不属于办案机关及下级"}.Err()
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_declarations (case_id, user_id, kind, statement, declared_on) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (case_id, user_id, kind) DO UPDATE SET statement = excluded.statement, declared_on = excluded.declared_on`,
			c.ID, userID, kind, statement, s.today()); err != nil {
			return err
		}
		what := map[string]string{"witness": "证人身份", "interest": "利害关系"}[kind]
		res, err := tx.Exec(ctx, `DELETE FROM case_team WHERE case_id = ? AND user_id = ?`, c.ID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO recusals (case_id, user_id, ground, decision, note, decided_by, at) VALUES (?, ?, ?, 'recused', '', ?, ?)`,
				c.ID, userID, what+"："+statement, p.DisplayName, s.now().UTC()); err != nil {
				return err
			}
			if err := s.recusalItem(ctx, tx, p, c, userID, "recused", []string{what + "：" + statement}); err != nil {
				return err
			}
			return s.event(ctx, tx, p, c, "case.recusal", name+"登记"+what+"，退出审查调查组（自行回避）", statement)
		}
		return s.event(ctx, tx, p, c, "case.declare", "登记"+name+"的"+what, statement)
	})
}

// recusalItem puts a recusal on the archive of the user's own cadre record, if they have one
// (A1: recusals are part of the integrity archive).
func (s *Service) recusalItem(ctx context.Context, tx *db.Tx, p org.Principal, c Case, userID int64, decision string, grounds []string) error {
	var cadreID int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE((SELECT id FROM cadres WHERE user_id = ?), 0)`, userID).Scan(&cadreID); err != nil || cadreID == 0 {
		return err
	}
	what := "回避（案件 " + c.Number + "）"
	if decision == "overridden" {
		what = "有回避事由经批准不回避（案件 " + c.Number + "）"
	}
	return cadre.AddItem(ctx, tx, cadre.Item{CadreID: cadreID, Date: s.today(), Kind: "recusal", Title: what + "：" + strings.Join(grounds, "；"),
		SourceType: "case", SourceID: c.ID, RecordedBy: p.DisplayName}, s.now())
}

// grounds runs the recusal check for a user on case c.
func (s *Service) grounds(ctx context.Context, q db.Querier, c Case, userID int64) ([]string, error) {
	member, err := s.person(ctx, q, `user_id = ?`, userID)
	if err != nil {
		return nil, err
	}
	subject, err := s.person(ctx, q, `id = ?`, c.CadreID)
	if err != nil {
		return nil, err
	}
	reporter, err := s.reporterOf(ctx, q, c)
	if err != nil {
		return nil, err
	}
	rows, err := q.Query(ctx, `SELECT kind, statement FROM case_declarations WHERE case_id = ? AND user_id = ?`, c.ID, userID)
	if err != nil {
		return nil, err
	}
	var declared []Declaration
	for rows.Next() {
		var d Declaration
		if err := rows.Scan(&d.Kind, &d.Statement); err != nil {
			rows.Close()
			return nil, err
		}
		declared = append(declared, d)
	}
	rows.Close()
	return RecusalGrounds(member, subject, reporter, declared), rows.Err()
}

// person loads a cadre record and its relatives for the recusal check; the zero Person when no
// record matches.
func (s *Service) person(ctx context.Context, q db.Querier, cond string, arg any) (Person, error) {
	var out Person
	err := q.QueryRow(ctx, `SELECT id, name, id_number FROM cadres WHERE `+cond, arg).Scan(&out.CadreID, &out.Name, &out.IDNumber)
	if errors.Is(err, sql.ErrNoRows) {
		return Person{}, nil
	}
	if err != nil {
		return out, err
	}
	rows, err := q.Query(ctx, `SELECT relation, name, id_number FROM family_members WHERE cadre_id = ?`, out.CadreID)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var r Relative
		if err := rows.Scan(&r.Relation, &r.Name, &r.IDNumber); err != nil {
			return out, err
		}
		out.Family = append(out.Family, r)
	}
	return out, rows.Err()
}

// reporterOf opens the identity of the real-name reporter of the report the case's clue came
// from, for the recusal check only: it is compared, never returned or shown.
func (s *Service) reporterOf(ctx context.Context, q db.Querier, c Case) (Person, error) {
	var sealed string
	err := q.QueryRow(ctx, `SELECT r.reporter FROM clues l JOIN reports r ON r.id = l.report_id WHERE l.id = ?`, c.ClueID).Scan(&sealed)
	if errors.Is(err, sql.ErrNoRows) || sealed == "" {
		return Person{}, nil
	}
	if err != nil {
		return Person{}, err
	}
	plain, err := s.box.Open(sealed, "reporter")
	if err != nil {
		return Person{}, apperr.Wrap(err, apperr.Internal, "举报人信息无法解密（密钥不符），回避核对无法完成，请联系系统管理员")
	}
	var who struct {
		Name     string `json:"name"`
		IDNumber string `json:"id_number"`
	}
	if err := json.Unmarshal(plain, &who); err != nil {
		return Person{}, err
	}
	return Person{Name: who.Name, IDNumber: who.IDNumber}, nil
}

// SetBranch sets up the team's temporary party branch with a secretary from the team, who
// must be a party member. Requires case.handle.
func (s *Service) SetBranch(ctx context.Context, p org.Principal, id, secretaryID int64, establishedOn string) error {
	if !p.Can(org.PermCaseHandle) {
		return apperr.New(apperr.Forbidden, "无权成立临时党支部")
	}
	f := apperr.Fields{}
	d := s.date(f, "established_on", "成立日期", establishedOn, "", "")
	if err := f.Err(); err != nil {
		return err
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		var name string
		var member bool
		err := tx.QueryRow(ctx, `SELECT u.display_name, COALESCE((SELECT k.party_member FROM cadres k WHERE k.user_id = u.id), TRUE)
			FROM case_team t JOIN users u ON u.id = t.user_id WHERE t.case_id = ? AND t.user_id = ?`, c.ID, secretaryID).Scan(&name, &member)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Fields{"secretary_id": "支部书记须是审查调查组成员"}.Err()
		}
		if err != nil {
			return err
		}
		if !member {
			return apperr.Fields{"secretary_id": name + "不是中共党员，不能担任临时党支部书记"}.Err()
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_branches (case_id, secretary_id, established_on) VALUES (?, ?, ?)
			ON CONFLICT (case_id) DO UPDATE SET secretary_id = excluded.secretary_id, established_on = excluded.established_on`, c.ID, secretaryID, d); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.branch", "成立临时党支部，"+name+"任书记", d)
	})
}

// BranchMeet records a meeting of the temporary party branch. Requires case.handle.
func (s *Service) BranchMeet(ctx context.Context, p org.Principal, id int64, heldOn, topic, minutes string) error {
	if !p.Can(org.PermCaseHandle) {
		return apperr.New(apperr.Forbidden, "无权记录临时党支部会议")
	}
	f := apperr.Fields{}
	d := s.date(f, "held_on", "会议日期", heldOn, "", "")
	topic = text(f, "topic", "会议主题", topic, 100)
	minutes = text(f, "minutes", "会议记录", minutes, 5000)
	if err := f.Err(); err != nil {
		return err
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM case_branches WHERE case_id = ?`, c.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.New(apperr.Conflict, "请先成立临时党支部")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_branch_meetings (case_id, held_on, topic, minutes) VALUES (?, ?, ?, ?)`, c.ID, d, topic, minutes); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.branch_meeting", "临时党支部会议："+topic, d)
	})
}

// team loads a case's team, recusals, declarations and branch.
func (s *Service) team(ctx context.Context, q db.Querier, c *Case) error {
	rows, err := q.Query(ctx, `SELECT t.user_id, u.username, u.display_name, t.role, t.since, t.override FROM case_team t JOIN users u ON u.id = t.user_id
		WHERE t.case_id = ? ORDER BY CASE t.role WHEN 'leader' THEN 0 WHEN 'safety_officer' THEN 1 ELSE 2 END, t.since, u.id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.UserID, &m.Username, &m.Name, &m.Role, &m.Since, &m.Override); err != nil {
			rows.Close()
			return err
		}
		c.Team = append(c.Team, m)
	}
	rows.Close()
	rows, err = q.Query(ctx, `SELECT u.display_name, r.ground, r.decision, r.note, r.decided_by, r.at FROM recusals r JOIN users u ON u.id = r.user_id
		WHERE r.case_id = ? ORDER BY r.id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var r RecusalRecord
		if err := rows.Scan(&r.UserName, &r.Ground, &r.Decision, &r.Note, &r.DecidedBy, &r.At); err != nil {
			rows.Close()
			return err
		}
		c.Recusals = append(c.Recusals, r)
	}
	rows.Close()
	rows, err = q.Query(ctx, `SELECT d.user_id, u.display_name, d.kind, d.statement, d.declared_on FROM case_declarations d JOIN users u ON u.id = d.user_id
		WHERE d.case_id = ? ORDER BY d.declared_on, u.id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var d Declaration
		if err := rows.Scan(&d.UserID, &d.UserName, &d.Kind, &d.Statement, &d.DeclaredOn); err != nil {
			rows.Close()
			return err
		}
		c.Declarations = append(c.Declarations, d)
	}
	rows.Close()
	var b Branch
	err = q.QueryRow(ctx, `SELECT u.display_name, b.established_on FROM case_branches b JOIN users u ON u.id = b.secretary_id WHERE b.case_id = ?`, c.ID).
		Scan(&b.Secretary, &b.EstablishedOn)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	rows, err = q.Query(ctx, `SELECT held_on, topic, minutes FROM case_branch_meetings WHERE case_id = ? ORDER BY held_on, id`, c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m BranchMeeting
		if err := rows.Scan(&m.HeldOn, &m.Topic, &m.Minutes); err != nil {
			return err
		}
		b.Meetings = append(b.Meetings, m)
	}
	c.Branch = &b
	return rows.Err()
}

package clue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
)

// Verification is a preliminary verification (初步核实) of a clue.
type Verification struct {
	ID          int64
	ClueID      int64
	Plan        string
	Team        []string // members' names
	Override    string
	StartedOn   string
	Report      string
	Outcome     string
	ConcludedOn string
}

// PrelimOutcomes are what a verification report may propose (domain §3.4).
func PrelimOutcomes() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{"file_case", "立案审查调查"}, {"close", "予以了结"}, {"light", "批评教育等轻处理"},
		{"inquiry", "谈话函询"}, {"shelve", "暂存待查"}}
}

// MinTeam is the smallest verification team (执纪规则 Art. 33 释义: at least two).
const MinTeam = 2

// Recusal is a reason a team member may not verify a clue.
type Recusal struct {
	Member string
	Reason string
}

// StartPrelim begins the verification of a clue approved for it, with its plan and a team of
// at least MinTeam users (by username, one a line) of the clue's commission or below. A member
// who is a subject, or a close relative or specific related person of one (as the archives
// record it, in either direction), is refused with the reason — unless override holds the
// approval of someone who may approve, which is recorded. Requires clue.handle (and
// clue.approve to override).
func (s *Service) StartPrelim(ctx context.Context, p org.Principal, clueID int64, plan, team, startedOn, override string) (Verification, []Recusal, error) {
	if !p.Can(org.PermClueHandle) && !p.Can(org.PermClueApprove) {
		return Verification{}, nil, apperr.New(apperr.Forbidden, "无权开展初步核实")
	}
	f := apperr.Fields{}
	plan, override = strings.TrimSpace(plan), strings.TrimSpace(override)
	if plan == "" || utf8.RuneCountInString(plan) > 5000 {
		f.Add("plan", "请填写初步核实方案（不超过 5000 字）")
	}
	d, ok := cadre.ParseDate(startedOn)
	if !ok || d > s.today() {
		f.Add("started_on", "请填写开始日期（不晚于今天），格式 YYYY-MM-DD")
	}
	var usernames []string
	for _, line := range strings.Split(team, "\n") {
		if u := strings.TrimSpace(line); u != "" && !slicesContains(usernames, u) {
			usernames = append(usernames, u)
		}
	}
	if len(usernames) < MinTeam {
		f.Add("team", fmt.Sprintf("核实组至少 %d 人，请每行填写一个用户名", MinTeam))
	}
	if override != "" && !p.Can(org.PermClueApprove) {
		f.Add("override", "回避事由的例外须由有审批权限的领导批准")
	}
	if err := f.Err(); err != nil {
		return Verification{}, nil, err
	}
	var out Verification
	var recusals []Recusal
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.get(ctx, tx, p, clueID)
		if err != nil {
			return err
		}
		if c.Status != Prelim {
			return apperr.New(apperr.Conflict, "该线索未经批准采取初步核实方式处置")
		}
		lo, hi := db.SubtreeRange(c.CommissionPath)
		var ids []string
		var names []string
		for _, u := range usernames {
			var id int64
			var name string
			err := tx.QueryRow(ctx, `SELECT id, display_name FROM users WHERE username = ? AND status = 'active' AND commission_path >= ? AND commission_path < ?`,
				u, lo, hi).Scan(&id, &name)
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.Fields{"team": "用户 " + u + " 不存在、已停用或不属于本机构及下级"}.Err()
			}
			if err != nil {
				return err
			}
			ids, names = append(ids, strconv.FormatInt(id, 10)), append(names, name)
			rs, err := recusalsOf(ctx, tx, id, name, c.Subjects)
			if err != nil {
				return err
			}
			recusals = append(recusals, rs...)
		}
		if len(recusals) > 0 && override == "" {
			var why []string
			for _, r := range recusals {
				why = append(why, r.Member+"："+r.Reason)
			}
			return apperr.Fields{"team": "核实组成员应当回避——" + strings.Join(why, "；") + "。请调整人员，或经领导批准后注明批准意见"}.Err()
		}
		out = Verification{ClueID: c.ID, Plan: plan, Team: names, Override: override, StartedOn: d}
		if err := tx.QueryRow(ctx, `INSERT INTO prelims (clue_id, plan, team, team_names, override, started_on, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.ID, plan, strings.Join(ids, ","), strings.Join(names, "、"), override, d,
			p.DisplayName, s.now().UTC()).Scan(&out.ID); err != nil {
			return err
		}
		note := "核实组：" + strings.Join(names, "、")
		if override != "" {
			var why []string
			for _, r := range recusals {
				why = append(why, r.Member+"："+r.Reason)
			}
			note += "；回避事由（" + strings.Join(why, "；") + "）经批准不回避：" + override
		}
		return s.custody(ctx, tx, p, c, "prelim.start", "开展初步核实", note)
	})
	return out, recusals, err
}

// recusalsOf finds why user (named name) may not verify a clue about subjects: being one of
// them, or their close relative or specific related person as either archive records it.
func recusalsOf(ctx context.Context, tx *db.Tx, userID int64, name string, subjects []cadre.Cadre) ([]Recusal, error) {
	var own cadre.Cadre
	err := tx.QueryRow(ctx, `SELECT id, id_number FROM cadres WHERE user_id = ?`, userID).Scan(&own.ID, &own.IDNumber)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // no cadre record: nothing in the archives to recuse on
	}
	if err != nil {
		return nil, err
	}
	var out []Recusal
	for _, k := range subjects {
		if k.ID == own.ID {
			out = append(out, Recusal{name, "本人是被反映人"})
			continue
		}
		var rel string
		err := tx.QueryRow(ctx, `SELECT relation FROM family_members WHERE cadre_id = ? AND id_number <> '' AND id_number = (SELECT id_number FROM cadres WHERE id = ?)
			UNION ALL SELECT relation FROM family_members WHERE cadre_id = ? AND id_number <> '' AND id_number = ? LIMIT 1`,
			own.ID, k.ID, k.ID, own.IDNumber).Scan(&rel)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, err
		default:
			out = append(out, Recusal{name, "与被反映人" + k.Name + "有" + cadre.RelationName(cadre.Relation(rel)) + "关系（廉政档案记载）"})
		}
	}
	return out, nil
}

// ConcludePrelim records the verification report and the outcome it proposes. Requires
// clue.handle.
func (s *Service) ConcludePrelim(ctx context.Context, p org.Principal, id int64, report, outcome, concludedOn string) error {
	if !p.Can(org.PermClueHandle) {
		return apperr.New(apperr.Forbidden, "无权办理初步核实")
	}
	f := apperr.Fields{}
	report = strings.TrimSpace(report)
	if report == "" {
		f.Add("report", "请填写初步核实报告")
	}
	known := false
	for _, o := range PrelimOutcomes() {
		known = known || o.ID == outcome
	}
	if !known {
		f.Add("outcome", "请选择处理建议")
	}
	d, ok := cadre.ParseDate(concludedOn)
	if !ok || d > s.today() {
		f.Add("concluded_on", "请填写日期（不晚于今天），格式 YYYY-MM-DD")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var clueID int64
		var done string
		err := tx.QueryRow(ctx, `SELECT clue_id, concluded_on FROM prelims WHERE id = ?`, id).Scan(&clueID, &done)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("该初步核实")
		}
		if err != nil {
			return err
		}
		c, err := s.get(ctx, tx, p, clueID)
		if err != nil {
			return err
		}
		if done != "" {
			return apperr.New(apperr.Conflict, "该初步核实已于 %s 完成", done)
		}
		if _, err := tx.Exec(ctx, `UPDATE prelims SET report = ?, outcome = ?, concluded_on = ? WHERE id = ?`, report, outcome, d, id); err != nil {
			return err
		}
		next := map[string]string{"file_case": Transferred, "close": Closed, "light": Closed, "inquiry": Inquiry, "shelve": Shelved}[outcome]
		if err := s.setStatus(ctx, tx, c.ID, next); err != nil {
			return err
		}
		name := ""
		for _, o := range PrelimOutcomes() {
			if o.ID == outcome {
				name = o.Name
			}
		}
		return s.custody(ctx, tx, p, c, "prelim.conclude", "初步核实完成，建议"+name, report)
	})
}

// prelims loads a clue's verifications.
func (s *Service) prelims(ctx context.Context, q db.Querier, clueID int64) ([]Verification, error) {
	rows, err := q.Query(ctx, `SELECT id, clue_id, plan, team_names, override, started_on, report, outcome, concluded_on FROM prelims WHERE clue_id = ? ORDER BY id`, clueID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Verification
	for rows.Next() {
		var v Verification
		var team string
		if err := rows.Scan(&v.ID, &v.ClueID, &v.Plan, &team, &v.Override, &v.StartedOn, &v.Report, &v.Outcome, &v.ConcludedOn); err != nil {
			return nil, err
		}
		v.Team = strings.Split(team, "、")
		out = append(out, v)
	}
	return out, rows.Err()
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

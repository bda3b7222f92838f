package inspection

import (
	"context"
	"custos/internal/clock"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
)

// input reads everything the draw of round r needs: its targets, the available pool members in
// the organising commission's scope, and each member's bars — former posts within the round's
// years, relatives working in a target (by ID number either way, or by employer name), and
// the targets of the round before.
func (s *Service) input(ctx context.Context, q db.Querier, r Round, seed uint64) (Input, []TargetUnit, error) {
	in := Input{Rules: Rules{TeamSize: r.TeamSize, LeaderRank: RankLevel(r.LeaderRank), RankName: cadre.RankName(r.LeaderRank), Skills: r.Skills},
		Bars: map[int64][]Bar{}, ZoneNames: map[int64]string{}, Seed: seed}
	targets, err := s.targets(ctx, q, r.ID, 0)
	if err != nil {
		return in, nil, err
	}
	names := map[int64]string{}
	rows, err := q.Query(ctx, `SELECT t.unit_id, u.name, COALESCE(u.zone_id, 0) FROM inspection_targets t JOIN commissions u ON u.id = t.unit_id WHERE t.round_id = ? ORDER BY t.unit_path`, r.ID)
	in.Targets, err = db.Collect(rows, err, func(sc db.Scanner) (Target, error) {
		var t Target
		err := sc.Scan(&t.UnitID, &t.Name, &t.ZoneID)
		names[t.UnitID] = t.Name
		return t, err
	})
	if err != nil {
		return in, nil, err
	}
	rows, err = q.Query(ctx, `SELECT id, name FROM zones`)
	zones, err := db.Collect(rows, err, func(sc db.Scanner) (Bar, error) {
		var z Bar
		return z, sc.Scan(&z.UnitID, &z.Reason)
	})
	if err != nil {
		return in, nil, err
	}
	for _, z := range zones {
		in.ZoneNames[z.UnitID] = z.Reason
	}
	lo, hi := db.SubtreeRange(r.CommissionPath)
	rows, err = q.Query(ctx, `SELECT k.id, k.name, k.commission_id, COALESCE(c.zone_id, 0), k.rank, m.skills
		FROM pool_members m JOIN cadres k ON k.id = m.cadre_id JOIN commissions c ON c.id = k.commission_id
		WHERE m.available = ? AND k.status = ? AND k.commission_path >= ? AND k.commission_path < ? ORDER BY k.id`, true, cadre.InPost, lo, hi)
	in.Pool, err = db.Collect(rows, err, func(sc db.Scanner) (Candidate, error) {
		var c Candidate
		var rank cadre.Rank
		var skills string
		err := sc.Scan(&c.CadreID, &c.Name, &c.UnitID, &c.ZoneID, &rank, &skills)
		c.Rank, c.Skills = RankLevel(rank), strings.Split(skills, ",")
		return c, err
	})
	if err != nil {
		return in, nil, err
	}
	bar := func(cadreID, unitID int64, reason string) {
		if _, ok := names[unitID]; ok {
			in.Bars[cadreID] = append(in.Bars[cadreID], Bar{UnitID: unitID, Reason: reason})
		}
	}
	// Former posts within the last years.
	since := clock.In(s.now()).AddDate(-r.ServedYears, 0, 0).Format("2006-01-02")
	type fact struct {
		cadre, unit int64
		a, b, c     string
	}
	scanFact := func(sc db.Scanner) (fact, error) {
		var f fact
		return f, sc.Scan(&f.cadre, &f.unit, &f.a, &f.b, &f.c)
	}
	rows, err = q.Query(ctx, `SELECT a.cadre_id, a.commission_id, a.date, a.post, '' FROM appointments a JOIN pool_members m ON m.cadre_id = a.cadre_id
		WHERE a.date >= ? ORDER BY a.cadre_id, a.date`, since)
	facts, err := db.Collect(rows, err, scanFact)
	if err != nil {
		return in, nil, err
	}
	for _, f := range facts {
		bar(f.cadre, f.unit, fmt.Sprintf("近 %d 年曾在该单位任职（%s 任%s）", r.ServedYears, f.a, f.b))
	}
	// Relatives: recorded in the member's archive and found in the roster, recorded the other
	// way round, or named by employer.
	rows, err = q.Query(ctx, `SELECT f.cadre_id, k.commission_id, f.relation, f.name, '' FROM family_members f JOIN pool_members m ON m.cadre_id = f.cadre_id
		JOIN cadres k ON k.id_number = f.id_number WHERE f.id_number <> '' AND k.status = ?
		UNION ALL
		SELECT m.cadre_id, k.commission_id, f.relation, k.name, '' FROM pool_members m JOIN cadres pk ON pk.id = m.cadre_id
		JOIN family_members f ON f.id_number = pk.id_number JOIN cadres k ON k.id = f.cadre_id WHERE k.status = ?`, cadre.InPost, cadre.InPost)
	facts, err = db.Collect(rows, err, scanFact)
	if err != nil {
		return in, nil, err
	}
	for _, f := range facts {
		bar(f.cadre, f.unit, "其亲属"+f.b+"在该单位工作")
	}
	rows, err = q.Query(ctx, `SELECT f.cadre_id, 0, f.relation, f.name, f.employer FROM family_members f JOIN pool_members m ON m.cadre_id = f.cadre_id WHERE f.employer <> ''`)
	facts, err = db.Collect(rows, err, scanFact)
	if err != nil {
		return in, nil, err
	}
	for _, f := range facts {
		for id, name := range names {
			if strings.Contains(f.c, name) {
				bar(f.cadre, id, "其"+cadre.RelationName(cadre.Relation(f.a))+f.b+"在该单位工作")
			}
		}
	}
	// The round before (of the same commission): nobody inspects the same unit twice running.
	rows, err = q.Query(ctx, `SELECT m.cadre_id, t.unit_id, r.title, '', '' FROM inspection_members m JOIN inspection_targets t ON t.id = m.target_id
		JOIN inspection_rounds r ON r.id = t.round_id
		WHERE r.id = (SELECT MAX(id) FROM inspection_rounds WHERE commission_id = ? AND id < ? AND drawn_at IS NOT NULL)`, r.CommissionID, r.ID)
	facts, err = db.Collect(rows, err, scanFact)
	if err != nil {
		return in, nil, err
	}
	for _, f := range facts {
		bar(f.cadre, f.unit, "上一轮（"+f.a+"）曾督查该单位")
	}
	return in, targets, nil
}

// ParseSeed reads a typed seed; blank gives one from the clock, shown and kept with the draw.
func (s *Service) ParseSeed(typed string) (uint64, error) {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return uint64(s.now().UnixNano()) % 1_000_000_000, nil
	}
	n, err := strconv.ParseUint(typed, 10, 63)
	if err != nil {
		return 0, apperr.Fields{"seed": "随机种子应为非负整数（留空则由系统生成）"}.Err()
	}
	return n, nil
}

// DrawTeams draws the round's teams with seed (see ParseSeed) and keeps them with every
// exclusion explained. A draw that cannot satisfy the rules writes no team and answers the
// target and the failing constraint; the attempt is audited either way. Requires cadre.manage.
func (s *Service) DrawTeams(ctx context.Context, p org.Principal, roundID int64, seed uint64) (Round, error) {
	if !p.Can(org.PermCadreManage) {
		return Round{}, apperr.New(apperr.Forbidden, "无权组织内部督查")
	}
	var r Round
	var failure *Failure
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if r, err = s.load(ctx, tx, p, roundID); err != nil {
			return err
		}
		if r.Drawn {
			return apperr.New(apperr.Conflict, "督查组已于此前抽定（随机种子 %d），如需调整请逐人替换", r.Seed)
		}
		if r.TargetCount == 0 {
			return apperr.New(apperr.Conflict, "尚未确定督查对象")
		}
		in, targets, err := s.input(ctx, tx, r, seed)
		if err != nil {
			return err
		}
		teams, err := Draw(in)
		entry := audit.Entry{Action: "inspection.draw", ObjectType: "inspection", ObjectID: strconv.FormatInt(r.ID, 10), CommissionID: r.CommissionID, ScopePath: r.CommissionPath}
		if errors.As(err, &failure) {
			entry.Summary = fmt.Sprintf("内部督查“%s”抽组未成（随机种子 %d）：%s", r.Title, seed, failure.Error())
			return s.audit.Append(ctx, tx, p.Actor(), entry)
		}
		if err != nil {
			return err
		}
		byUnit := map[int64]int64{}
		for _, t := range targets {
			byUnit[t.UnitID] = t.ID
		}
		for _, team := range teams {
			tid := byUnit[team.Target.UnitID]
			if _, err := tx.Exec(ctx, `UPDATE inspection_targets SET exclusions = ? WHERE id = ?`, strings.Join(team.Exclusions, "\n"), tid); err != nil {
				return err
			}
			for i, m := range team.Members {
				role := "member"
				if i == 0 {
					role = "leader"
				}
				if _, err := tx.Exec(ctx, `INSERT INTO inspection_members (target_id, cadre_id, role, active, added_at) VALUES (?, ?, ?, ?, ?)`,
					tid, m.CadreID, role, true, s.now().UTC()); err != nil {
					return err
				}
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE inspection_rounds SET seed = ?, drawn_at = ?, drawn_by = ? WHERE id = ?`, int64(seed), s.now().UTC(), p.DisplayName, r.ID); err != nil {
			return err
		}
		r.Drawn, r.Seed = true, int64(seed)
		entry.Summary = fmt.Sprintf("内部督查“%s”抽取督查组 %d 个（随机种子 %d，可抽人员 %d 人）", r.Title, len(teams), seed, len(in.Pool))
		return s.audit.Append(ctx, tx, p.Actor(), entry)
	})
	if err == nil && failure != nil {
		return r, apperr.New(apperr.Conflict, "未能按规则抽组，未作任何调整。%s", failure.Error())
	}
	return r, err
}

// ReplaceMember takes member memberID off its team for why and draws a replacement under the
// same rules (the leader by a leader; the skills the rest no longer cover), with the round's
// seed plus the number of replacements so far. Requires cadre.manage.
func (s *Service) ReplaceMember(ctx context.Context, p org.Principal, roundID, memberID int64, why string) (Member, error) {
	if !p.Can(org.PermCadreManage) {
		return Member{}, apperr.New(apperr.Forbidden, "无权组织内部督查")
	}
	why = strings.TrimSpace(why)
	if why == "" || utf8.RuneCountInString(why) > 200 {
		return Member{}, apperr.Fields{"why": "请写明替换原因（不超过 200 字）"}.Err()
	}
	var out Member
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.load(ctx, tx, p, roundID)
		if err != nil {
			return err
		}
		var replaced int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM inspection_members m JOIN inspection_targets t ON t.id = m.target_id WHERE t.round_id = ? AND NOT m.active`, r.ID).Scan(&replaced); err != nil {
			return err
		}
		in, targets, err := s.input(ctx, tx, r, uint64(r.Seed)+uint64(replaced)+1)
		if err != nil {
			return err
		}
		used := map[int64]bool{}
		var team Team
		var target TargetUnit
		at := -1
		for _, t := range targets {
			for _, m := range t.Members {
				used[m.CadreID] = true
				if m.ID == memberID && m.Active {
					target = t
				}
			}
		}
		if target.ID == 0 {
			return apperr.NotFoundf("该督查组成员")
		}
		team.Target = Target{UnitID: target.UnitID, Name: target.UnitName}
		for _, t := range in.Targets {
			if t.UnitID == target.UnitID {
				team.Target = t
			}
		}
		pos := map[int64]Candidate{}
		for _, c := range in.Pool {
			pos[c.CadreID] = c
		}
		for _, m := range target.Members {
			if !m.Active {
				continue
			}
			c, ok := pos[m.CadreID]
			if !ok {
				c = Candidate{CadreID: m.CadreID, Name: m.Name, Rank: RankLevel(m.Rank), Skills: strings.Split(m.Skills, "、")}
			}
			if m.ID == memberID {
				at = len(team.Members)
			}
			team.Members = append(team.Members, c)
		}
		c, err := Replace(in, team, at, used)
		var f *Failure
		if errors.As(err, &f) {
			return apperr.New(apperr.Conflict, "未能替换：%s", f.Error())
		}
		if err != nil {
			return err
		}
		old := target.Members[0]
		for _, m := range target.Members {
			if m.ID == memberID {
				old = m
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE inspection_members SET active = ?, replaced_why = ? WHERE id = ?`, false, why, memberID); err != nil {
			return err
		}
		role := "member"
		if old.Leader {
			role = "leader"
		}
		if err := tx.QueryRow(ctx, `INSERT INTO inspection_members (target_id, cadre_id, role, active, added_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			target.ID, c.CadreID, role, true, s.now().UTC()).Scan(&out.ID); err != nil {
			return err
		}
		out.CadreID, out.Name, out.Leader, out.Active = c.CadreID, c.Name, old.Leader, true
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "inspection.replace", ObjectType: "inspection", ObjectID: strconv.FormatInt(r.ID, 10),
			Summary:      fmt.Sprintf("内部督查“%s”（%s）：%s 因“%s”退出，按同一规则抽取 %s 替换", r.Title, target.UnitName, old.Name, why, c.Name),
			CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return out, err
}

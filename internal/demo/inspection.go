package demo

import (
	"context"
	"fmt"
	"time"

	"custos/internal/auth"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/inspection"
	"custos/internal/org"
	"custos/internal/pool"
)

// InspectionRound is the title of the demo's inspection round.
const InspectionRound = "2026 年第一轮纪检监察机关内部督查"

// LoadInspection adds what a new user needs to see an inspection round (run after Load): twelve
// more pool members across the zones — 黄河 served at 南明区 last year, 欧阳雪's husband works at
// 遵义市纪委监委, 麻静 shares 南明区's zone —, a round over 南明区, 遵义市 and a resident
// group with its teams drawn (seed 20260101), checklist answers, an on-site talk and two
// findings, one of them sent to rectification. The round is the provincial cadre-supervision
// office's (gz.ganjian).
func LoadInspection(ctx context.Context, d *db.DB, cadres *cadre.Service, pl *pool.Service, insp *inspection.Service, now time.Time) error {
	sys := org.SystemPrincipal("demo")
	commission := func(code string) (int64, error) {
		var id int64
		err := d.Reader().QueryRow(ctx, `SELECT id FROM commissions WHERE code = ?`, code).Scan(&id)
		return id, err
	}
	people := []struct {
		name, code, post, rank, birth string
		skills                        []string
	}{
		{"田野", "5226", "干部监督室主任", "县处级", "19780305", []string{"干部监督", "财务审计"}},
		{"石磊", "5227", "审查调查室主任", "县处级", "19770611", []string{"审查调查", "案件审理"}},
		{"龙飞", "5206", "监督检查室主任", "县处级", "19800102", []string{"巡视巡察", "财务审计"}},
		{"罗敏", "5202", "案件审理室副主任", "乡科级", "19860417", []string{"财务审计", "案件审理"}},
		{"潘婷", "5205", "审查调查室副主任", "乡科级", "19880923", []string{"审查调查"}},
		{"杨柳", "5223", "干部监督室副主任", "乡科级", "19870714", []string{"干部监督", "财务审计"}},
		{"黄河", "520102", "区纪委副书记", "县处级", "19760808", []string{"审查调查", "巡视巡察"}},
		{"麻静", "5204", "监督检查室副主任", "乡科级", "19890228", []string{"财务审计"}},
		{"欧阳雪", "5226", "信访室副主任", "乡科级", "19850516", []string{"文字综合", "财务审计"}},
		{"韦刚", "5227", "党风政风监督室主任", "县处级", "19790120", []string{"干部监督", "法律法规"}},
		{"吴江", "5223", "第一监督检查室主任", "县处级", "19781111", []string{"干部监督", "审查调查"}},
		{"安宁", "5206", "案件监督管理室主任", "县处级", "19810404", []string{"案件审理", "信访举报"}},
	}
	for i, m := range people {
		cid, err := commission(m.code)
		if err != nil {
			return fmt.Errorf("commission %s: %w", m.code, err)
		}
		k, err := cadres.Create(ctx, sys, cadre.Input{Name: m.name, IDNumber: idNumber(m.code, m.birth, 301+i*2), Post: m.post, Rank: m.rank,
			KeyMinority: "否", ManagementAuthority: "省纪委管理", PartyJoinDate: joinDate(m.birth)}, cadre.Placement{CommissionID: cid})
		if err != nil {
			return fmt.Errorf("cadre %s: %w", m.name, err)
		}
		switch m.name {
		case "黄河": // served at 南明区 until last year, now at the province
			prov, err := commission("52")
			if err != nil {
				return err
			}
			if _, _, err := cadres.RecordAppointment(ctx, sys, k.ID, cadre.AppointmentInput{Date: now.AddDate(-2, 0, 0).Format("2006-01-02"), Kind: cadre.Appoint,
				Post: m.post, CommissionID: cid, DocNo: "筑纪干〔2024〕3号"}); err != nil {
				return err
			}
			if _, _, err := cadres.RecordAppointment(ctx, sys, k.ID, cadre.AppointmentInput{Date: now.AddDate(-1, 0, 0).Format("2006-01-02"), Kind: cadre.Appoint,
				Post: "第二监督检查室副主任", CommissionID: prov, DocNo: "黔纪干〔2025〕12号"}); err != nil {
				return err
			}
		case "欧阳雪":
			if _, err := cadres.AddFamily(ctx, sys, k.ID, cadre.FamilyMember{Relation: "spouse", Name: "陈实", Employer: "遵义市纪委监委", Post: "案件监督管理室干部"}); err != nil {
				return err
			}
		}
		if _, err := pl.Enroll(ctx, sys, pool.Input{Cadre: k.IDNumber, Skills: m.skills, Available: true, Training: "2026 年全省内部督查业务培训"}); err != nil {
			return fmt.Errorf("pool %s: %w", m.name, err)
		}
	}
	var uid int64
	if err := d.Reader().QueryRow(ctx, `SELECT id FROM users WHERE username = 'gz.ganjian'`).Scan(&uid); err != nil {
		return err
	}
	p, err := auth.LoadPrincipal(ctx, d.Reader(), uid)
	if err != nil {
		return err
	}
	// Last year's round over 南明区 found a problem of the same type: this year's is flagged.
	last, err := insp.Create(ctx, p, inspection.RoundInput{Title: "2025 年纪检监察机关内部督查", Period: now.AddDate(-1, 0, 0).Format("2006"), Plan: "三盯三看",
		OnsiteFrom: now.AddDate(-1, 0, -20).Format("2006-01-02"), OnsiteTo: now.AddDate(-1, 0, -10).Format("2006-01-02"), TeamSize: "3", LeaderRank: "county",
		Targets: "520102"})
	if err != nil {
		return fmt.Errorf("inspection round: %w", err)
	}
	if last, err = insp.DrawTeams(ctx, p, last.ID, 20250101); err != nil {
		return fmt.Errorf("inspection draw: %w", err)
	}
	if last, err = insp.Get(ctx, p, last.ID); err != nil {
		return err
	}
	if _, err := insp.AddFinding(ctx, p, last.ID, last.Targets[0].ID, inspection.FindingInput{Dimension: "enforcement", Category: "线索处置不规范", Severity: "minor",
		Stage: "clue", Tags: "集体研判", Description: "问题线索处置审批表签批不全", Evidence: "2024 年问题线索台账", Responsible: "冯涛"}); err != nil {
		return err
	}
	year := now.Format("2006")
	r, err := insp.Create(ctx, p, inspection.RoundInput{Title: InspectionRound, Period: year,
		Plan:       "重点督查落实全面从严治党主体责任和监督责任、执纪执法、队伍建设情况（三盯三看）。采取个别谈话、调阅资料、走访等方式，每个单位进驻 5 个工作日。",
		OnsiteFrom: now.AddDate(0, 0, -20).Format("2006-01-02"), OnsiteTo: now.AddDate(0, 0, -10).Format("2006-01-02"),
		TeamSize: "3", LeaderRank: "county", Skills: []string{"财务审计"}, Targets: "520102\n5203\n52-R02"})
	if err != nil {
		return fmt.Errorf("inspection round: %w", err)
	}
	if r, err = insp.DrawTeams(ctx, p, r.ID, 20260101); err != nil {
		return fmt.Errorf("inspection draw: %w", err)
	}
	r, err = insp.Get(ctx, p, r.ID)
	if err != nil {
		return err
	}
	var t inspection.TargetUnit
	for _, x := range r.Targets {
		if x.UnitName == "南明区纪委监委" {
			t = x
		}
	}
	items, err := insp.Checklist(ctx, p, false)
	if err != nil {
		return err
	}
	for i, it := range items {
		answer, evidence := "yes", "查阅党委会议记录和年度工作要点，已专题研究部署"
		if i == 2 {
			answer, evidence = "no", "抽查 2025 年问题线索 12 件，3 件未经集体研判即作了结处理"
		}
		if err := insp.AnswerItem(ctx, p, r.ID, t.ID, it.ID, answer, evidence); err != nil {
			return err
		}
	}
	day := now.AddDate(0, 0, -15).Format("2006-01-02")
	if err := insp.RecordOnsite(ctx, p, r.ID, t.ID, "talk", day, "与区纪委监委班子成员和各室负责人个别谈话 14 人次"); err != nil {
		return err
	}
	if err := insp.RecordOnsite(ctx, p, r.ID, t.ID, "files", day, "调阅 2025 年问题线索台账、处置审批表和集体研判会议记录"); err != nil {
		return err
	}
	f, err := insp.AddFinding(ctx, p, r.ID, t.ID, inspection.FindingInput{Dimension: "enforcement", Category: "线索处置不规范", Severity: "serious", Stage: "clue", Tags: "集体研判、了结",
		Description: "3 件问题线索未经集体研判即予了结", Evidence: "2025 年问题线索台账第 17、23、41 号及其审批表", Responsible: "冯涛"})
	if err != nil {
		return err
	}
	if _, err := insp.ToRectification(ctx, p, r.ID, f.ID, now.AddDate(0, 2, 0).Format("2006-01-02")); err != nil {
		return err
	}
	if _, err := insp.AddFinding(ctx, p, r.ID, t.ID, inspection.FindingInput{Dimension: "team", Category: "干部教育管理薄弱", Severity: "minor", Stage: "cadre", Tags: "到岗谈话",
		Description: "新任干部到岗谈话未按期开展", Evidence: "干部监督室谈话台账", Responsible: "卫东"}); err != nil {
		return err
	}
	return insp.Feedback(ctx, p, r.ID, t.ID, now.AddDate(0, 0, -8).Format("2006-01-02"), "南明区纪委书记冯涛及班子成员", "反馈督查发现的 2 个问题，要求 2 个月内完成整改并报送整改情况。")
}

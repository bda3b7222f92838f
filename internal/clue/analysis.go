package clue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/paper"
)

// Analysis is the three-year analysis of the clues about one commission's leadership team
// (C9): who, how many a year, where they came from, how they were disposed of, what inquiries
// found.
type Analysis struct {
	CommissionID   int64
	CommissionName string
	From, To       string // the window, YYYY-MM-DD
	Members        []MemberCount
	ByYear         map[int]int
	Years          []int
	BySource       map[string]int
	ByStatus       map[string]int
	Inquiries      int
	Outcomes       map[string]int
	Contradictions int
	Total          int
}

// MemberCount is one team member and the clues about them.
type MemberCount struct {
	Name, Post string
	Clues      int
}

// TeamAnalysis analyses the clues of the last three years about the key-minority cadres (the
// leadership team) of a commission in p's scope — an audited read. Requires clue.view.
func (s *Service) TeamAnalysis(ctx context.Context, p org.Principal, commissionID int64) (Analysis, error) {
	if !p.Can(org.PermClueView) {
		return Analysis{}, apperr.New(apperr.Forbidden, "无权查看线索分析")
	}
	today, _ := time.Parse("2006-01-02", s.today())
	a := Analysis{CommissionID: commissionID, From: today.AddDate(-3, 0, 0).Format("2006-01-02"), To: s.today(),
		ByYear: map[int]int{}, BySource: map[string]int{}, ByStatus: map[string]int{}, Outcomes: map[string]int{}}
	for y := today.Year() - 3; y <= today.Year(); y++ {
		a.Years = append(a.Years, y)
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		lo, hi := db.SubtreeRange(p.ScopePath)
		var path string
		err := tx.QueryRow(ctx, `SELECT name, path FROM commissions WHERE id = ? AND path >= ? AND path < ?`, commissionID, lo, hi).Scan(&a.CommissionName, &path)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("该机构")
		}
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT k.name, k.post, (SELECT COUNT(*) FROM clue_subjects s JOIN clues c ON c.id = s.clue_id
			WHERE s.cadre_id = k.id AND c.received_on >= ? AND c.commission_path >= ? AND c.commission_path < ?)
			FROM cadres k WHERE k.commission_id = ? AND k.key_minority = ? AND k.status = 'in_post' ORDER BY k.id`, a.From, lo, hi, commissionID, true)
		if err != nil {
			return err
		}
		for rows.Next() {
			var m MemberCount
			if err := rows.Scan(&m.Name, &m.Post, &m.Clues); err != nil {
				rows.Close()
				return err
			}
			a.Members = append(a.Members, m)
		}
		rows.Close()
		team := `SELECT DISTINCT c.id FROM clues c JOIN clue_subjects s ON s.clue_id = c.id JOIN cadres k ON k.id = s.cadre_id
			WHERE k.commission_id = ? AND k.key_minority = ? AND c.received_on >= ? AND c.commission_path >= ? AND c.commission_path < ?`
		args := []any{commissionID, true, a.From, lo, hi}
		rows, err = tx.Query(ctx, `SELECT received_on, source, status FROM clues WHERE id IN (`+team+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var on, source, status string
			if err := rows.Scan(&on, &source, &status); err != nil {
				rows.Close()
				return err
			}
			y, _ := strconv.Atoi(on[:4])
			a.ByYear[y]++
			a.BySource[source]++
			a.ByStatus[StatusName(status)]++
			a.Total++
		}
		rows.Close()
		rows, err = tx.Query(ctx, `SELECT i.outcome, COALESCE(x.contradiction, FALSE) FROM inquiries i LEFT JOIN spot_checks x ON x.inquiry_id = i.id
			JOIN cadres k ON k.id = i.cadre_id WHERE i.clue_id IN (`+team+`) AND k.commission_id = ? AND k.key_minority = ?`, append(args, commissionID, true)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var outcome string
			var contra bool
			if err := rows.Scan(&outcome, &contra); err != nil {
				rows.Close()
				return err
			}
			a.Inquiries++
			if outcome == "" {
				outcome = "办理中"
			}
			a.Outcomes[outcomeName(outcome)]++
			if contra {
				a.Contradictions++
			}
		}
		rows.Close()
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "clue.analysis", ObjectType: "commission", ObjectID: strconv.FormatInt(commissionID, 10),
			Summary: "查看 " + a.CommissionName + " 领导班子近三年问题线索分析", CommissionID: commissionID, ScopePath: path})
	})
	return a, err
}

func outcomeName(id string) string {
	for _, o := range Outcomes() {
		if o.ID == id {
			return o.Name
		}
	}
	return id
}

// counts writes a map as "a 3 件、b 1 件", largest first then by name.
func counts(m map[string]int) string {
	type kv struct {
		k string
		v int
	}
	var list []kv
	for k, v := range m {
		list = append(list, kv{k, v})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].v != list[j].v {
			return list[i].v > list[j].v
		}
		return list[i].k < list[j].k
	})
	var parts []string
	for _, x := range list {
		parts = append(parts, fmt.Sprintf("%s %d 件", x.k, x.v))
	}
	if len(parts) == 0 {
		return "无"
	}
	return strings.Join(parts, "、")
}

// Document lays the analysis out as a report (GB/T 9704) signed by the analysing commission.
func (a Analysis) Document(by string, on time.Time) paper.Doc {
	var body []paper.Para
	add := func(level int, text string) { body = append(body, paper.Para{Level: level, Text: text}) }
	add(0, fmt.Sprintf("根据干部监督工作需要，对%s至%s期间反映%s领导班子成员的问题线索进行了梳理分析，现将有关情况报告如下。", a.From, a.To, a.CommissionName))
	add(1, "一、总体情况")
	var years []string
	for _, y := range a.Years {
		years = append(years, fmt.Sprintf("%d 年 %d 件", y, a.ByYear[y]))
	}
	add(0, fmt.Sprintf("近三年共受理反映该班子成员的问题线索 %d 件，其中%s。", a.Total, strings.Join(years, "、")))
	var members []string
	for _, m := range a.Members {
		members = append(members, fmt.Sprintf("%s（%s）%d 件", m.Name, m.Post, m.Clues))
	}
	if len(members) > 0 {
		add(0, "按班子成员分："+strings.Join(members, "；")+"。")
	}
	add(1, "二、线索来源和处置情况")
	add(0, "按来源分："+counts(a.BySource)+"。")
	add(0, "按处置状态分："+counts(a.ByStatus)+"。")
	add(1, "三、谈话函询和抽查核实情况")
	add(0, fmt.Sprintf("对班子成员开展谈话函询 %d 人次，结果为：%s。抽查核实发现不如实说明 %d 人次。", a.Inquiries, counts(a.Outcomes), a.Contradictions))
	add(1, "四、分析意见")
	switch {
	case a.Total == 0:
		add(0, "近三年未收到反映该班子成员的问题线索，班子整体廉洁状况较好，应继续加强日常监督。")
	case a.Contradictions > 0:
		add(0, "抽查核实中发现有不如实说明情况，应对相关人员从严处理，并加强对该班子的政治监督和日常监督。")
	default:
		add(0, "请结合线索反映的集中领域，有针对性地开展监督谈话和专项检查，督促班子落实全面从严治党主体责任。")
	}
	return paper.Doc{Title: "关于" + a.CommissionName + "领导班子近三年问题线索情况的分析报告", Body: body, Signer: by, Date: on}
}

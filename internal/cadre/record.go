package cadre

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// Section is one section of the integrity archive (A1) kept as dated records.
type Section struct {
	ID   string
	Name string
}

// PersonalMatters is the yearly personal-matters report (个人有关事项报告), compared line by
// line with the year before.
const PersonalMatters = "personal_matters"

// Sections lists the record sections in display order.
func Sections() []Section {
	return []Section{
		{PersonalMatters, "个人有关事项报告"},
		{"appraisal", "年度考核"},
		{"commendation", "表彰奖励"},
		{"family_event", "婚丧喜庆事宜"},
		{"part_time", "兼职情况"},
		{"audit", "经济责任审计"},
		{"democratic_life", "民主生活会发言"},
		{"education", "教育培训（含警示教育）"},
		{"written_record", "个人写实记录"},
	}
}

// SectionName returns the Chinese name of section id.
func SectionName(id string) string {
	for _, s := range Sections() {
		if s.ID == id {
			return s.Name
		}
	}
	return id
}

// Record is one dated, sourced, attributed entry of an archive section.
type Record struct {
	ID         int64
	CadreID    int64
	Section    string
	Date       string
	Title      string
	Content    string
	Source     string // where it came from, e.g. 组织部提供, 本人填报
	Changes    string // personal matters: what changed since the year before
	RecordedBy string
}

// ChangedLines compares two reports line by line (blank lines and surrounding spaces ignored)
// and returns the lines only in cur (added) and only in prev (removed), in their order.
func ChangedLines(prev, cur string) (added, removed []string) {
	set := func(s string) (map[string]bool, []string) {
		m := map[string]bool{}
		var order []string
		for _, l := range strings.Split(s, "\n") {
			if l = strings.TrimSpace(l); l != "" && !m[l] {
				m[l] = true
				order = append(order, l)
			}
		}
		return m, order
	}
	pm, po := set(prev)
	cm, co := set(cur)
	for _, l := range co {
		if !pm[l] {
			added = append(added, l)
		}
	}
	for _, l := range po {
		if !cm[l] {
			removed = append(removed, l)
		}
	}
	return added, removed
}

// describeChanges words the result of ChangedLines for the archive.
func describeChanges(added, removed []string, first bool) string {
	if first {
		return "首次报告"
	}
	if len(added) == 0 && len(removed) == 0 {
		return "较上年无变化"
	}
	var parts []string
	if len(added) > 0 {
		parts = append(parts, "新增："+strings.Join(added, "；"))
	}
	if len(removed) > 0 {
		parts = append(parts, "不再报告："+strings.Join(removed, "；"))
	}
	return "较上年变化——" + strings.Join(parts, "。")
}

// AddRecord adds a record to a section of the archive of a cadre in p's scope. A personal-
// matters report is compared with the latest earlier one and its changes recorded. The record
// lands on the timeline. Requires cadre.manage.
func (s *Service) AddRecord(ctx context.Context, p org.Principal, cadreID int64, r Record) (Record, error) {
	if !p.Can(org.PermCadreManage) {
		return Record{}, apperr.New(apperr.Forbidden, "无权维护廉政档案")
	}
	f := apperr.Fields{}
	if SectionName(r.Section) == r.Section {
		f.Add("section", "请选择档案栏目")
	}
	r.Date = dateField(f, "date", "日期", r.Date, s.today())
	if r.Date == "" {
		f.Add("date", "请填写日期")
	}
	r.Title, r.Content, r.Source = strings.TrimSpace(r.Title), strings.TrimSpace(r.Content), strings.TrimSpace(r.Source)
	if r.Title == "" || utf8.RuneCountInString(r.Title) > 100 {
		f.Add("title", "请填写事项（不超过 100 字）")
	}
	if utf8.RuneCountInString(r.Content) > 5000 {
		f.Add("content", "内容不超过 5000 字")
	}
	if r.Source == "" || utf8.RuneCountInString(r.Source) > 50 {
		f.Add("source", "请填写来源（如 组织部提供、本人填报，不超过 50 字）")
	}
	if r.Section == PersonalMatters && r.Content == "" {
		f.Add("content", "个人有关事项报告请逐项填写，每行一项")
	}
	if err := f.Err(); err != nil {
		return Record{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		k, err := getCadre(ctx, tx, p, cadreID)
		if err != nil {
			return err
		}
		r.CadreID, r.RecordedBy = k.ID, p.DisplayName
		if r.Section == PersonalMatters {
			var prev string
			err := tx.QueryRow(ctx, `SELECT content FROM archive_records WHERE cadre_id = ? AND section = ? AND date < ?
				ORDER BY date DESC, id DESC LIMIT 1`, k.ID, PersonalMatters, r.Date).Scan(&prev)
			first := err != nil
			added, removed := ChangedLines(prev, r.Content)
			r.Changes = describeChanges(added, removed, first)
		}
		now := s.now()
		if err := tx.QueryRow(ctx, `INSERT INTO archive_records (cadre_id, section, date, title, content, source, changes, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, k.ID, r.Section, r.Date, r.Title, r.Content, r.Source, r.Changes,
			r.RecordedBy, now.UTC()).Scan(&r.ID); err != nil {
			return err
		}
		detail := r.Changes
		if detail == "" {
			detail = r.Content
		}
		if err := AddItem(ctx, tx, Item{CadreID: k.ID, Date: r.Date, Kind: "record:" + r.Section, Title: r.Title + "（来源：" + r.Source + "）",
			Detail: detail, SourceType: "archive_record", SourceID: r.ID, RecordedBy: p.DisplayName}, now); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "archive.record", ObjectType: "cadre", ObjectID: strconv.FormatInt(k.ID, 10),
			Summary: "登记 " + k.Name + " 的" + SectionName(r.Section) + "：" + r.Title, After: r, CommissionID: k.CommissionID, ScopePath: k.CommissionPath})
	})
	return r, err
}

func records(ctx context.Context, q db.Querier, cadreID int64) ([]Record, error) {
	rows, err := q.Query(ctx, `SELECT id, cadre_id, section, date, title, content, source, changes, recorded_by
		FROM archive_records WHERE cadre_id = ? ORDER BY date DESC, id DESC`, cadreID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var r Record
		if err := rows.Scan(&r.ID, &r.CadreID, &r.Section, &r.Date, &r.Title, &r.Content, &r.Source, &r.Changes, &r.RecordedBy); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

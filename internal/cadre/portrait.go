package cadre

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// Dimension is one dimension of the portraits (configurable per installation).
type Dimension struct {
	ID       int64
	Name     string
	Guidance string
	Position int
	Retired  bool // no longer asked for in new portraits
}

// Portrait is the three portraits (三幅画像) of a key leader for one period.
type Portrait struct {
	ID      int64
	CadreID int64
	Period  string // e.g. 2025, 2025上半年
	Author  string
	Entries []PortraitEntry
}

// PortraitEntry is one dimension's short judgment and the archive items that support it.
type PortraitEntry struct {
	Dimension Dimension
	Judgment  string
	Evidence  []Item
}

// PortraitInput is a portrait as written: a judgment and evidence item ids per dimension id.
type PortraitInput struct {
	Period    string
	Judgments map[int64]string
	Evidence  map[int64][]int64
}

// Dimensions returns the portrait dimensions in use, in order: what a new portrait is written
// against.
func (s *Service) Dimensions(ctx context.Context) ([]Dimension, error) {
	return s.dimensions(ctx, `WHERE NOT retired`)
}

// AllDimensions returns every dimension, retired ones included, for configuring them.
func (s *Service) AllDimensions(ctx context.Context) ([]Dimension, error) {
	return s.dimensions(ctx, ``)
}

func (s *Service) dimensions(ctx context.Context, where string) ([]Dimension, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT id, name, guidance, position, retired FROM portrait_dimensions `+where+` ORDER BY position, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Dimension
	for rows.Next() {
		var d Dimension
		if err := rows.Scan(&d.ID, &d.Name, &d.Guidance, &d.Position, &d.Retired); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SaveDimension adds a dimension (d.ID 0) or renames and reorders one in use. Portraits
// already written keep their judgments under the dimension's id. Requires cadre.manage.
func (s *Service) SaveDimension(ctx context.Context, p org.Principal, d Dimension) (Dimension, error) {
	if !p.Can(org.PermCadreManage) {
		return d, apperr.New(apperr.Forbidden, "无权配置画像维度")
	}
	f := apperr.Fields{}
	d.Name, d.Guidance = strings.TrimSpace(d.Name), strings.TrimSpace(d.Guidance)
	if d.Name == "" || utf8.RuneCountInString(d.Name) > 20 {
		f.Add("name", "请填写维度名称（不超过 20 字）")
	}
	if utf8.RuneCountInString(d.Guidance) > 200 {
		f.Add("guidance", "要点不超过 200 字")
	}
	if d.Position < 1 || d.Position > 99 {
		f.Add("position", "顺序应为 1–99")
	}
	if err := f.Err(); err != nil {
		return d, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		action, summary, before := "portrait_dimension.create", "新增画像维度："+d.Name, any(nil)
		if d.ID == 0 {
			err = tx.QueryRow(ctx, `INSERT INTO portrait_dimensions (name, guidance, position) VALUES (?, ?, ?) RETURNING id`,
				d.Name, d.Guidance, d.Position).Scan(&d.ID)
		} else {
			var old Dimension
			if err := tx.QueryRow(ctx, `SELECT id, name, guidance, position FROM portrait_dimensions WHERE id = ? AND NOT retired`, d.ID).
				Scan(&old.ID, &old.Name, &old.Guidance, &old.Position); errors.Is(err, sql.ErrNoRows) {
				return apperr.NotFoundf("该画像维度（或已停用）")
			} else if err != nil {
				return err
			}
			action, summary, before = "portrait_dimension.update", "修改画像维度："+old.Name+" → "+d.Name, old
			_, err = tx.Exec(ctx, `UPDATE portrait_dimensions SET name = ?, guidance = ?, position = ? WHERE id = ?`, d.Name, d.Guidance, d.Position, d.ID)
		}
		if db.IsUniqueViolation(err) {
			return apperr.Fields{"name": "已有同名维度"}.Err()
		}
		if err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: action, ObjectType: "portrait_dimension",
			ObjectID: strconv.FormatInt(d.ID, 10), Summary: summary, Before: before, After: d})
	})
	return d, err
}

// RetireDimension stops asking for a dimension in new portraits; one dimension at least stays
// in use. Requires cadre.manage.
func (s *Service) RetireDimension(ctx context.Context, p org.Principal, id int64) error {
	if !p.Can(org.PermCadreManage) {
		return apperr.New(apperr.Forbidden, "无权配置画像维度")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var name string
		var active int
		if err := tx.QueryRow(ctx, `SELECT name FROM portrait_dimensions WHERE id = ? AND NOT retired`, id).Scan(&name); errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("该画像维度（或已停用）")
		} else if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM portrait_dimensions WHERE NOT retired`).Scan(&active); err != nil {
			return err
		}
		if active <= 1 {
			return apperr.New(apperr.Conflict, "至少保留一个画像维度")
		}
		if _, err := tx.Exec(ctx, `UPDATE portrait_dimensions SET retired = ? WHERE id = ?`, true, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "portrait_dimension.retire", ObjectType: "portrait_dimension",
			ObjectID: strconv.FormatInt(id, 10), Summary: "停用画像维度：" + name})
	})
}

// WritePortrait records the portraits of a key leader in p's scope for a period: every
// dimension needs a judgment backed by at least one item of that cadre's own archive. One
// portrait per cadre and period. Requires archive.read and cadre.manage.
func (s *Service) WritePortrait(ctx context.Context, p org.Principal, cadreID int64, in PortraitInput) (Portrait, error) {
	if !p.Can(org.PermArchiveRead) || !p.Can(org.PermCadreManage) {
		return Portrait{}, apperr.New(apperr.Forbidden, "无权撰写画像")
	}
	dims, err := s.Dimensions(ctx)
	if err != nil {
		return Portrait{}, err
	}
	f := apperr.Fields{}
	in.Period = strings.TrimSpace(in.Period)
	if in.Period == "" || utf8.RuneCountInString(in.Period) > 20 {
		f.Add("period", "请填写画像期间（如 2025 年度）")
	}
	for _, d := range dims {
		key := "judgment_" + strconv.FormatInt(d.ID, 10)
		j := strings.TrimSpace(in.Judgments[d.ID])
		switch {
		case j == "" || utf8.RuneCountInString(j) > 500:
			f.Add(key, "请填写“"+d.Name+"”的判断（不超过 500 字）")
		case len(in.Evidence[d.ID]) == 0:
			f.Add(key, "“"+d.Name+"”须至少关联一项档案事项作为依据")
		}
		in.Judgments[d.ID] = j
	}
	if err := f.Err(); err != nil {
		return Portrait{}, err
	}
	var out Portrait
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		k, err := getCadre(ctx, tx, p, cadreID)
		if err != nil {
			return err
		}
		if !k.KeyMinority {
			return apperr.New(apperr.Conflict, "三幅画像适用于关键少数，%s 未标记为关键少数", k.Name)
		}
		if err := s.mayRead(ctx, tx, p, k); err != nil {
			return err
		}
		out = Portrait{CadreID: k.ID, Period: in.Period, Author: p.DisplayName}
		err = tx.QueryRow(ctx, `INSERT INTO portraits (cadre_id, period, author, author_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			k.ID, in.Period, p.DisplayName, nullID(p.UserID), s.now().UTC()).Scan(&out.ID)
		if db.IsUniqueViolation(err) {
			return apperr.Fields{"period": "该期间的画像已撰写"}.Err()
		}
		if err != nil {
			return err
		}
		for _, d := range dims {
			ids := in.Evidence[d.ID]
			args := []any{k.ID}
			for _, id := range ids {
				args = append(args, id)
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM archive_items WHERE cadre_id = ? AND id IN (`+db.Placeholders(len(ids))+`)`, args...).Scan(&n); err != nil {
				return err
			}
			if n != len(ids) {
				return apperr.Fields{"judgment_" + strconv.FormatInt(d.ID, 10): "依据须为本人档案中的事项"}.Err()
			}
			var parts []string
			for _, id := range ids {
				parts = append(parts, strconv.FormatInt(id, 10))
			}
			if _, err := tx.Exec(ctx, `INSERT INTO portrait_entries (portrait_id, dimension_id, judgment, evidence) VALUES (?, ?, ?, ?)`,
				out.ID, d.ID, in.Judgments[d.ID], strings.Join(parts, ",")); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "portrait.write", ObjectType: "cadre", ObjectID: strconv.FormatInt(k.ID, 10),
			Summary: "撰写 " + k.Name + " " + in.Period + " 三幅画像", After: in, CommissionID: k.CommissionID, ScopePath: k.CommissionPath})
	})
	return out, err
}

// portraits loads a cadre's portraits, newest period first, with their evidence items.
func portraits(ctx context.Context, q db.Querier, cadreID int64, items []Item) ([]Portrait, error) {
	byID := map[int64]Item{}
	for _, it := range items {
		byID[it.ID] = it
	}
	rows, err := q.Query(ctx, `SELECT p.id, p.period, p.author, d.id, d.name, d.guidance, e.judgment, e.evidence
		FROM portraits p JOIN portrait_entries e ON e.portrait_id = p.id JOIN portrait_dimensions d ON d.id = e.dimension_id
		WHERE p.cadre_id = ? ORDER BY p.period DESC, p.id DESC, d.position, d.id`, cadreID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Portrait
	for rows.Next() {
		var pid int64
		var period, author, evidence string
		var e PortraitEntry
		if err := rows.Scan(&pid, &period, &author, &e.Dimension.ID, &e.Dimension.Name, &e.Dimension.Guidance, &e.Judgment, &evidence); err != nil {
			return nil, err
		}
		for _, x := range splitList(evidence) {
			id, _ := strconv.ParseInt(x, 10, 64)
			if it, ok := byID[id]; ok {
				e.Evidence = append(e.Evidence, it)
			}
		}
		if len(out) == 0 || out[len(out)-1].ID != pid {
			out = append(out, Portrait{ID: pid, CadreID: cadreID, Period: period, Author: author})
		}
		out[len(out)-1].Entries = append(out[len(out)-1].Entries, e)
	}
	return out, rows.Err()
}

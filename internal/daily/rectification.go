package daily

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
)

// Rectification is one item a visit or a meeting asks the commission to put right (整改).
type Rectification struct {
	ID             int64
	SourceType     string // visit | life_meeting
	SourceID       int64
	CommissionID   int64
	CommissionPath string
	Item           string
	DueOn          string
	DoneOn         string // "" while open
	DoneNote       string
}

// Overdue reports whether the item is still open after its due date.
func (r Rectification) Overdue(today string) bool { return r.DoneOn == "" && r.DueOn < today }

// Open counts the items not yet done.
func Open(rs []Rectification) int {
	n := 0
	for _, r := range rs {
		if r.DoneOn == "" {
			n++
		}
	}
	return n
}

// sourceScope returns the commission and path of a visit or meeting in p's scope.
func (s *Service) sourceScope(ctx context.Context, q db.Querier, p org.Principal, sourceType string, id int64) (int64, string, string, error) {
	table, what := "visits", "该监督调研"
	if sourceType == "life_meeting" {
		table, what = "life_meetings", "该民主生活会记录"
	} else if sourceType != "visit" {
		return 0, "", "", apperr.NotFoundf("该事项")
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	var cid int64
	var path, title string
	col := "title"
	if table == "life_meetings" {
		col = "topic"
	}
	err := q.QueryRow(ctx, `SELECT commission_id, commission_path, `+col+` FROM `+table+` WHERE id = ? AND commission_path >= ? AND commission_path < ?`,
		id, lo, hi).Scan(&cid, &path, &title)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", "", apperr.NotFoundf(what)
	}
	return cid, path, title, err
}

// AddRectification adds an item to a visit's or meeting's rectification list. Requires
// cadre.manage.
func (s *Service) AddRectification(ctx context.Context, p org.Principal, sourceType string, sourceID int64, item, due string) (Rectification, error) {
	if err := mayWrite(p); err != nil {
		return Rectification{}, err
	}
	f := apperr.Fields{}
	text(f, "item", "整改事项", &item, true, 500)
	if d, ok := cadre.ParseDate(due); ok {
		due = d
	} else {
		f.Add("due_on", "请填写整改时限，格式 YYYY-MM-DD")
	}
	if err := f.Err(); err != nil {
		return Rectification{}, err
	}
	r := Rectification{SourceType: sourceType, SourceID: sourceID, Item: item, DueOn: due}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		cid, path, title, err := s.sourceScope(ctx, tx, p, sourceType, sourceID)
		if err != nil {
			return err
		}
		r.CommissionID, r.CommissionPath = cid, path
		if err := tx.QueryRow(ctx, `INSERT INTO rectifications (source_type, source_id, commission_id, commission_path, item, due_on, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, sourceType, sourceID, cid, path, item, due, s.now().UTC()).Scan(&r.ID); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "rectification.create", ObjectType: "rectification",
			ObjectID: strconv.FormatInt(r.ID, 10), Summary: "列入整改事项（" + title + "）：" + item, After: r, CommissionID: cid, ScopePath: path})
	})
	return r, err
}

// CompleteRectification records that an item was put right, on a date and how. Requires
// cadre.manage.
func (s *Service) CompleteRectification(ctx context.Context, p org.Principal, id int64, doneOn, note string) (Rectification, error) {
	if err := mayWrite(p); err != nil {
		return Rectification{}, err
	}
	f := apperr.Fields{}
	s.date(f, "done_on", "完成日期", &doneOn, true)
	text(f, "done_note", "整改情况", &note, true, 1000)
	if err := f.Err(); err != nil {
		return Rectification{}, err
	}
	var r Rectification
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		lo, hi := db.SubtreeRange(p.ScopePath)
		err := tx.QueryRow(ctx, `SELECT `+rectColumns+` FROM rectifications WHERE id = ? AND commission_path >= ? AND commission_path < ?`, id, lo, hi).
			Scan(r.fields()...)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("该整改事项")
		}
		if err != nil {
			return err
		}
		if r.DoneOn != "" {
			return apperr.New(apperr.Conflict, "该整改事项已于 %s 完成", r.DoneOn)
		}
		r.DoneOn, r.DoneNote = doneOn, note
		if _, err := tx.Exec(ctx, `UPDATE rectifications SET done_on = ?, done_note = ? WHERE id = ?`, doneOn, note, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "rectification.complete", ObjectType: "rectification",
			ObjectID: strconv.FormatInt(id, 10), Summary: "整改销号：" + r.Item, After: r, CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return r, err
}

const rectColumns = `id, source_type, source_id, commission_id, commission_path, item, due_on, done_on, done_note`

func (r *Rectification) fields() []any {
	return []any{&r.ID, &r.SourceType, &r.SourceID, &r.CommissionID, &r.CommissionPath, &r.Item, &r.DueOn, &r.DoneOn, &r.DoneNote}
}

func rectificationsOf(ctx context.Context, q db.Querier, sourceType string, id int64) ([]Rectification, error) {
	rows, err := q.Query(ctx, `SELECT `+rectColumns+` FROM rectifications WHERE source_type = ? AND source_id = ? ORDER BY id`, sourceType, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Rectification
	for rows.Next() {
		var r Rectification
		if err := rows.Scan(r.fields()...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

package cadre

import (
	"context"
	"strings"
	"time"

	"custos/internal/db"
)

// Item is one dated entry of an archive's timeline, linked to its source record.
type Item struct {
	ID         int64
	CadreID    int64
	Date       string
	Kind       string // the source's kind: appointment, talk, family, …
	Title      string
	Detail     string
	SourceType string
	SourceID   int64
	RecordedBy string
}

// KindName returns the Chinese name of a timeline kind; sources added later name theirs here.
func KindName(kind string) string {
	if section, ok := strings.CutPrefix(kind, "record:"); ok {
		return SectionName(section)
	}
	switch kind {
	case "appointment":
		return "任免"
	case "talk":
		return "谈话"
	case "family":
		return "家庭成员"
	case "opinion":
		return "党风廉政意见回复"
	case "report":
		return "信访举报"
	case "visit":
		return "监督调研"
	case "team_profile":
		return "班子政治画像"
	case "meeting":
		return "民主生活会"
	case "clue":
		return "问题线索"
	case "inquiry":
		return "谈话函询"
	case "case":
		return "审查调查"
	case "interference":
		return "打听过问登记"
	case "recusal":
		return "回避"
	}
	return kind
}

// AddItem writes a timeline entry inside the source's own transaction. It is the one way a
// source — this package's or another domain's — adds to an archive.
func AddItem(ctx context.Context, tx *db.Tx, it Item, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO archive_items (cadre_id, date, kind, title, detail, source_type, source_id,
		recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		it.CadreID, it.Date, it.Kind, it.Title, it.Detail, it.SourceType, it.SourceID, it.RecordedBy, now.UTC())
	return err
}

func items(ctx context.Context, q db.Querier, cadreID int64) ([]Item, error) {
	rows, err := q.Query(ctx, `SELECT id, cadre_id, date, kind, title, detail, source_type, source_id, recorded_by
		FROM archive_items WHERE cadre_id = ? ORDER BY date DESC, id DESC`, cadreID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.ID, &it.CadreID, &it.Date, &it.Kind, &it.Title, &it.Detail, &it.SourceType, &it.SourceID, &it.RecordedBy); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

package clue

import (
	"context"
	"time"

	"custos/internal/db"
	"custos/internal/opinion"
)

// OpinionSource tells an integrity-opinion draft (A4) about a cadre's problem clues still open
// and the inquiries of the last years — the facts an opinion must weigh beside the archive.
type OpinionSource struct {
	Years int // how far back inquiries count (3)
}

// Name is what the draft says it checked.
func (OpinionSource) Name() string { return "问题线索和谈话函询" }

// Findings lists the open clues (adverse) and the inquiries since asOf minus Years: adverse
// unless the reply was accepted and the matter closed.
func (o OpinionSource) Findings(ctx context.Context, q db.Querier, cadreID int64, asOf time.Time) ([]opinion.Finding, error) {
	years := o.Years
	if years <= 0 {
		years = 3
	}
	var out []opinion.Finding
	rows, err := q.Query(ctx, `SELECT c.number, c.received_on, c.status FROM clues c JOIN clue_subjects s ON s.clue_id = c.id
		WHERE s.cadre_id = ? AND c.closed_on = '' ORDER BY c.received_on`, cadreID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var number, on, status string
		if err := rows.Scan(&number, &on, &status); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, opinion.Finding{Source: "问题线索", Date: on, Adverse: true, Text: "有在办问题线索（编号 " + number + "，" + StatusName(status) + "）"})
	}
	rows.Close()
	since := asOf.AddDate(-years, 0, 0).Format("2006-01-02")
	rows, err = q.Query(ctx, `SELECT i.kind, i.started_on, i.outcome FROM inquiries i WHERE i.cadre_id = ? AND i.started_on >= ? ORDER BY i.started_on`, cadreID, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, on, outcome string
		if err := rows.Scan(&kind, &on, &outcome); err != nil {
			return nil, err
		}
		text := "被" + kindName(kind)
		if outcome == "" {
			text += "，尚未了结"
		} else {
			text += "，结果：" + outcomeName(outcome)
		}
		out = append(out, opinion.Finding{Source: "谈话函询", Date: on, Adverse: outcome != "cleared", Text: text})
	}
	return out, rows.Err()
}

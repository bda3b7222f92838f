package report

import (
	"context"

	"custos/internal/db"
	"custos/internal/search"
)

// indexBatch is how many reports one indexing transaction takes.
const indexBatch = 500

// IndexPending adds the reports registered since the last run to the full-text index, in
// batches of one transaction each, and returns how many it indexed. Registration does not
// index (an index write per report would halve the registrations SQLite takes per second);
// the server runs this every second and every search runs it first, so a search never misses
// a registered report.
func (s *Service) IndexPending(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.indexSome(ctx)
		total += n
		if err != nil || n < indexBatch {
			return total, err
		}
	}
}

func (s *Service) indexSome(ctx context.Context) (int, error) {
	type doc struct {
		id    int64
		terms []string
	}
	var docs []doc
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, title, content FROM reports WHERE NOT indexed ORDER BY id LIMIT ?`, indexBatch)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d doc
			var title, content string
			if err := rows.Scan(&d.id, &title, &content); err != nil {
				rows.Close()
				return err
			}
			d.terms = search.Terms(title+"\n"+content, search.Text)
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i, d := range docs {
			names, err := tx.Query(ctx, `SELECT name FROM report_subjects WHERE report_id = ?`, d.id)
			if err != nil {
				return err
			}
			for names.Next() {
				var n string
				if err := names.Scan(&n); err != nil {
					names.Close()
					return err
				}
				docs[i].terms = append(docs[i].terms, search.Terms(n, search.Name)...)
			}
			names.Close()
		}
		if len(docs) == 0 {
			return nil
		}
		ids := make([]int64, len(docs))
		terms := make([][]string, len(docs))
		args := make([]any, 0, len(docs)+1)
		args = append(args, true)
		for i, d := range docs {
			ids[i], terms[i] = d.id, d.terms
			args = append(args, d.id)
		}
		if err := db.SearchPutMany(ctx, tx, "report_search", ids, terms); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE reports SET indexed = ? WHERE id IN (`+db.Placeholders(len(ids))+`)`, args...)
		return err
	})
	return len(docs), err
}

package report

import (
	"context"
	"log/slog"
	"time"

	"custos/internal/db"
	"custos/internal/search"
)

// Bounds of background indexing. Terms are built outside the writer, from at most
// indexTextChars characters of a report (indexNameChars of a name), at most search.MaxTerms a
// report; one transaction takes at most indexBatch reports or indexBatchTerms terms; one call
// of IndexPending stops starting batches when its time budget (Settings.IndexBudget) is spent.
const (
	indexBatch      = 500
	indexBatchTerms = 50_000
	indexTextChars  = 50_000
	indexNameChars  = 200
)

// defaultIndexBudget is how long one IndexPending call keeps starting batches.
const defaultIndexBudget = time.Second

// IndexPending adds reports registered since the last run to the full-text index and returns
// how many it took (indexed or skipped). Registration does not index (an index write per report
// would halve the registrations SQLite takes per second); the server runs this every second
// and every search runs it first, so a search misses a registered report only while a backlog
// larger than one budget is being worked off.
//
// Bounded whatever the rows hold: terms are built from a report's first indexTextChars
// characters on a read connection, never inside the writer; a transaction holds a bounded
// batch; no batch starts after the budget is spent. A report whose terms cannot be written is
// logged and marked indexed without terms (skipped), so it is never retried in a loop — a
// restart does not bring it back either.
func (s *Service) IndexPending(ctx context.Context) (int, error) {
	budget, cancel := context.WithTimeout(ctx, s.set.IndexBudget)
	defer cancel()
	total := 0
	for budget.Err() == nil {
		docs, full, err := s.pendingDocs(ctx)
		if err != nil || len(docs) == 0 {
			return total, err
		}
		n, err := s.indexDocs(ctx, docs)
		total += n
		if err != nil || !full {
			return total, err
		}
	}
	return total, nil
}

// indexDoc is one report's terms, built outside the writer.
type indexDoc struct {
	id    int64
	terms []string
}

// pendingDocs reads the next batch of unindexed reports and builds their terms; full says the
// batch stopped at a bound (there may be more).
func (s *Service) pendingDocs(ctx context.Context) (docs []indexDoc, full bool, err error) {
	q := s.db.Reader()
	rows, err := q.Query(ctx, `SELECT id, substr(title, 1, ?), substr(content, 1, ?) FROM reports WHERE NOT indexed ORDER BY id LIMIT ?`,
		indexNameChars, indexTextChars, indexBatch)
	if err != nil {
		return nil, false, err
	}
	type text struct {
		id             int64
		title, content string
	}
	var texts []text
	for rows.Next() {
		var t text
		if err := rows.Scan(&t.id, &t.title, &t.content); err != nil {
			rows.Close()
			return nil, false, err
		}
		texts = append(texts, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	full = len(texts) == indexBatch
	count := 0
	for _, t := range texts {
		rows, err := q.Query(ctx, `SELECT substr(name, 1, ?) FROM report_subjects WHERE report_id = ? ORDER BY position`, indexNameChars, t.id)
		names, err := db.Collect(rows, err,
			func(r db.Scanner) (string, error) {
				var n string
				return n, r.Scan(&n)
			})
		if err != nil {
			return nil, false, err
		}
		var terms []string
		for _, n := range names {
			terms = append(terms, search.Terms(n, search.Name)...)
		}
		terms = append(terms, search.Terms(t.title+"\n"+t.content, search.Text)...)
		if len(terms) > search.MaxTerms {
			terms = terms[:search.MaxTerms]
		}
		docs = append(docs, indexDoc{id: t.id, terms: terms})
		if count += len(terms); count >= indexBatchTerms {
			return docs, true, nil
		}
	}
	return docs, full, nil
}

// indexDocs writes docs in one transaction; when that fails, one transaction a report, and a
// report that still fails is logged and skipped.
func (s *Service) indexDocs(ctx context.Context, docs []indexDoc) (int, error) {
	err := s.db.InTx(ctx, func(tx *db.Tx) error { return s.putTerms(ctx, tx, docs) })
	if err == nil || ctx.Err() != nil {
		if err != nil {
			return 0, err
		}
		return len(docs), nil
	}
	for i, d := range docs {
		err := s.db.InTx(ctx, func(tx *db.Tx) error { return s.putTerms(ctx, tx, docs[i:i+1]) })
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			return i, err
		}
		s.set.Log.Error("report not indexed for full-text search: skipped", "report", d.id, "terms", len(d.terms), "err", err)
		if err := s.db.InTx(ctx, func(tx *db.Tx) error { return markIndexed(ctx, tx, []int64{d.id}) }); err != nil {
			return i, err
		}
	}
	return len(docs), nil
}

// putTerms writes the terms of docs and marks them indexed.
func (s *Service) putTerms(ctx context.Context, tx *db.Tx, docs []indexDoc) error {
	ids := make([]int64, len(docs))
	terms := make([][]string, len(docs))
	for i, d := range docs {
		if s.indexFault != nil {
			if err := s.indexFault(d.id); err != nil {
				return err
			}
		}
		ids[i], terms[i] = d.id, d.terms
	}
	if err := db.SearchPutMany(ctx, tx, "report_search", ids, terms); err != nil {
		return err
	}
	return markIndexed(ctx, tx, ids)
}

func markIndexed(ctx context.Context, tx *db.Tx, ids []int64) error {
	args := make([]any, 0, len(ids)+1)
	args = append(args, true)
	for _, id := range ids {
		args = append(args, id)
	}
	_, err := tx.Exec(ctx, `UPDATE reports SET indexed = ? WHERE id IN (`+db.Placeholders(len(ids))+`)`, args...)
	return err
}

// discardLog is the logger of a Service built without one.
func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

package db

import (
	"context"
	"strings"
)

// Search indexes are side tables named <entity>_search keyed by the entity's id, holding its
// search terms (see package search): an FTS5 table on SQLite, a text[] column with a GIN index
// on PostgreSQL. These two functions are the whole engine difference.

// SearchPut replaces the terms of row id in index.
func SearchPut(ctx context.Context, tx *Tx, index string, id int64, terms []string) error {
	if tx.Engine == Postgres {
		_, err := tx.Exec(ctx, `INSERT INTO `+index+` (id, terms) VALUES (?, ?)
			ON CONFLICT (id) DO UPDATE SET terms = EXCLUDED.terms`, id, terms)
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM `+index+` WHERE rowid = ?`, id); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+index+` (rowid, terms) VALUES (?, ?)`, id, strings.Join(terms, " "))
	return err
}

// SearchPutMany replaces the terms of many rows of index at once (ids[i] gets terms[i]), in
// statements of at most 200 rows. On SQLite this matters: FTS5 flushes its pending terms to a
// new segment at every statement of a transaction, so a row a statement makes thousands of
// tiny segments that it must then merge; a batch a statement makes one.
func SearchPutMany(ctx context.Context, tx *Tx, index string, ids []int64, terms [][]string) error {
	const chunk = 200
	for start := 0; start < len(ids); start += chunk {
		end := min(start+chunk, len(ids))
		args := make([]any, 0, 2*(end-start))
		for i := start; i < end; i++ {
			if tx.Engine == Postgres {
				args = append(args, ids[i], terms[i])
			} else {
				args = append(args, ids[i], strings.Join(terms[i], " "))
			}
		}
		values := strings.TrimSuffix(strings.Repeat("(?, ?), ", end-start), ", ")
		if tx.Engine == Postgres {
			if _, err := tx.Exec(ctx, `INSERT INTO `+index+` (id, terms) VALUES `+values+` ON CONFLICT (id) DO UPDATE SET terms = EXCLUDED.terms`, args...); err != nil {
				return err
			}
			continue
		}
		del := make([]any, 0, end-start)
		for i := start; i < end; i++ {
			del = append(del, ids[i])
		}
		if _, err := tx.Exec(ctx, `DELETE FROM `+index+` WHERE rowid IN (`+Placeholders(end-start)+`)`, del...); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO `+index+` (rowid, terms) VALUES `+values, args...); err != nil {
			return err
		}
	}
	return nil
}

// SearchMatch returns a condition on idColumn that holds for rows whose terms in index include
// every one of terms (which must not be empty), and its argument.
func SearchMatch(e Engine, idColumn, index string, terms []string) (string, any) {
	if e == Postgres {
		return idColumn + ` IN (SELECT id FROM ` + index + ` WHERE terms @> ?)`, terms
	}
	return idColumn + ` IN (SELECT rowid FROM ` + index + ` WHERE ` + index + ` MATCH ?)`, ftsQuery(terms)
}

// SearchJoin returns the parts of a list query that reads the rows of table (as alias, keyed by
// id) matching every one of terms in index, newest first: on SQLite the FTS5 index drives, in
// rowid order, each match joined to its row (so a word in most documents still stops at the
// page); on PostgreSQL the table in key order filtered by the GIN index (its planner has the
// statistics to choose). Put from after FROM, cond in the WHERE with arg, order after ORDER BY.
func SearchJoin(e Engine, index, table, alias string, terms []string) (from, cond string, arg any, order string) {
	if e == Postgres {
		c, a := SearchMatch(e, alias+".id", index, terms)
		return table + ` ` + alias, c, a, alias + `.id DESC`
	}
	// NOT INDEXED: each match finds its row by rowid (left free, the planner scanned the scope
	// range of an index for every match)
	return index + ` f CROSS JOIN ` + table + ` ` + alias + ` NOT INDEXED ON ` + alias + `.id = f.rowid`, `f.` + index + ` MATCH ?`, ftsQuery(terms), `f.rowid DESC`
}

// SearchExists returns a condition that holds when the row idColumn names matches every one of
// terms in index, checked row by row — for a scope small enough to read whole.
func SearchExists(e Engine, index, idColumn string, terms []string) (string, any) {
	if e == Postgres {
		return `EXISTS (SELECT 1 FROM ` + index + ` x WHERE x.id = ` + idColumn + ` AND x.terms @> ?)`, terms
	}
	return `EXISTS (SELECT 1 FROM ` + index + ` x WHERE x.rowid = ` + idColumn + ` AND x.` + index + ` MATCH ?)`, ftsQuery(terms)
}

// ftsQuery is an FTS5 query requiring every term, each quoted.
func ftsQuery(terms []string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	return strings.Join(quoted, " ")
}

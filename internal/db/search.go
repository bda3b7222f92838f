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

// SearchMatch returns a condition on idColumn that holds for rows whose terms in index include
// every one of terms (which must not be empty), and its argument.
func SearchMatch(e Engine, idColumn, index string, terms []string) (string, any) {
	if e == Postgres {
		return idColumn + ` IN (SELECT id FROM ` + index + ` WHERE terms @> ?)`, terms
	}
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	return idColumn + ` IN (SELECT rowid FROM ` + index + ` WHERE ` + index + ` MATCH ?)`, strings.Join(quoted, " ")
}

package audit

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"custos/internal/db"
)

// Filter selects entries for the viewer and the export. ScopePath is required: only entries
// whose scope lies in that subtree are returned.
type Filter struct {
	ScopePath string
	// IncludeSystem adds entries filed under "/" (the system's own: seeding, tree imports,
	// failed logins of unknown names); set it for users of a root commission only.
	IncludeSystem bool
	Person        string    // part of the actor's name
	Action        string    // exact action, or a prefix ending in "." (e.g. "user.")
	ObjectType    string    // exact
	ObjectID      string    // exact
	From, To      time.Time // inclusive dates; zero means open
	Limit         int
	Offset        int
}

func (f Filter) where() (string, []any) {
	lo, hi := db.SubtreeRange(f.ScopePath)
	where := []string{"scope_path >= ? AND scope_path < ?"}
	if f.IncludeSystem {
		where[0] = "((" + where[0] + ") OR scope_path = '/')"
	}
	args := []any{lo, hi}
	if f.Person != "" {
		where = append(where, "actor_name LIKE ?")
		args = append(args, "%"+db.EscapeLike(f.Person)+"%")
	}
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			where = append(where, "action >= ? AND action < ?")
			args = append(args, f.Action, f.Action[:len(f.Action)-1]+"/")
		} else {
			where = append(where, "action = ?")
			args = append(args, f.Action)
		}
	}
	if f.ObjectType != "" {
		where = append(where, "object_type = ?")
		args = append(args, f.ObjectType)
	}
	if f.ObjectID != "" {
		where = append(where, "object_id = ?")
		args = append(args, f.ObjectID)
	}
	if !f.From.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, f.From.UTC().Format(TimeLayout))
	}
	if !f.To.IsZero() {
		where = append(where, "at < ?")
		args = append(args, f.To.AddDate(0, 0, 1).UTC().Format(TimeLayout))
	}
	return strings.Join(where, " AND "), args
}

const recordColumns = `seq, at, COALESCE(actor_id, 0), actor_name, actor_roles, COALESCE(commission_id, 0),
	scope_path, action, object_type, object_id, summary, before_digest, after_digest, client_addr,
	alg, prev_hash, hash`

// List returns one page of matching entries, newest first, and the total that match.
func List(ctx context.Context, q db.Querier, f Filter) ([]Record, int, error) {
	where, args := f.where()
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var out []Record
	err := Each(ctx, q, f, func(r Record) error { out = append(out, r); return nil })
	return out, total, err
}

// Each calls fn for every matching entry, newest first, streaming (memory stays flat).
func Each(ctx context.Context, q db.Querier, f Filter, fn func(Record) error) error {
	where, args := f.where()
	query := `SELECT ` + recordColumns + ` FROM audit_log WHERE ` + where + ` ORDER BY seq DESC`
	if f.Limit > 0 {
		query += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanRecord reads one row selected with recordColumns.
func scanRecord(rows *sql.Rows) (Record, error) {
	var r Record
	err := rows.Scan(&r.Seq, &r.At, &r.ActorID, &r.ActorName, &r.ActorRoles, &r.CommissionID,
		&r.ScopePath, &r.Action, &r.ObjectType, &r.ObjectID, &r.Summary, &r.BeforeDigest,
		&r.AfterDigest, &r.ClientAddr, &r.Alg, &r.PrevHash, &r.Hash)
	return r, err
}

package unit

import (
	"context"
	"strconv"
	"strings"

	"custos/internal/db"
	"custos/internal/org"
)

// Load builds the Index of the commissions in p's scope, with the ancestors of p's own
// commission to qualify names.
func Load(ctx context.Context, q db.Querier, p org.Principal) (*Index, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	var ancestors []any
	for _, id := range strings.Split(strings.Trim(p.ScopePath, "/"), "/") {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			ancestors = append(ancestors, n)
		}
	}
	where := `path >= ? AND path < ?`
	args := []any{lo, hi}
	if len(ancestors) > 0 {
		where += ` OR id IN (` + db.Placeholders(len(ancestors)) + `)`
		args = append(args, ancestors...)
	}
	rows, err := q.Query(ctx, `SELECT id, code, name, kind, COALESCE(parent_id, 0), path FROM commissions WHERE `+where+` ORDER BY path`, args...)
	cs, err := db.Collect(rows, err, func(sc db.Scanner) (org.Commission, error) {
		var c org.Commission
		err := sc.Scan(&c.ID, &c.Code, &c.Name, &c.Kind, &c.ParentID, &c.Path)
		return c, err
	})
	if err != nil {
		return nil, err
	}
	return NewIndex(cs, func(c org.Commission) bool { return p.Sees(c.Path) }), nil
}

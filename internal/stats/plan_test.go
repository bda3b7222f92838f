package stats_test

import (
	"context"
	"strings"
	"testing"

	"custos/internal/db"
	"custos/internal/stats"
	"custos/internal/testkit"
)

// TestCountsReadTheirIndexes checks on SQLite that every count of the form reads a period as a
// range of its date-first statistics index (migration 0034), not the scope's index or the table.
func TestCountsReadTheirIndexes(t *testing.T) {
	if testkit.Engine() != db.SQLite {
		return // PostgreSQL chooses its plan by the table's statistics: nothing fixed to check
	}
	env, _ := generated(t)
	ctx := context.Background()
	for _, q := range stats.CountQueries() {
		rows, err := env.App.DB.Reader().Query(ctx, `EXPLAIN QUERY PLAN `+q, "2025-01-01", "2025-03-31", "/1/", "/10")
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if !strings.Contains(plan[0], "INDEX stat_") {
			t.Errorf("%s\n  plan: %s", q, strings.Join(plan, " | "))
		}
	}
}

package db

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
)

// Querier is what Tx and Reader have in common: SQL with `?` placeholders, rebound for the
// engine underneath. Store code takes a Querier when it may run inside or outside a transaction.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Engine
}

// Tx is a read-write transaction opened by DB.InTx.
type Tx struct {
	tx       *sql.Tx
	Engine   Engine
	prepared map[string]*sql.Stmt // SQLite: statements prepared in this transaction, by text
	memo     map[any]any
	before   []func() error
	cache    *stmtCache // SQLite: statements prepared on the writer connection across transactions
	missed   []string   // statement texts this transaction prepared that the cache lacks
}

// Memo returns what a package stored under key for the length of this transaction (nil if
// nothing): state that would otherwise be re-read by every statement, such as the audit
// chain's head while a batch appends to it.
func (t *Tx) Memo(key any) any { return t.memo[key] }

// SetMemo stores v under key until the transaction ends.
func (t *Tx) SetMemo(key, v any) {
	if t.memo == nil {
		t.memo = map[any]any{}
	}
	t.memo[key] = v
}

// BeforeCommit registers fn to run, in registration order, after the transaction's work and
// just before it commits; an error from fn rolls the transaction back.
func (t *Tx) BeforeCommit(fn func() error) { t.before = append(t.before, fn) }

// maxPrepared bounds the statements one transaction keeps prepared.
const maxPrepared = 64

// stmt returns q prepared on this transaction's connection, preparing it the first time, so
// that a statement repeated within a transaction (an import batch, a bulk load) is parsed once
// — modernc's SQLite does not cache statements; pgx does, so PostgreSQL runs q directly. nil
// means run q unprepared (including when it fails to prepare: running it reports the error).
func (t *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if t.Engine != SQLite {
		return nil
	}
	if st, ok := t.prepared[q]; ok {
		return st
	}
	if len(t.prepared) >= maxPrepared {
		return nil
	}
	var st *sql.Stmt
	if cached := t.cache.get(q); cached != nil {
		// prepared on the writer's one connection: the transaction reuses it as is
		st = t.tx.StmtContext(ctx, cached)
	} else {
		var err error
		if st, err = t.tx.PrepareContext(ctx, q); err != nil {
			return nil
		}
		t.missed = append(t.missed, q)
	}
	if t.prepared == nil {
		t.prepared = map[string]*sql.Stmt{}
	}
	t.prepared[q] = st
	return st
}

// stmtCache keeps statements prepared on SQLite's writer connection, so a statement text is
// parsed once for the life of the process instead of once per transaction. A transaction
// cannot prepare on the pool while it holds the one connection, so texts a transaction missed
// are prepared right after it ends.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// maxCached bounds the texts kept (IN lists of varying length make many texts).
const maxCached = 512

func (c *stmtCache) get(q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[q]
}

// fill prepares the texts the cache lacks on db, which must have a free connection.
func (c *stmtCache) fill(ctx context.Context, db *sql.DB, texts []string) {
	if c == nil {
		return
	}
	for _, q := range texts {
		c.mu.Lock()
		_, have := c.m[q]
		full := len(c.m) >= maxCached
		c.mu.Unlock()
		if have || full {
			continue
		}
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if _, have := c.m[q]; have {
			st.Close()
		} else {
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = rebind(t.Engine, q)
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = rebind(t.Engine, q)
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, q, args...)
}
func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = rebind(t.Engine, q)
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}
func (t *Tx) Dialect() Engine { return t.Engine }

// Reader runs queries outside a transaction.
type Reader struct {
	db     *sql.DB
	engine Engine
}

func (r Reader) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return r.db.ExecContext(ctx, rebind(r.engine, q), args...)
}
func (r Reader) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return r.db.QueryContext(ctx, rebind(r.engine, q), args...)
}
func (r Reader) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return r.db.QueryRowContext(ctx, rebind(r.engine, q), args...)
}
func (r Reader) Dialect() Engine { return r.engine }

// rebind turns `?` placeholders into `$1, $2, …` for PostgreSQL. A `?` inside a quoted string
// literal is left alone.
func rebind(e Engine, q string) string {
	if e != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n, quoted := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			quoted = !quoted
			b.WriteByte(c)
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Placeholders returns "?, ?, …" with n marks, for IN lists.
func Placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// Lock takes a row lock on table's row id until the transaction ends, so that a check and the
// write it guards cannot interleave with another transaction's (PostgreSQL: SELECT … FOR
// UPDATE). On SQLite a write transaction already excludes every other writer, so it does
// nothing.
func (t *Tx) Lock(ctx context.Context, table string, id int64) error {
	if t.Engine != Postgres {
		return nil
	}
	var got int64
	return t.tx.QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE id = $1 FOR UPDATE`, id).Scan(&got)
}

// CountCap is where list totals stop counting: past it a list says "10000+" — an exact count
// of a million rows costs more than the page itself, and nobody pages that far.
const CountCap = 10000

// SearchCap is where the totals of a full-text search stop counting ("1000+"): a word most
// documents contain would otherwise cost a count of most of the table, and a searcher who gets
// more than a thousand hits adds a word rather than pages on.
const SearchCap = 1000

// Capped turns a query selecting the rows of a list (its SELECT list does not matter) into one
// counting them up to CountCap+1; a result above CountCap means "more than CountCap".
func Capped(rowsQuery string) string { return CappedAt(rowsQuery, CountCap) }

// CappedAt is Capped with another cap: the count stops at limit+1.
func CappedAt(rowsQuery string, limit int) string {
	return `SELECT COUNT(*) FROM (` + rowsQuery + ` LIMIT ` + strconv.Itoa(limit+1) + `) capped`
}

// KeyOrder is the table option that makes SQLite read a table in primary-key order, for a
// list whose filter matches most rows: reading newest first and stopping at the page beats
// sorting the whole scope from an index, and SQLite's planner cannot tell from a range on a
// path how much of the table it covers. PostgreSQL's planner can (it has the statistics), so
// there it is empty.
func KeyOrder(e Engine) string {
	if e == SQLite {
		return " NOT INDEXED"
	}
	return ""
}

// IndexedBy names the index SQLite must read a table through, for the same reason as KeyOrder
// when the list's order is an index's (on PostgreSQL: empty, the planner decides).
func IndexedBy(e Engine, index string) string {
	if e == SQLite {
		return " INDEXED BY " + index
	}
	return ""
}

// Scanner is a row being read: *sql.Row or *sql.Rows.
type Scanner interface{ Scan(dest ...any) error }

// Collect reads every row of a query's result with scan and closes it — the loop every list
// would otherwise write. Pass the result of Query straight in:
//
//	rows, err := q.Query(ctx, `SELECT …`, args...)
//	return db.Collect(rows, err, scanThing)
func Collect[T any](rows *sql.Rows, err error, scan func(Scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

package stats

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// Lock is a reported period (报表锁定): the figures as reported, frozen.
type Lock struct {
	ID       int64
	UnitID   int64
	Period   Period
	Figures  Figures
	Note     string
	LockedBy string
	LockedAt time.Time
}

// Adjustment is a change to a locked period's figure found later: the line, the figure as
// reported (or as last adjusted) and as the records now give it, and why. A pending adjustment
// has no reason yet: the next report is locked only when each has one.
type Adjustment struct {
	LockID     int64
	Period     Period // the locked period changed
	Line       string
	LineName   string
	Before     int
	After      int
	Reason     string
	RecordedBy string
	RecordedAt time.Time
}

// Field is the form field of the adjustment's reason.
func (a Adjustment) Field() string { return "reason." + strconv.FormatInt(a.LockID, 10) + "." + a.Line }

// Delta is the change, signed ("+2", "-1").
func (a Adjustment) Delta() string {
	d := a.After - a.Before
	if d > 0 {
		return "+" + strconv.Itoa(d)
	}
	return strconv.Itoa(d)
}

const lockColumns = `id, commission_id, from_on, to_on, figures, note, locked_by, locked_at`

func scanLock(r db.Scanner) (Lock, error) {
	var l Lock
	var fig string
	if err := r.Scan(&l.ID, &l.UnitID, &l.Period.From, &l.Period.To, &fig, &l.Note, &l.LockedBy, &l.LockedAt); err != nil {
		return l, err
	}
	return l, json.Unmarshal([]byte(fig), &l.Figures)
}

// lockOf returns the lock of exactly this unit and period, nil if there is none.
func (s *Service) lockOf(ctx context.Context, unitID int64, pd Period) (*Lock, error) {
	l, err := scanLock(s.db.Reader().QueryRow(ctx, `SELECT `+lockColumns+` FROM stat_locks WHERE commission_id = ? AND from_on = ? AND to_on = ?`, unitID, pd.From, pd.To))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// Locks lists the unit's locked periods, latest first.
func (s *Service) Locks(ctx context.Context, u Unit) ([]Lock, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT `+lockColumns+` FROM stat_locks WHERE commission_id = ? ORDER BY to_on DESC, id DESC`, u.ID)
	return db.Collect(rows, err, scanLock)
}

// Pending returns the changes found in the unit's locked periods ending before the day before
// — lines whose records now give another figure than the one reported (or last adjusted) —
// with no reason yet. With before "", every locked period is checked.
func (s *Service) Pending(ctx context.Context, u Unit, before string) ([]Adjustment, error) {
	return s.pending(ctx, s.db.Reader(), u, before)
}

func (s *Service) pending(ctx context.Context, q db.Querier, u Unit, before string) ([]Adjustment, error) {
	cond, args := `commission_id = ?`, []any{u.ID}
	if before != "" {
		cond, args = cond+` AND to_on < ?`, append(args, before)
	}
	rows, err := q.Query(ctx, `SELECT `+lockColumns+` FROM stat_locks WHERE `+cond+` ORDER BY from_on, id`, args...)
	locks, err := db.Collect(rows, err, scanLock)
	if err != nil {
		return nil, err
	}
	var out []Adjustment
	for _, l := range locks {
		last := map[string]int{}
		rows, err := q.Query(ctx, `SELECT line, after_n FROM stat_adjustments WHERE lock_id = ? ORDER BY id`, l.ID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var line string
			var n int
			if err := rows.Scan(&line, &n); err != nil {
				rows.Close()
				return nil, err
			}
			last[line] = n
		}
		rows.Close()
		now, err := compute(ctx, q, u, l.Period)
		if err != nil {
			return nil, err
		}
		for _, line := range Lines() {
			base, ok := last[line.Key]
			if !ok {
				base = line.Value(l.Figures)
			}
			if v := line.Value(now); v != base {
				out = append(out, Adjustment{LockID: l.ID, Period: l.Period, Line: line.Key, LineName: line.Name, Before: base, After: v})
			}
		}
	}
	return out, nil
}

// Carried returns the adjustments the report of lock carries, with their reasons.
func (s *Service) Carried(ctx context.Context, lockID int64) ([]Adjustment, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT a.lock_id, l.from_on, l.to_on, a.line, a.before_n, a.after_n, a.reason, a.recorded_by, a.recorded_at
		FROM stat_adjustments a JOIN stat_locks l ON l.id = a.lock_id WHERE a.carried_by = ? ORDER BY l.from_on, a.id`, lockID)
	return db.Collect(rows, err, func(r db.Scanner) (Adjustment, error) {
		var a Adjustment
		err := r.Scan(&a.LockID, &a.Period.From, &a.Period.To, &a.Line, &a.Before, &a.After, &a.Reason, &a.RecordedBy, &a.RecordedAt)
		if l, ok := LineByKey(a.Line); ok {
			a.LineName = l.Name
		}
		return a, err
	})
}

// LockPeriod locks commission id's form over pd as reported: the figures are frozen from now on.
// Every change found in the unit's earlier locked periods must come with its reason (reasons,
// keyed by Adjustment.Field); they are recorded as adjustments this report carries. A period
// overlapping one already locked for the unit is refused. Audited. Requires stats.lock.
func (s *Service) LockPeriod(ctx context.Context, p org.Principal, id int64, pd Period, note string, reasons map[string]string) (Lock, error) {
	if !p.Can(org.PermStatsLock) {
		return Lock{}, apperr.New(apperr.Forbidden, "无权锁定统计报表")
	}
	u, err := s.Unit(ctx, p, id)
	if err != nil {
		return Lock{}, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 500 {
		return Lock{}, apperr.Fields{"note": "说明不超过 500 字"}.Err()
	}
	var out Lock
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var from, to string
		err := tx.QueryRow(ctx, `SELECT from_on, to_on FROM stat_locks WHERE commission_id = ? AND from_on <= ? AND to_on >= ?`, u.ID, pd.To, pd.From).Scan(&from, &to)
		if err == nil {
			return apperr.New(apperr.Conflict, "%s %s 至 %s 的报表已锁定，与本期重叠", u.Name, from, to)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		pending, err := s.pending(ctx, tx, u, pd.From)
		if err != nil {
			return err
		}
		f := apperr.Fields{}
		for i, a := range pending {
			r := strings.TrimSpace(reasons[a.Field()])
			switch {
			case r == "":
				f.Add(a.Field(), "请说明调整原因")
			case utf8.RuneCountInString(r) > 200:
				f.Add(a.Field(), "调整原因不超过 200 字")
			}
			pending[i].Reason = r
		}
		if err := f.Err(); err != nil {
			return err
		}
		fig, err := compute(ctx, tx, u, pd)
		if err != nil {
			return err
		}
		js, err := json.Marshal(fig)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		out = Lock{UnitID: u.ID, Period: pd, Figures: fig, Note: note, LockedBy: p.DisplayName, LockedAt: now}
		if err := tx.QueryRow(ctx, `INSERT INTO stat_locks (commission_id, commission_path, from_on, to_on, figures, note, locked_by, locked_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.ID, u.Path, pd.From, pd.To, string(js), note, p.DisplayName, now).Scan(&out.ID); err != nil {
			return err
		}
		var lines []string
		for _, a := range pending {
			if _, err := tx.Exec(ctx, `INSERT INTO stat_adjustments (lock_id, carried_by, line, before_n, after_n, reason, recorded_by, recorded_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.LockID, out.ID, a.Line, a.Before, a.After, a.Reason, p.DisplayName, now); err != nil {
				return err
			}
			lines = append(lines, fmt.Sprintf("%s至%s %s %d→%d", a.Period.From, a.Period.To, a.LineName, a.Before, a.After))
		}
		summary := fmt.Sprintf("锁定统计报表：%s %s 至 %s", u.Name, pd.From, pd.To)
		if len(lines) > 0 {
			summary += "；列示以前期间调整 " + strings.Join(lines, "，")
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "stats.lock", ObjectType: "stat_lock", ObjectID: strconv.FormatInt(out.ID, 10),
			Summary: summary, After: fig, CommissionID: u.ID, ScopePath: u.Path})
	})
	return out, err
}

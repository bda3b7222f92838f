package workday

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// Store keeps the calendar's exceptions in the database.
type Store struct {
	db    *db.DB
	audit *audit.Log
	now   func() time.Time
}

// NewStore returns a Store.
func NewStore(d *db.DB, a *audit.Log, now func() time.Time) *Store {
	return &Store{db: d, audit: a, now: now}
}

// SeedIfEmpty loads the embedded data into an empty calendar table, audited as the system.
// It returns the number of days inserted (0 when the table already had days).
func (s *Store) SeedIfEmpty(ctx context.Context) (int, error) {
	days, err := Seed()
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var have int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM calendar_days`).Scan(&have); err != nil || have > 0 {
			return err
		}
		now := s.now().UTC()
		for _, d := range days {
			if _, err := tx.Exec(ctx, `INSERT INTO calendar_days (day, kind, name, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)`,
				d.Date, d.Kind, d.Name, "seed", now); err != nil {
				return err
			}
		}
		n = len(days)
		return s.audit.Append(ctx, tx, audit.System("seed"), audit.Entry{Action: "calendar.seed", ObjectType: "calendar",
			ObjectID: "2020-2027", Summary: "载入 2020–2027 年节假日与调休数据", After: days, ScopePath: "/"})
	})
	return n, err
}

// Calendar loads the current calendar.
func (s *Store) Calendar(ctx context.Context) (*Calendar, error) {
	days, err := s.Days(ctx, 0)
	if err != nil {
		return nil, err
	}
	return New(days), nil
}

// Days returns the exceptions of one year (all years when year is 0), in date order.
func (s *Store) Days(ctx context.Context, year int) ([]Day, error) {
	q := `SELECT day, kind, name FROM calendar_days`
	var args []any
	if year != 0 {
		q += ` WHERE day >= ? AND day < ?`
		args = append(args, time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format(DateLayout),
			time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC).Format(DateLayout))
	}
	rows, err := s.db.Reader().Query(ctx, q+` ORDER BY day`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Day
	for rows.Next() {
		var d Day
		if err := rows.Scan(&d.Date, &d.Kind, &d.Name); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Set records or replaces one exception. Requires calendar.manage.
func (s *Store) Set(ctx context.Context, p org.Principal, d Day) error {
	if !p.Can(org.PermCalendarManage) {
		return apperr.New(apperr.Forbidden, "无权维护工作日历")
	}
	d.Name = strings.TrimSpace(d.Name)
	f := apperr.Fields{}
	if _, err := time.Parse(DateLayout, d.Date); err != nil {
		f.Add("date", "请填写日期，格式 YYYY-MM-DD")
	}
	if d.Kind != Holiday && d.Kind != Workday {
		f.Add("kind", "请选择放假或调休上班")
	}
	if d.Name == "" || utf8.RuneCountInString(d.Name) > 20 {
		f.Add("name", "请填写节日名称（不超过 20 字）")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var before *Day
		var old Day
		if err := tx.QueryRow(ctx, `SELECT day, kind, name FROM calendar_days WHERE day = ?`, d.Date).Scan(&old.Date, &old.Kind, &old.Name); err == nil {
			before = &old
		}
		if _, err := tx.Exec(ctx, `DELETE FROM calendar_days WHERE day = ?`, d.Date); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO calendar_days (day, kind, name, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)`,
			d.Date, d.Kind, d.Name, p.Username, s.now().UTC()); err != nil {
			return err
		}
		kind := "放假"
		if d.Kind == Workday {
			kind = "调休上班"
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "calendar.set", ObjectType: "calendar_day",
			ObjectID: d.Date, Summary: "设置 " + d.Date + " 为" + kind + "（" + d.Name + "）", Before: before, After: d})
	})
}

// Delete removes an exception, so the day follows the weekly rule again.
func (s *Store) Delete(ctx context.Context, p org.Principal, date string) error {
	if !p.Can(org.PermCalendarManage) {
		return apperr.New(apperr.Forbidden, "无权维护工作日历")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var old Day
		if err := tx.QueryRow(ctx, `SELECT day, kind, name FROM calendar_days WHERE day = ?`, date).Scan(&old.Date, &old.Kind, &old.Name); err != nil {
			return apperr.NotFoundf("该日期的设置")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM calendar_days WHERE day = ?`, date); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "calendar.delete", ObjectType: "calendar_day",
			ObjectID: date, Summary: "删除 " + date + " 的节假日设置", Before: old})
	})
}

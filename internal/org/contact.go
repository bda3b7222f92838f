package org

import (
	"context"
	"strconv"
	"strings"
	"time"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
)

// Contact is a supervision contact (联系范围, O6): an office of a commission supervises a
// unit (a lower commission or resident group) from Since, until Until ("" while current).
type Contact struct {
	ID         int64
	OfficeID   int64
	OfficeName string // e.g. 贵州省纪委监委 监督检查室
	UnitID     int64
	UnitName   string
	Since      string
	Until      string
}

// ContactYears returns how many whole years a contact has lasted on day (or until it ended).
func ContactYears(since, until string, day time.Time) int {
	s, err := time.Parse("2006-01-02", since)
	if err != nil {
		return 0
	}
	end := day
	if u, err := time.Parse("2006-01-02", until); err == nil {
		end = u
	}
	years := end.Year() - s.Year()
	if end.YearDay() < s.YearDay() {
		years--
	}
	return max(years, 0)
}

// TooLong reports whether a current contact has lasted maxYears or more: time to rotate, so
// that no office supervises the same units for too long (防止“熟人监督”).
func (c Contact) TooLong(day time.Time, maxYears int) bool {
	return c.Until == "" && ContactYears(c.Since, "", day) >= maxYears
}

// AddContact records that office (a department of a commission in p's scope) supervises unit
// (in p's scope) from since. A unit has one current contact at a time. Requires org.manage.
func (s *Service) AddContact(ctx context.Context, p Principal, officeID, unitID int64, since string) (Contact, error) {
	if !p.Can(PermOrgManage) {
		return Contact{}, apperr.New(apperr.Forbidden, "无权维护监督联系")
	}
	f := apperr.Fields{}
	d, err := time.Parse("2006-01-02", strings.TrimSpace(since))
	if err != nil {
		f.Add("since", "请填写起始日期，格式 YYYY-MM-DD")
	} else if d.After(s.now()) {
		f.Add("since", "起始日期晚于今天")
	}
	if err := f.Err(); err != nil {
		return Contact{}, err
	}
	c := Contact{OfficeID: officeID, UnitID: unitID, Since: d.Format("2006-01-02")}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		lo, hi := db.SubtreeRange(p.ScopePath)
		if err := tx.QueryRow(ctx, `SELECT c.name || ' ' || d.name FROM departments d JOIN commissions c ON c.id = d.commission_id
			WHERE d.id = ? AND c.path >= ? AND c.path < ?`, officeID, lo, hi).Scan(&c.OfficeName); err != nil {
			return apperr.Fields{"office_id": "请选择本级或下级机构的监督部门"}.Err()
		}
		unit, err := getCommission(ctx, tx, p, unitID)
		if err != nil {
			return apperr.Fields{"unit_id": "联系单位不存在或不在您的管理范围内"}.Err()
		}
		c.UnitName = unit.Name
		var current int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM supervision_contacts WHERE unit_id = ? AND until = ''`, unitID).Scan(&current); err != nil {
			return err
		}
		if current > 0 {
			return apperr.Fields{"unit_id": "该单位已有正在进行的监督联系，请先结束原联系（轮换）"}.Err()
		}
		if err := tx.QueryRow(ctx, `INSERT INTO supervision_contacts (office_id, unit_id, since, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			officeID, unitID, c.Since, s.now().UTC()).Scan(&c.ID); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "contact.create", ObjectType: "supervision_contact",
			ObjectID: strconv.FormatInt(c.ID, 10), Summary: c.OfficeName + " 自 " + c.Since + " 起联系 " + c.UnitName, After: c,
			CommissionID: unit.ID, ScopePath: unit.Path})
	})
	return c, err
}

// EndContact ends a current contact on until (a rotation). Requires org.manage.
func (s *Service) EndContact(ctx context.Context, p Principal, id int64, until string) error {
	if !p.Can(PermOrgManage) {
		return apperr.New(apperr.Forbidden, "无权维护监督联系")
	}
	d, err := time.Parse("2006-01-02", strings.TrimSpace(until))
	if err != nil || d.After(s.now()) {
		return apperr.New(apperr.Invalid, "结束日期应为不晚于今天的 YYYY-MM-DD")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		cs, err := contacts(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if len(cs) == 0 || cs[0].Until != "" {
			return apperr.NotFoundf("该监督联系")
		}
		if d.Format("2006-01-02") < cs[0].Since {
			return apperr.New(apperr.Invalid, "结束日期早于起始日期 %s", cs[0].Since)
		}
		if _, err := tx.Exec(ctx, `UPDATE supervision_contacts SET until = ? WHERE id = ?`, d.Format("2006-01-02"), id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "contact.end", ObjectType: "supervision_contact",
			ObjectID: strconv.FormatInt(id, 10), Summary: cs[0].OfficeName + " 结束联系 " + cs[0].UnitName + "（" + d.Format("2006-01-02") + "）", Before: cs[0]})
	})
}

// Contacts returns the supervision contacts whose unit lies in p's scope, current first.
func (s *Service) Contacts(ctx context.Context, p Principal) ([]Contact, error) {
	return contacts(ctx, s.db.Reader(), p, 0)
}

func contacts(ctx context.Context, q db.Querier, p Principal, id int64) ([]Contact, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	query := `SELECT s.id, s.office_id, oc.name || ' ' || d.name, s.unit_id, u.name, s.since, s.until
		FROM supervision_contacts s JOIN departments d ON d.id = s.office_id JOIN commissions oc ON oc.id = d.commission_id
		JOIN commissions u ON u.id = s.unit_id WHERE u.path >= ? AND u.path < ?`
	args := []any{lo, hi}
	if id != 0 {
		query += ` AND s.id = ?`
		args = append(args, id)
	}
	rows, err := q.Query(ctx, query+` ORDER BY CASE WHEN s.until = '' THEN 0 ELSE 1 END, s.since, s.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		var c Contact
		if err := rows.Scan(&c.ID, &c.OfficeID, &c.OfficeName, &c.UnitID, &c.UnitName, &c.Since, &c.Until); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ContactYearsLimit is the rotation threshold in force (years).
func (s *Service) ContactYearsLimit() int { return s.contactYears }

package org

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
)

// Zones returns the collaboration zones owned by commissions in p's scope, or by p's own
// province (a county user sees the zone it belongs to), with member counts.
func (s *Service) Zones(ctx context.Context, p Principal) ([]Zone, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	rows, err := s.db.Reader().Query(ctx, `SELECT z.id, z.owner_commission_id, z.name,
		(SELECT COUNT(*) FROM commissions m WHERE m.zone_id = z.id AND m.path >= ? AND m.path < ?)
		FROM zones z JOIN commissions o ON o.id = z.owner_commission_id
		WHERE o.path >= ? AND o.path < ? ORDER BY z.id`, lo, hi, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Zone
	for rows.Next() {
		var z Zone
		if err := rows.Scan(&z.ID, &z.OwnerCommissionID, &z.Name, &z.Members); err != nil {
			return nil, err
		}
		out = append(out, z)
	}
	return out, rows.Err()
}

// CreateZone adds a collaboration zone owned by p's own commission. Requires org.manage.
func (s *Service) CreateZone(ctx context.Context, p Principal, name string) (Zone, error) {
	if !p.Can(PermOrgManage) {
		return Zone{}, apperr.New(apperr.Forbidden, "无权维护协作区")
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 30 {
		return Zone{}, apperr.Fields{"name": "请填写协作区名称（不超过 30 字）"}.Err()
	}
	z := Zone{OwnerCommissionID: p.CommissionID, Name: name}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO zones (owner_commission_id, name) VALUES (?, ?) RETURNING id`,
			z.OwnerCommissionID, z.Name).Scan(&z.ID)
		if db.IsUniqueViolation(err) {
			return apperr.Fields{"name": "已有同名协作区"}.Err()
		}
		if err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "zone.create", ObjectType: "zone",
			ObjectID: strconv.FormatInt(z.ID, 10), Summary: "新增协作区 " + name, After: z})
	})
	return z, err
}

// Staffing is how a county staffs cadre supervision and which zone it belongs to.
type Staffing struct {
	Mode   CSOMode
	Staff  int
	ZoneID int64 // 0 for none
}

// UpdateStaffing records commission id's cadre-supervision staffing (O2) and zone (O4).
// Requires org.manage and the commission in scope; the zone must be visible to p.
func (s *Service) UpdateStaffing(ctx context.Context, p Principal, id int64, in Staffing) (Commission, error) {
	if !p.Can(PermOrgManage) {
		return Commission{}, apperr.New(apperr.Forbidden, "无权维护机构")
	}
	f := apperr.Fields{}
	if CSOModeName(in.Mode) == "未设立" && in.Mode != CSONone {
		f.Add("cso_mode", "请选择干部监督机构设置方式")
	}
	if in.Staff < 0 || in.Staff > 200 {
		f.Add("cso_staff", "专职人员数应在 0 到 200 之间")
	}
	if err := f.Err(); err != nil {
		return Commission{}, err
	}
	var out Commission
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := getCommission(ctx, tx, p, id)
		if err != nil {
			return err
		}
		var zone any
		if in.ZoneID != 0 {
			zones, err := s.Zones(ctx, p)
			if err != nil {
				return err
			}
			if !containsZone(zones, in.ZoneID) {
				return apperr.Fields{"zone_id": "协作区不存在或无权使用"}.Err()
			}
			zone = in.ZoneID
		}
		if _, err := tx.Exec(ctx, `UPDATE commissions SET cso_mode = ?, cso_staff = ?, zone_id = ? WHERE id = ?`,
			in.Mode, in.Staff, zone, id); err != nil {
			return err
		}
		if out, err = getCommission(ctx, tx, p, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "commission.staffing", ObjectType: "commission",
			ObjectID: strconv.FormatInt(id, 10), Summary: fmt.Sprintf("更新 %s 干部监督机构设置：%s，专职 %d 人", out.Name, CSOModeName(in.Mode), in.Staff),
			Before: before, After: out, CommissionID: id, ScopePath: out.Path})
	})
	return out, err
}

func containsZone(zs []Zone, id int64) bool {
	for _, z := range zs {
		if z.ID == id {
			return true
		}
	}
	return false
}

// ComplianceSummary counts the O2 view.
type ComplianceSummary struct {
	Counties    int
	Independent int
	Designated  int // designated with enough staff
	Compliant   int
	MinStaff    int
}

// Compliance returns every county commission in p's scope with whether it meets the O2 rule,
// non-compliant first, and the totals.
func (s *Service) Compliance(ctx context.Context, p Principal) ([]CountyCompliance, ComplianceSummary, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	rows, err := s.db.Reader().Query(ctx, `SELECT `+commissionColumns+`, COALESCE(pa.name, '')`+commissionFrom+
		`LEFT JOIN commissions pa ON pa.id = c.parent_id
		WHERE c.kind = ? AND c.path >= ? AND c.path < ? ORDER BY c.path`, KindCounty, lo, hi)
	if err != nil {
		return nil, ComplianceSummary{}, err
	}
	defer rows.Close()
	sum := ComplianceSummary{MinStaff: s.minStaff}
	var bad, good []CountyCompliance
	for rows.Next() {
		var r CountyCompliance
		if err := rows.Scan(&r.ID, &r.Code, &r.Name, &r.Kind, &r.ParentID, &r.Path, &r.Depth, &r.ZoneID,
			&r.ZoneName, &r.CSOMode, &r.CSOStaff, &r.DocCode, &r.CreatedAt, &r.Children, &r.ParentName); err != nil {
			return nil, sum, err
		}
		r.Compliant = Compliant(r.CSOMode, r.CSOStaff, s.minStaff)
		sum.Counties++
		switch {
		case r.CSOMode == CSOIndependent:
			sum.Independent++
		case r.Compliant:
			sum.Designated++
		}
		if r.Compliant {
			sum.Compliant++
			good = append(good, r)
		} else {
			bad = append(bad, r)
		}
	}
	return append(bad, good...), sum, rows.Err()
}

// SetDocCode records commission id's issuer code (机关代字, e.g. 黔纪), the first part of its
// document numbers. Requires org.manage and the commission in scope.
func (s *Service) SetDocCode(ctx context.Context, p Principal, id int64, code string) (Commission, error) {
	if !p.Can(PermOrgManage) {
		return Commission{}, apperr.New(apperr.Forbidden, "无权维护机构")
	}
	code = strings.TrimSpace(code)
	if n := utf8.RuneCountInString(code); n == 0 || n > 10 || strings.ContainsAny(code, "〔〕[]()（） ") {
		return Commission{}, apperr.Fields{"doc_code": "请填写发文机关代字（1–10 字，不含括号和空格），如：黔纪"}.Err()
	}
	var out Commission
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := getCommission(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE commissions SET doc_code = ? WHERE id = ?`, code, id); err != nil {
			return err
		}
		out = before
		out.DocCode = code
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "commission.doc_code", ObjectType: "commission",
			ObjectID: strconv.FormatInt(id, 10), Summary: "设置 " + out.Name + " 发文机关代字：" + code,
			Before: before.DocCode, After: code, CommissionID: id, ScopePath: out.Path})
	})
	return out, err
}

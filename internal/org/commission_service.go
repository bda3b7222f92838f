package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
)

const commissionColumns = `c.id, c.code, c.name, c.kind, COALESCE(c.parent_id, 0), c.path, c.depth,
	COALESCE(c.zone_id, 0), COALESCE(z.name, ''), c.cso_mode, c.cso_staff, c.doc_code, c.created_at,
	(SELECT COUNT(*) FROM commissions k WHERE k.parent_id = c.id)`

const commissionFrom = ` FROM commissions c LEFT JOIN zones z ON z.id = c.zone_id `

func scanCommission(s interface{ Scan(...any) error }) (Commission, error) {
	var c Commission
	err := s.Scan(&c.ID, &c.Code, &c.Name, &c.Kind, &c.ParentID, &c.Path, &c.Depth, &c.ZoneID,
		&c.ZoneName, &c.CSOMode, &c.CSOStaff, &c.DocCode, &c.CreatedAt, &c.Children)
	return c, err
}

// Commission returns the commission id if it lies in p's scope; otherwise apperr.NotFound.
func (s *Service) Commission(ctx context.Context, p Principal, id int64) (Commission, error) {
	return getCommission(ctx, s.db.Reader(), p, id)
}

func getCommission(ctx context.Context, q db.Querier, p Principal, id int64) (Commission, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	c, err := scanCommission(q.QueryRow(ctx, `SELECT `+commissionColumns+commissionFrom+
		`WHERE c.id = ? AND c.path >= ? AND c.path < ?`, id, lo, hi))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFoundf("该机构")
	}
	return c, err
}

// CommissionByCode returns the commission with code (its division code, e.g. 5201) if it lies
// in p's scope; otherwise apperr.NotFound.
func (s *Service) CommissionByCode(ctx context.Context, p Principal, code string) (Commission, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	c, err := scanCommission(s.db.Reader().QueryRow(ctx, `SELECT `+commissionColumns+commissionFrom+
		`WHERE c.code = ? AND c.path >= ? AND c.path < ?`, code, lo, hi))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFoundf("该机构")
	}
	return c, err
}

// ScopeRoot returns the commission at the top of p's scope.
func (s *Service) ScopeRoot(ctx context.Context, p Principal) (Commission, error) {
	return s.Commission(ctx, p, p.CommissionID)
}

// CommissionFilter selects commissions in a list.
type CommissionFilter struct {
	ParentID int64  // direct children of this commission; 0 for the whole subtree
	Under    int64  // limit to this commission's subtree (must be in scope)
	Name     string // part of the name
	Kind     Kind
	ZoneID   int64
	Page     Page
}

// ListCommissions returns one page of commissions in p's scope matching f, in tree order, and
// the total that match.
func (s *Service) ListCommissions(ctx context.Context, p Principal, f CommissionFilter) ([]Commission, int, error) {
	q := s.db.Reader()
	lo, hi := db.SubtreeRange(p.ScopePath)
	where := []string{"c.path >= ?", "c.path < ?"}
	args := []any{lo, hi}
	if f.Under != 0 {
		u, err := getCommission(ctx, q, p, f.Under)
		if err != nil {
			return nil, 0, err
		}
		ulo, uhi := db.SubtreeRange(u.Path)
		where = append(where, "c.path >= ?", "c.path < ?")
		args = append(args, ulo, uhi)
	}
	if f.ParentID != 0 {
		where = append(where, "c.parent_id = ?")
		args = append(args, f.ParentID)
	}
	if f.Name != "" {
		where = append(where, "c.name LIKE ?")
		args = append(args, "%"+db.EscapeLike(f.Name)+"%")
	}
	if f.Kind != "" {
		where = append(where, "c.kind = ?")
		args = append(args, f.Kind)
	}
	if f.ZoneID != 0 {
		where = append(where, "c.zone_id = ?")
		args = append(args, f.ZoneID)
	}
	w := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM commissions c`+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	pg := f.Page.Normalize()
	rows, err := q.Query(ctx, `SELECT `+commissionColumns+commissionFrom+w+` ORDER BY c.path LIMIT ? OFFSET ?`,
		append(args, pg.Size, pg.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Commission
	for rows.Next() {
		c, err := scanCommission(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// Breadcrumb returns c's ancestors that lie in p's scope, from the top down, c excluded.
func (s *Service) Breadcrumb(ctx context.Context, p Principal, c Commission) ([]Commission, error) {
	var ids []any
	for _, part := range strings.Split(strings.Trim(c.Path, "/"), "/") {
		id, _ := strconv.ParseInt(part, 10, 64)
		if id != 0 && id != c.ID {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	rows, err := s.db.Reader().Query(ctx, `SELECT `+commissionColumns+commissionFrom+`WHERE c.id IN (`+
		db.Placeholders(len(ids))+`) AND c.path >= ? AND c.path < ? ORDER BY c.depth`, append(ids, lo, hi)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Commission
	for rows.Next() {
		a, err := scanCommission(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Departments returns the departments of commission id (which must be in p's scope).
func (s *Service) Departments(ctx context.Context, p Principal, commissionID int64) ([]Department, error) {
	_, ds, err := s.Placement(ctx, p, commissionID)
	return ds, err
}

// Placement returns commission id (in p's scope, else NotFound) and its departments: what a
// form that places a person in a commission needs.
func (s *Service) Placement(ctx context.Context, p Principal, commissionID int64) (Commission, []Department, error) {
	c, err := s.Commission(ctx, p, commissionID)
	if err != nil {
		return c, nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT id, commission_id, kind, name FROM departments
		WHERE commission_id = ? ORDER BY id`, commissionID)
	if err != nil {
		return c, nil, err
	}
	defer rows.Close()
	var out []Department
	for rows.Next() {
		var d Department
		if err := rows.Scan(&d.ID, &d.CommissionID, &d.Kind, &d.Name); err != nil {
			return c, nil, err
		}
		out = append(out, d)
	}
	return c, out, rows.Err()
}

// NewCommission is the input for adding a non-territorial body (resident group, SOE or
// university discipline body) or a territorial commission under an existing one.
type NewCommission struct {
	ParentID int64
	Name     string
	Kind     Kind
	Code     string // optional; generated from the parent when empty
}

// CreateCommission adds a commission under a parent in p's scope, with the standard
// departments for its kind. Requires org.manage.
func (s *Service) CreateCommission(ctx context.Context, p Principal, in NewCommission) (Commission, error) {
	if !p.Can(PermOrgManage) {
		return Commission{}, apperr.New(apperr.Forbidden, "无权维护机构")
	}
	f := apperr.Fields{}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 60 {
		f.Add("name", "请填写机构名称（不超过 60 字）")
	}
	if KindName(in.Kind) == string(in.Kind) || in.Kind == KindCentral {
		f.Add("kind", "请选择机构类型")
	}
	if err := f.Err(); err != nil {
		return Commission{}, err
	}
	var out Commission
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		parent, err := getCommission(ctx, tx, p, in.ParentID)
		if err != nil {
			return err
		}
		if in.Code == "" {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM commissions WHERE parent_id = ?`, parent.ID).Scan(&n); err != nil {
				return err
			}
			in.Code = fmt.Sprintf("%s-%s%02d", parent.Code, in.Kind[:1], n+1)
		}
		id, err := insertCommission(ctx, tx, s.now(), Node{Code: in.Code, Name: in.Name, Kind: in.Kind}, &parent)
		if err != nil {
			if db.IsUniqueViolation(err) {
				return apperr.Fields{"code": "机构代码已被使用"}.Err()
			}
			return err
		}
		out, err = getCommission(ctx, tx, p, id)
		if err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{
			Action: "commission.create", ObjectType: "commission", ObjectID: strconv.FormatInt(id, 10),
			Summary: "新增机构 " + out.Name, After: out, CommissionID: out.ID, ScopePath: out.Path,
		})
	})
	return out, err
}

// Node is one commission of a tree to import.
type Node struct {
	Code       string
	Name       string
	Kind       Kind
	ParentCode string // "" for a root
	Zone       string // collaboration zone name, "" for none
	CSOMode    CSOMode
	CSOStaff   int
}

// ImportTree inserts nodes (parents before children) with their standard departments and
// zones, in one transaction with one audit entry. Codes already present are an error.
func (s *Service) ImportTree(ctx context.Context, p Principal, nodes []Node) (int, error) {
	if !p.Can(PermOrgManage) {
		return 0, apperr.New(apperr.Forbidden, "无权维护机构")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		byCode := map[string]*Commission{}
		province := map[string]int64{} // code → the provincial commission that owns its zones
		zones := map[string]int64{}
		now := s.now()
		for _, n := range nodes {
			var parent *Commission
			if n.ParentCode != "" {
				parent = byCode[n.ParentCode]
				if parent == nil {
					return fmt.Errorf("import tree: parent %s of %s not found before it", n.ParentCode, n.Code)
				}
			}
			id, err := insertCommission(ctx, tx, now, n, parent)
			if err != nil {
				return fmt.Errorf("import %s %s: %w", n.Code, n.Name, err)
			}
			c := &Commission{ID: id, Code: n.Code, Path: "/" + strconv.FormatInt(id, 10) + "/", Depth: 0}
			if parent != nil {
				c.Path, c.Depth = parent.Path+strconv.FormatInt(id, 10)+"/", parent.Depth+1
			}
			byCode[n.Code] = c
			province[n.Code] = id
			if parent != nil && n.Kind != KindProvincial {
				province[n.Code] = province[n.ParentCode]
			}
			if n.Zone != "" {
				owner := province[n.Code]
				key := strconv.FormatInt(owner, 10) + "|" + n.Zone
				zid, ok := zones[key]
				if !ok {
					if err := tx.QueryRow(ctx, `INSERT INTO zones (owner_commission_id, name) VALUES (?, ?) RETURNING id`,
						owner, n.Zone).Scan(&zid); err != nil {
						return err
					}
					zones[key] = zid
				}
				if _, err := tx.Exec(ctx, `UPDATE commissions SET zone_id = ? WHERE id = ?`, zid, id); err != nil {
					return err
				}
			}
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{
			Action: "commission.import", ObjectType: "commission", ObjectID: "tree",
			Summary: fmt.Sprintf("导入机构树 %d 个", len(nodes)), After: len(nodes),
		})
	})
	return len(nodes), err
}

// insertCommission inserts one commission under parent (nil for a root), computes its path and
// adds the standard departments for its kind. It returns the new id.
func insertCommission(ctx context.Context, tx *db.Tx, now time.Time, n Node, parent *Commission) (int64, error) {
	mode := n.CSOMode
	if mode == "" {
		mode = CSONone
	}
	var parentID any
	path, depth := "/pending/"+n.Code+"/", 0
	if parent != nil {
		parentID, depth = parent.ID, parent.Depth+1
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO commissions (code, name, kind, parent_id, path, depth, cso_mode, cso_staff, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		n.Code, n.Name, n.Kind, parentID, path, depth, mode, n.CSOStaff, now.UTC()).Scan(&id)
	if err != nil {
		return 0, err
	}
	path = "/" + strconv.FormatInt(id, 10) + "/"
	if parent != nil {
		path = parent.Path + strconv.FormatInt(id, 10) + "/"
	}
	if _, err := tx.Exec(ctx, `UPDATE commissions SET path = ? WHERE id = ?`, path, id); err != nil {
		return 0, err
	}
	for _, d := range deptsFor(n.Kind) {
		if _, err := tx.Exec(ctx, `INSERT INTO departments (commission_id, kind, name) VALUES (?, ?, ?)`, id, d.Kind, d.Name); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func deptsFor(k Kind) []Department {
	switch k {
	case KindResidentGroup, KindSOE, KindUniversity:
		return []Department{{Kind: "general", Name: "综合室"}, {Kind: "supervision", Name: "监督检查室"}, {Kind: "investigation", Name: "审查调查室"}}
	}
	var out []Department
	for _, d := range DeptKinds() {
		out = append(out, Department{Kind: d.Kind, Name: d.Name})
	}
	return out
}

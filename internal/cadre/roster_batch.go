package cadre

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/textnorm"
	"custos/internal/unit"
)

// importRow is a checked row waiting to be written.
type importRow struct {
	line    int
	cells   []string // as read, for the refused-rows workbook should the write refuse it
	k       Cadre
	c       org.Commission
	at      Placement
	newDept string // a department the commission does not have yet, created on first use
}

// importBatch checks rows against the database (commission, department, existing ID number)
// and writes them in one transaction per flush.
type importBatch struct {
	s        *Service
	p        org.Principal
	rows     []importRow
	seen     map[string]int  // ID number (checked, or as written when the check fails) → first line
	accepted map[string]bool // ID numbers of rows that passed the checks
	units    *unit.Index     // the commissions in p's scope, loaded on first use
	fold     *textnorm.Folder
	depts    map[int64]map[string]int64 // commission → folded department name → id
	has      map[string]bool            // the roster columns the file has (template headers)
	// birthMonthOnly: the file's birth column is a 出生年月, compared with the ID by month
	birthMonthOnly bool
	rejects        *rejects
}

func newImportBatch(s *Service, p org.Principal) *importBatch {
	return &importBatch{s: s, p: p, seen: map[string]int{}, accepted: map[string]bool{}, depts: map[int64]map[string]int64{},
		has: map[string]bool{}, rejects: newRejects()}
}

func (b *importBatch) size() int { return len(b.rows) }

// header records a sheet's header row: the roster's columns (index, by template header; nil
// for the related sheets) and the row itself for the refused-rows workbook.
func (b *importBatch) header(sheet string, cells []string, index map[string]int) {
	b.rejects.header(sheet, cells)
	if index == nil {
		return
	}
	for canon, i := range index {
		b.has[canon] = true
		if canon == "出生日期" {
			h := normalHeader(cells[i])
			b.birthMonthOnly = strings.Contains(h, "年月") && !strings.Contains(h, "日")
		}
	}
}

// add checks one row and queues it; it returns the row's errors, or err when the database
// could not be asked.
func (b *importBatch) add(ctx context.Context, line int, cells []string, get func(string) string) ([]RowError, error) {
	in := Input{Name: get("姓名"), Gender: get("性别"), BirthDate: get("出生日期"), IDNumber: get("身份证号码"), Ethnicity: get("民族"),
		PartyMember: get("是否党员"), PartyJoinDate: get("入党时间"), Post: get("职务"), Rank: get("职级"), KeyMinority: get("是否关键少数"),
		Committees: get("委员身份"), ManagementAuthority: get("干部管理权限"), Status: get("状态"), LeftAt: get("离岗（退休）日期"),
		PostSince: get("任现职时间"), RankSince: get("任现职级时间"), WorkStart: get("参加工作时间"), Education: get("学历"),
		Degree: get("学位"), NativePlace: get("籍贯"), Note: get("备注"), BirthMonthOnly: b.birthMonthOnly}
	k, f := Parse(in, b.s.today())
	// a second row with the same number is refused whatever became of the first
	key := k.IDNumber
	if key == "" {
		key = strings.ToUpper(strings.TrimSpace(in.IDNumber))
	}
	if first, dup := b.seen[key]; dup && key != "" {
		f.Add("id_number", fmt.Sprintf("与第 %d 行的身份证号码重复", first))
	} else if key != "" {
		b.seen[key] = line
	}
	if b.units == nil {
		units, err := unit.Load(ctx, b.s.db.Reader(), b.p)
		if err != nil {
			return nil, err
		}
		b.units, b.fold = units, textnorm.New()
	}
	var row importRow
	if r := b.units.Resolve(get("所属机构代码"), get("所属机构")); !r.OK {
		f.Add("commission_id", r.Problem)
	} else if row.c = r.Commission; get("部门") != "" {
		id, err := b.department(ctx, row.c.ID, get("部门"))
		if err != nil {
			return nil, err
		}
		if id == 0 {
			row.newDept = strings.TrimSpace(get("部门"))
			if n := len([]rune(row.newDept)); n > 30 {
				f.Add("department_id", "部门名称不超过 30 字")
			}
		}
		row.at.DepartmentID = id
	}
	if len(f) > 0 {
		var out []RowError
		for _, col := range rosterColumns() { // in column order
			if msg, ok := f[col.Field]; ok {
				out = append(out, RowError{Line: line, Column: col.Header, Reason: msg})
			}
		}
		return out, nil
	}
	b.accepted[k.IDNumber] = true
	row.line, row.cells, row.k, row.at.CommissionID = line, cells, k, row.c.ID
	b.rows = append(b.rows, row)
	return nil, nil
}

// department finds a department of a commission by its name as folded (width, script,
// spaces), or 0 when the commission has none of that name.
func (b *importBatch) department(ctx context.Context, commissionID int64, name string) (int64, error) {
	byName, ok := b.depts[commissionID]
	if !ok {
		byName = map[string]int64{}
		rows, err := b.s.db.Reader().Query(ctx, `SELECT id, name FROM departments WHERE commission_id = ?`, commissionID)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var n string
			if err := rows.Scan(&id, &n); err != nil {
				return 0, err
			}
			byName[b.fold.Normalize(n)] = id
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
		b.depts[commissionID] = byName
	}
	return byName[b.fold.Normalize(name)], nil
}

// createDepartment creates, inside tx, a department a roster names that its commission does
// not have (kind other: it takes no part in the duties the standard departments carry), audits
// it and lists it in res; a department created meanwhile by another import is taken as is.
func (b *importBatch) createDepartment(ctx context.Context, tx *db.Tx, c org.Commission, name string, res *ImportResult) (int64, error) {
	folded := b.fold.Normalize(name)
	if id := b.depts[c.ID][folded]; id != 0 {
		return id, nil
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO departments (commission_id, kind, name) VALUES (?, 'other', ?)
		ON CONFLICT (commission_id, name) DO NOTHING RETURNING id`, c.ID, name).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = tx.QueryRow(ctx, `SELECT id FROM departments WHERE commission_id = ? AND name = ?`, c.ID, name).Scan(&id)
	case err == nil:
		res.NewDepartments = append(res.NewDepartments, c.Name+" "+name)
		err = b.s.audit.Append(ctx, tx, b.p.Actor(), audit.Entry{Action: "department.create", ObjectType: "department",
			ObjectID: strconv.FormatInt(id, 10), Summary: "导入干部名册时新建部门：" + c.Name + " " + name,
			After: map[string]any{"commission_id": c.ID, "name": name}, CommissionID: c.ID, ScopePath: c.Path})
	}
	if err != nil {
		return 0, err
	}
	b.depts[c.ID][folded] = id
	return id, nil
}

// flush writes the queued rows in one transaction: a new ID number registers the cadre, a
// known one (in p's scope) updates it when the row changes something.
func (b *importBatch) flush(ctx context.Context, res *ImportResult) error {
	if len(b.rows) == 0 {
		return nil
	}
	counts := *res
	counts.Errors = nil
	counts.NewDepartments = nil
	err := b.s.db.InTx(ctx, func(tx *db.Tx) error { return b.write(ctx, tx, &counts) })
	b.rows = b.rows[:0]
	if err != nil {
		return err
	}
	errs := append(res.Errors, counts.Errors...)
	depts := append(res.NewDepartments, counts.NewDepartments...)
	*res = counts
	res.Errors, res.NewDepartments = errs, depts
	return nil
}

// write registers or updates the queued rows inside tx, counting into res; a row whose ID
// number is registered outside p's scope becomes a row error. A registered cadre's row is
// compared with the record first: a column the file lacks keeps the recorded value, and a row
// that changes nothing is neither written nor audited.
func (b *importBatch) write(ctx context.Context, tx *db.Tx, res *ImportResult) error {
	known, err := b.registered(ctx, tx)
	if err != nil {
		return err
	}
	for _, r := range b.rows {
		reg, ok := known[r.k.IDNumber]
		if ok && !b.p.Sees(reg.path) {
			e := RowError{Line: r.line, Column: "身份证号码", Reason: "该身份证号码已在您管理范围以外的机构登记，不能导入"}
			res.Errors = append(res.Errors, e)
			b.rejects.add("", r.line, r.cells, []RowError{e})
			delete(b.accepted, r.k.IDNumber)
			continue
		}
		at := r.at
		if r.newDept != "" {
			if at.DepartmentID, err = b.createDepartment(ctx, tx, r.c, r.newDept, res); err != nil {
				return err
			}
		}
		if !ok {
			if _, err := b.s.insert(ctx, tx, b.p, r.k, at); err != nil {
				return err
			}
			res.Created++
			continue
		}
		before, err := getCadre(ctx, tx, b.p, reg.id)
		if err != nil {
			return err
		}
		k := keepAbsent(b.has, before, r.k)
		if !b.has["部门"] && before.CommissionID == at.CommissionID {
			at.DepartmentID = before.DepartmentID
		}
		after := k
		after.ID, after.CommissionID, after.DepartmentID = before.ID, at.CommissionID, at.DepartmentID
		if len(Changes(before, after)) == 0 {
			res.Unchanged++
			continue
		}
		if _, err := b.s.update(ctx, tx, b.p, before, k, at); err != nil {
			return err
		}
		res.Updated++
	}
	return nil
}

// keepAbsent returns k with the recorded values of before in the fields whose columns the
// file does not have (has: template headers), so that a roster of fewer columns updates only
// what it carries.
func keepAbsent(has map[string]bool, before, k Cadre) Cadre {
	keep := func(col string, dst *string, v string) {
		if !has[col] {
			*dst = v
		}
	}
	keep("民族", &k.Ethnicity, before.Ethnicity)
	keep("入党时间", &k.PartyJoinDate, before.PartyJoinDate)
	keep("干部管理权限", &k.ManagementAuthority, before.ManagementAuthority)
	keep("离岗（退休）日期", &k.LeftAt, before.LeftAt)
	keep("任现职时间", &k.PostSince, before.PostSince)
	keep("任现职级时间", &k.RankSince, before.RankSince)
	keep("参加工作时间", &k.WorkStart, before.WorkStart)
	keep("学历", &k.Education, before.Education)
	keep("学位", &k.Degree, before.Degree)
	keep("籍贯", &k.NativePlace, before.NativePlace)
	keep("备注", &k.Note, before.Note)
	if !has["是否党员"] {
		k.PartyMember = before.PartyMember
	}
	if !has["是否关键少数"] {
		k.KeyMinority = before.KeyMinority
	}
	if !has["委员身份"] {
		k.Committees = before.Committees
	}
	if !has["状态"] {
		k.Status = before.Status
	}
	return k
}

var errAtomicRejected = errors.New("atomic import rejected")

type registration struct {
	id   int64
	path string
}

// registered looks up, in one query, which of the batch's ID numbers are already registered
// (anywhere: a re-import updates, an out-of-scope match is refused).
func (b *importBatch) registered(ctx context.Context, tx *db.Tx) (map[string]registration, error) {
	out := map[string]registration{}
	if len(b.rows) == 0 {
		return out, nil
	}
	args := make([]any, len(b.rows))
	for i, r := range b.rows {
		args[i] = r.k.IDNumber
	}
	rows, err := tx.Query(ctx, `SELECT id_number, id, commission_path FROM cadres WHERE id_number IN (`+db.Placeholders(len(args))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		var r registration
		if err := rows.Scan(&n, &r.id, &r.path); err != nil {
			return nil, err
		}
		out[n] = r
	}
	return out, rows.Err()
}

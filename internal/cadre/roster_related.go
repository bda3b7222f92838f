package cadre

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/xuri/excelize/v2"

	"custos/internal/apperr"
	"custos/internal/db"
	"custos/internal/workday"
)

// The roster workbook may carry two more sheets, keyed to the roster by the cadre's ID number:
// the appointment history (任免记录) and the family members (家庭成员).
const (
	SheetRoster       = "干部名册"
	SheetAppointments = "任免记录"
	SheetFamily       = "家庭成员"
)

// appointmentColumns is the layout of the 任免记录 sheet.
func appointmentColumns() []column {
	return []column{
		{Header: "干部身份证号码", Field: "cadre", Required: true, Example: "520102198001010011"},
		{Header: "日期", Field: "date", Required: true, Example: "2021-06-15"},
		{Header: "类别", Field: "kind", Required: true, Example: "任职"},
		{Header: "职务", Field: "post", Required: true, Example: "干部监督室主任"},
		{Header: "文号", Field: "doc_no", Example: "南纪干〔2021〕7号"},
		{Header: "备注", Field: "note"},
	}
}

// familyColumns is the layout of the 家庭成员 sheet.
func familyColumns() []column {
	return []column{
		{Header: "干部身份证号码", Field: "cadre", Required: true, Example: "520102198001010011"},
		{Header: "关系", Field: "relation", Required: true, Example: "配偶"},
		{Header: "姓名", Field: "name", Required: true, Example: "李四"},
		{Header: "身份证号码", Field: "id_number"},
		{Header: "工作单位", Field: "employer", Example: "贵阳某公司"},
		{Header: "职务", Field: "post", Example: "职员"},
		{Header: "经商办企业", Field: "business"},
		{Header: "地区", Field: "region"},
	}
}

// relatedRow is a checked row of either sheet waiting to be written.
type relatedRow struct {
	sheet    string
	line     int
	cells    []string
	idNumber string // the cadre's
	appt     AppointmentInput
	member   FamilyMember
}

// readRelated checks the rows of one optional sheet; a sheet that is absent is skipped. Known
// are the ID numbers of the roster sheet, which the related rows may refer to before they are
// written.
func (s *Service) readRelated(ctx context.Context, f *excelize.File, b *importBatch, sheet string, res *ImportResult) ([]relatedRow, error) {
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		return nil, nil
	}
	cols := appointmentColumns()
	if sheet == SheetFamily {
		cols = familyColumns()
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []relatedRow
	var index map[string]int
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		if index == nil {
			index = map[string]int{}
			for i, h := range cells {
				index[strings.TrimSpace(h)] = i
			}
			var missing []string
			for _, c := range cols {
				if _, ok := index[c.Header]; c.Required && !ok {
					missing = append(missing, c.Header)
				}
			}
			if len(missing) > 0 {
				res.Errors = append(res.Errors, RowError{Sheet: sheet, Line: line, Reason: "第 1 行应为表头，缺少列：" + strings.Join(missing, "、")})
				return nil, nil
			}
			b.header(sheet, cells, nil)
			continue
		}
		if blank(cells) {
			continue
		}
		res.Rows++
		get := func(h string) string {
			if i, ok := index[h]; ok && i < len(cells) {
				return strings.TrimSpace(cells[i])
			}
			return ""
		}
		row, problems, err := s.checkRelated(ctx, b, sheet, get)
		if err != nil {
			return nil, err
		}
		var errs []RowError
		for _, c := range cols { // in column order
			if msg, ok := problems[c.Field]; ok {
				errs = append(errs, RowError{Sheet: sheet, Line: line, Column: c.Header, Reason: msg})
			}
		}
		res.Errors = append(res.Errors, errs...)
		if len(errs) > 0 {
			b.rejects.add(sheet, line, cells, errs)
		} else {
			row.sheet, row.line, row.cells = sheet, line, cells
			out = append(out, row)
		}
	}
	return out, rows.Error()
}

// checkRelated checks one row: the cadre it refers to and the entry itself.
func (s *Service) checkRelated(ctx context.Context, b *importBatch, sheet string, get func(string) string) (relatedRow, map[string]string, error) {
	var row relatedRow
	problems := map[string]string{}
	card, err := ParseIDCard(get("干部身份证号码"), s.today())
	if err != nil {
		problems["cadre"] = err.Error()
	} else {
		row.idNumber = card.Number
		if !b.accepted[card.Number] {
			lo, hi := db.SubtreeRange(b.p.ScopePath)
			var n int
			if err := s.db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM cadres WHERE id_number = ? AND commission_path >= ? AND commission_path < ?`,
				card.Number, lo, hi).Scan(&n); err != nil {
				return row, nil, err
			}
			if n == 0 {
				problems["cadre"] = "该身份证号码的干部未在名册中登记，或不在您的管理范围内"
			}
		}
	}
	if sheet == SheetAppointments {
		kind := map[string]string{"任职": Appoint, "免职": Remove, "交流": Exchange}[get("类别")]
		in, f := s.checkAppointment(AppointmentInput{Date: get("日期"), Kind: kind, Post: get("职务"), DocNo: get("文号"), Note: get("备注")})
		if kind == "" {
			f["kind"] = "类别应为 任职、免职 或 交流"
		}
		for k, v := range f {
			problems[k] = v
		}
		row.appt = in
		return row, problems, nil
	}
	var rel Relation
	for _, r := range Relations() {
		if r.Name == get("关系") {
			rel = r.ID
		}
	}
	m, f := s.checkFamily(FamilyMember{Relation: rel, Name: get("姓名"), IDNumber: get("身份证号码"), Employer: get("工作单位"),
		Post: get("职务"), Business: get("经商办企业"), Region: get("地区")})
	if rel == "" {
		f["relation"] = "关系应为 配偶、父亲、母亲、儿子、女儿、兄弟、姐妹 或 特定关系人"
	}
	for k, v := range f {
		problems[k] = v
	}
	row.member = m
	return row, problems, nil
}

// writeRelated writes checked rows inside tx. An appointment already recorded (same date,
// kind and post) is skipped; a family member already recorded is updated.
func (s *Service) writeRelated(ctx context.Context, tx *db.Tx, b *importBatch, cal *workday.Calendar, rows []relatedRow, res *ImportResult) error {
	byID := map[string]Cadre{}
	for _, r := range rows {
		k, ok := byID[r.idNumber]
		if !ok {
			var id int64
			err := tx.QueryRow(ctx, `SELECT id FROM cadres WHERE id_number = ?`, r.idNumber).Scan(&id)
			if err == nil {
				k, err = getCadre(ctx, tx, b.p, id)
			}
			switch {
			case errors.Is(err, sql.ErrNoRows) || apperr.CodeOf(err) == apperr.NotFound:
				// its roster row was refused when written (registered outside p's scope)
				e := RowError{Sheet: r.sheet, Line: r.line, Column: "干部身份证号码", Reason: "该干部未能导入名册，本行未导入"}
				res.Errors = append(res.Errors, e)
				b.rejects.add(r.sheet, r.line, r.cells, []RowError{e})
				continue
			case err != nil:
				return err
			}
			byID[r.idNumber] = k
		}
		if r.sheet == SheetAppointments {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM appointments WHERE cadre_id = ? AND date = ? AND kind = ? AND post = ?`,
				k.ID, r.appt.Date, r.appt.Kind, r.appt.Post).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			if _, _, err := s.addAppointment(ctx, tx, b.p, k, r.appt, cal, false); err != nil {
				return err
			}
			res.Appointments++
			continue
		}
		if _, created, err := s.addFamily(ctx, tx, b.p, k, r.member); err != nil {
			return err
		} else if created {
			res.Family++
		}
	}
	return nil
}

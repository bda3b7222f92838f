package cadre

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/xlsxguard"
)

// column is one column of the roster workbook: its header and the Input field it fills.
type column struct {
	Header   string
	Field    string // the Parse field name its errors are reported under
	Required bool
	Example  string
	get      func(Cadre) string
}

// rosterColumns is the roster layout for the template, the import and the export. Columns are
// matched by header, in any order; unknown columns are ignored.
func rosterColumns() []column {
	yes := func(b bool) string {
		if b {
			return "是"
		}
		return "否"
	}
	return []column{
		{"姓名", "name", true, "张三", func(c Cadre) string { return c.Name }},
		{"身份证号码", "id_number", true, "520102198001010011", func(c Cadre) string { return c.IDNumber }},
		{"性别", "gender", false, "男", func(c Cadre) string { return c.GenderName() }},
		{"出生日期", "birth_date", false, "1980-01-01", func(c Cadre) string { return c.BirthDate }},
		{"民族", "ethnicity", false, "汉族", func(c Cadre) string { return c.Ethnicity }},
		{"是否党员", "party_member", false, "是", func(c Cadre) string { return yes(c.PartyMember) }},
		{"入党时间", "party_join_date", false, "2003-07-01", func(c Cadre) string { return c.PartyJoinDate }},
		{"所属机构代码", "commission_code", false, "520102", nil},
		{"所属机构", "commission_id", false, "南明区纪委监委", func(c Cadre) string { return c.CommissionName }},
		{"部门", "department_id", false, "干部监督室", func(c Cadre) string { return c.DepartmentName }},
		{"职务", "post", true, "干部监督室主任", func(c Cadre) string { return c.Post }},
		{"职级", "rank", true, "乡科级", func(c Cadre) string { return c.RankOrTitle() }},
		{"是否关键少数", "key_minority", false, "否", func(c Cadre) string { return yes(c.KeyMinority) }},
		{"委员身份", "committees", false, "纪委委员", func(c Cadre) string { return c.CommitteeNames() }},
		{"干部管理权限", "management_authority", false, "市委管理", func(c Cadre) string { return c.ManagementAuthority }},
		{"状态", "status", false, "在职", func(c Cadre) string { return StatusName(c.Status) }},
		{"离岗（退休）日期", "left_at", false, "", func(c Cadre) string { return c.LeftAt }},
		{"任现职时间", "post_since", false, "2021.06", func(c Cadre) string { return c.PostSince }},
		{"任现职级时间", "rank_since", false, "2020.12", func(c Cadre) string { return c.RankSince }},
		{"参加工作时间", "work_start", false, "2002.07", func(c Cadre) string { return c.WorkStart }},
		{"学历", "education", false, "大学", func(c Cadre) string { return c.Education }},
		{"学位", "degree", false, "法学学士", func(c Cadre) string { return c.Degree }},
		{"籍贯", "native_place", false, "贵州贵阳", func(c Cadre) string { return c.NativePlace }},
		{"备注", "note", false, "", func(c Cadre) string { return c.Note }},
	}
}

// Template writes the roster template: the header row, one example row and a sheet that
// explains the allowed values.
func Template(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = SheetRoster
	f.SetSheetName("Sheet1", sheet)
	cols := rosterColumns()
	for i, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellStr(sheet, cell, c.Header)
		cell, _ = excelize.CoordinatesToCellName(i+1, 2)
		f.SetCellStr(sheet, cell, c.Example)
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sheet, col, col, 16)
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	last, _ := excelize.CoordinatesToCellName(len(cols), 1)
	f.SetCellStyle(sheet, "A1", last, bold)
	notes := "填写说明"
	f.NewSheet(notes)
	lines := []string{
		"必填：姓名、身份证号码、职务、职级，以及 所属机构代码 或 所属机构（二者填一，代码优先）。",
		"表头可以在前 10 行内（上方可有标题行）；已有名册的常见列名也能识别，如 身份证号、工作单位、现任职务、级别、政治面貌。",
		"身份证号码按 GB 11643 校验；性别、出生日期可空，由号码得出，填写的须与号码一致。",
		"日期格式 YYYY-MM-DD（也接受 2024/3/5、2024年3月5日 和 Excel 日期）；出生年月、入党时间、参加工作时间、任现职时间、任现职级时间也可只写年月（1968.10、1968年10月、196810）；任何日期不得晚于今天。",
		"所属机构可写登记的名称、全称（中共贵阳市南明区纪律检查委员会）、带上级的名称（贵阳市南明区纪委监委）或简称（南明区纪委）；部门在该机构尚未设立的，导入时新建并在结果中列出。",
		"职级：省部级、厅局级、县处级、乡科级、一般干部（也接受 正处级、副科级 等层级和 二级调研员、一级主任科员 等职级）。状态：在职、离岗离职、退休（后两者须填离岗日期）。",
		"委员身份：同级党委委员、纪委委员、监委委员，可填多项，以顿号分隔。是否党员、是否关键少数：是 或 否。",
		"再次导入时按身份证号码更新已登记的干部，不会重复登记；内容未变的不改写，文件中没有的列保留原值。第二行为示例，导入前请删除。",
		"导入方式：整体导入（任何一行有误则全部不导入）或逐行导入（正确的行导入，错误的行列出）。",
		"“任免记录”“家庭成员”两张表可选：按干部身份证号码对应名册中的干部（可以是本文件名册表中的干部）。",
		"任免记录：类别为 任职、免职 或 交流；同一干部同一日期、类别、职务的记录已存在的不重复导入；作为历史记录导入，不改变干部现任职务，到岗谈话尚未到期的自动安排。",
		"家庭成员：关系为 配偶、父亲、母亲、儿子、女儿、兄弟、姐妹 或 特定关系人；同一干部同一关系、姓名的成员已登记的，按本表更新。",
	}
	for i, l := range lines {
		f.SetCellStr(notes, "A"+strconv.Itoa(i+1), l)
	}
	f.SetColWidth(notes, "A", "A", 120)
	for _, extra := range []struct {
		name string
		cols []column
	}{{SheetAppointments, appointmentColumns()}, {SheetFamily, familyColumns()}} {
		f.NewSheet(extra.name)
		for i, c := range extra.cols {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			f.SetCellStr(extra.name, cell, c.Header)
			cell, _ = excelize.CoordinatesToCellName(i+1, 2)
			f.SetCellStr(extra.name, cell, c.Example)
			col, _ := excelize.ColumnNumberToName(i + 1)
			f.SetColWidth(extra.name, col, col, 18)
		}
		last, _ := excelize.CoordinatesToCellName(len(extra.cols), 1)
		f.SetCellStyle(extra.name, "A1", last, bold)
	}
	return f.Write(w)
}

// RowError is one problem of an import: the workbook line, the column header and the reason.
type RowError struct {
	Sheet  string // "" for the roster sheet
	Line   int
	Column string
	Reason string
}

// ImportResult is what an import did.
type ImportResult struct {
	Rows      int // data rows read
	Created   int
	Updated   int // registered cadres whose row changed something
	Unchanged int // registered cadres whose row changed nothing: not written, not audited
	// Appointments and Family count the entries added from the 任免记录 and 家庭成员 sheets
	// (family members already recorded are updated, appointments already recorded skipped).
	Appointments int
	Family       int
	Errors       []RowError
	Atomic       bool // all-or-nothing: with errors, nothing was written
	Rejected     bool // the file as a whole was refused (no header, not a workbook)
	// NewDepartments are the departments created on first use, as 机构 部门.
	NewDepartments []string
	// RefusedRows is how many rows were refused; RejectsID names the stored workbook of those
	// rows with their 错误原因 (0 for none), for the importer to download (Rejects).
	RefusedRows int
	RejectsID   int64
	// RejectsXLSX is that workbook itself (nil for none): the command line writes it to a file.
	RejectsXLSX []byte
}

// Import reads a roster workbook and registers or updates (by ID number) each cadre in p's
// scope, then adds the rows of the optional 任免记录 and 家庭成员 sheets to the cadres they
// name (roster rows of the same file included). atomic: one transaction for every sheet,
// nothing written unless every row is good; otherwise good rows are written in batches and
// bad rows reported. The roster sheet is streamed, so memory does not grow with it; the
// optional sheets' checked rows are held until the roster is written, and refused rows are
// held for their workbook (RejectsID). The file is opened within s's upload limits
// (xlsxguard): a file breaking them is refused before it is parsed, a sheet counting more rows
// than the limit is stopped there, and a cancelled ctx (the client gone) stops the reading.
// Units are resolved by package unit within p's scope. Requires cadre.manage.
func (s *Service) Import(ctx context.Context, p org.Principal, r io.Reader, atomic bool) (ImportResult, error) {
	res := ImportResult{Atomic: atomic}
	if !p.Can(org.PermCadreManage) {
		return res, apperr.New(apperr.Forbidden, "无权导入干部信息")
	}
	f, err := xlsxguard.Open(r, s.set.Upload)
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			return res, err
		}
		res.Rejected = true
		res.Errors = append(res.Errors, RowError{Reason: apperr.MessageOf(err)})
		return res, nil
	}
	defer f.Close()
	batch := newImportBatch(s, p)
	if sheet := rosterSheet(f); sheet != "" {
		if ok, err := s.readRoster(ctx, f, sheet, batch, &res); err != nil || !ok {
			return res, err
		}
	}
	var related []relatedRow
	for _, sheet := range []string{SheetAppointments, SheetFamily} {
		rs, err := s.readRelated(ctx, f, batch, sheet, &res)
		if err != nil {
			return res, err
		}
		related = append(related, rs...)
	}
	if atomic && len(res.Errors) > 0 {
		return res, s.keepRejects(ctx, p, batch.rejects, &res)
	}
	cal, err := s.calendar.Calendar(ctx)
	if err != nil {
		return res, err
	}
	if atomic {
		// one transaction for every sheet: all or nothing
		counts := res
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			if err := batch.write(ctx, tx, &counts); err != nil {
				return err
			}
			if len(counts.Errors) > 0 {
				return errAtomicRejected
			}
			return s.writeRelated(ctx, tx, batch, cal, related, &counts)
		})
		switch {
		case errors.Is(err, errAtomicRejected):
			res.Errors = counts.Errors
			return res, s.keepRejects(ctx, p, batch.rejects, &res)
		case err != nil:
			return res, err
		}
		res = counts
	} else {
		if err := batch.flush(ctx, &res); err != nil {
			return res, err
		}
		for len(related) > 0 {
			chunk := related[:min(500, len(related))]
			related = related[len(chunk):]
			counts := res
			if err := s.db.InTx(ctx, func(tx *db.Tx) error { return s.writeRelated(ctx, tx, batch, cal, chunk, &counts) }); err != nil {
				return res, err
			}
			res = counts
		}
	}
	if err := s.keepRejects(ctx, p, batch.rejects, &res); err != nil {
		return res, err
	}
	if res.Created+res.Updated > 1000 {
		return res, s.db.Optimize(ctx)
	}
	return res, nil
}

// rosterSheet is the sheet holding the roster: 干部名册, else the first sheet unless that is one
// of the related sheets (a workbook of appointments or family members only); "" for none.
func rosterSheet(f *excelize.File) string {
	if idx, _ := f.GetSheetIndex(SheetRoster); idx >= 0 {
		return SheetRoster
	}
	if first := f.GetSheetName(0); first != SheetAppointments && first != SheetFamily {
		return first
	}
	return ""
}

// readRoster checks the roster sheet's rows into batch, flushing every 500 good rows unless
// the import is atomic. ok is false when the sheet as a whole was refused.
func (s *Service) readRoster(ctx context.Context, f *excelize.File, sheet string, batch *importBatch, res *ImportResult) (ok bool, err error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	var index map[string]int
	find := headerFinder{aliases: headerAliases()}
	shown := map[string]string{}
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return false, err
		}
		if index == nil {
			if index, err = find.next(line, cells); err != nil {
				res.Rejected = true
				res.Errors = append(res.Errors, RowError{Line: find.bestLine, Reason: err.Error()})
				return false, nil
			}
			for canon, i := range index { // errors name the column as the file heads it
				shown[canon] = strings.TrimSpace(cells[i])
			}
			batch.header("", cells, index)
			continue
		}
		if blank(cells) {
			continue
		}
		if res.Rows++; res.Rows > s.set.Upload.Rows() {
			res.Rejected = true
			res.Errors = append(res.Errors, RowError{Line: line, Reason: apperr.MessageOf(xlsxguard.TooManyRows(s.set.Upload))})
			return false, nil
		}
		if res.Rows%256 == 0 { // the client may have gone: stop working for nobody
			if err := ctx.Err(); err != nil {
				return false, err
			}
		}
		row := func(h string) string {
			if i, ok := index[h]; ok && i < len(cells) {
				return strings.TrimSpace(cells[i])
			}
			return ""
		}
		errs, err := batch.add(ctx, line, cells, row)
		if err != nil {
			return false, err
		}
		for i := range errs {
			if h := shown[errs[i].Column]; h != "" {
				errs[i].Column = h
			}
		}
		if len(errs) > 0 {
			batch.rejects.add("", line, cells, errs)
		}
		res.Errors = append(res.Errors, errs...)
		if !res.Atomic && batch.size() >= 500 {
			if err := batch.flush(ctx, res); err != nil {
				return false, err
			}
		}
	}
	if err := rows.Error(); err != nil {
		return false, err
	}
	if index == nil {
		res.Rejected = true
		if find.best == nil {
			res.Errors = append(res.Errors, RowError{Line: 1, Reason: "名册表为空，请使用导入模板"})
		} else {
			_, err := headerIndex(find.aliases, find.best, find.bestLine)
			res.Errors = append(res.Errors, RowError{Line: find.bestLine, Reason: err.Error()})
		}
		return false, nil
	}
	return true, nil
}

// headerScan is how many rows above the header a roster may carry (a title, a date, a note).
const headerScan = 10

// headerFinder finds the header row among a sheet's first rows: the first row naming at least
// two roster columns, 姓名 among them. Rows before it (a title such as “某某纪委监委干部名册”)
// are skipped.
type headerFinder struct {
	aliases  map[string]string // headerAliases
	best     []string          // the row that looked most like a header, for the error message
	bestHits int
	bestLine int
}

// next looks at one row and returns the column index once it is the header row. err is set
// when the header row lacks a required column, or when no header was found in time.
func (h *headerFinder) next(line int, cells []string) (map[string]int, error) {
	hits, name := 0, false
	for _, c := range cells {
		if canon, ok := h.aliases[normalHeader(c)]; ok {
			hits++
			name = name || canon == "姓名"
		}
	}
	if hits > h.bestHits {
		h.best, h.bestHits, h.bestLine = cells, hits, line
	}
	if hits >= 2 && name {
		h.best, h.bestLine = cells, line
		return headerIndex(h.aliases, cells, line)
	}
	if line >= headerScan {
		if h.best == nil {
			h.best, h.bestLine = cells, 1
		}
		_, err := headerIndex(h.aliases, h.best, h.bestLine)
		return nil, err
	}
	return nil, nil
}

// headerAliases are the other ways rosters head the template's columns.
func headerAliases() map[string]string {
	m := map[string]string{}
	for canon, aliases := range map[string][]string{
		"姓名":       {"名字", "干部姓名"},
		"身份证号码":    {"身份证号", "身份证", "公民身份号码", "公民身份证号码", "证件号码", "身份证件号码"},
		"出生日期":     {"出生年月", "出生年月日"},
		"是否党员":     {"政治面貌", "党员"},
		"入党时间":     {"入党日期", "入党年月"},
		"所属机构代码":   {"机构代码", "单位代码"},
		"所属机构":     {"工作单位", "单位", "单位名称", "所在单位", "所属单位", "机构", "机构名称"},
		"部门":       {"内设机构", "所在部门", "处室", "科室"},
		"职务":       {"现任职务", "职务名称", "现职务"},
		"职级":       {"级别", "职务层次", "职务职级", "现职级"},
		"是否关键少数":   {"关键少数", "是否一把手"},
		"干部管理权限":   {"管理权限"},
		"状态":       {"在职状态", "人员状态", "在岗状态"},
		"离岗（退休）日期": {"离岗日期", "退休日期", "离职日期", "离岗退休日期"},
		"任现职时间":    {"任现职务时间", "现职时间", "任现职日期", "任现职务日期", "任职时间", "现任职务时间", "任现职年月"},
		"任现职级时间":   {"现职级时间", "任职级时间", "任现级时间", "任现职级日期", "任现职级年月", "任现级别时间"},
		"参加工作时间":   {"参加工作日期", "参加工作年月", "工作时间"},
		"学历":       {"学历/学位", "学历学位", "最高学历", "全日制学历", "文化程度"},
		"学位":       {"最高学位", "全日制学位"},
		"籍贯":       {"籍 贯"},
		"备注":       {"说明", "备 注"},
	} {
		for _, a := range aliases {
			m[normalHeader(a)] = canon
		}
	}
	for _, c := range rosterColumns() {
		m[normalHeader(c.Header)] = c.Header
	}
	return m
}

// normalHeader drops what rosters add to a header: spaces and line breaks, a required-field
// star, a trailing （必填）/（选填）, and half-width brackets.
func normalHeader(h string) string {
	h = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000', '*', '＊':
			return -1
		case '(':
			return '（'
		case ')':
			return '）'
		}
		return r
	}, h)
	for _, tail := range []string{"（必填）", "（选填）", "（可空）"} {
		h = strings.TrimSuffix(h, tail)
	}
	return h
}

// headerIndex maps each template header to its column in the header row found at line; it
// fails naming the required columns that are missing.
func headerIndex(aliases map[string]string, cells []string, line int) (map[string]int, error) {
	index := map[string]int{}
	for i, h := range cells {
		if canon, ok := aliases[normalHeader(h)]; ok {
			if _, dup := index[canon]; !dup {
				index[canon] = i
			}
		}
	}
	var missing []string
	for _, c := range rosterColumns() {
		if _, ok := index[c.Header]; c.Required && !ok {
			missing = append(missing, c.Header)
		}
	}
	_, code := index["所属机构代码"]
	_, name := index["所属机构"]
	if !code && !name {
		missing = append(missing, "所属机构代码 或 所属机构")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("第 %d 行应为表头，缺少列：%s（请使用导入模板）", line, strings.Join(missing, "、"))
	}
	return index, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// Export writes the cadres in p's scope matching f (every page) as a roster workbook that the
// import reads back, streaming, and audits the export. Requires cadre.view.
func (s *Service) Export(ctx context.Context, p org.Principal, f Filter, w io.Writer) (int, error) {
	if !p.Can(org.PermCadreView) {
		return 0, apperr.New(apperr.Forbidden, "无权导出干部信息")
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = SheetRoster
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return 0, err
	}
	cols := rosterColumns()
	header := make([]any, 0, len(cols))
	for _, c := range cols {
		header = append(header, c.Header)
	}
	if err := sw.SetRow("A1", header); err != nil {
		return 0, err
	}
	n := 0
	err = s.each(ctx, p, f, func(k Cadre, code string) error {
		vals := make([]any, 0, len(cols))
		for _, c := range cols {
			if c.get == nil {
				vals = append(vals, code)
			} else {
				vals = append(vals, c.get(k))
			}
		}
		n++
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		return sw.SetRow(cell, vals)
	})
	if err != nil {
		return n, err
	}
	if err := sw.Flush(); err != nil {
		return n, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "cadre.export", ObjectType: "cadre", ObjectID: "export",
			Summary: fmt.Sprintf("导出干部名册 %d 人", n)})
	})
	if err != nil {
		return n, err
	}
	return n, x.Write(w)
}

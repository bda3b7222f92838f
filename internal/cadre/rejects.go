package cadre

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// rejects collects the rows an import refused, with their reasons, per sheet ("" is the
// roster sheet), for a workbook the importer fixes and uploads again.
type rejects struct {
	sheets map[string]*rejectSheet
	order  []string
	count  int
}

type rejectSheet struct {
	header []string
	rows   []rejectRow
	lines  map[int]int // line → index in rows
}

type rejectRow struct {
	line    int
	cells   []string
	reasons []string
}

func newRejects() *rejects { return &rejects{sheets: map[string]*rejectSheet{}} }

func (r *rejects) sheet(name string) *rejectSheet {
	sh, ok := r.sheets[name]
	if !ok {
		sh = &rejectSheet{lines: map[int]int{}}
		r.sheets[name] = sh
		r.order = append(r.order, name)
	}
	return sh
}

// header records a sheet's header row.
func (r *rejects) header(sheet string, cells []string) {
	r.sheet(sheet).header = slices.Clone(cells)
}

// add records a refused row and its errors (a row refused twice keeps one entry).
func (r *rejects) add(sheet string, line int, cells []string, errs []RowError) {
	sh := r.sheet(sheet)
	i, ok := sh.lines[line]
	if !ok {
		i = len(sh.rows)
		sh.lines[line] = i
		sh.rows = append(sh.rows, rejectRow{line: line, cells: cells})
		r.count++
	}
	for _, e := range errs {
		reason := e.Reason
		if e.Column != "" {
			reason = e.Column + "：" + e.Reason
		}
		sh.rows[i].reasons = append(sh.rows[i].reasons, reason)
	}
}

// workbook writes the refused rows under each sheet's header, with a last column 错误原因 that
// names the original line and every reason. The roster sheet is 干部名册.
func (r *rejects) workbook() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	for n, name := range r.order {
		sh := r.sheets[name]
		if len(sh.rows) == 0 {
			continue
		}
		title := name
		if title == "" {
			title = SheetRoster
		}
		if n == 0 {
			f.SetSheetName("Sheet1", title)
		} else if _, err := f.NewSheet(title); err != nil {
			return nil, err
		}
		sw, err := f.NewStreamWriter(title)
		if err != nil {
			return nil, err
		}
		width := len(sh.header)
		for _, row := range sh.rows {
			width = max(width, len(row.cells))
		}
		head := make([]any, width+1)
		for i := range width {
			head[i] = ""
			if i < len(sh.header) {
				head[i] = sh.header[i]
			}
		}
		head[width] = "错误原因"
		if err := sw.SetRow("A1", head); err != nil {
			return nil, err
		}
		rows := slices.Clone(sh.rows)
		slices.SortFunc(rows, func(a, b rejectRow) int { return a.line - b.line })
		for i, row := range rows {
			vals := make([]any, width+1)
			for j := range width {
				vals[j] = ""
				if j < len(row.cells) {
					vals[j] = row.cells[j]
				}
			}
			vals[width] = fmt.Sprintf("原第 %d 行：%s", row.line, strings.Join(row.reasons, "；"))
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, vals); err != nil {
				return nil, err
			}
		}
		if err := sw.Flush(); err != nil {
			return nil, err
		}
	}
	var out bytes.Buffer
	err := f.Write(&out)
	return out.Bytes(), err
}

// rejectsKeep is how long a refused-rows workbook stays for its importer to download.
const rejectsKeep = 7 * 24 * time.Hour

// keepRejects stores the refused rows' workbook for p to download and sets res.RejectsID,
// RejectsXLSX and RefusedRows; the same user's workbooks older than a week are dropped in the
// same transaction. An import from the command line (no user) only gets the workbook.
func (s *Service) keepRejects(ctx context.Context, p org.Principal, r *rejects, res *ImportResult) error {
	res.RefusedRows = r.count
	if r.count == 0 {
		return nil
	}
	content, err := r.workbook()
	if err != nil {
		return err
	}
	res.RejectsXLSX = content
	if p.UserID == 0 {
		return nil
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		if _, err := tx.Exec(ctx, `DELETE FROM import_rejects WHERE user_id = ? AND created_at < ?`, p.UserID, now.Add(-rejectsKeep)); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO import_rejects (user_id, kind, row_count, content, created_at) VALUES (?, 'roster', ?, ?, ?) RETURNING id`,
			p.UserID, r.count, content, now).Scan(&res.RejectsID)
	})
}

// Rejects returns the refused-rows workbook id of an import p made, and audits the download
// (the rows carry ID numbers). Anyone else's, or one past its week, is NotFound.
func (s *Service) Rejects(ctx context.Context, p org.Principal, id int64) ([]byte, error) {
	var content []byte
	var rows int
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, `SELECT content, row_count FROM import_rejects WHERE id = ? AND user_id = ? AND created_at >= ?`,
			id, p.UserID, s.now().UTC().Add(-rejectsKeep)).Scan(&content, &rows)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("该导入的未通过行文件（保留一周）")
		}
		if err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "import.rejects", ObjectType: "import_rejects",
			ObjectID: strconv.FormatInt(id, 10), Summary: fmt.Sprintf("下载导入未通过的 %d 行（含错误原因）", rows)})
	})
	return content, err
}

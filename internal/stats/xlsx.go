package stats

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Sheet is what the XLSX of a form shows beside the figures.
type Sheet struct {
	Unit        Unit
	Figures     Figures
	Locked      *Lock
	Adjustments []Adjustment // carried by this report, or pending for it
	Preparer    string       // 填报人
	Date        string       // 填报日期
}

// SheetName is the worksheet's name.
const SheetName = "统计报表"

// Title is the form's title.
const Title = "纪检监察机关监督检查、审查调查情况统计表"

// WriteXLSX writes the form laid out like the paper form: the title, the reporting unit and
// period, one row a line with its unit and the four forms' shares, the adjustments of earlier
// periods, the preparer and the date; A4 portrait, one page wide.
func WriteXLSX(w io.Writer, s Sheet) error {
	x := excelize.NewFile()
	defer x.Close()
	sh := SheetName
	if err := x.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	title, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16, Family: "宋体"}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	head, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "宋体"}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	cell, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体"}, Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	num, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体"}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	plain, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体"}})
	for col, wd := range map[string]float64{"A": 6, "B": 34, "C": 8, "D": 12, "E": 12} {
		_ = x.SetColWidth(sh, col, col, wd)
	}
	set := func(c string, v any) { _ = x.SetCellValue(sh, c, v) }
	set("A1", Title)
	_ = x.MergeCell(sh, "A1", "E1")
	_ = x.SetCellStyle(sh, "A1", "E1", title)
	_ = x.SetRowHeight(sh, 1, 30)
	set("A2", "填报单位："+s.Unit.Name)
	_ = x.MergeCell(sh, "A2", "C2")
	period := "统计期间：" + s.Figures.From + " 至 " + s.Figures.To
	if s.Locked != nil {
		period += "（已锁定）"
	}
	set("D2", period)
	_ = x.MergeCell(sh, "D2", "E2")
	_ = x.SetCellStyle(sh, "A2", "E2", plain)
	row := 3
	put := func(style int, vals ...any) {
		for i, v := range vals {
			c, _ := excelize.CoordinatesToCellName(i+1, row)
			set(c, v)
		}
		a, _ := excelize.CoordinatesToCellName(1, row)
		e, _ := excelize.CoordinatesToCellName(len(vals), row)
		_ = x.SetCellStyle(sh, a, e, style)
		row++
	}
	put(head, "序号", "项目", "单位", "数量", "占比")
	for i, l := range Lines() {
		name := l.Name
		if l.Indent > 0 {
			name = "　　" + name
		}
		share := ""
		if strings.HasPrefix(l.Key, "forms.") {
			share = s.Figures.FourForms.Share(strings.TrimPrefix(l.Key, "forms."))
		}
		put(cell, i+1, name, l.Unit, l.Value(s.Figures), share)
		c, _ := excelize.CoordinatesToCellName(4, row-1)
		e, _ := excelize.CoordinatesToCellName(5, row-1)
		_ = x.SetCellStyle(sh, c, e, num)
	}
	if len(s.Adjustments) > 0 {
		row++
		set(fmt.Sprintf("A%d", row), "以前期间数据调整")
		row++
		put(head, "序号", "期间及项目", "原报数", "调整后", "调整原因")
		for i, a := range s.Adjustments {
			reason := a.Reason
			if reason == "" {
				reason = "（待说明）"
			}
			put(cell, i+1, a.Period.From+" 至 "+a.Period.To+" "+a.LineName, a.Before, a.After, reason)
		}
	}
	row++
	set(fmt.Sprintf("A%d", row), "填报人："+s.Preparer)
	_ = x.MergeCell(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("C%d", row))
	set(fmt.Sprintf("D%d", row), "填报日期："+s.Date)
	_ = x.MergeCell(sh, fmt.Sprintf("D%d", row), fmt.Sprintf("E%d", row))
	a4, portrait, one := 9, "portrait", 1
	if err := x.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: &a4, Orientation: &portrait, FitToWidth: &one}); err != nil {
		return err
	}
	fit := true
	_ = x.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit})
	return x.Write(w)
}

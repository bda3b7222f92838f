package testkit

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

// IDNumber completes 17 digits with their GB 11643 check character.
func IDNumber(d17 string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(d17[i]-'0') * w[i]
	}
	return d17 + string("10X98765432"[sum%11])
}

// OfficeRoster is a roster workbook the way an organisation department keeps one: a title and
// a date line above the header, the department's own column names, 出生年月 as 1968.10,
// 1968年10月, 196810 or an Excel date, 参加工作时间 sometimes an Excel date number, units named
// as the rows of units give them (city-qualified, full official, short), rooms the commission
// has not registered (第一监督检查室), civil-service ranks. n data rows; from the 7th, every 20th
// row is bad in one of six ways, and bad maps each bad row's line to a word of its reason:
// a wrong check digit, a 出生年月 that disagrees with the number, a future 任现职时间, an unknown
// unit, the ID number of an earlier bad row, a missing 职务.
func OfficeRoster(t testing.TB, n int, units []string) (book *bytes.Buffer, bad map[int]string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		t.Fatal(err)
	}
	set := func(line int, vals []any) {
		cell, _ := excelize.CoordinatesToCellName(1, line)
		if err := sw.SetRow(cell, vals); err != nil {
			t.Fatal(err)
		}
	}
	set(1, []any{"贵阳市纪检监察干部名册"})
	set(2, []any{"填报单位：（盖章）        截至 2026 年 10 月"})
	set(3, []any{"序号", "姓  名", "性别", "民族", "出生年月", "籍贯", "参加工作时间", "政治面貌", "入党时间", "学历", "学位",
		"身份证号", "工作单位", "内设机构", "现任职务", "职级", "任现职时间", "任现职级时间", "备注"})
	ranks := []string{"一级主任科员", "副科级", "二级调研员", "一级科员", "正科级"}
	rooms := []string{"第一监督检查室", "第二监督检查室", "干部监督室", ""}
	bad = map[int]string{}
	lastBad := ""
	for i := 0; i < n; i++ {
		line := i + 4
		y, m := 1960+i%35, 1+i%12
		area := "520102"
		if i >= 1000 {
			area = "520103"
		}
		seq := fmt.Sprintf("%03d", i%1000)
		id := IDNumber(fmt.Sprintf("%s%04d%02d%02d%s", area, y, m, 1+i%28, seq))
		gender := "女"
		if (seq[2]-'0')%2 == 1 {
			gender = "男"
		}
		var birth any
		switch i % 5 {
		case 0:
			birth = fmt.Sprintf("%d.%02d", y, m)
		case 1:
			birth = fmt.Sprintf("%d年%d月", y, m)
		case 2:
			birth = fmt.Sprintf("%d%02d", y, m)
		case 3:
			birth = fmt.Sprintf("%d.%d", y, m)
		case 4: // an Excel date: the first of the month
			birth = excelSerial(y, m)
		}
		var work any = fmt.Sprintf("%d.07", y+21)
		if i%3 == 0 {
			work = excelSerial(y+21, 7)
		}
		unit, post, since := units[i%len(units)], "第一监督检查室副主任", "2021.06"
		if i >= 6 && (i-6)%20 == 0 {
			switch ((i - 6) / 20) % 6 {
			case 0:
				d := []byte(id)
				d[17] = "10X98765432"[(indexOf("10X98765432", d[17])+1)%11]
				id, bad[line] = string(d), "校验位"
			case 1:
				birth, bad[line] = fmt.Sprintf("%d.%02d", y, m%12+1), "出生年月与身份证号码不符"
				if m == 12 {
					birth = fmt.Sprintf("%d.%02d", y, 11)
				}
			case 2:
				since, bad[line] = "2099.01", "晚于今天"
			case 3:
				unit, bad[line] = "贵阳市火星区纪委监委", "您是否指"
			case 4:
				id, bad[line] = lastBad, "身份证号码重复"
			case 5:
				post, bad[line] = "", "请填写职务"
			}
			if _, ok := bad[line]; ok && id != lastBad {
				lastBad = id
			}
		}
		set(line, []any{i + 1, fmt.Sprintf("干部%04d", i), gender, "汉族", birth, "贵州遵义", work, "中共党员",
			fmt.Sprintf("%d.07", y+22), "大学", "法学学士", id, unit, rooms[i%len(rooms)], post, ranks[i%len(ranks)],
			since, "2019年12月", ""})
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	book = &bytes.Buffer{}
	if err := f.Write(book); err != nil {
		t.Fatal(err)
	}
	return book, bad
}

// excelSerial is the Excel day number of the first of a month (what a date cell holds).
func excelSerial(y, m int) int {
	days := 0
	for yy := 1900; yy < y; yy++ {
		days += 365
		if yy%4 == 0 && (yy%100 != 0 || yy%400 == 0) {
			days++
		}
	}
	for mm := 1; mm < m; mm++ {
		days += []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[mm-1]
		if mm == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			days++
		}
	}
	return days + 2 // Excel counts 1900-01-01 as 1 and keeps 1900-02-29
}

func indexOf(s string, c byte) int {
	for i := range len(s) {
		if s[i] == c {
			return i
		}
	}
	return 0
}

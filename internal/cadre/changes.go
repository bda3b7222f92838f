package cadre

import (
	"slices"
	"strconv"
	"strings"
)

// Change is one field of a cadre that differs between two states, worded for the audit trail
// and the import summary.
type Change struct {
	Field  string // the roster column's header, e.g. 职务
	Before string
	After  string
}

// String words the change: 职务：科员 → 副主任.
func (c Change) String() string {
	b, a := c.Before, c.After
	if b == "" {
		b = "（空）"
	}
	if a == "" {
		a = "（空）"
	}
	return c.Field + "：" + b + " → " + a
}

// Changes lists the fields in which after differs from before, in roster column order. The
// placement compares by id (commission and department); the names are what is shown. Pure.
func Changes(before, after Cadre) []Change {
	yes := func(b bool) string {
		if b {
			return "是"
		}
		return "否"
	}
	var out []Change
	add := func(field, b, a string) {
		if b != a {
			out = append(out, Change{field, b, a})
		}
	}
	add("姓名", before.Name, after.Name)
	add("性别", before.GenderName(), after.GenderName())
	add("出生日期", before.BirthDate, after.BirthDate)
	add("民族", before.Ethnicity, after.Ethnicity)
	add("是否党员", yes(before.PartyMember), yes(after.PartyMember))
	add("入党时间", before.PartyJoinDate, after.PartyJoinDate)
	add("参加工作时间", before.WorkStart, after.WorkStart)
	add("学历", before.Education, after.Education)
	add("学位", before.Degree, after.Degree)
	add("籍贯", before.NativePlace, after.NativePlace)
	if before.CommissionID != after.CommissionID {
		out = append(out, Change{"所属机构", before.CommissionName, orID(after.CommissionName, after.CommissionID)})
	}
	if before.DepartmentID != after.DepartmentID {
		out = append(out, Change{"部门", before.DepartmentName, orID(after.DepartmentName, after.DepartmentID)})
	}
	add("职务", before.Post, after.Post)
	add("任现职时间", before.PostSince, after.PostSince)
	add("职级", RankName(before.Rank), RankName(after.Rank))
	add("职级名称", before.RankTitle, after.RankTitle)
	add("任现职级时间", before.RankSince, after.RankSince)
	add("是否关键少数", yes(before.KeyMinority), yes(after.KeyMinority))
	if !slices.Equal(before.Committees, after.Committees) {
		out = append(out, Change{"委员身份", before.CommitteeNames(), after.CommitteeNames()})
	}
	add("干部管理权限", before.ManagementAuthority, after.ManagementAuthority)
	add("状态", StatusName(before.Status), StatusName(after.Status))
	add("离岗（退休）日期", before.LeftAt, after.LeftAt)
	add("备注", before.Note, after.Note)
	return out
}

func orID(name string, id int64) string {
	if name != "" || id == 0 {
		return name
	}
	return "编号 " + strconv.FormatInt(id, 10)
}

// describe words a list of changes for an audit summary.
func describe(cs []Change) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.String()
	}
	return strings.Join(parts, "；")
}

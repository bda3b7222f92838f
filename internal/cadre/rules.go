package cadre

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/input"
)

// Input is a cadre as typed in a form or read from a roster row: every field a string.
type Input struct {
	Name, Gender, BirthDate, IDNumber, Ethnicity, PartyMember, PartyJoinDate string
	Post, Rank, KeyMinority, Committees, ManagementAuthority, Status, LeftAt string
	// the columns rosters carry besides the template's (任现职时间, 任现职级时间, 参加工作时间, 学历,
	// 学位, 籍贯, 备注); dates may be year-months
	PostSince, RankSince, WorkStart, Education, Degree, NativePlace, Note string
	// RankTitle is the 职级 as a form names it beside the grade; "" takes it from Rank when Rank
	// is a level or civil-service rank rather than a grade
	RankTitle string
	// BirthMonthOnly: the birth date comes from a 出生年月 column, so only its year and month are
	// compared with the ID number (a roster's Excel date of 1968-10-01 for a birth on the 15th)
	BirthMonthOnly bool
}

// Parse checks in and returns the cadre it describes (without commission and department,
// which the caller resolves), or field errors in Chinese keyed by field name. Birth date and
// gender may be left empty: the ID number gives them; when given, they must agree with it.
// No date may lie after today.
func Parse(in Input, today time.Time) (Cadre, apperr.Fields) {
	f := apperr.Fields{}
	for _, v := range []struct {
		field, value string
		max          int
	}{{"name", in.Name, 30}, {"gender", in.Gender, 10}, {"birth_date", in.BirthDate, 20}, {"id_number", in.IDNumber, 30},
		{"ethnicity", in.Ethnicity, 10}, {"party_member", in.PartyMember, 20}, {"party_join_date", in.PartyJoinDate, 20},
		{"post", in.Post, 60}, {"rank", in.Rank, 20}, {"key_minority", in.KeyMinority, 10}, {"committees", in.Committees, 100},
		{"management_authority", in.ManagementAuthority, 30}, {"status", in.Status, 10}, {"left_at", in.LeftAt, 20}} {
		// bounded input, whether from a form or a roster cell: the form's maximum where it has
		// one, a generous bound for coded values; invalid UTF-8 and control characters refused
		if msg := input.Problem(strings.TrimSpace(v.value), v.max); msg != "" {
			f.Add(v.field, msg)
		}
	}
	c := Cadre{Name: strings.TrimSpace(in.Name), Ethnicity: strings.TrimSpace(in.Ethnicity),
		Post: strings.TrimSpace(in.Post), ManagementAuthority: strings.TrimSpace(in.ManagementAuthority)}
	if c.Name == "" || utf8.RuneCountInString(c.Name) > 30 {
		f.Add("name", "请填写姓名（不超过 30 字）")
	}
	card, err := ParseIDCard(in.IDNumber, today)
	if err != nil {
		f.Add("id_number", err.Error())
	} else {
		c.IDNumber = card.Number
		c.BirthDate = card.BirthDate.Format("2006-01-02")
		c.Gender = "F"
		if card.Male {
			c.Gender = "M"
		}
	}
	if g := strings.TrimSpace(in.Gender); g != "" {
		gender := map[string]string{"男": "M", "女": "F", "M": "M", "F": "F"}[g]
		switch {
		case gender == "":
			f.Add("gender", "性别应为“男”或“女”")
		case err == nil && gender != c.Gender:
			f.Add("gender", "性别与身份证号码不符（号码第 17 位表示"+map[string]string{"M": "男", "F": "女"}[c.Gender]+"）")
		}
	}
	if b := strings.TrimSpace(in.BirthDate); b != "" {
		d, ok := ParseRosterDate(b)
		switch {
		case !ok:
			f.Add("birth_date", "出生日期“"+b+"”格式无法识别（可写 1968-10-15、1968.10、1968年10月、196810 或 Excel 日期）")
		case err != nil:
		case len(d) == 7 || in.BirthMonthOnly:
			if !birthMonthAgrees(b, d, c.BirthDate) {
				f.Add("birth_date", "出生年月与身份证号码不符（号码中为 "+c.BirthDate[:7]+"）")
			}
		case d != c.BirthDate:
			f.Add("birth_date", "出生日期与身份证号码不符（号码中为 "+c.BirthDate+"）")
		}
	}
	if c.Ethnicity == "" {
		c.Ethnicity = "汉族"
	}
	if member, ok := partyMember(in.PartyMember); ok {
		c.PartyMember = member
	} else {
		f.Add("party_member", "是否党员应为“是”或“否”（或填政治面貌，如 中共党员、群众）")
	}
	c.PartyJoinDate = rosterDateField(f, "party_join_date", "入党时间", in.PartyJoinDate, today)
	c.WorkStart = rosterDateField(f, "work_start", "参加工作时间", in.WorkStart, today)
	c.PostSince = rosterDateField(f, "post_since", "任现职时间", in.PostSince, today)
	c.RankSince = rosterDateField(f, "rank_since", "任现职级时间", in.RankSince, today)
	for _, d := range []struct{ field, label, v string }{{"party_join_date", "入党时间", c.PartyJoinDate},
		{"work_start", "参加工作时间", c.WorkStart}, {"post_since", "任现职时间", c.PostSince}, {"rank_since", "任现职级时间", c.RankSince}} {
		if d.v != "" && c.BirthDate != "" && d.v < c.BirthDate[:len(d.v)] {
			f.Add(d.field, d.label+"早于出生日期")
		}
	}
	for _, t := range []struct {
		field, label string
		v            *string
		in           string
		max          int
	}{{"education", "学历", &c.Education, in.Education, 30}, {"degree", "学位", &c.Degree, in.Degree, 30},
		{"native_place", "籍贯", &c.NativePlace, in.NativePlace, 30}, {"note", "备注", &c.Note, in.Note, 500}} {
		if *t.v = strings.TrimSpace(t.in); utf8.RuneCountInString(*t.v) > t.max {
			f.Add(t.field, fmt.Sprintf("%s不超过 %d 字", t.label, t.max))
		}
	}
	if c.Post == "" || utf8.RuneCountInString(c.Post) > 60 {
		f.Add("post", "请填写职务（不超过 60 字）")
	}
	if r, ok := RankByName(in.Rank); ok {
		c.Rank = r
		if t := strings.TrimSpace(in.Rank); t != RankName(r) && t != string(r) {
			c.RankTitle = t // the 职级 as written (二级调研员), kept apart from the grade it counts under
		}
		if t := strings.TrimSpace(in.RankTitle); t != "" {
			if utf8.RuneCountInString(t) > 30 {
				f.Add("rank_title", "职级名称不超过 30 字")
			}
			if tr, ok := RankByName(t); ok && tr != r {
				f.Add("rank_title", "职级名称“"+t+"”属于"+RankName(tr)+"，与所选职级不符")
			}
			c.RankTitle = t
		}
	} else {
		f.Add("rank", "职级应为 省部级、厅局级、县处级、乡科级 或 一般干部（也接受 正处级、副科级、二级调研员、一级主任科员 等）")
	}
	switch strings.TrimSpace(in.KeyMinority) {
	case "是", "true", "1", "on":
		c.KeyMinority = true
	case "", "否", "false", "0":
	default:
		f.Add("key_minority", "是否关键少数应为“是”或“否”")
	}
	for _, part := range strings.FieldsFunc(in.Committees, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ' ' }) {
		found := false
		for _, x := range Committees() {
			if part == x.Name || part == x.ID {
				c.Committees, found = append(c.Committees, x.ID), true
			}
		}
		if !found {
			f.Add("committees", "未知的委员身份“"+part+"”（可填：同级党委委员、纪委委员、监委委员）")
		}
	}
	switch strings.TrimSpace(in.Status) {
	case "", "在职", "in_post":
		c.Status = InPost
	case "离岗离职", "离职", "left":
		c.Status = Left
	case "退休", "retired":
		c.Status = Retired
	default:
		f.Add("status", "状态应为 在职、离岗离职 或 退休")
	}
	c.LeftAt = dateField(f, "left_at", "离岗（退休）日期", in.LeftAt, today)
	if c.Status != InPost && c.Status != "" && c.LeftAt == "" {
		f.Add("left_at", "离岗离职或退休的，请填写日期")
	}
	if c.Status == InPost && c.LeftAt != "" {
		f.Add("left_at", "在职人员不应有离岗日期")
	}
	return c, f
}

// partyMember reads 是否党员 as yes/no or as 政治面貌 (a roster's political-affiliation column):
// CPC members and probationary members are party members; the masses, non-party people and
// members of the eight democratic parties are not. ok is false for anything else.
func partyMember(v string) (member, ok bool) {
	switch v = strings.TrimSpace(v); v {
	case "", "是", "中共党员", "中共预备党员", "党员", "预备党员", "true", "1":
		return true, true
	case "否", "群众", "无党派人士", "无党派民主人士", "false", "0":
		return false, true
	}
	for _, party := range []string{"民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟"} {
		if strings.HasPrefix(v, party) {
			return false, true
		}
	}
	return false, false
}

// dateField parses an optional date field, adding an error for a bad or future date.
func dateField(f apperr.Fields, field, label, v string, today time.Time) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	d, ok := ParseDate(v)
	if !ok {
		f.Add(field, label+"格式应为 YYYY-MM-DD")
		return ""
	}
	if d > today.Format("2006-01-02") {
		f.Add(field, label+" "+d+" 晚于今天")
		return ""
	}
	return d
}

// ParseDate accepts 2006-01-02, 2006/1/2, 2006.01.02, 20060102, 2006年1月2日 and Excel serial
// day numbers, and returns YYYY-MM-DD.
func ParseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil && n > 1 && n < 80000 {
		return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format("2006-01-02"), true
	}
	s = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-").Replace(s)
	for _, layout := range []string{"2006-1-2", "20060102"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1900 {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

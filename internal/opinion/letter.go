package opinion

import (
	"strconv"
	"time"

	"custos/internal/paper"
)

// Letter lays a confirmed request out as the reply letter (复函): one section per cadre with
// the confirmed wording, signed by the commission on the confirmation date.
func Letter(r Request) paper.Doc {
	names := ""
	if len(r.Subjects) > 0 {
		names = r.Subjects[0].Cadre.Name
	}
	title := "关于" + names + "同志党风廉政意见的复函"
	if len(r.Subjects) > 1 {
		title = "关于" + names + "等" + strconv.Itoa(len(r.Subjects)) + "名同志党风廉政意见的复函"
	}
	ref := "你单位征求意见的函"
	if r.RequestRef != "" {
		ref = "你单位《" + r.RequestRef + "》"
	}
	body := []paper.Para{{Text: ref + "收悉。根据" + r.Purpose + "工作需要，经认真核查，现将有关同志党风廉政情况函复如下："}}
	for i, sub := range r.Subjects {
		k := sub.Cadre
		body = append(body,
			paper.Para{Level: 1, Text: chineseOrdinal(i+1) + "、" + k.Name + "同志（" + k.CommissionName + k.Post + "）"},
			paper.Para{Text: sub.Reply})
	}
	body = append(body, paper.Para{Text: "特此函复。"})
	on, _ := time.Parse("2006-01-02", r.ConfirmedOn)
	return paper.Doc{
		Issuer: r.CommissionName, Number: r.Number, Title: title, Addressee: r.Requester, Body: body,
		Signer: r.CommissionName, Date: on, Note: "（联系人：" + r.ConfirmedBy + "）",
		Printer: r.CommissionName, Printed: on,
	}
}

// chineseOrdinal writes 1…99 as 一…九十九 for first-level headings.
func chineseOrdinal(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	default:
		return digits[n/10] + "十" + digits[n%10]
	}
}

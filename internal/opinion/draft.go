package opinion

import (
	"strconv"
	"strings"
	"time"

	"custos/internal/cadre"
	"custos/internal/paper"
)

// Finding is one fact about a cadre that an integrity-opinion reply must weigh.
type Finding struct {
	Source  string // where it was found: 禁业范围, 年度考核, 监督谈话, 问题线索, 处分 …
	Date    string // YYYY-MM-DD, or "" for a standing fact
	Text    string
	Adverse bool // it bears on the opinion: the draft names it
}

// adverseAppraisal are the annual-appraisal outcomes below 称职.
var adverseAppraisal = []string{"基本称职", "不称职", "不合格", "不确定等次", "不定等次"}

// ArchiveFindings reads the findings the archive itself holds, as of asOf and looking back
// years: business-prohibition conflicts (always adverse), appraisals below 称职, early-warning
// talks (随时谈), and personal-matters reports with changes (for the officer's attention, not
// adverse by themselves).
func ArchiveFindings(a cadre.Archive, asOf time.Time, years int) []Finding {
	since := asOf.AddDate(-years, 0, 0).Format("2006-01-02")
	var out []Finding
	for _, c := range a.Conflicts {
		out = append(out, Finding{Source: "禁业范围", Adverse: true, Text: c.Reason + "，属“" + c.Rule.Name + "”禁止的经营行为"})
	}
	for _, r := range a.Records {
		if r.Date < since {
			continue
		}
		switch r.Section {
		case "appraisal":
			bad := false
			for _, w := range adverseAppraisal {
				bad = bad || strings.Contains(r.Title+r.Content, w)
			}
			out = append(out, Finding{Source: "年度考核", Date: r.Date, Text: oneLine(r.Title + " " + r.Content), Adverse: bad})
		case cadre.PersonalMatters:
			if r.Changes != "" && !strings.HasPrefix(r.Changes, "首次") {
				out = append(out, Finding{Source: "个人有关事项报告", Date: r.Date, Text: oneLine(r.Title + "：" + r.Changes)})
			}
		}
	}
	for _, t := range a.Talks {
		if t.Kind == cadre.TalkAnytime && t.HeldDate != "" && t.HeldDate >= since {
			out = append(out, Finding{Source: "监督谈话", Date: t.HeldDate, Adverse: true,
				Text: "因" + strings.TrimSuffix(oneLine(t.Reason), "。") + "被谈话提醒"})
		}
	}
	return out
}

// DraftReply writes the reply paragraph about one cadre from the findings: a clean statement when
// nothing adverse was found, otherwise each adverse finding numbered, for the officer to edit.
func DraftReply(name string, asOf time.Time, findings []Finding) string {
	var adverse []Finding
	for _, f := range findings {
		if f.Adverse {
			adverse = append(adverse, f)
		}
	}
	if len(adverse) == 0 {
		return "经查阅廉政档案，截至" + paper.DateText(asOf) + "，未发现" + name + "同志有违反党风廉政建设规定的问题。"
	}
	var b strings.Builder
	b.WriteString("经查阅廉政档案，截至" + paper.DateText(asOf) + "，" + name + "同志有以下情况：")
	for i, f := range adverse {
		b.WriteString(strconv.Itoa(i+1) + ".")
		if f.Date != "" {
			if t, err := time.Parse("2006-01-02", f.Date); err == nil {
				b.WriteString(paper.DateText(t) + "，")
			}
		}
		b.WriteString("（" + f.Source + "）" + strings.TrimSuffix(f.Text, "。"))
		if i < len(adverse)-1 {
			b.WriteString("；")
		} else {
			b.WriteString("。")
		}
	}
	return b.String()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

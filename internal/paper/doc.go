// Package paper writes official documents (公文): a Doc laid out per GB/T 9704-2012
// 《党政机关公文格式》 as DOCX, and the yearly document numbers (发文字号) every numbered
// document shares. Fonts are referenced by the names offices have installed (方正小标宋简体,
// 仿宋_GB2312, 黑体, 楷体_GB2312), never embedded.
package paper

import (
	"custos/internal/clock"
	"strconv"
	"strings"
	"time"
)

// Doc is one document, from the issuer's mark (版头) to the imprint (版记).
type Doc struct {
	Issuer    string // 发文机关标志, printed red at the top, e.g. 中共贵州省纪律检查委员会
	Number    string // 发文字号, e.g. 黔纪函〔2026〕3号
	Title     string // 标题
	Addressee string // 主送机关, printed with a full-width colon
	Body      []Para // 正文
	Signer    string // 发文机关署名
	Date      time.Time
	Note      string // 附注, e.g. （联系人：张三，电话：…）
	CopyTo    string // 抄送
	Printer   string // 印发机关
	Printed   time.Time
}

// Para is a paragraph of the body. Level 1 and 2 are the first two heading levels of the
// structure (一、 in 黑体, （一） in 楷体); 0 is running text, indented two characters.
type Para struct {
	Level int
	Text  string
}

// Number formats a document number: issuer code and kind, the year in 六角括号, the
// sequence number without leading zeros (GB/T 9704-2012 §7.2.4): 黔纪函〔2026〕3号.
func Number(code, kind string, year, n int) string {
	return code + kind + "〔" + strconv.Itoa(year) + "〕" + strconv.Itoa(n) + "号"
}

// DateText writes a date the way the standard wants it: Arabic numerals, no leading zeros
// (2026年11月6日), of the Beijing day t falls on.
func DateText(t time.Time) string { return clock.Chinese(t) }

// CodeFor derives an issuer code for a commission without one set: its name without the
// body's suffix, plus 纪 (贵阳市纪委监委 → 贵阳市纪).
func CodeFor(name string) string {
	for _, suffix := range []string{"纪委监委", "纪委", "纪检监察组", "纪检监察工委"} {
		if s, ok := strings.CutSuffix(name, suffix); ok {
			return s + "纪"
		}
	}
	return name
}

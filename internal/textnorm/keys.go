package textnorm

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Token is one character of a text's matching key and the bytes of the source text it stands
// for: a character, or a whole number expression ("两万元" gives the tokens "20000" each
// spanning "两万"), or a masked name ("张某某" gives one slot token).
type Token struct {
	Key      rune
	From, To int // byte offsets in the source text
}

// Slot is the key of a masked name (张某, 张某某, Z某, 王××): every masking is the same slot.
const Slot = '某'

// Key returns the matching key of s as characters, appended to dst: the folded text of
// Normalize, then numbers written any way as digits (2万元, 两万元, 贰万元 and 20,000元 all give
// 20000元; 二〇二一年三月 and 2021.3 give 2021年3月), masked names as Slot, and characters as
// their matching class (visually confusable characters, then homophones, folded to one
// representative). Two texts that differ only in those respects have the same key.
func (f *Folder) Key(dst []rune, s string) []rune {
	f.walk(s, func(k rune, _, _ int) { dst = append(dst, k) })
	return dst
}

// KeyString is Key as a string.
func (f *Folder) KeyString(s string) string { return string(f.Key(nil, s)) }

// Class returns the matching class of a folded character (itself outside the ideographs).
func (f *Folder) Class(r rune) rune {
	if r >= cjkFirst && r <= cjkLast {
		return f.class[r-cjkFirst]
	}
	return r
}

// folded is a source character after Rune, with its byte span; sep marks dropped punctuation
// that can matter to a number ('.', '-', '/', ',').
type folded struct {
	r, orig  rune
	sep      rune
	from, to int32
}

// Tokens returns the matching key of s with source spans, appended to dst.
func (f *Folder) Tokens(dst []Token, s string) []Token {
	f.walk(s, func(k rune, from, to int) { dst = append(dst, Token{Key: k, From: from, To: to}) })
	return dst
}

// walk calls emit with each character of the matching key of s and its source span.
func (f *Folder) walk(s string, emit func(key rune, from, to int)) {
	cs := make([]folded, 0, len(s)/3+1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		x := f.Rune(r)
		if r == '〇' {
			x = r
		}
		c := folded{r: x, orig: r, from: int32(i), to: int32(i + size)}
		i += size
		if x == 0 {
			switch r {
			case '.', '．', '。', '·':
				c.sep = '.'
			case '-', '－', '—', '/', '／':
				c.sep = '-'
			case ',', '，':
				c.sep = ','
			default:
				c.sep = ' '
			}
		}
		cs = append(cs, c)
	}
	for i := 0; i < len(cs); {
		c := cs[i]
		if c.r == 0 {
			i++
			continue
		}
		if n, toks := f.number(cs, i); n > 0 {
			for _, t := range toks {
				emit(t.Key, t.From, t.To)
			}
			i += n
			continue
		}
		if n := f.maskedName(cs, i); n > 0 {
			emit(Slot, int(c.from), int(cs[i+n-1].to))
			i += n
			continue
		}
		emit(f.Class(c.r), int(c.from), int(c.to))
		i++
	}
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// hanDigit is the value of a Chinese digit (一, 两, 贰, 〇 …), -1 if r is none.
func hanDigit(r rune) int {
	switch r {
	case '零', '〇':
		return 0
	case '一', '壹', '幺':
		return 1
	case '二', '两', '贰':
		return 2
	case '三', '叁':
		return 3
	case '四', '肆':
		return 4
	case '五', '伍':
		return 5
	case '六', '陆':
		return 6
	case '七', '柒':
		return 7
	case '八', '捌':
		return 8
	case '九', '玖':
		return 9
	}
	return -1
}

// hanUnit is the value of a Chinese numeral unit (十, 百, 千, 万, 亿, 拾 …), 0 if r is none.
func hanUnit(r rune) uint64 {
	switch r {
	case '十', '拾':
		return 10
	case '百', '佰':
		return 100
	case '千', '仟':
		return 1000
	case '万':
		return 10000
	case '亿':
		return 100000000
	}
	return 0
}

const maxValue = 1 << 60

// number reads a number expression at cs[i] and returns how many characters it took and its
// tokens, or 0 if none starts there.
func (f *Folder) number(cs []folded, i int) (int, []Token) {
	var digits string // canonical form
	j := i
	switch r := cs[i].r; {
	case isDigit(r):
		// Arabic digits, thousands separators, a decimal part, then units (2.5万, 3千万)
		var b strings.Builder
		for j < len(cs) && (isDigit(cs[j].r) || cs[j].sep == ',' && j+3 < len(cs) && allDigits(cs[j+1:j+4]) && j > i) {
			if cs[j].r != 0 {
				b.WriteRune(cs[j].r)
			}
			j++
		}
		intPart := strings.TrimLeft(b.String(), "0")
		frac := ""
		if j+1 < len(cs) && cs[j].sep == '.' && isDigit(cs[j+1].r) {
			k := j + 1
			for k < len(cs) && isDigit(cs[k].r) {
				k++
			}
			// a year and a month: 2021.3, 2021-03, 2021/3/15
			if y, _ := strconv.Atoi(intPart); len(intPart) == 4 && y >= 1900 && y <= 2099 && k-j-1 <= 2 {
				if m, _ := strconv.Atoi(runesOf(cs[j+1 : k])); m >= 1 && m <= 12 {
					digits = intPart + "年" + strconv.Itoa(m) + "月"
					j = k
					if j+1 < len(cs) && (cs[j].sep == '.' || cs[j].sep == '-') && isDigit(cs[j+1].r) {
						k = j + 1
						for k < len(cs) && isDigit(cs[k].r) {
							k++
						}
						if d, _ := strconv.Atoi(runesOf(cs[j+1 : k])); k-j-1 <= 2 && d >= 1 && d <= 31 {
							digits += strconv.Itoa(d) + "日"
							j = k
						}
					}
					return j - i, f.spread(digits, cs[i].from, cs[j-1].to)
				}
			}
			frac = strings.TrimRight(runesOf(cs[j+1:k]), "0")
			j = k
		} else if j+1 < len(cs) && cs[j].sep == '-' && isDigit(cs[j+1].r) {
			// 2021-03 as a month
			k := j + 1
			for k < len(cs) && isDigit(cs[k].r) {
				k++
			}
			if y, _ := strconv.Atoi(intPart); len(intPart) == 4 && y >= 1900 && y <= 2099 && k-j-1 <= 2 {
				if m, _ := strconv.Atoi(runesOf(cs[j+1 : k])); m >= 1 && m <= 12 {
					digits = intPart + "年" + strconv.Itoa(m) + "月"
					return k - i, f.spread(digits, cs[i].from, cs[k-1].to)
				}
			}
		}
		scale := uint64(1)
		for j < len(cs) && hanUnit(cs[j].r) >= 10 && scale < maxValue/100000000 {
			scale *= hanUnit(cs[j].r)
			j++
		}
		digits = scaled(intPart, frac, scale)
	case hanDigit(r) >= 0 || hanUnit(r) >= 10 && r != '万' && r != '亿':
		k := i
		structured := false
		for k < len(cs) && (hanDigit(cs[k].r) >= 0 || hanUnit(cs[k].r) > 0) {
			if hanUnit(cs[k].r) > 0 {
				structured = true
			}
			k++
		}
		if structured {
			v, ok := hanValue(cs[i:k])
			if !ok {
				return 0, nil
			}
			digits = strconv.FormatUint(v, 10)
		} else {
			var b strings.Builder
			for _, c := range cs[i:k] {
				b.WriteByte(byte('0' + hanDigit(c.r)))
			}
			digits = b.String()
		}
		j = k
	default:
		return 0, nil
	}
	if digits == "" {
		digits = "0"
	}
	return j - i, f.spread(digits, cs[i].from, cs[j-1].to)
}

// hanValue is the value of a Chinese numeral written with units (二十三, 一百零五, 两万, 三千万).
func hanValue(cs []folded) (uint64, bool) {
	var total, section, num uint64
	for _, c := range cs {
		if d := hanDigit(c.r); d >= 0 {
			num = uint64(d)
			continue
		}
		u := hanUnit(c.r)
		switch {
		case u >= 10000:
			section += num
			if section == 0 {
				section = 1
			}
			if u == 100000000 {
				total = (total + section) * u
			} else {
				total += section * u
			}
			section = 0
		default:
			if num == 0 {
				num = 1
			}
			section += num * u
		}
		num = 0
		if total > maxValue || section > maxValue {
			return 0, false
		}
	}
	return total + section + num, true
}

// scaled writes intPart.frac × scale as canonical digits (no leading zeros, no trailing
// fractional zeros).
func scaled(intPart, frac string, scale uint64) string {
	for scale >= 10 && frac != "" {
		intPart += frac[:1]
		frac = frac[1:]
		scale /= 10
	}
	for ; scale >= 10; scale /= 10 {
		intPart += "0"
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	if frac != "" {
		return intPart + "." + frac
	}
	return intPart
}

// spread makes the tokens of a canonical number, each spanning the whole expression.
func (f *Folder) spread(s string, from, to int32) []Token {
	out := make([]Token, 0, len(s))
	for _, r := range s {
		out = append(out, Token{Key: f.Class(r), From: int(from), To: int(to)})
	}
	return out
}

func allDigits(cs []folded) bool {
	for _, c := range cs {
		if !isDigit(c.r) {
			return false
		}
	}
	return true
}

func runesOf(cs []folded) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteRune(c.r)
	}
	return b.String()
}

// surnames are the common single-character surnames (百家姓, the ones a masked name in a
// report starts with).
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"

// surnameTable marks the surnames among the ideographs.
func surnameTable() []bool {
	t := make([]bool, cjkLast-cjkFirst+1)
	for _, r := range surnames {
		t[r-cjkFirst] = true
	}
	return t
}

// maskedName reports how many characters a masked name at cs[i] takes: a surname, or one
// Latin letter, followed by 某, X or × once or twice (张某, 张某某, Z某, 王XX). 0 if none.
func (f *Folder) maskedName(cs []folded, i int) int {
	r := cs[i].r
	latin := r >= 'a' && r <= 'z'
	if !latin && !(r >= cjkFirst && r <= cjkLast && f.isSur[r-cjkFirst]) {
		return 0
	}
	if i+1 == len(cs) || cs[i+1].r != '某' && cs[i+1].r != 'x' && cs[i+1].r != 0 {
		return 0
	}
	if latin && i > 0 && cs[i-1].r >= 'a' && cs[i-1].r <= 'z' {
		return 0
	}
	n := 1
	for i+n < len(cs) && n <= 2 {
		m := cs[i+n].r
		if m == '某' || !latin && (m == 'x' || cs[i+n].orig == '×' || cs[i+n].orig == '*' || cs[i+n].orig == '＊') {
			n++
			continue
		}
		break
	}
	if n == 1 {
		return 0
	}
	return n
}

package textnorm

import (
	_ "embed"
	"strings"
	"unicode/utf8"
)

//go:embed pinyin.txt
var pinyinData string

// cjkFirst and cjkLast bound the block the class table covers (CJK unified ideographs).
const (
	cjkFirst = 0x4E00
	cjkLast  = 0x9FFF
)

// confusable lists sets of characters that OCR and hurried retyping mistake for one another
// although they sound different; each set folds to its first character before the homophone
// classes apply. The sets are the classic 形近字 groups of Chinese proof-reading practice.
var confusable = []string{
	"己已巳", "未末", "戊戌戍戎", "曰日", "人入八", "土士", "干千于", "天夭", "大太犬", "王玉主",
	"贝见", "买卖", "折拆", "候侯", "即既", "辨辩辫瓣", "赢嬴羸", "免兔", "鸟乌", "今令",
	"刀力", "田由甲申", "午牛", "广厂", "壁璧", "拔拨", "特持", "汩汨", "栗粟", "茶荼",
	"徒徙", "准淮", "历厉", "冶治", "杳沓", "券卷", "祟崇", "贷货", "侍待", "蓝篮",
}

// classes builds the table of matching classes: every ideograph maps to the first character
// (in code order) that has its toneless pinyin, after confusable characters are folded to their
// set's first character. Characters without a reading map to themselves.
func classes() []rune {
	tab := make([]rune, cjkLast-cjkFirst+1)
	reading := make(map[rune]string, len(tab))
	first := map[string]rune{}
	for _, line := range strings.Split(pinyinData, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		r, size := utf8.DecodeRuneInString(line)
		py := line[size+1:]
		reading[r] = py
		if _, ok := first[py]; !ok {
			first[py] = r
		}
	}
	look := map[rune]rune{}
	for _, set := range confusable {
		rs := []rune(set)
		for _, r := range rs[1:] {
			look[r] = rs[0]
		}
	}
	for i := range tab {
		r := rune(cjkFirst + i)
		c := r
		if x, ok := look[r]; ok {
			c = x
		}
		if py, ok := reading[c]; ok {
			c = first[py]
		}
		tab[i] = c
	}
	return tab
}

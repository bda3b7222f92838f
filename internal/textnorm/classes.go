package textnorm

import (
	_ "embed"
	"strings"
	"unicode/utf8"
)

//go:embed pinyin.txt
var pinyinData string

//go:embed confusable.txt
var confusableData string

// cjkFirst and cjkLast bound the block the class table covers (CJK unified ideographs).
const (
	cjkFirst = 0x4E00
	cjkLast  = 0x9FFF
)

// confusable lists the classic 形近字 groups of Chinese proof-reading practice; the measured
// pairs of confusable.txt (glyph overlap, internal/genconfusable) are added to them. Characters
// joined by either fold to the smallest of their group before the homophone classes apply.
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
	look := confusableGroups()
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

// confusableGroups joins the classic groups and the measured pairs (union–find) and maps every
// member of a group to its smallest character.
func confusableGroups() map[rune]rune {
	parent := map[rune]rune{}
	var find func(r rune) rune
	find = func(r rune) rune {
		p, ok := parent[r]
		if !ok || p == r {
			return r
		}
		root := find(p)
		parent[r] = root
		return root
	}
	union := func(a, b rune) {
		ra, rb := find(a), find(b)
		if ra == rb {
			return
		}
		if rb < ra {
			ra, rb = rb, ra
		}
		parent[ra], parent[rb] = ra, ra
	}
	for _, set := range confusable {
		rs := []rune(set)
		for _, r := range rs[1:] {
			union(rs[0], r)
		}
	}
	for _, line := range strings.Split(confusableData, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		rs := []rune(line)
		if len(rs) >= 2 {
			union(rs[0], rs[1])
		}
	}
	look := make(map[rune]rune, len(parent))
	for r := range parent {
		look[r] = find(r)
	}
	return look
}

package unit

import (
	"strings"
	"unicode/utf8"
)

// bodySuffixes are the endings that name the discipline body rather than the place, longest
// first; a name may carry two (纪律检查委员会监察委员会).
var bodySuffixes = []string{"纪律检查委员会", "纪检监察委员会", "监察委员会", "纪检监察工委", "纪检监察组", "纪委监委", "纪工委", "纪检组", "纪委", "监委", "机关"}

// levelSuffixes are the endings of a division's name that short names drop (南明区 → 南明).
var levelSuffixes = []string{"自治州", "自治县", "自治区", "自治旗", "特区", "新区", "林区", "地区", "盟", "旗", "省", "市", "区", "县", "州"}

// ethnicNames longer than two characters; other ethnic names in autonomous divisions' names
// are two (苗族, 侗族).
var ethnicNames = []string{"布依族", "土家族", "仡佬族", "毛南族", "哈尼族", "傈僳族", "纳西族", "普米族", "拉祜族", "佤族",
	"维吾尔族", "哈萨克族", "柯尔克孜族", "塔吉克族", "达斡尔族", "鄂温克族", "鄂伦春族", "锡伯族", "撒拉族", "东乡族",
	"保安族", "裕固族", "景颇族", "阿昌族", "德昂族", "独龙族", "怒族", "基诺族", "门巴族", "珞巴族", "朝鲜族", "黎族", "畲族", "水族", "羌族"}

// place is a folded name without 中共 and without the body's suffixes: the place (or, for a
// body named otherwise, what is left of its name).
func place(folded string) string {
	s := strings.TrimPrefix(folded, "中共")
	for changed := true; changed; {
		changed = false
		for _, suf := range bodySuffixes {
			if rest, ok := strings.CutSuffix(s, suf); ok && rest != "" {
				s, changed = rest, true
				break
			}
		}
	}
	return s
}

// shorts are the short names of a place: without its level and ethnic names (黔东南苗族侗族自治州
// → 黔东南), and for an autonomous prefecture or county also with 州 or 县 (黔东南州); none when
// that would leave fewer than two characters or nothing was dropped.
func shorts(p string) []string {
	s := short(p)
	switch {
	case s == "":
		return nil
	case strings.HasSuffix(p, "自治州"):
		return []string{s, s + "州"}
	case strings.HasSuffix(p, "自治县"):
		return []string{s, s + "县"}
	}
	return []string{s}
}

// short is a place without its level and ethnic names, or "" (see shorts).
func short(p string) string {
	s := p
	for _, suf := range levelSuffixes {
		if rest, ok := strings.CutSuffix(s, suf); ok {
			s = rest
			break
		}
	}
	for strings.HasSuffix(s, "族") {
		cut := false
		for _, e := range ethnicNames {
			if rest, ok := strings.CutSuffix(s, e); ok {
				s, cut = rest, true
				break
			}
		}
		if !cut { // a two-character ethnic name
			_, n := utf8.DecodeLastRuneInString(strings.TrimSuffix(s, "族"))
			s = s[:len(s)-len("族")-n]
		}
	}
	if s == p || utf8.RuneCountInString(s) < 2 {
		return ""
	}
	return s
}

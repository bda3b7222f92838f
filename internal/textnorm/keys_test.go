package textnorm

import "testing"

func TestKeyNumeralsNamesClasses(t *testing.T) {
	f := New()
	same := [][]string{
		{"收受2万元", "收受两万元", "收受20000元", "收受贰万元", "收受二万元", "收受20,000元", "收受２万元", "收受2.0万元"},
		{"2021年3月", "2021.3", "二〇二一年三月", "2021年03月", "2021-03", "二零二一年三月"},
		{"2021年3月15日", "2021.3.15", "二〇二一年三月十五日"},
		{"一百二十万", "120万", "1200000"},
		{"1.5亿元", "一亿五千万元", "150000000元"},
		{"反映张某的问题", "反映张某某的问题", "反映Z某的问题", "反映张XX的问题", "反映张××的问题"},
		{"他已经走了", "他己经走了", "他巳经走了"},
		{"未经批准", "末经批准"},
		{"检举控告", "捡举控告"}, // a homophone typed by pinyin input
		{"關於張某某的問題", "关于张某的问题"},
	}
	for _, group := range same {
		want := f.KeyString(group[0])
		for _, s := range group[1:] {
			if got := f.KeyString(s); got != want {
				t.Errorf("Key(%q) = %q, Key(%q) = %q: want equal", s, got, group[0], want)
			}
		}
	}
	differ := [][2]string{
		{"收受2万元", "收受3万元"},
		{"2021年3月", "2021年4月"},
		{"反映张某的问题", "反映局长的问题"},
		{"收受礼金", "收受现金"},
	}
	for _, d := range differ {
		if f.KeyString(d[0]) == f.KeyString(d[1]) {
			t.Errorf("Key(%q) = Key(%q): want different", d[0], d[1])
		}
	}
	toks := f.Tokens(nil, "收受两万元")
	if len(toks) != 8 || toks[2].Key != '2' || toks[2].From != 6 || toks[2].To != 12 {
		t.Errorf("tokens of 两万: %+v", toks)
	}
}

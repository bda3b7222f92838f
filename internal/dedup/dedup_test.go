package dedup_test

import (
	"strings"
	"testing"

	"custos/internal/dedup"
)

const report = `尊敬的领导：我反映某县纪委干部张某某的问题。2023年以来，张某某多次接受管理服务对象宴请，
收受购物卡共计2万元；其妻子在本县开办建材公司，张某某利用职务便利为该公司承揽工程提供帮助。
以上情况属实，请组织调查处理。`

func TestScore(t *testing.T) {
	e := dedup.New()
	a := e.Prepare(report)
	trad := e.Prepare(`我反映某縣紀委幹部張某的問題。二〇二三年以來，張某多次接受管理服務對象宴請，收受購物卡共計兩萬元；
其妻子在本縣開辦建材公司，張某利用職務便利為該公司承攬工程提供幫助。以上情況屬實，請組織調查處理。此致敬禮！`)
	other := e.Prepare(`反映某乡镇党委书记李某违规发放津贴补贴，并在招投标中为亲属企业打招呼，造成国有资产损失，请予核查。`)
	excerpt := e.Prepare(`张某某多次接受管理服务对象宴请，收受购物卡共计2万元；其妻子在本县开办建材公司，张某某利用职务便利为该公司承揽工程提供帮助。`)
	if s := dedup.Score(a, a); s != 1 {
		t.Errorf("self overlap %v", s)
	}
	if s := dedup.Score(a, trad); s < 0.9 {
		t.Errorf("traditional re-submission with other numerals, masking and salutation scored %v", s)
	}
	if s := dedup.Score(a, other); s > 0.1 {
		t.Errorf("different report scored %v", s)
	}
	if s := dedup.Score(a, excerpt); s != 1 {
		t.Errorf("an excerpt scored %v, want 1 (all of it is in the longer text)", s)
	}
	if j := dedup.Similarity(a, excerpt); j > 0.7 {
		t.Errorf("an excerpt's resemblance %v: it is containment that pairs it", j)
	}
	if empty := e.Prepare("，。！"); empty.Length != 0 || dedup.Score(empty, a) != 0 {
		t.Error("punctuation-only text should be empty and similar to nothing")
	}
	if short := e.Prepare("举报"); short.Length != 2 || len(short.Shingles) != 1 {
		t.Errorf("a text shorter than a shingle is one shingle: %+v", short)
	}
	if tiny := e.Prepare("收受购物卡"); dedup.Score(tiny, a) != 0 {
		t.Error("a pair sharing fewer than MinShared shingles must not score")
	}
}

func TestPairs(t *testing.T) {
	e := dedup.New()
	texts := []string{report, "完全不同的内容：反映某局长公车私用。", strings.ReplaceAll(report, "2万元", "3万元") + "\n联系人：群众", report}
	pairs := e.Pairs(texts, dedup.DefaultThreshold)
	want := [][2]int{{0, 2}, {0, 3}, {2, 3}}
	if len(pairs) != len(want) {
		t.Fatalf("pairs %+v", pairs)
	}
	for i, p := range pairs {
		if p.A != want[i][0] || p.B != want[i][1] {
			t.Errorf("pair %d = %+v, want %v", i, p, want[i])
		}
	}
}

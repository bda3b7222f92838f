package dedup_test

import (
	"strings"
	"testing"

	"custos/internal/dedup"
)

const report = `尊敬的领导：我反映某县纪委干部张某某的问题。2023年以来，张某某多次接受管理服务对象宴请，
收受购物卡共计2万元；其妻子在本县开办建材公司，张某某利用职务便利为该公司承揽工程提供帮助。
以上情况属实，请组织调查处理。`

func TestSimilarity(t *testing.T) {
	e := dedup.New()
	a := e.Prepare(report)
	trad := e.Prepare(`我反映某縣紀委幹部張某某的問題。２０２３年以來，張某某多次接受管理服務對象宴請，收受購物卡共計２萬元；
其妻子在本縣開辦建材公司，張某某利用職務便利為該公司承攬工程提供幫助。以上情況屬實，請組織調查處理。此致敬禮！`)
	other := e.Prepare(`反映某乡镇党委书记李某违规发放津贴补贴，并在招投标中为亲属企业打招呼，造成国有资产损失，请予核查。`)
	if s := dedup.Similarity(a, a); s != 1 {
		t.Errorf("self similarity %v", s)
	}
	if s := dedup.Similarity(a, trad); s < dedup.DefaultThreshold {
		t.Errorf("traditional re-submission with salutation changes scored %v", s)
	}
	if s := dedup.Similarity(a, other); s > 0.1 {
		t.Errorf("different report scored %v", s)
	}
	shared := 0
	ka, kt := a.BandKeys(), trad.BandKeys()
	for i := range ka {
		if ka[i] == kt[i] {
			shared++
		}
	}
	if shared == 0 {
		t.Error("a near-identical re-submission shares no band")
	}
	if empty := e.Prepare("，。！"); empty.Length != 0 || dedup.Similarity(empty, a) != 0 {
		t.Error("punctuation-only text should be empty and similar to nothing")
	}
	if short := e.Prepare("举报"); short.Length != 2 || len(short.Shingles) != 1 {
		t.Errorf("a text shorter than a shingle is one shingle: %+v", short)
	}
}

func TestPairsAndPassages(t *testing.T) {
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
	onlyA, onlyB := e.Passages(report, texts[2])
	if len(onlyA) != 1 || !strings.Contains(onlyA[0], "2万元") || len(onlyB) != 2 || !strings.Contains(onlyB[1], "联系人") {
		t.Errorf("passages: %q / %q", onlyA, onlyB)
	}
}

package cadre

import (
	"strings"
	"testing"
	"time"
)

var today = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// withCheck completes 17 digits with their check character.
func withCheck(d17 string) string { return d17 + string(checkChar(d17)) }

func TestParseIDCard(t *testing.T) {
	// the standard's own example: 11010519491231002X (female, born 1949-12-31)
	card, err := ParseIDCard("11010519491231002x", today)
	if err != nil || card.Number != "11010519491231002X" || card.Male || card.BirthDate.Format("2006-01-02") != "1949-12-31" {
		t.Fatalf("standard example: %+v %v", card, err)
	}
	if card, err := ParseIDCard(withCheck("52010219800101001"), today); err != nil || !card.Male || card.Province != "52" {
		t.Fatalf("male Guizhou number: %+v %v", card, err)
	}
	if _, err := ParseIDCard("５２０１０２１９８００１０１００１"+string(checkChar("52010219800101001")), today); err != nil {
		t.Fatalf("full-width digits: %v", err)
	}
	for _, tc := range []struct{ in, want string }{
		{"1101051949123100", "应为 18 位"},
		{"11010519491231002Y", "第 18 位"},
		{"1101051949A231002X", "第 11 位"},
		{withCheck("99010519491231002"), "地区码 99"},
		{withCheck("11010519490231002"), "出生日期 19490231 不是有效日期"},
		{withCheck("11010518491231002"), "不是有效日期"},
		{withCheck("11010520991231002"), "晚于今天"},
		{"110105194912310021", "校验位错误：按前 17 位计算应为 X，实为 1"},
	} {
		_, err := ParseIDCard(tc.in, today)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseIDCard(%q) = %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

// TestCheckCharCatchesEveryTypo: changing any one digit, or swapping two adjacent different
// digits, always changes the check character (the property MOD 11-2 guarantees).
func TestCheckCharCatchesEveryTypo(t *testing.T) {
	base := "52010219800101001"
	want := checkChar(base)
	for i := 0; i < 17; i++ {
		for d := byte('0'); d <= '9'; d++ {
			if d == base[i] {
				continue
			}
			b := []byte(base)
			b[i] = d
			if checkChar(string(b)) == want {
				t.Fatalf("changing digit %d to %c keeps the check character", i+1, d)
			}
		}
		if i < 16 && base[i] != base[i+1] {
			b := []byte(base)
			b[i], b[i+1] = b[i+1], b[i]
			if checkChar(string(b)) == want {
				t.Fatalf("swapping digits %d and %d keeps the check character", i+1, i+2)
			}
		}
	}
}

package cadre

import (
	"fmt"
	"strings"
	"time"
)

// IDCard is what a valid resident identity card number (GB 11643-1999) says.
type IDCard struct {
	Number    string    // normalised: 18 characters, upper-case X
	Province  string    // the first two digits
	BirthDate time.Time // UTC midnight
	Male      bool      // the 17th digit is odd
}

// provinces are the province-level codes of GB/T 2260 that start an ID number (83 is
// Taiwan residents' numbers issued on the mainland; 91 is foreigners' permanent residence).
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true, "21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true, "91": true,
}

// ParseIDCard checks an 18-character ID number by GB 11643-1999 — characters, region,
// birth date (not after today) and the ISO 7064 MOD 11-2 check character — and returns what it
// says, or an error whose message (Chinese) says exactly what is wrong.
func ParseIDCard(s string, today time.Time) (IDCard, error) {
	n := normalizeID(s)
	if len([]rune(n)) != 18 {
		return IDCard{}, fmt.Errorf("身份证号码应为 18 位（现为 %d 位）", len([]rune(n)))
	}
	for i, c := range n {
		if !(c >= '0' && c <= '9') && !(i == 17 && c == 'X') {
			return IDCard{}, fmt.Errorf("身份证号码第 %d 位“%c”无效：前 17 位应为数字，第 18 位为数字或 X", i+1, c)
		}
	}
	if !provinces[n[:2]] {
		return IDCard{}, fmt.Errorf("身份证号码的地区码 %s 不是有效的省级行政区划代码", n[:2])
	}
	birth, err := time.Parse("20060102", n[6:14])
	if err != nil || birth.Year() < 1900 {
		return IDCard{}, fmt.Errorf("身份证号码中的出生日期 %s 不是有效日期", n[6:14])
	}
	if birth.After(today) {
		return IDCard{}, fmt.Errorf("身份证号码中的出生日期 %s 晚于今天", birth.Format("2006-01-02"))
	}
	if want := checkChar(n[:17]); n[17] != want {
		return IDCard{}, fmt.Errorf("身份证号码校验位错误：按前 17 位计算应为 %c，实为 %c", want, n[17])
	}
	return IDCard{Number: n, Province: n[:2], BirthDate: birth, Male: (n[16]-'0')%2 == 1}, nil
}

// checkChar computes the MOD 11-2 check character of the first 17 digits.
func checkChar(d17 string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(d17[i]-'0') * weights[i]
	}
	return "10X98765432"[sum%11]
}

// normalizeID trims, maps full-width digits and x to ASCII upper case.
func normalizeID(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '０' && r <= '９':
			r = r - '０' + '0'
		case r == 'x' || r == 'ｘ' || r == 'Ｘ':
			r = 'X'
		}
		b.WriteRune(r)
	}
	return b.String()
}

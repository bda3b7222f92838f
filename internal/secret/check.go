package secret

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Decision is what a start does about the sealing key, decided by CheckKey.
type Decision int

const (
	// Use: the key found is the one the database records.
	Use Decision = iota
	// Record: the database records no key and holds nothing sealed under another: record the
	// key found.
	Record
	// Create: no key was found and the database neither records one nor holds sealed values:
	// a new key may be made (where the installation allows it) and recorded.
	Create
)

// KeyError is a refused start: the key is missing or not the database's.
type KeyError struct {
	Expected []string // the key id(s) the database needs
	Found    string   // the id of the key found, "" when none was
	Where    string   // where the key was looked for, set by the caller
}

func (e *KeyError) Error() string {
	want := strings.Join(e.Expected, "、")
	if e.Found == "" {
		return fmt.Sprintf("拒绝启动：数据库中的举报人信息和附件由标识为 %s 的密钥加密，但在 %s 未找到密钥。请找回该密钥并用 CUSTOS_SECRET_KEY_FILE 指向它；切勿生成新密钥，否则已加密的信息将无法读取。"+
			"(refusing to start: the database is sealed under key %s, but no key was found in %s; restore that key and point CUSTOS_SECRET_KEY_FILE at it)",
			want, e.Where, want, e.Where)
	}
	return fmt.Sprintf("拒绝启动：数据库中的举报人信息和附件由标识为 %s 的密钥加密，而 %s 中的密钥标识为 %s，不是同一把密钥。请找回标识为 %s 的密钥并用 CUSTOS_SECRET_KEY_FILE 指向它；如需换用新密钥，请用 custos key rotate。"+
		"(refusing to start: the database is sealed under key %s, but the key in %s is %s)",
		want, e.Where, e.Found, want, want, e.Where, e.Found)
}

// CheckKey decides what a start does from the key id the database records ("" when none),
// the key ids its sealed values name (with how many each), and the id of the key found (""
// when none was). It never allows a new or different key for a database that records a key
// or holds values sealed under another one.
func CheckKey(recorded string, sealed map[string]int64, found string) (Decision, *KeyError) {
	var others []string
	for _, id := range slices.Sorted(maps.Keys(sealed)) {
		if sealed[id] > 0 && id != found {
			others = append(others, id)
		}
	}
	switch {
	case recorded != "" && recorded != found:
		return 0, &KeyError{Expected: []string{recorded}, Found: found}
	case recorded != "":
		return Use, nil
	case len(others) > 0:
		return 0, &KeyError{Expected: others, Found: found}
	case found == "":
		return Create, nil
	default:
		return Record, nil
	}
}

// Package password hashes and checks passwords with argon2id (PHC string format) and states
// the platform's password policy. It is pure: no database, no clock.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id costs. Hashes carry their own parameters, so raising them later still
// verifies old hashes.
type Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// Default costs ≈ 90 ms a hash on one core of the reference machine.
var Default = Params{MemoryKiB: 64 * 1024, Time: 1, Threads: 2}

// Fast is for tests and demo fixtures only: cheap enough to hash thousands of passwords.
var Fast = Params{MemoryKiB: 1024, Time: 1, Threads: 1}

// ErrMalformed means a stored hash cannot be parsed.
var ErrMalformed = errors.New("password: malformed hash")

// Hash returns the PHC string for pw under p.
func Hash(pw string, p Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// Dummy returns a well-formed hash under p that no password matches (its key is all zeros):
// checking a password against it costs what checking a real hash under p costs, without
// computing a hash at start.
func Dummy(p Params) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(make([]byte, 16)), base64.RawStdEncoding.EncodeToString(make([]byte, 32)))
}

// Check reports whether pw matches the PHC string encoded, in constant time.
func Check(pw, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrMalformed
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return false, ErrMalformed
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, ErrMalformed
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// Policy returns the Chinese reason pw is too weak, or "" when it is acceptable: at least 10
// characters from at least 3 of upper case, lower case, digits and symbols (等保 二级/三级 practice).
func Policy(pw string) string {
	if len([]rune(pw)) < 10 {
		return "密码至少 10 位"
	}
	var up, low, dig, sym bool
	for _, r := range pw {
		switch {
		case unicode.IsUpper(r):
			up = true
		case unicode.IsLower(r):
			low = true
		case unicode.IsDigit(r):
			dig = true
		default:
			sym = true
		}
	}
	n := 0
	for _, b := range []bool{up, low, dig, sym} {
		if b {
			n++
		}
	}
	if n < 3 {
		return "密码须包含大写字母、小写字母、数字、符号中的至少三类"
	}
	return ""
}

// Random returns a new password that satisfies Policy, for first administrators and resets.
func Random() string {
	const (
		upper  = "ABCDEFGHJKLMNPQRSTUVWXYZ"
		lower  = "abcdefghijkmnpqrstuvwxyz"
		digits = "23456789"
		all    = upper + lower + digits
	)
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	out := []byte{upper[int(b[0])%len(upper)], lower[int(b[1])%len(lower)], digits[int(b[2])%len(digits)]}
	for _, c := range b[3:14] {
		out = append(out, all[int(c)%len(all)])
	}
	return string(out[:3]) + "-" + string(out[3:8]) + "-" + string(out[8:])
}

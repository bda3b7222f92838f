// Package input bounds what a request may hand the platform: the checks every text value
// passes (valid UTF-8, no control characters, at most its declared length) and the request
// guard that refuses any write while a request's input is refused. It is pure and imports
// only apperr.
//
// The guard is how no field can be forgotten: the web layer attaches to each request a check
// of everything posted (input.WithGuard), and db.InTx calls input.Guard before it opens a
// write transaction. A handler that reads an oversized or malformed field therefore cannot
// write it; the refusal comes back through the handler's ordinary error path, which shows the
// form again with what was typed and the message beside the field.
package input

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
)

// ErrRefused is the cause of every refusal made here (errors.Is).
var ErrRefused = errors.New("input refused")

// Len is the length of v as a browser's maxlength counts it for a form: in characters, a line
// break ("\r\n" as submitted) counting one.
func Len(v string) int {
	return utf8.RuneCountInString(v) - strings.Count(v, "\r\n")
}

// Problem returns why v cannot be accepted for a field of at most max characters — invalid
// UTF-8, a control character other than tab and line breaks, or too long — in Chinese, or ""
// when v is acceptable. It reads v once.
func Problem(v string, max int) string {
	if !utf8.ValidString(v) {
		return "含有无法识别的字符（不是有效的 UTF-8 文本），请删除后重新填写"
	}
	for _, r := range v {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7F {
			return "含有不可见的控制字符，请删除后重新填写"
		}
	}
	if n := Len(v); n > max {
		return fmt.Sprintf("不能超过 %d 个字（现为 %d 个字）", max, n)
	}
	return ""
}

// Refusal is the error for the per-field problems in fields (as Problem gives them): code
// Invalid, the fields for the form, and a message that says what is wrong as a whole.
func Refusal(fields map[string]string) error {
	if len(fields) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var msgs []string
	for _, m := range fields {
		if !seen[m] {
			seen[m] = true
			msgs = append(msgs, m)
		}
	}
	sort.Strings(msgs)
	if len(msgs) > 3 {
		msgs = msgs[:3]
	}
	e := apperr.Wrap(ErrRefused, apperr.Invalid, fmt.Sprintf("提交的内容超出允许范围（%s）。已保留您填写的内容，请按提示修改后重新提交", strings.Join(msgs, "；")))
	e.Fields = fields
	return e
}

type guardKey struct{}

// WithGuard returns ctx carrying check, which Guard runs: check looks at the request's input
// when it is called (after the handler has parsed it) and returns a Refusal or nil.
func WithGuard(ctx context.Context, check func() error) context.Context {
	return context.WithValue(ctx, guardKey{}, check)
}

// Guard runs the check attached to ctx, if any: a non-nil answer means nothing may be written
// for this request.
func Guard(ctx context.Context) error {
	if check, ok := ctx.Value(guardKey{}).(func() error); ok {
		return check()
	}
	return nil
}

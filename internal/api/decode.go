package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/input"
)

// Bounds of API input: a JSON body of at most maxBody bytes, each string in it at most
// maxString characters (the services check each field's own maximum), each query value at most
// maxQuery. Invalid UTF-8 is refused, never replaced (encoding/json would silently turn it
// into U+FFFD).
const (
	maxBody   = 1 << 20
	maxString = 5000
	maxQuery  = 200
)

// decodeJSON reads the JSON body of r into v (a pointer to a struct): bounded, unknown fields
// refused, every string checked by input.Problem. Errors are Invalid with a Chinese message.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return apperr.New(apperr.Invalid, "请求体超过 %d MB", maxBody>>20)
		}
		return apperr.Wrap(err, apperr.Invalid, "请求体无法读取")
	}
	if !utf8.Valid(body) {
		return apperr.New(apperr.Invalid, "请求体含有无效的 UTF-8 字符，请以 UTF-8 编码提交")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return apperr.New(apperr.Invalid, "请求体不是有效的 JSON：%v", err)
	}
	fields := map[string]string{}
	checkStrings(reflect.ValueOf(v), "", fields)
	return input.Refusal(fields)
}

// checkStrings records the problem of every string reachable from v (structs by their json
// names, slices by position).
func checkStrings(v reflect.Value, name string, fields map[string]string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkStrings(v.Elem(), name, fields)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			tag, _, _ := bytes.Cut([]byte(f.Tag.Get("json")), []byte(","))
			n := string(tag)
			if n == "" {
				n = f.Name
			}
			checkStrings(v.Field(i), n, fields)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			checkStrings(v.Index(i), name, fields)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			checkStrings(k, name, fields)
			checkStrings(v.MapIndex(k), name, fields)
		}
	case reflect.String:
		if msg := input.Problem(v.String(), maxString); msg != "" {
			fields[name] = msg
		}
	}
}

// checkQuery refuses query values that are too long or not valid text.
func checkQuery(r *http.Request) error {
	fields := map[string]string{}
	for k, vs := range r.URL.Query() {
		if msg := input.Problem(k, maxQuery); msg != "" {
			fields["query"] = msg
		}
		for _, v := range vs {
			if msg := input.Problem(v, maxQuery); msg != "" {
				fields[k] = msg
			}
		}
	}
	return input.Refusal(fields)
}

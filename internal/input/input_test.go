package input

import (
	"context"
	"errors"
	"strings"
	"testing"

	"custos/internal/apperr"
)

func TestProblem(t *testing.T) {
	for _, tc := range []struct {
		v    string
		max  int
		want string // a part of the message, "" for none
	}{
		{"王伟", 2, ""},
		{"王伟明", 2, "不能超过 2 个字（现为 3 个字）"},
		{"第一行\r\n第二行", 7, ""}, // a line break counts one, as in the browser
		{"a\tb\nc", 5, ""},
		{"ab\xffc", 10, "UTF-8"},
		{"ab\x00c", 10, "控制字符"},
		{"ab\x1bc", 10, "控制字符"},
		{strings.Repeat("长", 200_000), 30, "不能超过 30 个字（现为 200000 个字）"},
		{"", 0, ""},
	} {
		got := Problem(tc.v, tc.max)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("Problem(%.20q, %d) = %q, want %q", tc.v, tc.max, got, tc.want)
		}
	}
}

func TestRefusalAndGuard(t *testing.T) {
	if Refusal(nil) != nil {
		t.Fatal("no problems must be no error")
	}
	err := Refusal(map[string]string{"name": Problem(strings.Repeat("a", 40), 30)})
	if apperr.CodeOf(err) != apperr.Invalid || !errors.Is(err, ErrRefused) || apperr.FieldsOf(err)["name"] == "" ||
		!strings.Contains(apperr.MessageOf(err), "不能超过 30 个字") {
		t.Fatalf("refusal %v", err)
	}
	ctx := context.Background()
	if Guard(ctx) != nil {
		t.Fatal("no guard must pass")
	}
	if !errors.Is(Guard(WithGuard(ctx, func() error { return err })), ErrRefused) {
		t.Fatal("the guard did not refuse")
	}
}

package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"custos/internal/testkit"
)

// TestAPIBoundedInput: invalid UTF-8, an oversized string, an oversized body and a malformed
// query value are refused with 422 and a Chinese message; nothing is created.
func TestAPIBoundedInput(t *testing.T) {
	env := testkit.NewApp(t)
	res := env.Demo(t)
	base := env.Serve(t).URL
	ctx := context.Background()
	_, p, err := env.App.Auth.Login(ctx, "admin", res.Password, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := env.App.Auth.CreateToken(ctx, p, "接口测试")
	if err != nil {
		t.Fatal(err)
	}
	bearer := map[string]string{"Authorization": "Bearer " + tok}
	c := testkit.NewClient(t, base)
	province := env.Lookup(t, `SELECT id FROM commissions WHERE code = '52'`)
	users := env.Lookup(t, `SELECT COUNT(*) FROM users`)
	for _, tc := range []struct {
		name, body, want string
	}{
		{"invalid UTF-8", fmt.Sprintf("{\"username\":\"api.bad\",\"name\":\"接口\xff用户\",\"commission_id\":%d,\"roles\":[]}", province), "UTF-8"},
		{"escaped NUL", fmt.Sprintf(`{"username":"api.bad","name":"接口\u0000用户","commission_id":%d,"roles":[]}`, province), "控制字符"},
		{"200,000 characters", fmt.Sprintf(`{"username":"api.bad","name":"%s","commission_id":%d,"roles":[]}`, strings.Repeat("长", 200_000), province), "不能超过"},
		{"2 MB", fmt.Sprintf(`{"username":"api.bad","name":"%s","commission_id":%d,"roles":[]}`, strings.Repeat("a", 2<<20), province), "请求体超过"},
	} {
		r := c.JSON("POST", "/api/v1/users", tc.body, bearer)
		if r.Status != 422 || !strings.Contains(r.Body, tc.want) {
			t.Errorf("%s: %d %.300s", tc.name, r.Status, r.Body)
		}
	}
	if n := env.Lookup(t, `SELECT COUNT(*) FROM users`); n != users {
		t.Errorf("%d users created from refused input", n-users)
	}
	// the audit trail is the security auditor's (三员分立): the query goes in with their token
	_, ap, err := env.App.Auth.Login(ctx, "gz.shenji", res.Password, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	atok, err := env.App.Auth.CreateToken(ctx, ap, "审计接口")
	if err != nil {
		t.Fatal(err)
	}
	r := c.Do("GET", "/api/v1/audit?person=%FF%FE", nil, map[string]string{"Authorization": "Bearer " + atok})
	if r.Status != 422 || !strings.Contains(r.Body, "UTF-8") {
		t.Errorf("invalid query: %d %.300s", r.Status, r.Body)
	}
}

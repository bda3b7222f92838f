package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"custos/internal/testkit"
)

func TestAPIWithToken(t *testing.T) {
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

	r := c.Do("GET", "/api/v1/me", nil, bearer)
	if r.Status != 200 || !strings.Contains(r.Body, `"username":"admin"`) {
		t.Fatalf("me: %d %s", r.Status, r.Body)
	}
	var list struct {
		Items []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"items"`
		Total int `json:"total"`
	}
	r = c.Do("GET", fmt.Sprintf("/api/v1/commissions?parent=%d&size=200", province), nil, bearer)
	if err := json.Unmarshal([]byte(r.Body), &list); err != nil || list.Total != 14 {
		t.Fatalf("children of the province: %d %v %s", list.Total, err, r.Body)
	}
	r = c.JSON("POST", "/api/v1/users", fmt.Sprintf(`{"username":"api.user","name":"接口用户","commission_id":%d,"roles":["trial"]}`, province), bearer)
	if r.Status != 422 || !strings.Contains(r.Body, "角色由安全保密管理员授予") {
		t.Fatalf("a system administrator granted a business role through the API: %d %s", r.Status, r.Body)
	}
	r = c.JSON("POST", "/api/v1/users", fmt.Sprintf(`{"username":"api.user","name":"接口用户","commission_id":%d}`, province), bearer)
	if r.Status != 201 || !strings.Contains(r.Body, `"initial_password":"`) || strings.Contains(r.Body, "argon2") {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	r = c.JSON("POST", "/api/v1/users", `{"username":"9 bad","commission_id":0,"roles":[]}`, bearer)
	if r.Status != 422 || !strings.Contains(r.Body, `"fields":{`) || !strings.Contains(r.Body, `"username"`) {
		t.Fatalf("invalid create: %d %s", r.Status, r.Body)
	}
	r = c.JSON("POST", "/api/v1/users", `{"username":`, bearer)
	if r.Status != 422 {
		t.Fatalf("bad JSON: %d %s", r.Status, r.Body)
	}
	if r = c.Do("GET", "/api/v1/audit?action=user.create&size=5", nil, bearer); r.Status != 403 {
		t.Fatalf("the system administrator read the audit trail: %d", r.Status)
	}
	_, ap, err := env.App.Auth.Login(ctx, "gz.shenji", res.Password, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	atok, err := env.App.Auth.CreateToken(ctx, ap, "审计接口")
	if err != nil {
		t.Fatal(err)
	}
	r = c.Do("GET", "/api/v1/audit?action=user.create&size=5", nil, map[string]string{"Authorization": "Bearer " + atok})
	if r.Status != 200 || !strings.Contains(r.Body, "api.user") || !strings.Contains(r.Body, `"hash":"`) {
		t.Fatalf("audit: %d %s", r.Status, r.Body)
	}
	r = c.Do("GET", "/api/v1/me", nil, map[string]string{"Authorization": "Bearer ct_wrong"})
	if r.Status != 401 {
		t.Fatalf("wrong token: %d", r.Status)
	}
	r = c.Do("GET", "/api/v1/me", nil, map[string]string{"Authorization": "Basic xyz"})
	if r.Status != 401 {
		t.Fatalf("basic auth: %d", r.Status)
	}
	// the session cookie works for the API too (same services, same scope)
	sc := testkit.NewClient(t, base).Login("nm.ganjian", res.Password)
	r = sc.Do("GET", "/api/v1/commissions", nil, nil)
	if r.Status != 200 || !strings.Contains(r.Body, "南明区") || strings.Contains(r.Body, "云岩区") {
		t.Fatalf("session API: %d %s", r.Status, r.Body)
	}
}

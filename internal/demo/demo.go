package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"custos/internal/apperr"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/password"
	"custos/internal/pool"
)

// Province is the demo province: Guizhou (贵州), whose commission describes six collaboration
// zones in the source article.
const Province = "52"

// guizhouZones groups Guizhou's prefectures into six collaboration zones. The real grouping is
// not published in the article; this one is an assumption for the demo.
var guizhouZones = map[string]string{
	"5201": "第一协作区", "5204": "第一协作区",
	"5203": "第二协作区",
	"5202": "第三协作区", "5205": "第三协作区",
	"5206": "第四协作区",
	"5226": "第五协作区",
	"5227": "第六协作区", "5223": "第六协作区",
}

// DemoUser is one account the demo creates.
type DemoUser struct {
	Username, Name, Commission, Dept string
	Roles                            []string
}

// Users are the demo accounts: the provincial system administrator, security administrator
// and security auditor (三员分立: three accounts), office staff at every level, and two sibling
// county users to show the scope rule.
func Users() []DemoUser {
	return []DemoUser{
		{"admin", "系统管理员", "52", "", []string{"sysadmin"}},
		{"secadmin", "安全保密管理员", "52", "", []string{"security_admin"}},
		{"gz.shuji", "王书记", "52", "", []string{"principal"}},
		{"gz.ganjian", "李干部监督", "52", "cadre_supervision", []string{"cadre_supervision"}},
		{"gz.xinfang", "张信访", "52", "petitions", []string{"petitions"}},
		{"gz.anguan", "赵案管", "52", "case_mgmt", []string{"case_mgmt"}},
		{"gz.shenji", "孙审计员", "52", "", []string{"security_auditor"}},
		{"gy.admin", "贵阳市管理员", "5201", "", []string{"sysadmin"}},
		{"gy.ganjian", "周干部监督", "5201", "cadre_supervision", []string{"cadre_supervision"}},
		{"gy.xinfang", "吴信访", "5201", "petitions", []string{"petitions"}},
		{"gy.anguan", "郑案管", "5201", "case_mgmt", []string{"case_mgmt"}},
		{"gy.shuji", "周书记", "5201", "", []string{"principal"}},
		{"nm.ganjian", "吴干部监督", "520102", "cadre_supervision", []string{"cadre_supervision"}},
		{"yy.ganjian", "郑干部监督", "520103", "cadre_supervision", []string{"cadre_supervision"}},
		{"zy.ganjian", "冯干部监督", "5203", "cadre_supervision", []string{"cadre_supervision"}},
		{"gz.fushuji", "刘副书记", "52", "", []string{"deputy_in_charge"}},
		{"gz.changwei", "马常委", "52", "", []string{"standing_committee"}},
		{"gz.diaocha", "刘调查", "52", "investigation", []string{"investigation"}},
		{"gz.diaocha2", "赵调查", "52", "investigation", []string{"investigation"}},
		{"gz.shenli", "孔审理", "52", "trial", []string{"trial"}},
		{"gy.diaocha", "钱调查", "5201", "investigation", []string{"investigation"}},
	}
}

// extraBodies are non-territorial discipline bodies under the provincial commission (invented
// names, marked 示例).
func extraBodies() []org.Node {
	return []org.Node{
		{Code: "52-R01", Name: "省纪委监委驻省教育厅纪检监察组（示例）", Kind: org.KindResidentGroup, ParentCode: "52"},
		{Code: "52-R02", Name: "省纪委监委驻省财政厅纪检监察组（示例）", Kind: org.KindResidentGroup, ParentCode: "52"},
		{Code: "52-R03", Name: "省纪委监委驻省卫生健康委纪检监察组（示例）", Kind: org.KindResidentGroup, ParentCode: "52"},
		{Code: "52-S01", Name: "省属能源集团纪委（示例）", Kind: org.KindSOE, ParentCode: "52"},
		{Code: "52-U01", Name: "省属大学纪委（示例）", Kind: org.KindUniversity, ParentCode: "52"},
	}
}

// staffing gives each county a deterministic cadre-supervision set-up for the O2 view.
func staffing(code string) (org.CSOMode, int) {
	h := fnv.New32a()
	h.Write([]byte(code))
	v := h.Sum32()
	switch v % 10 {
	case 0, 1, 2, 3, 4:
		return org.CSOIndependent, 3 + int(v/10%3)
	case 5, 6, 7:
		return org.CSODesignated, 2
	case 8:
		return org.CSODesignated, 1
	}
	return org.CSONone, 0
}

// Result is what Load created: the demo password is shared by every demo account and shown
// once.
type Result struct {
	Commissions int
	Users       []DemoUser
	Password    string
}

// Empty reports whether the database has no commissions yet.
func Empty(ctx context.Context, q db.Querier) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM commissions`).Scan(&n)
	return n == 0, err
}

// Load builds the demo province into an empty database: its real commission tree (all
// prefectures and counties), resident groups and other bodies, zones, county staffing, the
// demo users with one random password, and a demo roster of cadres with some history dated
// relative to now. It refuses a database that already has commissions.
func Load(ctx context.Context, d *db.DB, svc *org.Service, cadres *cadre.Service, pl *pool.Service, now time.Time) (Result, error) {
	res, err := LoadOrg(ctx, d, svc)
	if err != nil {
		return res, err
	}
	sys := org.SystemPrincipal("demo")
	if err := loadCadres(ctx, d, cadres, sys, now); err != nil {
		return res, err
	}
	if err := loadPool(ctx, pl, sys); err != nil {
		return res, err
	}
	return res, d.Optimize(ctx)
}

// LoadOrg is Load without the cadre roster: the tree, zones, staffing and users.
func LoadOrg(ctx context.Context, d *db.DB, svc *org.Service) (Result, error) {
	empty, err := Empty(ctx, d.Reader())
	if err != nil {
		return Result{}, err
	}
	if !empty {
		return Result{}, apperr.New(apperr.Conflict, "数据库中已有机构数据，演示数据只能载入空数据库")
	}
	divs, err := LoadDivisions()
	if err != nil {
		return Result{}, err
	}
	nodes, err := ProvinceTree(divs, Province, "", func(pref string) string { return guizhouZones[pref] })
	if err != nil {
		return Result{}, err
	}
	for i := range nodes {
		if nodes[i].Kind == org.KindCounty {
			nodes[i].CSOMode, nodes[i].CSOStaff = staffing(nodes[i].Code)
		}
	}
	nodes = append(nodes, extraBodies()...)
	sys := org.SystemPrincipal("demo")
	if _, err := svc.ImportTree(ctx, sys, nodes); err != nil {
		return Result{}, err
	}
	for code, doc := range map[string]string{"52": "黔纪", "5201": "筑纪", "5203": "遵纪"} {
		var id int64
		if err := d.Reader().QueryRow(ctx, `SELECT id FROM commissions WHERE code = ?`, code).Scan(&id); err != nil {
			return Result{}, err
		}
		if _, err := svc.SetDocCode(ctx, sys, id, doc); err != nil {
			return Result{}, err
		}
	}
	for _, c := range []struct{ unit, since string }{{"5201", "2021-03-01"}, {"5203", "2025-01-06"}, {"5226", "2023-09-01"}} {
		var office, unit int64
		if err := d.Reader().QueryRow(ctx, `SELECT d.id FROM departments d JOIN commissions c ON c.id = d.commission_id
			WHERE c.code = '52' AND d.kind = 'supervision'`).Scan(&office); err != nil {
			return Result{}, err
		}
		if err := d.Reader().QueryRow(ctx, `SELECT id FROM commissions WHERE code = ?`, c.unit).Scan(&unit); err != nil {
			return Result{}, err
		}
		if _, err := svc.AddContact(ctx, sys, office, unit, c.since); err != nil {
			return Result{}, fmt.Errorf("contact %s: %w", c.unit, err)
		}
	}
	res := Result{Commissions: len(nodes), Users: Users(), Password: password.Random()}
	for _, u := range res.Users {
		if err := CreateUser(ctx, d, svc, sys, u, res.Password); err != nil {
			return res, fmt.Errorf("demo user %s: %w", u.Username, err)
		}
	}
	return res, d.Optimize(ctx)
}

// CreateUser adds u with pw, looking its commission and department up by code and kind.
func CreateUser(ctx context.Context, d *db.DB, svc *org.Service, p org.Principal, u DemoUser, pw string) error {
	var cid, did int64
	if err := d.Reader().QueryRow(ctx, `SELECT id FROM commissions WHERE code = ?`, u.Commission).Scan(&cid); err != nil {
		return fmt.Errorf("commission %s: %w", u.Commission, err)
	}
	if u.Dept != "" {
		if err := d.Reader().QueryRow(ctx, `SELECT id FROM departments WHERE commission_id = ? AND kind = ?`, cid, u.Dept).Scan(&did); err != nil {
			return fmt.Errorf("department %s: %w", u.Dept, err)
		}
	}
	_, _, err := svc.CreateUser(ctx, p, org.NewUser{Username: u.Username, DisplayName: u.Name, CommissionID: cid,
		DepartmentID: did, Roles: u.Roles, Password: pw})
	return err
}

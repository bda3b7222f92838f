package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"custos/internal/testkit"
)

// world is the demo province served over HTTP, with ids looked up by code.
type world struct {
	env  testkit.Env
	srv  string
	pw   string
	ids  map[string]int64 // commission code or username → id
	t    *testing.T
	seen map[string]*testkit.Client
}

func newWorld(t *testing.T) *world { return newWorldOn(t, testkit.NewApp(t)) }

// newWorldOn is newWorld on an App the test built itself.
func newWorldOn(t *testing.T, env testkit.Env) *world {
	res := env.Demo(t)
	w := &world{env: env, srv: env.Serve(t).URL, pw: res.Password, ids: map[string]int64{}, t: t, seen: map[string]*testkit.Client{}}
	for _, code := range []string{"52", "5201", "5203", "520102", "520103"} {
		w.ids[code] = env.Lookup(t, `SELECT id FROM commissions WHERE code = ?`, code)
	}
	for _, u := range res.Users {
		w.ids[u.Username] = env.Lookup(t, `SELECT id FROM users WHERE username = ?`, u.Username)
	}
	rows, err := env.App.DB.Reader().Query(context.Background(), `SELECT id, name FROM cadres`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		rows.Scan(&id, &name)
		w.ids["c:"+name] = id
	}
	w.ids["dept:52:cadre_supervision"] = env.Lookup(t, `SELECT d.id FROM departments d JOIN commissions c ON c.id = d.commission_id WHERE c.code = '52' AND d.kind = 'cadre_supervision'`)
	w.ids["contact:5201"] = env.Lookup(t, `SELECT s.id FROM supervision_contacts s JOIN commissions c ON c.id = s.unit_id WHERE c.code = '5201'`)
	w.ids["item:周杰"] = env.Lookup(t, `SELECT MIN(i.id) FROM archive_items i JOIN cadres k ON k.id = i.cadre_id WHERE k.name = '周杰'`)
	return w
}

// as returns a logged-in client for username ("" for anonymous).
func (w *world) as(username string) *testkit.Client {
	if c, ok := w.seen[username]; ok {
		return c
	}
	c := testkit.NewClient(w.t, w.srv)
	if username != "" {
		c.Login(username, w.pw)
	}
	w.seen[username] = c
	return c
}

// expand replaces {code} and {username} with ids.
func (w *world) expand(s string) string {
	for k, v := range w.ids {
		s = strings.ReplaceAll(s, "{"+k+"}", fmt.Sprint(v))
	}
	return s
}

type scenario struct {
	name     string
	user     string
	method   string
	path     string
	form     url.Values
	header   map[string]string
	status   int
	contains []string
	absent   []string
}

func (w *world) run(scenarios []scenario) {
	for _, s := range scenarios {
		w.t.Run(s.name, func(t *testing.T) {
			method := s.method
			if method == "" {
				method = "GET"
			}
			form := url.Values(nil)
			if s.form != nil {
				form = url.Values{}
				for k, vs := range s.form {
					for _, v := range vs {
						form.Add(k, w.expand(v))
					}
				}
			}
			var res testkit.Response
			if strings.HasPrefix(s.path, "/api/") && method == "POST" {
				res = w.as(s.user).JSON(method, w.expand(s.path), form.Get("json"), s.header)
			} else {
				res = w.as(s.user).Do(method, w.expand(s.path), form, s.header)
			}
			if res.Status != s.status {
				t.Fatalf("%s %s as %q: status %d, want %d\n%.600s", method, s.path, s.user, res.Status, s.status, res.Body)
			}
			for _, c := range s.contains {
				if !strings.Contains(res.Body+res.Header.Get("Location"), w.expand(c)) {
					t.Errorf("response lacks %q\n%.1500s", c, res.Body)
				}
			}
			for _, a := range s.absent {
				if strings.Contains(res.Body, w.expand(a)) {
					t.Errorf("response leaks %q", a)
				}
			}
		})
	}
}

func TestScenarios(t *testing.T) {
	w := newWorld(t)
	sibling := map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"}
	w.run([]scenario{
		// anonymous
		{name: "anonymous home goes to login", path: "/", status: 303, contains: []string{"/login?next=%2F"}},
		{name: "login page", path: "/login", status: 200, contains: []string{"纪检监察干部监督平台", "登录名"}},
		{name: "anonymous api", path: "/api/v1/me", status: 401, contains: []string{`"unauthorized"`}},
		{name: "bad password", method: "POST", path: "/login", form: url.Values{"username": {"admin"}, "password": {"wrong"}}, status: 401, contains: []string{"用户名或密码错误", `value="admin"`}},
		{name: "open redirect refused", method: "POST", path: "/login", form: url.Values{"username": {"gz.shuji"}, "password": {w.pw}, "next": {"//evil.example/"}}, status: 303, contains: []string{"/"}},

		// the provincial administrator
		{name: "admin home", user: "admin", path: "/", status: 200, contains: []string{"贵州省纪委监委", "尚未建设", "103"}},
		{name: "admin tree", user: "admin", path: "/org/commissions/{52}", status: 200, contains: []string{"贵阳市纪委监委", "遵义市纪委监委", "信访室", "干部监督室"}},
		{name: "responsibility chain", user: "admin", path: "/org/commissions/{52}", status: 200, contains: []string{"责任体系", "第一责任人", "王书记", "专职专责", "李干部监督", "刘副书记"}},
		{name: "responsibility chain with gaps", user: "admin", path: "/org/commissions/{5201}", status: 200, contains: []string{"责任体系", "周书记", "未明确"}},
		{name: "admin county", user: "admin", path: "/org/commissions/{520102}", status: 200, contains: []string{"南明区纪委监委", "干部监督力量配备"}},
		{name: "admin compliance", user: "admin", path: "/org/compliance", status: 200, contains: []string{"县级干部监督力量配备", "达标"}},
		{name: "contacts with rotation warning", user: "gz.shuji", path: "/org/contacts", status: 200,
			contains: []string{"贵州省纪委监委 监督检查室", "贵阳市纪委监委", "已满 3 年，应轮换", "现有 2 项应予轮换"}},
		{name: "contacts scoped", user: "gy.ganjian", path: "/org/contacts", status: 200, contains: []string{"贵阳市纪委监委"}, absent: []string{"遵义市纪委监委"}},
		{name: "second current contact refused", user: "admin", method: "POST", path: "/org/contacts",
			form: url.Values{"office_id": {"{dept:52:cadre_supervision}"}, "unit_id": {"{5201}"}, "since": {"2026-01-01"}}, status: 422, contains: []string{"已有正在进行的监督联系"}},
		{name: "contact ended (rotation)", user: "admin", method: "POST", path: "/org/contacts/{contact:5201}/end", form: url.Values{"until": {"2026-11-20"}}, status: 200,
			contains: []string{"已结束该监督联系", "现有 1 项应予轮换"}},
		{name: "new contact after rotation", user: "admin", method: "POST", path: "/org/contacts",
			form: url.Values{"office_id": {"{dept:52:cadre_supervision}"}, "unit_id": {"{5201}"}, "since": {"2026-11-21"}}, status: 200, contains: []string{"已登记：贵州省纪委监委 干部监督室 联系 贵阳市纪委监委"}},
		{name: "admin zones", user: "admin", path: "/org/zones", status: 200, contains: []string{"第一协作区", "第六协作区"}},
		{name: "admin users", user: "admin", path: "/users", status: 200, contains: []string{"nm.ganjian", "yy.ganjian"}},
		{name: "search by name fragment", user: "admin", path: "/users?q=干部监督", status: 200, contains: []string{"nm.ganjian", "yy.ganjian", "共 5 条"}, absent: []string{"gz.xinfang"}},
		{name: "search by one character", user: "admin", path: "/users?q=郑", status: 200, contains: []string{"yy.ganjian"}, absent: []string{"nm.ganjian"}},
		{name: "search by login prefix", user: "admin", path: "/users?q=gz.x", status: 200, contains: []string{"gz.xinfang"}, absent: []string{"gz.anguan"}},
		{name: "search with no match", user: "admin", path: "/users?q=欧阳", status: 200, contains: []string{"没有符合条件的用户"}},
		{name: "search by role", user: "admin", path: "/users?role=security_auditor", status: 200, contains: []string{"gz.shenji"}, absent: []string{">admin<", "gy.admin", "secadmin"}},
		{name: "search by security administrator", user: "admin", path: "/users?role=security_admin", status: 200, contains: []string{"secadmin", "安全保密管理员"}, absent: []string{">admin<", "gz.shenji"}},
		{name: "admin calendar", user: "admin", path: "/calendar?year=2026&from=2026-09-28&n=15", status: 200, contains: []string{"国庆节", "2026-10-23"}},
		{name: "admin module placeholder", user: "admin", path: "/modules/clues", status: 200, contains: []string{"本模块尚未建设"}},
		{name: "unknown module", user: "admin", path: "/modules/nope", status: 404},
		{name: "auditor audit", user: "gz.shenji", path: "/audit", status: 200, contains: []string{"auth.login", "user.create"}},
		{name: "auditor audit filtered", user: "gz.shenji", path: "/audit?action=commission.", status: 200, contains: []string{"commission.import", "导入机构树 103 个"}, absent: []string{"auth.login"}},
		{name: "system administrator refused audit", user: "admin", path: "/audit", status: 403},
		{name: "security administrator refused audit", user: "secadmin", path: "/audit", status: 403},

		// a county user and the scope rule: never a sibling's or a parent's records
		{name: "county sees itself", user: "nm.ganjian", path: "/org/commissions/{520102}", status: 200, contains: []string{"南明区纪委监委"}},
		{name: "county refused sibling", user: "nm.ganjian", path: "/org/commissions/{520103}", status: 404, absent: []string{"云岩区"}},
		{name: "county refused parent", user: "nm.ganjian", path: "/org/commissions/{5201}", status: 404, absent: []string{"贵阳市纪委监委"}},
		{name: "county refused province", user: "nm.ganjian", path: "/org/commissions/{52}", status: 404},
		{name: "county search stays scoped", user: "nm.ganjian", path: "/users?q=干部监督", status: 200, contains: []string{"nm.ganjian"}, absent: []string{"yy.ganjian"}},
		{name: "county user list scoped", user: "nm.ganjian", path: "/users", status: 200, contains: []string{"nm.ganjian"}, absent: []string{"yy.ganjian", "gy.ganjian", ">admin<"}},
		{name: "county refused sibling user", user: "nm.ganjian", path: "/users/{yy.ganjian}", status: 404, absent: []string{"郑干部监督"}},
		{name: "county refused parent user", user: "nm.ganjian", path: "/users/{gy.ganjian}", status: 404},
		{name: "county refused sibling by filter", user: "nm.ganjian", path: "/users?commission={520103}", status: 404},
		{name: "county commission search scoped", user: "nm.ganjian", path: "/org/commissions?name=区", status: 200, contains: []string{"南明区"}, absent: []string{"云岩区", "花溪区"}},
		{name: "county api refused sibling", user: "nm.ganjian", path: "/api/v1/commissions/{520103}", status: 404, contains: []string{`"not_found"`}},
		{name: "county api refused sibling user", user: "nm.ganjian", path: "/api/v1/users/{yy.ganjian}", status: 404},
		{name: "county api user list scoped", user: "nm.ganjian", path: "/api/v1/users?q=yy", status: 200, contains: []string{`"total":0`}},
		{name: "county api commissions scoped", user: "nm.ganjian", path: "/api/v1/commissions", status: 200, contains: []string{`"total":1`}},
		{name: "county refused audit", user: "nm.ganjian", path: "/audit", status: 403},
		{name: "county api refused audit", user: "nm.ganjian", path: "/api/v1/audit", status: 403},
		{name: "county cannot manage users", user: "nm.ganjian", path: "/users/new", status: 403},

		// a prefecture administrator manages only their subtree
		{name: "city admin creates in own county", user: "gy.admin", method: "POST", path: "/users",
			form: url.Values{"username": {"nm.new"}, "display_name": {"新同志"}, "commission_id": {"{520102}"}}, status: 200, contains: []string{"已新增用户 nm.new", "初始密码", "未授予角色"}},
		{name: "city admin creates no business role", user: "gy.admin", method: "POST", path: "/users",
			form: url.Values{"username": {"nm.new2"}, "display_name": {"新同志"}, "commission_id": {"{520102}"}, "roles": {"supervision"}}, status: 422,
			contains: []string{"角色由安全保密管理员授予", `value="nm.new2"`}},
		{name: "city admin refused other city", user: "gy.admin", method: "POST", path: "/users",
			form: url.Values{"username": {"zy.new"}, "display_name": {"外市"}, "commission_id": {"{5203}"}, "roles": {"supervision"}}, status: 404},
		{name: "city admin refused provincial user", user: "gy.admin", path: "/users/{admin}", status: 404},
		{name: "city admin refused provincial user change", user: "gy.admin", method: "POST", path: "/users/{admin}",
			form: url.Values{"display_name": {"x"}, "status": {"disabled"}, "roles": {"sysadmin"}}, status: 404},

		// permissions by role
		{name: "petitions refused users", user: "gz.xinfang", path: "/users", status: 403},
		{name: "petitions refused calendar edit", user: "gz.xinfang", method: "POST", path: "/calendar", form: url.Values{"date": {"2027-01-04"}, "kind": {"holiday"}, "name": {"x"}}, status: 403},
		{name: "auditor sees audit", user: "gz.shenji", path: "/audit", status: 200, contains: []string{"user.create"}},
		{name: "auditor cannot add users", user: "gz.shenji", method: "POST", path: "/users", form: url.Values{"username": {"x.y"}}, status: 403},
		{name: "sysadmin alone cannot audit", user: "gy.admin", path: "/audit", status: 403},

		// forms keep what was typed and say what is wrong beside the field
		{name: "bad new user keeps input", user: "admin", method: "POST", path: "/users",
			form: url.Values{"username": {"X"}, "display_name": {"李四"}, "commission_id": {"{52}"}}, status: 422,
			contains: []string{"登录名为 3–32 位", `value="李四"`}},
		{name: "duplicate username", user: "admin", method: "POST", path: "/users",
			form: url.Values{"username": {"gz.shuji"}, "display_name": {"重名"}, "commission_id": {"{52}"}}, status: 422, contains: []string{"该登录名已被使用"}},
		{name: "no self lockout", user: "gy.admin", method: "POST", path: "/users/{gy.admin}",
			form: url.Values{"display_name": {"贵阳市管理员"}, "status": {"disabled"}}, status: 409, contains: []string{"不能修改本人的状态"}},
		{name: "system administrator grants no role", user: "admin", method: "POST", path: "/users/{nm.ganjian}/roles",
			form: url.Values{"roles": {"principal"}}, status: 403},
		{name: "no self escalation", user: "secadmin", method: "POST", path: "/users/{secadmin}/roles",
			form: url.Values{"roles": {"security_admin", "principal"}}, status: 409, contains: []string{"不能修改本人的角色"}},
		{name: "three roles exclusive", user: "secadmin", method: "POST", path: "/users/{gy.admin}/roles",
			form: url.Values{"roles": {"sysadmin", "security_auditor"}}, status: 422, contains: []string{"三员分立", "系统管理员、安全审计员不能由同一账户兼任"}},
		{name: "administrator holds no business role", user: "secadmin", method: "POST", path: "/users/{gz.shenji}/roles",
			form: url.Values{"roles": {"security_auditor", "case_mgmt"}}, status: 422, contains: []string{"安全审计员不能兼任业务角色"}},
		{name: "security administrator grants a role", user: "secadmin", method: "POST", path: "/users/{gy.diaocha}/roles",
			form: url.Values{"roles": {"investigation", "trial"}}, status: 200, contains: []string{"已保存角色", "审查调查、案件审理"}},
		{name: "security administrator adds no user", user: "secadmin", path: "/users/new", status: 403},
		{name: "security administrator resets no password", user: "secadmin", method: "POST", path: "/users/{gz.shuji}/password", form: url.Values{"reason": {"x"}}, status: 403},
		{name: "staffing bad number keeps input", user: "admin", method: "POST", path: "/org/commissions/{520102}/staffing",
			form: url.Values{"cso_mode": {"designated"}, "cso_staff": {"两人"}, "zone_id": {"0"}}, status: 422, contains: []string{"请填写整数", `value="两人"`}},
		{name: "calendar bad date", user: "admin", method: "POST", path: "/calendar", form: url.Values{"date": {"2027-02-30"}, "kind": {"holiday"}, "name": {"春节"}}, status: 422, contains: []string{"请填写日期"}},

		// cadres and archives (A1, B1)
		{name: "cadre roster", user: "gz.ganjian", path: "/cadres", status: 200, contains: []string{"王建国", "冯涛", "卫东"}},
		{name: "cadre roster scoped", user: "nm.ganjian", path: "/cadres", status: 200, contains: []string{"冯涛", "褚静"}, absent: []string{"卫东", "王建国"}},
		{name: "cadre search", user: "gz.ganjian", path: "/cadres?q=审理", status: 200, contains: []string{"赵敏"}, absent: []string{"冯涛"}},
		{name: "key minority filter", user: "gz.ganjian", path: "/cadres?key=1", status: 200, contains: []string{"周杰", "冯涛"}, absent: []string{"褚静"}},
		{name: "sibling cadre refused", user: "nm.ganjian", path: "/cadres/{c:卫东}", status: 404, absent: []string{"卫东"}},
		{name: "petitions refused roster", user: "gz.xinfang", path: "/cadres", status: 403},
		{name: "administrator refused roster", user: "admin", path: "/cadres", status: 403},
		{name: "cadre page hides the archive", user: "gz.ganjian", path: "/cadres/{c:周杰}", status: 200, contains: []string{"查阅廉政档案", "市纪委书记"}, absent: []string{"周航", "身份证号码</dt>"}},
		{name: "archive opened with a purpose", user: "gz.ganjian", method: "POST", path: "/cadres/{c:周杰}/archive", form: url.Values{"purpose": {"监督谈话"}},
			status: 200, contains: []string{"周杰 廉政档案", "周航", "软件开发（持股 30%）", "事由：监督谈话", "本次查阅已记入审计"}},
		{name: "prohibition conflict shown", user: "gz.ganjian", method: "POST", path: "/cadres/{c:周杰}/archive", form: url.Values{"purpose": {"日常监督"}},
			status: 200, contains: []string{"禁业范围核查", "配偶、子女及其配偶不得在本人管辖地区经商办企业", "儿子 周航：软件开发（持股 30%），在本人管辖地区贵阳市内"}},
		{name: "no conflict", user: "gz.ganjian", method: "POST", path: "/cadres/{c:冯涛}/archive", form: url.Values{"purpose": {"日常监督"}},
			status: 200, contains: []string{"未发现冲突"}},
		{name: "rules page", user: "nm.ganjian", path: "/rules", status: 200, contains: []string{"禁业范围规则", "律师、法律服务、中介"}},
		{name: "rule added", user: "gz.ganjian", method: "POST", path: "/rules",
			form:   url.Values{"name": {"子女不得从事软件外包"}, "relations": {"son", "daughter"}, "keywords": {"软件、外包"}, "basis": {"本地规定（测试）"}},
			status: 303},
		{name: "backlog page", user: "gz.shuji", path: "/backlog", status: 200, contains: []string{"我的待办", "在办线索账龄", "<svg class=\"chart\"", "贵阳市纪委监委"}},
		{name: "backlog refused without clue rights", user: "gz.xinfang", path: "/backlog", status: 403},
		{name: "clue meetings page", user: "gz.ganjian", path: "/clue-meetings", status: 200, contains: []string{"线索研判会议", "记录研判会议", "至少 3 人"}},
		{name: "clue meetings refused without clue rights", user: "gz.xinfang", path: "/clue-meetings", status: 403},
		{name: "meeting needs three", user: "gz.ganjian", method: "POST", path: "/clue-meetings", form: url.Values{"held_on": {"2026-11-20"}, "kind": {"集体研判"}, "chair": {"李主任"}, "attendees": {"王一"}},
			status: 422, contains: []string{"至少 3 人参加", "李主任"}},
		{name: "navigation lists the clue screens", user: "gz.ganjian", path: "/", status: 200, contains: []string{`href="/clues"`, `href="/backlog"`, `href="/filings"`, `href="/spot-checks"`, `href="/clue-meetings"`}},
		{name: "team analysis", user: "gz.ganjian", path: "/clue-analysis?commission={52}", status: 200, contains: []string{"线索总数", "王建国", "导出分析报告"}},
		{name: "team analysis docx", user: "gz.ganjian", path: "/clue-analysis/docx?commission={52}", status: 200},
		{name: "team analysis out of scope", user: "nm.ganjian", path: "/clue-analysis?commission={52}", status: 404},
		{name: "reports search", user: "gz.xinfang", path: "/reports?q=%E8%B4%AD%E7%89%A9%E5%8D%A1", status: 200, contains: []string{"没有检举控告"}},
		{name: "filings page", user: "gz.ganjian", path: "/filings", status: 200, contains: []string{"下级报来的备案", "本级应向上级报备"}},
		{name: "new rule listed", user: "gz.ganjian", path: "/rules", status: 200, contains: []string{"子女不得从事软件外包", "软件、外包", "执行中"}},
		{name: "new rule applies at once", user: "gz.ganjian", method: "POST", path: "/cadres/{c:周杰}/archive", form: url.Values{"purpose": {"日常监督"}},
			status: 200, contains: []string{"子女不得从事软件外包", "（涉及“软件”）"}},
		{name: "rule needs relations", user: "gz.ganjian", method: "POST", path: "/rules", form: url.Values{"name": {"空规则"}}, status: 422,
			contains: []string{"请至少选择一种亲属关系", `value="空规则"`}},
		{name: "rule add refused without manage", user: "gz.shuji", method: "POST", path: "/rules", form: url.Values{"name": {"x"}, "relations": {"son"}}, status: 403},
		{name: "archive needs a purpose", user: "gz.ganjian", method: "POST", path: "/cadres/{c:周杰}/archive", form: url.Values{"purpose": {""}}, status: 422, contains: []string{"请选择查阅事由"}, absent: []string{"周航"}},
		{name: "other purpose needs words", user: "gz.ganjian", method: "POST", path: "/cadres/{c:周杰}/archive", form: url.Values{"purpose": {"其他"}}, status: 422, contains: []string{"请说明具体事由"}},
		{name: "own archive refused", user: "gz.ganjian", method: "POST", path: "/cadres/{c:李红}/archive", form: url.Values{"purpose": {"日常监督"}}, status: 403, contains: []string{"不能查阅本人的廉政档案"}},
		{name: "relative's archive refused", user: "gz.ganjian", method: "POST", path: "/cadres/{c:李强}/archive", form: url.Values{"purpose": {"日常监督"}}, status: 403, contains: []string{"近亲属"}},
		{name: "cross-site archive read refused", user: "gz.ganjian", method: "POST", path: "/cadres/{c:周杰}/archive", header: sibling, form: url.Values{"purpose": {"监督谈话"}}, status: 403},
		{name: "archive read without the permission", user: "gz.xinfang", method: "POST", path: "/cadres/{c:周杰}/archive", form: url.Values{"purpose": {"监督谈话"}}, status: 403},
		{name: "sibling archive refused", user: "nm.ganjian", method: "POST", path: "/cadres/{c:卫东}/archive", form: url.Values{"purpose": {"监督谈话"}}, status: 404},
		{name: "archive sections", user: "gz.ganjian", method: "POST", path: "/cadres/{c:周杰}/archive", form: url.Values{"purpose": {"党风廉政意见回复"}},
			status: 200, contains: []string{"个人有关事项报告", "较上年变化——新增：子女从业：周航，贵阳某科技有限公司股东（持股 30%）", "年度考核", "2025 年度考核：优秀"}},
		{name: "record added", user: "nm.ganjian", method: "POST", path: "/cadres/{c:冯涛}/records",
			form: url.Values{"section": {"commendation"}, "date": {"2026-06-30"}, "title": {"全省优秀纪检监察干部"}, "source": {"省纪委监委"}}, status: 200, contains: []string{"已登记表彰奖励：全省优秀纪检监察干部"}},
		{name: "record needs a source", user: "nm.ganjian", method: "POST", path: "/cadres/{c:冯涛}/records",
			form: url.Values{"section": {"commendation"}, "date": {"2026-06-30"}, "title": {"表彰"}}, status: 422, contains: []string{"请填写来源", `value="表彰"`}},
		{name: "portrait written", user: "gz.ganjian", method: "POST", path: "/cadres/{c:周杰}/portraits",
			form: url.Values{"period": {"2025 年度"}, "judgment_1": {"政治立场坚定"}, "evidence_1": {"{item:周杰}"}, "judgment_2": {"履职尽责，实绩突出"},
				"evidence_2": {"{item:周杰}"}, "judgment_3": {"作风务实，需关注其子经商情况"}, "evidence_3": {"{item:周杰}"}},
			status: 200, contains: []string{"已撰写 2025 年度 三幅画像", "政治立场坚定", "需关注其子经商情况", "依据："}},
		{name: "portrait without judgment", user: "gz.ganjian", method: "POST", path: "/cadres/{c:周杰}/portraits",
			form: url.Values{"period": {"2026 年度"}, "judgment_1": {"好"}, "evidence_1": {"{item:周杰}"}}, status: 422,
			contains: []string{"请填写“综合素质”的判断", `value="2026 年度"`}},
		{name: "access log", user: "gz.ganjian", path: "/archive-log", status: 200, contains: []string{"查阅 周杰（贵阳市纪委监委）的廉政档案，事由：监督谈话"}},
		{name: "access log scoped", user: "nm.ganjian", path: "/archive-log", status: 200, absent: []string{"周杰"}},
		{name: "talk worklist", user: "gz.ganjian", path: "/talks", status: 200, contains: []string{"卫东", "逾期", "吴芳"}},
		{name: "appointment schedules arrival talk", user: "nm.ganjian", method: "POST", path: "/cadres/{c:褚静}/appointments",
			form: url.Values{"date": {"2026-11-20"}, "kind": {"appoint"}, "post": {"干部监督室副主任"}, "doc_no": {"南纪干〔2026〕3号"}}, status: 200,
			contains: []string{"并安排到岗谈，应于 2026-12-18 前完成（20 个工作日内）"}},
		{name: "bad cadre keeps input", user: "gz.ganjian", method: "POST", path: "/cadres",
			form: url.Values{"commission_id": {"{52}"}, "name": {"新同志"}, "id_number": {"520102198001010010"}, "post": {"科员"}, "rank": {"乡科级"}}, status: 422,
			contains: []string{"校验位错误", `value="新同志"`}},
		{name: "future date refused", user: "gz.ganjian", method: "POST", path: "/cadres/{c:褚静}/appointments",
			form: url.Values{"date": {"2031-01-01"}, "kind": {"appoint"}, "post": {"科员"}}, status: 422, contains: []string{"晚于今天"}},

		// cross-site requests and headers
		{name: "cross-site POST refused", user: "admin", method: "POST", path: "/users", header: sibling,
			form: url.Values{"username": {"evil.user"}, "display_name": {"x"}, "commission_id": {"{52}"}, "roles": {"sysadmin"}}, status: 403},
		{name: "cross-site logout refused", user: "admin", method: "POST", path: "/logout", header: map[string]string{"Origin": "http://evil.example"}, status: 403},
		{name: "static css", path: "/static/app.css", status: 200, contains: []string{"--red"}},
		{name: "unknown page", user: "admin", path: "/no/such/page", status: 404},
	})
	res := w.as("admin").Do("GET", "/users?q=evil", nil, nil)
	if strings.Contains(res.Body, "evil.user") {
		t.Error("a cross-site POST created a user")
	}
}

func TestSecurityHeaders(t *testing.T) {
	w := newWorld(t)
	res := w.as("").Do("GET", "/login", nil, nil)
	for h, want := range map[string]string{
		"Content-Security-Policy": "script-src 'self'",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "no-referrer",
		"X-Content-Type-Options":  "nosniff",
	} {
		if !strings.Contains(res.Header.Get(h), want) {
			t.Errorf("%s = %q, want it to contain %q", h, res.Header.Get(h), want)
		}
	}
	if strings.Contains(res.Body, "<script>") || strings.Contains(res.Body, " onclick=") || strings.Contains(res.Body, "style=") {
		t.Error("inline script or style in the login page (the CSP forbids it)")
	}
	login := w.as("").Do("POST", "/login", url.Values{"username": {"admin"}, "password": {w.pw}}, nil)
	c := login.Header.Get("Set-Cookie")
	if !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Lax") {
		t.Errorf("session cookie %q lacks HttpOnly or SameSite=Lax", c)
	}
}

// TestAddUserAndRoleAreAudited is the issue's own story: add a user, give a role in a
// department, see both in the audit trail.
func TestAddUserAndRoleAreAudited(t *testing.T) {
	w := newWorld(t)
	admin, sec := w.as("admin"), w.as("secadmin")
	res := admin.Do("POST", "/users", url.Values{"username": {"gz.new"}, "display_name": {"新干部"}, "commission_id": {w.expand("{52}")}}, nil)
	if res.Status != 200 {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	id := w.env.Lookup(t, `SELECT id FROM users WHERE username = 'gz.new'`)
	dept := w.env.Lookup(t, `SELECT id FROM departments WHERE commission_id = ? AND kind = 'cadre_supervision'`, w.ids["52"])
	res = admin.Do("POST", fmt.Sprintf("/users/%d", id), url.Values{"display_name": {"新干部"}, "department_id": {fmt.Sprint(dept)},
		"roles": {"cadre_supervision"}, "status": {"active"}}, nil)
	if res.Status != 200 || !strings.Contains(res.Body, "干部监督室") || !strings.Contains(res.Body, "未授予角色") {
		t.Fatalf("update (the system administrator's form changes no role): %d %.800s", res.Status, res.Body)
	}
	if res = sec.Do("POST", fmt.Sprintf("/users/%d/roles", id), url.Values{"roles": {"cadre_supervision"}}, nil); res.Status != 200 || !strings.Contains(res.Body, "已保存角色") {
		t.Fatalf("grant: %d %.800s", res.Status, res.Body)
	}
	res = w.as("gz.shenji").Do("GET", fmt.Sprintf("/audit?object_type=user&object_id=%d", id), nil, nil)
	for _, want := range []string{"user.create", "新增用户 gz.new", "user.update", "部门 干部监督室", "user.roles", "角色：干部监督"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("audit viewer lacks %q", want)
		}
	}
	// a reset: asked by the system administrator, in effect only once the security
	// administrator approves; the owner then sees who reset it and when
	if r := admin.Do("POST", fmt.Sprintf("/users/%d/password", id), url.Values{"reason": {""}}, nil); r.Status != 422 || !strings.Contains(r.Body, "请填写重置原因") {
		t.Fatalf("a reset without a reason: %d", r.Status)
	}
	asked := admin.Do("POST", fmt.Sprintf("/users/%d/password", id), url.Values{"reason": {"本人当面申请"}}, nil).Body
	created := strings.SplitN(strings.SplitN(asked, "新密码：", 2)[1], "（", 2)[0]
	if r := w.as("").Do("POST", "/login", url.Values{"username": {"gz.new"}, "password": {created}}, nil); r.Status != 401 {
		t.Fatalf("a reset password works before approval: %d", r.Status)
	}
	rid := w.env.Lookup(t, `SELECT id FROM password_resets WHERE user_id = ? AND state = 'pending'`, id)
	if r := admin.Do("POST", fmt.Sprintf("/password-resets/%d/approve", rid), nil, nil); r.Status != 403 {
		t.Fatalf("the system administrator approved their own reset: %d", r.Status)
	}
	if r := sec.Do("GET", "/users", nil, nil); !strings.Contains(r.Body, "待批准的密码重置") || !strings.Contains(r.Body, "本人当面申请") {
		t.Fatalf("the security administrator does not see the pending reset")
	}
	if r := sec.Do("POST", fmt.Sprintf("/password-resets/%d/approve", rid), nil, nil); r.Status != 200 || !strings.Contains(r.Body, "已批准密码重置") {
		t.Fatalf("approve: %d %.600s", r.Status, r.Body)
	}
	c := testkit.NewClient(t, w.srv)
	if r := c.Do("POST", "/login", url.Values{"username": {"gz.new"}, "password": {created}, "next": {"/"}}, nil); r.Status != 200 ||
		!strings.Contains(r.Body, "您的密码已于") || !strings.Contains(r.Body, "系统管理员（admin） 申请、安全保密管理员（secadmin） 批准重置") {
		t.Fatalf("the owner is not told who reset the password: %d %.1500s", r.Status, r.Body)
	}
	if r := c.Do("GET", "/", nil, nil); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/account/password" {
		t.Fatalf("a user with a generated password must change it first: %d %s", r.Status, r.Header.Get("Location"))
	}
	r := c.Do("POST", "/account/password", url.Values{"current": {created}, "next": {"Mine-Own-2026"}, "confirm": {"Mine-0wn-2026"}}, nil)
	if r.Status != 422 || !strings.Contains(r.Body, "两次输入的新密码不一致") || strings.Contains(r.Body, created) {
		t.Fatalf("mismatched confirmation: %d (passwords must not be echoed)", r.Status)
	}
	if r = c.Do("POST", "/account/password", url.Values{"current": {created}, "next": {"Mine-Own-2026"}, "confirm": {"Mine-Own-2026"}}, nil); r.Status != 200 || !strings.Contains(r.Body, "密码已修改") {
		t.Fatalf("change: %d %.500s", r.Status, r.Body)
	}
	if r = c.Do("GET", "/", nil, nil); r.Status != 200 {
		t.Fatalf("after changing the password: %d", r.Status)
	}
}

package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"custos/internal/app"
	"custos/internal/db"
	"custos/internal/stats"
	"custos/internal/testkit"
)

// run runs the CLI with CUSTOS_DATABASE_URL=url and returns its exit code and output.
func run(t *testing.T, url, stdin string, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	env := map[string]string{"CUSTOS_DATABASE_URL": url, "CUSTOS_LOG_LEVEL": "error", "CUSTOS_SECRET_KEY": strings.Repeat("ab", 32)}
	code := app.Main(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &out)
	return code, out.String()
}

func mustRun(t *testing.T, url, stdin string, args ...string) string {
	t.Helper()
	code, out := run(t, url, stdin, args...)
	if code != 0 {
		t.Fatalf("custos %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

func TestVersionAndHelp(t *testing.T) {
	if _, out := run(t, "", "", "version"); !strings.Contains(out, "custos") {
		t.Errorf("version: %q", out)
	}
	if code, out := run(t, "", "", "frobnicate"); code != 2 || !strings.Contains(out, "未知命令") {
		t.Errorf("unknown command: %d %q", code, out)
	}
}

func TestClearDatabaseErrors(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"mysql://root@localhost/x", "数据库地址无法识别"},
		{"postgres://postgres@127.0.0.1:1/nowhere?connect_timeout=2", "无法连接 PostgreSQL"},
	} {
		code, out := run(t, tc.url, "", "migrate")
		if code != 1 || !strings.Contains(out, tc.want) {
			t.Errorf("%s: exit %d, %q; want %q", tc.url, code, out, tc.want)
		}
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	url := testkit.URL(t)
	mustRun(t, url, "", "migrate")
	d, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	err = d.InTx(context.Background(), func(tx *db.Tx) error {
		_, err := tx.Exec(context.Background(), `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')`)
		return err
	})
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := db.Migrations(testkit.Engine())
	want := fmt.Sprintf("比本程序支持的版本 %d 新", ms[len(ms)-1].Version)
	for _, cmd := range [][]string{{"migrate"}, {"audit", "verify"}, {"serve", "--addr", "127.0.0.1:0"}} {
		code, out := run(t, url, "", cmd...)
		if code != 1 || !strings.Contains(out, want) {
			t.Errorf("%v on a newer database: exit %d %q", cmd, code, out)
		}
	}
}

func TestServeNeedsData(t *testing.T) {
	code, out := run(t, testkit.URL(t), "", "serve", "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(out, "custos init --province") {
		t.Errorf("serve on an empty database: exit %d %q", code, out)
	}
}

func TestUserCommandsAndTokens(t *testing.T) {
	url := testkit.URL(t)
	mustRun(t, url, "", "init", "--province", "52")
	out := mustRun(t, url, "", "user", "add", "--username", "li.si", "--name", "李四", "--commission", "520102", "--dept", "cadre_supervision", "--roles", "cadre_supervision")
	if !strings.Contains(out, "初始密码") || !strings.Contains(out, "南明区纪委监委") {
		t.Fatalf("user add: %q", out)
	}
	if code, out := run(t, url, "", "user", "add", "--username", "x", "--name", "", "--commission", "52", "--roles", "nope"); code != 1 || !strings.Contains(out, "登录名") || !strings.Contains(out, "未知角色") {
		t.Errorf("bad user add: %d %q", code, out)
	}
	if code, out := run(t, url, "", "user", "add", "--username", "wang.wu", "--name", "王五", "--commission", "999999", "--roles", "trial"); code != 1 || !strings.Contains(out, "999999") {
		t.Errorf("unknown commission: %d %q", code, out)
	}
	mustRun(t, url, "Strong-Pass-2026\n", "user", "passwd", "li.si", "--password-stdin")
	if code, out := run(t, url, "weak\n", "user", "passwd", "li.si", "--password-stdin"); code != 1 || !strings.Contains(out, "至少 10 位") {
		t.Errorf("weak password accepted: %d %q", code, out)
	}
	list := mustRun(t, url, "", "user", "list", "--commission", "520102")
	if !strings.Contains(list, "li.si") || strings.Contains(list, "admin") {
		t.Errorf("user list --commission 520102: %q", list)
	}
	tokOut := mustRun(t, url, "", "user", "token", "li.si", "--name", "测试")
	tok := regexp.MustCompile(`ct_[A-Za-z0-9_-]+`).FindString(tokOut)
	if tok == "" {
		t.Fatalf("no token in %q", tokOut)
	}
	out = mustRun(t, url, "", "audit", "verify")
	if !strings.Contains(out, "审计日志完整") {
		t.Errorf("audit verify: %q", out)
	}
}

// TestAuditVerifyFindsAnEditedFile edits bytes of one audit entry inside the SQLite file, as
// someone with the file but without custos would, and expects verify to name that entry.
func TestAuditVerifyFindsAnEditedFile(t *testing.T) {
	if testkit.Engine() != db.SQLite {
		t.Log("edits the SQLite file itself: runs in the SQLite suite; TestVerifyFindsTampering covers PostgreSQL")
		return
	}
	url := testkit.URL(t)
	mustRun(t, url, "", "init", "--province", "52")
	mustRun(t, url, "", "user", "add", "--username", "zhao.liu", "--name", "赵六", "--commission", "52", "--roles", "trial")
	mustRun(t, url, "", "user", "add", "--username", "qian.qi", "--name", "钱七", "--commission", "52", "--roles", "trial")
	b, err := os.ReadFile(url)
	if err != nil {
		t.Fatal(err)
	}
	old := []byte("新增用户 zhao.liu")
	// the live entry, and possibly a stale copy of it on a page SQLite freed when the table grew
	// (freed pages keep their bytes): every copy is edited, so the live one is
	if n := bytes.Count(b, old); n < 1 || n > 2 {
		t.Fatalf("want the summary in the file once (or with one stale copy), found %d (is the WAL checkpointed?)", n)
	}
	if err := os.WriteFile(url, bytes.ReplaceAll(b, old, []byte("新增用户 zhao.lxu")), 0o600); err != nil {
		t.Fatal(err)
	}
	var seq int64
	sdb, _ := sql.Open("sqlite", url)
	sdb.QueryRow(`SELECT seq FROM audit_log WHERE summary LIKE '%zhao.lxu%'`).Scan(&seq)
	sdb.Close()
	code, out := run(t, url, "", "audit", "verify")
	if code != 1 || !strings.Contains(out, "第 "+strconv.FormatInt(seq, 10)+" 条") || !strings.Contains(out, "内容与哈希不符") {
		t.Fatalf("verify after editing entry %d: exit %d %q", seq, code, out)
	}
}

func TestBackupWhileServing(t *testing.T) {
	if testkit.Engine() != db.SQLite {
		code, out := run(t, testkit.URL(t), "", "backup", filepath.Join(t.TempDir(), "b.db"))
		if code != 1 || !strings.Contains(out, "pg_dump") {
			t.Errorf("backup on PostgreSQL: %d %q", code, out)
		}
		return
	}
	url := testkit.URL(t)
	mustRun(t, url, "", "init", "--province", "52")
	base, _, stop := serve(t, url)
	backup := filepath.Join(t.TempDir(), "copy.db")
	mustRun(t, url, "", "backup", backup)
	if code, out := run(t, url, "", "backup", backup); code != 1 || !strings.Contains(out, "已存在") {
		t.Errorf("backup over an existing file: %d %q", code, out)
	}
	if res, err := http.Get(base + "/login"); err != nil || res.StatusCode != 200 {
		t.Fatalf("server after backup: %v", err)
	}
	stop()
	if out := mustRun(t, backup, "", "audit", "verify"); !strings.Contains(out, "审计日志完整") {
		t.Errorf("backup copy: %q", out)
	}
}

func TestServeDemoPrintsLogin(t *testing.T) {
	base, out, stop := serve(t, testkit.URL(t), "--demo")
	pw := regexp.MustCompile(`登录名：admin\s+密码：(\S+)`).FindStringSubmatch(out.String())
	if pw == nil {
		t.Fatalf("no demo login printed:\n%s", out.String())
	}
	testkit.NewClient(t, base).Login("admin", pw[1])
	stop()
}

// serve runs `custos serve` on a free port in the background and returns its address, its
// output, and a stop func that shuts it down and checks that it exited cleanly.
func serve(t *testing.T, url string, flags ...string) (string, *syncBuffer, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		env := map[string]string{"CUSTOS_DATABASE_URL": url, "CUSTOS_LOG_LEVEL": "error", "CUSTOS_SECRET_KEY": strings.Repeat("ab", 32)}
		args := append([]string{"serve", "--addr", "127.0.0.1:0"}, flags...)
		done <- app.Main(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), out, out)
	}()
	base := waitFor(t, out, regexp.MustCompile(`http://127\.0\.0\.1:\d+`))
	return base, out, func() {
		cancel()
		if code := <-done; code != 0 {
			t.Fatalf("serve exit %d: %s", code, out.String())
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func waitFor(t *testing.T, out *syncBuffer, re *regexp.Regexp) string {
	t.Helper()
	for i := 0; i < 600; i++ {
		if m := re.FindString(out.String()); m != "" {
			return m
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not start:\n%s", out.String())
	return ""
}

// TestReportsSimilar: the batch duplicate check reads JSON Lines from a file or stdin, keeps
// ids as written, reports each re-submitted pair once with the earlier one first, and names a
// bad line.
func TestReportsSimilar(t *testing.T) {
	lines := `{"id":1,"text":"反映某县纪委干部张某某多次接受管理服务对象宴请，收受购物卡共计2万元；其妻子在本县开办建材公司。"}
{"id":"r-2","text":"反映某局长公车私用，周末驾驶公车回老家。"}
{"id":3,"text":"尊敬的领导：\n反映某縣紀委幹部張某某多次接受管理服務對象宴請，收受購物卡共計２萬元；其妻子在本縣開辦建材公司。\n此致敬礼！"}
`
	path := filepath.Join(t.TempDir(), "reports.jsonl")
	os.WriteFile(path, []byte(lines), 0o644)
	for _, args := range [][]string{{"reports", "similar", path}, {"reports", "similar", "-", "--threshold", "0.4"}} {
		code, out := run(t, "", lines, args...)
		// the earlier text is all in the later one: content overlap 1
		if code != 0 || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, `{"a":1,"b":3,"score":1}`) {
			t.Errorf("%v: %d %q", args, code, out)
		}
	}
	code, out := run(t, "", "{\"id\":1,\"text\":\"x\"}\nnot json\n", "reports", "similar", "-")
	if code != 1 || !strings.Contains(out, "第 2 行不是有效的 JSON") {
		t.Errorf("bad line: %d %q", code, out)
	}
}

// TestDemoWithReports: `custos demo --reports N` loads the demo province and N indexed reports
// with three clues each, for load tests; a bad count is refused.
func TestDemoWithReports(t *testing.T) {
	url := testkit.URL(t)
	if code, out := run(t, url, "", "demo", "--country", "--reports", "10"); code == 0 || !strings.Contains(out, "--reports") {
		t.Errorf("--reports with --country: %d %s", code, out)
	}
	out := mustRun(t, url, "", "demo", "--reports", "120")
	if !strings.Contains(out, "已批量生成 120 件检举控告和 360 条问题线索") {
		t.Fatalf("output: %s", out)
	}
}

// TestStatsCLI compares `custos stats --json` with the true counts of generated data for
// several periods and subtrees, and checks its keys are the contract's.
func TestStatsCLI(t *testing.T) {
	url := testkit.URL(t)
	mustRun(t, url, "", "demo")
	d, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	truth, err := stats.Generate(context.Background(), d, stats.GenOptions{Reports: 400, CluesPer: 2, Cases: 100, Start: "2025-01-01", Days: 365, Seed: 3, Truth: true})
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string]string{}
	for _, code := range []string{"52", "5201", "520102"} {
		var p string
		d2, _ := db.Open(context.Background(), url)
		d2.Reader().QueryRow(context.Background(), `SELECT path FROM commissions WHERE code = ?`, code).Scan(&p)
		d2.Close()
		paths[code] = p
	}
	for _, tc := range []struct{ code, stored, from, to string }{
		{"520000", "52", "2025-01-01", "2025-12-31"}, {"520100", "5201", "2025-04-01", "2025-06-30"}, {"520102", "520102", "2025-01-01", "2026-06-30"},
	} {
		out := mustRun(t, url, "", "stats", "--from", tc.from, "--to", tc.to, "--commission", tc.code, "--json")
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		want := truth.Figures(paths[tc.stored], stats.Period{From: tc.from, To: tc.to})
		want.Commission, want.From, want.To = tc.code, tc.from, tc.to
		js, _ := json.Marshal(want)
		var wantMap map[string]any
		json.Unmarshal(js, &wantMap)
		if fmt.Sprint(got) != fmt.Sprint(wantMap) {
			t.Errorf("stats %s %s–%s:\n got %v\nwant %v", tc.code, tc.from, tc.to, got, wantMap)
		}
		for _, k := range []string{"commission", "from", "to", "reports_received", "clues_disposed", "clues_by_method", "inquiries", "preliminary_verifications",
			"cases_filed", "persons_sanctioned", "party_sanctions", "government_sanctions", "sanctioned_by_rank", "transferred_to_procuratorate", "four_forms"} {
			if _, ok := got[k]; !ok {
				t.Errorf("key %s missing", k)
			}
		}
		if got["commission"] != tc.code {
			t.Errorf("commission %v", got["commission"])
		}
	}
	if code, out := run(t, url, "", "stats", "--from", "2025-13-01", "--to", "2025-01-01", "--commission", "520000", "--json"); code != 1 || !strings.Contains(out, "起始日期") {
		t.Errorf("bad date: %d %s", code, out)
	}
	if code, out := run(t, url, "", "stats", "--from", "2025-01-01", "--to", "2025-01-31", "--commission", "990000"); code != 1 || !strings.Contains(out, "990000") {
		t.Errorf("unknown commission: %d %s", code, out)
	}
	out := mustRun(t, url, "", "stats", "--from", "2025-01-01", "--to", "2025-12-31", "--commission", "520000")
	if !strings.Contains(out, "接收信访举报") || !strings.Contains(out, "第四种形态") {
		t.Errorf("table: %s", out)
	}
}

// TestThreeAdministratorsFromInit: init makes the three administrative accounts apart; the
// command line keeps them apart too; `user passwd` files a request a security administrator
// must approve for a business account and recovers an administrative account at once.
func TestThreeAdministratorsFromInit(t *testing.T) {
	url := testkit.URL(t)
	out := mustRun(t, url, "", "init", "--province", "52")
	for _, want := range []string{"系统管理员  登录名：admin", "安全保密管理员  登录名：secadmin", "安全审计员  登录名：auditor"} {
		if !strings.Contains(out, want) {
			t.Errorf("init lacks %q:\n%s", want, out)
		}
	}
	if code, out := run(t, url, "", "user", "add", "--username", "two.hats", "--name", "兼任", "--commission", "52", "--roles", "sysadmin,security_auditor"); code != 1 || !strings.Contains(out, "三员分立") {
		t.Errorf("two administrative roles on one account: %d %q", code, out)
	}
	mustRun(t, url, "", "user", "add", "--username", "li.si", "--name", "李四", "--commission", "52", "--roles", "principal")
	out = mustRun(t, url, "Strong-Pass-2026\n", "user", "passwd", "li.si", "--password-stdin")
	if !strings.Contains(out, "须经安全保密管理员") {
		t.Errorf("passwd of a business account: %q", out)
	}
	out = mustRun(t, url, "", "user", "passwd", "secadmin")
	if !strings.Contains(out, "新密码：") {
		t.Errorf("passwd of the security administrator: %q", out)
	}
	d, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var state, who string
	var hash sql.NullString
	q := `SELECT r.state, r.password_hash, u.username FROM password_resets r JOIN users u ON u.id = r.user_id ORDER BY r.id`
	rows, err := d.Reader().Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		if err := rows.Scan(&state, &hash, &who); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s:%s:%v", who, state, hash.Valid))
	}
	if strings.Join(got, " ") != "li.si:pending:true secadmin:approved:false" {
		t.Errorf("resets after the command line: %v", got)
	}
}

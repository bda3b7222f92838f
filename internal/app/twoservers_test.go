package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	neturl "net/url"
	"strings"
	"sync"
	"testing"

	"custos/internal/app"
	"custos/internal/audit"
	"custos/internal/auth"
	"custos/internal/clue"
	"custos/internal/config"
	"custos/internal/org"
	"custos/internal/password"
	"custos/internal/testkit"
)

// TestTwoServersOneDatabase runs two servers — two Apps, each with its own connections,
// statement cache and HTTP server — on one database, and writes through both at once: report
// registrations, inquiries about one cadre racing against the two-a-year rule, and documents
// of one kind issued together. A session opened on one server works on the other (sessions
// live in the database). Afterwards the audit chain verifies, exactly two inquiries passed,
// and report and document numbers are unique and gapless. On PostgreSQL this is the
// deployment of several custos behind a reverse proxy; SQLite allows it too (two processes on
// one file on one machine), so the test runs on both engines.
func TestTwoServersOneDatabase(t *testing.T) {
	ctx := context.Background()
	url := testkit.URL(t)
	clock := testkit.NewClock(testkit.Start)
	set := auth.DefaultSettings()
	set.AttemptsPerMin = 1000
	cfg := config.Config{DatabaseURL: url, AuditHash: "sha256", LogLevel: "error", MinCSOStaff: 2, ArrivalTalk: 20, ArchiveYears: 3, ContactYears: 3,
		InvestigationDays: 90, SecretKey: testkit.SecretKey}
	open := func() *app.App {
		a, err := app.Open(ctx, cfg, app.Options{Now: clock.Now, Auth: &set, Password: &password.Fast, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		return a
	}
	a := open()
	env := testkit.Env{App: a, Clock: clock}
	pw := env.Demo(t).Password
	b := open() // starts on the migrated database, as a second process would
	var servers []string
	for _, x := range []*app.App{a, b} {
		srv := httptest.NewServer(x.Handler())
		t.Cleanup(srv.Close)
		servers = append(servers, srv.URL)
	}

	// the clue about 冯涛 approved for inquiry, and ten inquiry letters drafted on it
	p := func(u string) org.Principal { return env.As(t, u) }
	c, err := a.Clues.Register(ctx, p("gz.anguan"), clue.ClueInput{Source: "信访举报", ReceivedOn: "2026-11-02", Summary: "反映其违规收受礼金", Subjects: "冯涛"})
	if err != nil {
		t.Fatal(err)
	}
	dept := env.Lookup(t, `SELECT d.id FROM departments d JOIN commissions c ON c.id = d.commission_id WHERE c.code = '52' AND d.kind = 'cadre_supervision'`)
	if err := a.Clues.Allocate(ctx, p("gz.shuji"), c.ID, dept); err != nil {
		t.Fatal(err)
	}
	if err := b.Clues.Review(ctx, p("gz.ganjian"), c.ID, clue.ReviewInput{Meeting: clue.MeetingInput{HeldOn: "2026-11-05", Kind: "集体研判", Chair: "李主任",
		Attendees: "王一\n张二"}, Opinion: "一致同意谈话函询", Disposal: clue.Inquiry}); err != nil {
		t.Fatal(err)
	}
	if err := b.Clues.Approve(ctx, p("gz.shuji"), c.ID); err != nil {
		t.Fatal(err)
	}
	feng := c.Subjects[0].ID
	const letters = 10
	var docs []int64
	for i := range letters {
		d, err := []*app.App{a, b}[i%2].Clues.DraftDocument(ctx, p("gz.ganjian"), c.ID, "inquiry_letter", feng)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d.ID)
	}

	// each user logs in on the first server; the session is used on both
	clients := map[string][2]*testkit.Client{}
	for _, u := range []string{"gz.xinfang", "gz.ganjian", "gz.shuji"} {
		first := testkit.NewClient(t, servers[0]).Login(u, pw)
		second := testkit.NewClient(t, servers[1])
		from, _ := neturl.Parse(servers[0])
		to, _ := neturl.Parse(servers[1])
		second.HTTP.Jar.SetCookies(to, first.HTTP.Jar.Cookies(from))
		clients[u] = [2]*testkit.Client{first, second}
	}

	const reports, inquiries = 24, 12
	var wg sync.WaitGroup
	var mu sync.Mutex
	inquired := map[int]int{}
	for i := range reports + inquiries + letters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch {
			case i < reports:
				r := clients["gz.xinfang"][i%2].Do("POST", "/reports", neturl.Values{"received_on": {"2026-11-20"}, "channel": {"letter"}, "category": {"accusation"},
					"title": {fmt.Sprintf("反映问题之%d", i)}, "content": {fmt.Sprintf("反映某单位负责人违规发放津贴补贴，第%d件。", i)}, "subject_0_name": {"陈某某"}}, nil)
				if r.Status != 303 {
					t.Errorf("report %d through server %d: %d %.300s", i, i%2+1, r.Status, r.Body)
				}
			case i < reports+inquiries:
				r := clients["gz.ganjian"][i%2].Do("POST", fmt.Sprintf("/clues/%d/inquiry", c.ID), neturl.Values{"cadre_id": {fmt.Sprint(feng)},
					"kind": {[]string{"talk", "letter"}[i%2]}, "started_on": {"2026-11-10"}}, nil)
				mu.Lock()
				inquired[r.Status]++
				mu.Unlock()
				if r.Status == 409 && !strings.Contains(r.Body, "每人每年至多 2 次") {
					t.Errorf("inquiry refused for another reason: %.600s", r.Body)
				}
			default:
				k := i - reports - inquiries
				r := clients["gz.shuji"][k%2].Do("POST", fmt.Sprintf("/clues/%d/documents/%d/issue", c.ID, docs[k]), neturl.Values{}, nil)
				if r.Status != 303 {
					t.Errorf("issue %d through server %d: %d %.300s", k, k%2+1, r.Status, r.Body)
				}
			}
		}()
	}
	wg.Wait()

	if inquired[303] != 2 || inquired[409] != inquiries-2 {
		t.Errorf("inquiries through two servers: %v, want 2 passed (303) and %d refused (409)", inquired, inquiries-2)
	}
	if n := env.Lookup(t, `SELECT COUNT(*) FROM inquiries WHERE cadre_id = ?`, feng); n != 2 {
		t.Errorf("%d inquiries about 冯涛 stored, want 2", n)
	}
	for _, q := range []struct{ what, count, distinct string }{
		{"reports", `SELECT COUNT(*) FROM reports`, `SELECT COUNT(*) FROM (SELECT DISTINCT commission_id, number FROM reports) x`},
		{"letters", `SELECT COUNT(*) FROM documents WHERE number <> ''`, `SELECT COUNT(*) FROM (SELECT DISTINCT commission_id, number FROM documents WHERE number <> '') x`},
	} {
		n, d := env.Lookup(t, q.count), env.Lookup(t, q.distinct)
		if n == 0 || n != d {
			t.Errorf("%s: %d numbered, %d distinct numbers", q.what, n, d)
		}
	}
	if n := env.Lookup(t, `SELECT COUNT(*) FROM reports`); n != reports {
		t.Errorf("%d reports stored, want %d", n, reports)
	}
	if last := env.Lookup(t, `SELECT last FROM doc_sequences WHERE kind = '检举控告'`); last != reports {
		t.Errorf("report numbers end at %d, want %d (gapless)", last, reports)
	}
	if n, last := env.Lookup(t, `SELECT COUNT(*) FROM documents WHERE number <> ''`), env.Lookup(t, `SELECT MAX(last) FROM doc_sequences WHERE kind LIKE '文书:%'`); n != letters || last != letters {
		t.Errorf("%d letters numbered up to %d, want %d", n, last, letters)
	}
	// both servers' background indexers catch up at once
	errs := make(chan error, 2)
	for _, x := range []*app.App{a, b} {
		go func() { _, err := x.Reports.IndexPending(ctx); errs <- err }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("indexing on two servers at once: %v", err)
		}
	}
	if n := env.Lookup(t, `SELECT COUNT(*) FROM reports WHERE NOT indexed`); n != 0 {
		t.Errorf("%d reports left unindexed", n)
	}
	for i, x := range []*app.App{a, b} {
		res, err := audit.Verify(ctx, x.DB.Reader())
		if err != nil || !res.OK() {
			t.Fatalf("audit chain seen from server %d: %+v %v", i+1, res, err)
		}
	}
}

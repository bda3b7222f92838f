package app_test

import (
	"context"
	"custos/internal/clock"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"custos/internal/app"
	"custos/internal/auth"
	"custos/internal/casework"
	"custos/internal/clue"
	"custos/internal/db"
	"custos/internal/org"
)

// benchCase opens a provincial case about 赵敏 through the services, up to the investigation,
// with gz.diaocha leading its team, and returns its id.
func benchCase(b *testing.B, a *app.App) int64 {
	ctx := context.Background()
	as := func(name string) org.Principal {
		var id int64
		if err := a.DB.Reader().QueryRow(ctx, `SELECT id FROM users WHERE username = ?`, name).Scan(&id); err != nil {
			b.Fatal(err)
		}
		p, err := auth.LoadPrincipal(ctx, a.DB.Reader(), id)
		if err != nil {
			b.Fatal(err)
		}
		return p
	}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	today := clock.Date(time.Now())
	c, err := a.Clues.Register(ctx, as("gz.anguan"), clue.ClueInput{Source: "信访举报", ReceivedOn: today, Summary: "反映其收受购物卡", Subjects: "赵敏"})
	must(err)
	var dept int64
	must(a.DB.Reader().QueryRow(ctx, `SELECT d.id FROM departments d JOIN commissions c ON c.id = d.commission_id WHERE c.code = '52' AND d.kind = 'cadre_supervision'`).Scan(&dept))
	must(a.Clues.Allocate(ctx, as("gz.shuji"), c.ID, dept))
	must(a.Clues.Review(ctx, as("gz.ganjian"), c.ID, clue.ReviewInput{Meeting: clue.MeetingInput{HeldOn: today, Kind: "集体研判", Chair: "李主任", Attendees: "王一\n张二"},
		Opinion: "移送", Disposal: clue.Transferred}))
	must(a.Clues.Approve(ctx, as("gz.shuji"), c.ID))
	k, err := a.Cases.Register(ctx, as("gz.ganjian"), casework.RegisterInput{ClueID: c.ID, CadreID: c.Subjects[0].ID, FilingType: "both", Summary: "涉嫌受贿", RequestedOn: today})
	must(err)
	_, err = a.Cases.File(ctx, as("gz.shuji"), k.ID, "省纪委常委会", today)
	must(err)
	_, err = a.Cases.AddMember(ctx, as("gz.ganjian"), k.ID, "gz.diaocha", "leader", "")
	must(err)
	_, err = a.Cases.AddMember(ctx, as("gz.ganjian"), k.ID, "gz.ganjian", "safety_officer", "")
	must(err)
	must(a.Cases.SetBranch(ctx, as("gz.ganjian"), k.ID, as("gz.diaocha").UserID, today))
	_, err = a.Cases.Announce(ctx, as("gz.ganjian"), k.ID, today, "")
	must(err)
	_, err = a.Cases.Start(ctx, as("gz.shuji"), k.ID, "方案", "专题会议")
	must(err)
	return k.ID
}

// fillCase gives a case measures ledger entries (each with its event in the history) and
// documents, written straight to the tables: load for the page, not a workflow.
func fillCase(b *testing.B, a *app.App, caseID int64, measures, docs int) {
	ctx := context.Background()
	var commission int64
	var path string
	if err := a.DB.Reader().QueryRow(ctx, `SELECT commission_id, commission_path FROM cases WHERE id = ?`, caseID).Scan(&commission, &path); err != nil {
		b.Fatal(err)
	}
	var tmpl int64
	if err := a.DB.Reader().QueryRow(ctx, `SELECT id FROM doc_templates WHERE kind = 'investigation_report'`).Scan(&tmpl); err != nil {
		b.Fatal(err)
	}
	kinds := casework.MeasureKinds()
	now := time.Now().UTC()
	body := strings.Repeat("经查，被审查调查人收受管理服务对象购物卡。\n", 40)
	err := a.DB.InTx(ctx, func(tx *db.Tx) error {
		for i := 0; i < measures; i++ {
			k := kinds[i%(len(kinds)-1)] // not detention: one at a time
			if _, err := tx.Exec(ctx, `INSERT INTO case_measures (case_id, kind, target, approved_by, approval, started_on, ended_on, recorded_by, created_at)
				VALUES (?, ?, ?, '王书记', 'own', '2026-11-01', '2026-11-02', '刘调查', ?)`, caseID, k.ID, fmt.Sprintf("对象 %d", i), now); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO case_events (case_id, at, actor, commission_id, action, note) VALUES (?, ?, '王书记', ?, ?, '')`,
				caseID, now, commission, "批准采取"+k.Name+"措施"); err != nil {
				return err
			}
		}
		for i := 0; i < docs; i++ {
			if _, err := tx.Exec(ctx, `INSERT INTO documents (commission_id, commission_path, matter_type, matter_id, template_id, kind, title, body, number, status, issued_on,
				created_by, created_at) VALUES (?, ?, 'case', ?, ?, 'investigation_report', ?, ?, ?, 'issued', '2026-11-02', '刘调查', ?)`,
				commission, path, caseID, tmpl, fmt.Sprintf("审查调查报告（第 %d 件）", i+1), body, fmt.Sprintf("黔纪审〔2026〕%d号", i+1), now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := a.DB.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCasePage measures issue 5's case page with 200 ledger entries and 50 documents (and
// ten times that), opened by its team leader: target p95 ≤ 50 ms server time.
func BenchmarkCasePage(b *testing.B) {
	for _, size := range []struct{ measures, docs int }{{200, 50}, {2000, 500}} {
		m, d := scale(size.measures), scale(size.docs)
		b.Run(fmt.Sprintf("%d-measures-%d-documents", m, d), func(b *testing.B) {
			a := benchApp(b, false)
			id := benchCase(b, a)
			fillCase(b, a, id, m, d)
			tok := benchLogin(b, a, "gz.diaocha")
			h := a.Handler()
			ds := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest("GET", fmt.Sprintf("/cases/%d", id), nil)
				req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: tok})
				rec := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(rec, req)
				ds = append(ds, time.Since(start))
				if rec.Code != 200 || !strings.Contains(rec.Body.String(), "审查调查报告（第 1 件）") {
					b.Fatalf("case page: %d", rec.Code)
				}
			}
			within(b, ds, 50*time.Millisecond)
		})
	}
}

// BenchmarkCaseRead measures what the outsider-read detection adds to a protected read
// (target ≤ 1 ms): the same read of a case by its team leader (in the chain: the check, no
// flag) and by a trial officer before the trial (the check and the flag written).
func BenchmarkCaseRead(b *testing.B) {
	a := benchApp(b, false)
	id := benchCase(b, a)
	ctx := context.Background()
	for _, who := range []string{"gz.diaocha", "gz.shenli"} {
		name := map[string]string{"gz.diaocha": "in-chain", "gz.shenli": "outsider-flagged"}[who]
		b.Run(name, func(b *testing.B) {
			var uid int64
			if err := a.DB.Reader().QueryRow(ctx, `SELECT id FROM users WHERE username = ?`, who).Scan(&uid); err != nil {
				b.Fatal(err)
			}
			p, err := auth.LoadPrincipal(ctx, a.DB.Reader(), uid)
			if err != nil {
				b.Fatal(err)
			}
			ds := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				start := time.Now()
				c, err := a.Cases.Get(ctx, p, id)
				ds = append(ds, time.Since(start))
				if err != nil || c.InChain != (who == "gz.diaocha") {
					b.Fatalf("read: %v %v", c.InChain, err)
				}
			}
			percentiles(b, ds)
		})
	}
}

// benchLogin logs a demo user in (the benchmark app's users share the demo password only in
// the demo; here the password is set anew) and returns the session token.
func benchLogin(b *testing.B, a *app.App, username string) string {
	ctx := context.Background()
	var id int64
	if err := a.DB.Reader().QueryRow(ctx, `SELECT id FROM users WHERE username = ?`, username).Scan(&id); err != nil {
		b.Fatal(err)
	}
	setPassword(b, a, id, "Bench-Pass-2026")
	tok, _, err := a.Auth.Login(ctx, username, "Bench-Pass-2026", "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	return tok
}

// BenchmarkDocumentDOCX measures generating a case document as DOCX through the handler (the
// audited read, the GB/T 9704 layout, the package written): target ≤ 50 ms. The document is a
// five-page investigation report.
func BenchmarkDocumentDOCX(b *testing.B) {
	a := benchApp(b, false)
	id := benchCase(b, a)
	fillCase(b, a, id, 0, 1)
	var doc int64
	if err := a.DB.Reader().QueryRow(context.Background(), `SELECT id FROM documents WHERE matter_id = ?`, id).Scan(&doc); err != nil {
		b.Fatal(err)
	}
	tok := benchLogin(b, a, "gz.diaocha")
	h := a.Handler()
	ds := make([]time.Duration, 0, b.N)
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("GET", fmt.Sprintf("/cases/%d/documents/%d/docx", id, doc), nil)
		req.AddCookie(&http.Cookie{Name: auth.CookieName, Value: tok})
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		ds = append(ds, time.Since(start))
		if rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "PK") {
			b.Fatalf("docx: %d", rec.Code)
		}
	}
	within(b, ds, 50*time.Millisecond)
}

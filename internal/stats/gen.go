package stats

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"custos/internal/db"
)

// GenOptions size the generated statistics data.
type GenOptions struct {
	Reports  int    // reports received (a tenth also routed to the commission above: one receipt)
	CluesPer int    // clues per report
	Cases    int    // at most this many cases, from clues transferred or verified to a case
	Start    string // first day (YYYY-MM-DD)
	Days     int    // spread over this many days
	Seed     uint64
	Truth    bool // keep the true counts (tests; off for benchmarks at scale)
}

// Truth is what Generate wrote, fact by fact: each counts under some lines on a day at a
// commission.
type Truth struct {
	facts []fact
}

type fact struct {
	path, date string
	lines      []string
}

// Figures are the true figures of the subtree at path over pd.
func (t *Truth) Figures(path string, pd Period) Figures {
	var f Figures
	for _, x := range t.facts {
		if x.date < pd.From || x.date > pd.To || len(x.path) < len(path) || x.path[:len(path)] != path {
			continue
		}
		for _, l := range x.lines {
			f.add(l)
		}
	}
	return f
}

// add counts one under line key (the keys of Lines).
func (f *Figures) add(key string) {
	switch key {
	case "reports":
		f.ReportsReceived++
	case "inquiries":
		f.Inquiries++
	case "prelims":
		f.PreliminaryVerifications++
	case "cases":
		f.CasesFiled++
	case "sanctioned":
		f.PersonsSanctioned++
	case "sanctioned.party":
		f.PartySanctions++
	case "sanctioned.gov":
		f.GovernmentSanctions++
	case "prosecution":
		f.TransferredToProcuratorate++
	default:
		switch {
		case len(key) > 6 && key[:6] == "clues.":
			f.CluesDisposed++
			if p := f.CluesByMethod.ptr(key[6:]); p != nil {
				*p++
			}
		case len(key) > 5 && key[:5] == "rank.":
			*f.SanctionedByRank.ptr(key[5:])++
		case len(key) > 6 && key[:6] == "forms.":
			*f.FourForms.ptr(key[6:])++
		}
	}
}

type genCadre struct {
	id         int64
	commission int64
	path       string
	parent     int64
	parentPath string
}

// Generate writes reports, clues with and without disposals, inquiries, verifications, cases
// and sanctions (ranks at the decision differing from the rank at filing and from today's),
// and talks without any clue, over the commissions that have cadres — deterministic for a
// seed. It writes no audit entries: it stands for history, for the statistics' tests and
// benchmarks.
func Generate(ctx context.Context, d *db.DB, o GenOptions) (*Truth, error) {
	rows, err := d.Reader().Query(ctx, `SELECT k.id, c.id, c.path, COALESCE(c.parent_id, 0), COALESCE(u.path, '') FROM cadres k
		JOIN commissions c ON c.id = k.commission_id LEFT JOIN commissions u ON u.id = c.parent_id ORDER BY k.id`)
	cadres, err := db.Collect(rows, err, func(r db.Scanner) (genCadre, error) {
		var g genCadre
		return g, r.Scan(&g.id, &g.commission, &g.path, &g.parent, &g.parentPath)
	})
	if err != nil {
		return nil, err
	}
	if len(cadres) == 0 {
		return nil, fmt.Errorf("generated statistics need cadres")
	}
	start, err := time.Parse("2006-01-02", o.Start)
	if err != nil {
		return nil, err
	}
	day := func(t time.Time, n int) string { return t.AddDate(0, 0, n).Format("2006-01-02") }
	rng := rand.New(rand.NewPCG(o.Seed, 41))
	t := &Truth{}
	note := func(path, date string, lines ...string) {
		if o.Truth && date != "" {
			t.facts = append(t.facts, fact{path, date, lines})
		}
	}
	ranks := []string{"provincial", "bureau", "county", "section", "staff", "village"}
	now := time.Now().UTC()
	cases := 0
	const batch = 1000
	for done := 0; done < o.Reports; done += batch {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for i := done; i < min(o.Reports, done+batch); i++ {
				k := cadres[rng.IntN(len(cadres))]
				recv := start.AddDate(0, 0, rng.IntN(o.Days))
				on := recv.Format("2006-01-02")
				var rid int64
				if err := tx.QueryRow(ctx, `INSERT INTO reports (commission_id, commission_path, received_by_id, number, received_on, channel, category,
					real_name, title, content, jurisdiction, status, created_by, created_at)
					VALUES (?, ?, ?, ?, ?, 'letter', 'accusation', ?, '统计测试', '', 'own', 'registered', '生成', ?) RETURNING id`,
					k.commission, k.path, k.commission, fmt.Sprintf("S-%08d", i), on, false, now).Scan(&rid); err != nil {
					return err
				}
				note(k.path, on, "reports")
				if k.parent != 0 && rng.IntN(10) == 0 { // routed up: the copy is the same receipt
					if _, err := tx.Exec(ctx, `INSERT INTO reports (commission_id, commission_path, received_by_id, number, received_on, channel, category,
						real_name, title, content, jurisdiction, status, routed_from_id, created_by, created_at)
						VALUES (?, ?, ?, ?, ?, 'letter', 'accusation', ?, '统计测试', '', 'own', 'received', ?, '生成', ?)`,
						k.parent, k.parentPath, k.commission, fmt.Sprintf("S-%08d-U", i), on, false, rid, now); err != nil {
						return err
					}
				}
				for j := range o.CluesPer {
					if err := genClue(ctx, tx, rng, o, k, recv, rid, fmt.Sprintf("S-%08d-%d", i, j), &cases, ranks, note, day, now); err != nil {
						return err
					}
				}
				if rng.IntN(4) == 0 { // a talk without any clue: never counted
					if _, err := tx.Exec(ctx, `INSERT INTO talks (cadre_id, commission_path, kind, reason, due_date, held_date, talker, summary, created_at)
						VALUES (?, ?, 'integrity', '廉政谈话', ?, ?, '生成', '', ?)`, k.id, k.path, on, on, now); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return t, d.Optimize(ctx)
}

// genClue writes one clue of report rid and what follows from it.
func genClue(ctx context.Context, tx *db.Tx, rng *rand.Rand, o GenOptions, k genCadre, recv time.Time, rid int64, number string, cases *int,
	ranks []string, note func(string, string, ...string), day func(time.Time, int) string, now time.Time) error {
	disposals := []string{"", "inquiry", "inquiry", "prelim", "shelved", "closed", "closed", "transferred"}
	disp := disposals[rng.IntN(len(disposals))]
	status, disposedOn := "registered", ""
	if disp != "" {
		status, disposedOn = disp, day(recv, rng.IntN(40))
	}
	var cid int64
	if err := tx.QueryRow(ctx, `INSERT INTO clues (commission_id, commission_path, number, source, report_id, summary, priority, status, disposal,
		received_on, disposed_on, created_by, created_at) VALUES (?, ?, ?, '信访举报', ?, '统计测试', ?, ?, ?, ?, ?, '生成', ?) RETURNING id`,
		k.commission, k.path, number, rid, false, status, disp, recv.Format("2006-01-02"), disposedOn, now).Scan(&cid); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO clue_subjects (clue_id, cadre_id) VALUES (?, ?)`, cid, k.id); err != nil {
		return err
	}
	if disp == "" {
		return nil // a clue without an outcome yet: counted nowhere
	}
	note(k.path, disposedOn, "clues."+disp)
	toCase := disp == "transferred"
	at, _ := time.Parse("2006-01-02", disposedOn)
	switch disp {
	case "inquiry":
		started := at.AddDate(0, 0, 1+rng.IntN(10))
		outcomes := []string{"", "cleared", "cleared", "light", "re_inquiry", "to_prelim"}
		out := outcomes[rng.IntN(len(outcomes))]
		concluded := ""
		if out != "" {
			concluded = day(started, 5+rng.IntN(40))
		}
		if _, err := tx.Exec(ctx, `INSERT INTO inquiries (clue_id, cadre_id, commission_path, kind, started_on, year, concluded_on, outcome, created_by, created_at)
			VALUES (?, ?, ?, 'letter', ?, ?, ?, ?, '生成', ?)`, cid, k.id, k.path, started.Format("2006-01-02"), started.Year(), concluded, out, now); err != nil {
			return err
		}
		note(k.path, started.Format("2006-01-02"), "inquiries")
		if out == "cleared" || out == "light" {
			note(k.path, concluded, "forms.F1")
		}
	case "prelim":
		started := at.AddDate(0, 0, 1+rng.IntN(10))
		outcomes := []string{"", "light", "close", "file_case", "file_case"}
		out := outcomes[rng.IntN(len(outcomes))]
		concluded := ""
		if out != "" {
			concluded = day(started, 10+rng.IntN(60))
		}
		if _, err := tx.Exec(ctx, `INSERT INTO prelims (clue_id, plan, team, team_names, started_on, outcome, concluded_on, created_by, created_at)
			VALUES (?, '方案', '', '', ?, ?, ?, '生成', ?)`, cid, started.Format("2006-01-02"), out, concluded, now); err != nil {
			return err
		}
		note(k.path, started.Format("2006-01-02"), "prelims")
		if out == "light" {
			note(k.path, concluded, "forms.F1")
		}
		if out == "file_case" {
			toCase, at = true, started.AddDate(0, 0, 70)
		}
	}
	if !toCase || *cases >= o.Cases {
		return nil
	}
	*cases++
	filed := at.AddDate(0, 0, 1+rng.IntN(20))
	rankAtFiling := ranks[rng.IntN(len(ranks))]
	rankAtDecision := rankAtFiling
	if rng.IntN(3) == 0 { // promoted or demoted between filing and decision
		rankAtDecision = ranks[rng.IntN(len(ranks))]
	}
	form := []string{"", "F1", "F2", "F2", "F3", "F4"}[rng.IntN(6)]
	decided := ""
	if form != "" {
		decided = day(filed, 30+rng.IntN(200))
	}
	var caseID int64
	if err := tx.QueryRow(ctx, `INSERT INTO cases (commission_id, commission_path, origin_id, number, clue_id, cadre_id, subject_rank, filing_type, summary,
		status, requested_on, requested_by, filed_on, decided_on, form, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'both', '统计测试', ?, ?, '生成', ?, ?, ?, ?) RETURNING id`,
		k.commission, k.path, k.commission, "S"+number, cid, k.id, rankAtFiling, map[bool]string{true: "decided", false: "investigating"}[decided != ""],
		filed.Format("2006-01-02"), filed.Format("2006-01-02"), decided, form, now).Scan(&caseID); err != nil {
		return err
	}
	note(k.path, filed.Format("2006-01-02"), "cases")
	if decided == "" {
		return nil
	}
	note(k.path, decided, "forms."+form)
	type sanction struct{ system, kind string }
	var ss []sanction
	switch form {
	case "F1":
		ss = []sanction{{"none", "education"}}
	case "F2":
		ss = []sanction{{"party", "warning"}}
		if rng.IntN(2) == 0 {
			ss = append(ss, sanction{"gov", "demerit"})
		}
	case "F3":
		ss = []sanction{{"gov", "dismissal"}}
		if rng.IntN(2) == 0 {
			ss = append([]sanction{{"party", "expulsion"}}, ss...)
		}
	case "F4":
		ss = []sanction{{"party", "expulsion"}, {"gov", "expulsion"}, {"prosecution", "transfer"}}
	}
	person := false
	for _, x := range ss {
		if _, err := tx.Exec(ctx, `INSERT INTO sanctions (case_id, cadre_id, commission_path, system, kind, subject_rank, decided_on, effective_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, caseID, k.id, k.path, x.system, x.kind, rankAtDecision, decided, decided); err != nil {
			return err
		}
		switch x.system {
		case "party", "gov":
			note(k.path, decided, "sanctioned."+x.system)
			if !person {
				person = true
				key := "other"
				for _, r := range rankKeys {
					if r.Rank != "" && r.Rank == rankAtDecision {
						key = r.Key
					}
				}
				note(k.path, decided, "sanctioned", "rank."+key)
			}
		case "prosecution":
			note(k.path, decided, "prosecution")
		}
	}
	if rng.IntN(2) == 0 { // today's rank, on the roster, is yet another: never read by the form
		if _, err := tx.Exec(ctx, `UPDATE cadres SET rank = ? WHERE id = ?`, ranks[rng.IntN(5)], k.id); err != nil {
			return err
		}
	}
	return nil
}

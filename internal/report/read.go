package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/dedup"
	"custos/internal/org"
	"custos/internal/search"
)

// visible is the condition every read applies: in p's scope, not a stub kept from the
// receiver's own principal, and not about p (nobody reads a report about themselves: the
// cadre record linked to p's account, looked up once by p's user id; 0 when there is none).
const visible = ` r.commission_path >= ? AND r.commission_path < ? AND NOT r.hidden_locally
	AND NOT EXISTS (SELECT 1 FROM report_subjects s WHERE s.report_id = r.id AND s.cadre_id = (SELECT COALESCE(MAX(id), 0) FROM cadres WHERE user_id = ?)) `

func visibleArgs(p org.Principal) []any {
	lo, hi := db.SubtreeRange(p.ScopePath)
	return []any{lo, hi, p.UserID}
}

const columns = `r.id, r.commission_id, c.name, r.commission_path, r.number, r.received_on, r.channel, r.category, r.real_name,
	r.reporter <> '', r.title, r.content, r.allegations, r.jurisdiction, r.status, r.stub, COALESCE(r.routed_from_id, 0),
	COALESCE(r.duplicate_of, 0), r.duplicate_score, r.ack_due, r.created_by`

func scan(sc interface{ Scan(...any) error }) (Report, error) {
	var r Report
	var allegations, j string
	err := sc.Scan(&r.ID, &r.CommissionID, &r.CommissionName, &r.CommissionPath, &r.Number, &r.ReceivedOn, &r.Channel, &r.Category,
		&r.RealName, &r.Sealed, &r.Title, &r.Content, &allegations, &j, &r.Status, &r.Stub, &r.RoutedFromID, &r.DuplicateOf,
		&r.DuplicateScore, &r.AckDue, &r.CreatedBy)
	r.Jurisdiction = Jurisdiction(j)
	if allegations != "" {
		r.Allegations = strings.Split(allegations, ",")
	}
	return r, err
}

// Filter selects reports in a list.
type Filter struct {
	Status string
	Query  string // words of the title, content or a subject's name; every word must occur
	Page   org.Page
}

// List returns one page of the reports p may see, newest first, and the total: counted up to
// db.CountCap+1, or db.SearchCap+1 for a full-text search (a larger figure means "more").
// Contents are not audited here (the list shows number, title, status); opening one is.
// Requires report.view.
func (s *Service) List(ctx context.Context, p org.Principal, f Filter) ([]Report, int, error) {
	if !p.Can(org.PermReportView) {
		return nil, 0, apperr.New(apperr.Forbidden, "无权查看检举控告")
	}
	where := ` WHERE` + visible
	args := visibleArgs(p)
	if f.Status != "" {
		where += ` AND r.status = ?`
		args = append(args, f.Status)
	}
	q := s.db.Reader()
	from, order, limit := `reports r`, `r.id DESC`, db.CountCap
	searching := false
	if words := strings.Fields(f.Query); len(words) > 0 {
		if _, err := s.IndexPending(ctx); err != nil {
			return nil, 0, err
		}
		var terms []string
		for _, t := range search.QueryTerms(f.Query) {
			if utf8.RuneCountInString(t) >= 2 || t[0] < utf8.RuneSelf { // reports index bigrams, not single characters
				terms = append(terms, t)
			}
		}
		if len(terms) > 0 {
			searching, limit = true, db.SearchCap
			// A scope that holds few reports is read whole, each checked against the index; a
			// large one is read from the index newest first (on PostgreSQL the planner decides).
			small := false
			if q.Dialect() == db.SQLite {
				var inScope int
				if err := q.QueryRow(ctx, db.Capped(`SELECT 1 FROM reports r`+where), args...).Scan(&inScope); err != nil {
					return nil, 0, err
				}
				small = inScope <= db.CountCap
			}
			if small {
				cond, arg := db.SearchExists(q.Dialect(), "report_search", "r.id", terms)
				where += ` AND ` + cond
				args = append(args, arg)
			} else {
				var cond string
				var arg any
				from, cond, arg, order = db.SearchJoin(q.Dialect(), "report_search", "reports", "r", terms)
				where += ` AND ` + cond
				args = append(args, arg)
			}
		}
		for _, w := range words {
			if bigram(w) {
				continue // a two-character word is one index term: the index is exact
			}
			// otherwise the index finds candidates and the text decides (a longer word's bigrams
			// may all occur without the word; a single character is not indexed)
			where += ` AND (r.title LIKE ? OR r.content LIKE ? OR EXISTS (SELECT 1 FROM report_subjects s WHERE s.report_id = r.id AND s.name LIKE ?))`
			like := "%" + db.EscapeLike(w) + "%"
			args = append(args, like, like, like)
		}
	}
	var total int
	if err := q.QueryRow(ctx, db.CappedAt(`SELECT 1 FROM `+from+where, limit), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	// Newest first. A large list is read in key order, stopping at the page; a small one is
	// sorted from the scope's index (reports_list).
	if !searching && total > db.CountCap {
		from += db.KeyOrder(q.Dialect())
	}
	// the page's ids first, then their rows: as one statement the planner may drive the join
	// from the whole table instead of from the page
	idRows, err := q.Query(ctx, `SELECT r.id FROM `+from+where+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, f.Page.Size, f.Page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	var ids []any
	for idRows.Next() {
		var id int64
		if err := idRows.Scan(&id); err != nil {
			idRows.Close()
			return nil, 0, err
		}
		ids = append(ids, id)
	}
	idRows.Close()
	if err := idRows.Err(); err != nil || len(ids) == 0 {
		return nil, total, err
	}
	rows, err := q.Query(ctx, `SELECT `+columns+` FROM reports r JOIN commissions c ON c.id = r.commission_id
		WHERE r.id IN (`+db.Placeholders(len(ids))+`) ORDER BY r.id DESC`, ids...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// Candidate is an earlier report a report may repeat, with the passages that differ.
type Candidate struct {
	Report   Report
	Score    float64
	Explain  dedup.Explanation // the two texts aligned, the differences marked and named
	Decision string            // "" | confirmed | rejected
}

// Get returns a report p may see with its subjects and, while its duplicate question is open,
// the earlier reports it may repeat — an audited read. Requires report.view.
func (s *Service) Get(ctx context.Context, p org.Principal, id int64) (Report, []Candidate, error) {
	if !p.Can(org.PermReportView) {
		return Report{}, nil, apperr.New(apperr.Forbidden, "无权查看检举控告")
	}
	var r Report
	var cands []Candidate
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if r, err = s.get(ctx, tx, p, id); err != nil {
			return err
		}
		if err := s.full(ctx, tx, &r); err != nil {
			return err
		}
		if cands, err = s.candidates(ctx, tx, p, r); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "report.read", ObjectType: "report", ObjectID: strconv.FormatInt(r.ID, 10),
			Summary: "查阅检举控告 " + r.Number, CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return r, cands, apperr.Context(err, "report %d: read", id)
}

func (s *Service) get(ctx context.Context, q db.Querier, p org.Principal, id int64) (Report, error) {
	r, err := scan(q.QueryRow(ctx, `SELECT `+columns+` FROM reports r JOIN commissions c ON c.id = r.commission_id WHERE r.id = ? AND`+visible,
		append([]any{id}, visibleArgs(p)...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundf("该检举控告")
	}
	if err != nil {
		return r, err
	}
	rows, err := q.Query(ctx, `SELECT COALESCE(cadre_id, 0), name, unit, post FROM report_subjects WHERE report_id = ? ORDER BY position`, id)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var sub SubjectRow
		if err := rows.Scan(&sub.CadreID, &sub.Name, &sub.Unit, &sub.Post); err != nil {
			return r, err
		}
		r.Subjects = append(r.Subjects, sub)
	}
	return r, rows.Err()
}

// full loads what the report page shows beyond get: attachments and the outcome.
func (s *Service) full(ctx context.Context, q db.Querier, r *Report) error {
	var err error
	if r.Attachments, err = s.attachments(ctx, q, r.ID); err != nil {
		return err
	}
	r.Outcome, err = s.outcome(ctx, q, *r)
	return err
}

// bandReads is how many earlier reports the duplicate check reads per key, newest first;
// candidateKeys how many of the report's sampled shingle keys it looks up besides its band
// keys (the lowest: a fixed sample of its shingles, so an excerpt's keys are among the longer
// text's, and each of two merged texts has about half of a merger's).
const (
	bandReads     = 200
	candidateKeys = 48
)

// candidates finds the earlier reports, visible to p, that share a band key with r and reach
// the threshold, best first, with past decisions: the 50 sharing the most keys are scored.
// Stubs and closed duplicates are skipped.
func (s *Service) candidates(ctx context.Context, q db.Querier, p org.Principal, r Report) ([]Candidate, error) {
	if r.Stub || r.Content == "" {
		return nil, nil
	}
	doc := s.dedup.Prepare(r.Content)
	// The earlier reports sharing the most band keys, reading at most bandReads per key (the
	// newest): a key most reports share says nothing, and must not make the page read them all.
	bands := doc.BandKeys()
	keys := append(bands[:], doc.Keys[:min(len(doc.Keys), candidateKeys)]...)
	var union []string
	args := make([]any, 0, 2*len(keys)+8)
	for i, k := range keys {
		union = append(union, fmt.Sprintf(`SELECT report_id FROM (SELECT report_id FROM report_bands WHERE band_key = ? AND report_id < ? ORDER BY report_id DESC LIMIT %d) b%d`, bandReads, i))
		args = append(args, int64(k), r.ID)
	}
	args = append(args, visibleArgs(p)...)
	rows, err := q.Query(ctx, `SELECT `+columns+` FROM (SELECT report_id, COUNT(*) AS shared FROM (`+strings.Join(union, ` UNION ALL `)+`) shared_keys
		GROUP BY report_id) m JOIN reports r ON r.id = m.report_id JOIN commissions c ON c.id = r.commission_id WHERE`+visible+
		` ORDER BY m.shared DESC, r.id DESC LIMIT 50`, args...)
	if err != nil {
		return nil, err
	}
	var found []Report
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		found = append(found, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Candidate
	for _, c := range found {
		score := dedup.Score(doc, s.dedup.Prepare(c.Content))
		if score < s.set.Threshold {
			continue
		}
		cand := Candidate{Report: c, Score: score, Explain: s.dedup.Explain(r.Content, c.Content)}
		err := q.QueryRow(ctx, `SELECT decision FROM report_duplicate_reviews WHERE report_id = ? AND candidate_id = ?`, r.ID, c.ID).Scan(&cand.Decision)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		out = append(out, cand)
	}
	for i := 1; i < len(out); i++ { // best first
		for j := i; j > 0 && out[j].Score > out[j-1].Score; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// ReviewDuplicate records the officer's decision on a suspected duplicate: confirmed, the
// report becomes a duplicate of the earlier one (kept for reference, no acceptance notice);
// rejected, it stays a report of its own. Both are recorded. Requires report.register.
func (s *Service) ReviewDuplicate(ctx context.Context, p org.Principal, id, candidateID int64, confirm bool) error {
	if !p.Can(org.PermReportRegister) {
		return apperr.New(apperr.Forbidden, "无权认定重复件")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		cands, err := s.candidates(ctx, tx, p, r)
		if err != nil {
			return err
		}
		var cand *Candidate
		for i := range cands {
			if cands[i].Report.ID == candidateID {
				cand = &cands[i]
			}
		}
		if cand == nil {
			return apperr.New(apperr.Conflict, "该件不是本件的疑似重复件")
		}
		if r.Status == StatusDuplicate {
			return apperr.New(apperr.Conflict, "本件已认定为重复件")
		}
		decision, summary := "rejected", "认定检举控告 "+r.Number+" 不是 "+cand.Report.Number+" 的重复件"
		if confirm {
			decision, summary = "confirmed", "认定检举控告 "+r.Number+" 为 "+cand.Report.Number+" 的重复件"
			if _, err := tx.Exec(ctx, `UPDATE reports SET status = ?, duplicate_of = ?, duplicate_score = ?, duplicate_decision = ?, ack_due = '' WHERE id = ?`,
				StatusDuplicate, cand.Report.ID, cand.Score, decision, r.ID); err != nil {
				return err
			}
		} else if _, err := tx.Exec(ctx, `UPDATE reports SET duplicate_decision = ? WHERE id = ?`, decision, r.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM report_duplicate_reviews WHERE report_id = ? AND candidate_id = ?`, r.ID, cand.Report.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO report_duplicate_reviews (report_id, candidate_id, score, decision, decided_by, decided_at)
			VALUES (?, ?, ?, ?, ?, ?)`, r.ID, cand.Report.ID, cand.Score, decision, p.DisplayName, s.now().UTC()); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "report.duplicate", ObjectType: "report", ObjectID: strconv.FormatInt(r.ID, 10),
			Summary: summary, After: map[string]any{"candidate": cand.Report.ID, "score": cand.Score, "decision": decision},
			CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
}

// RevealReporter opens the sealed identity of a real-name reporter. The petitions office may;
// another reader of the report may only with a stated reason. Every reveal is audited with the
// reason — never with the identity. Requires report.view (and reporter.view without a reason).
func (s *Service) RevealReporter(ctx context.Context, p org.Principal, id int64, reason string) (Reporter, error) {
	if !p.Can(org.PermReportView) {
		return Reporter{}, apperr.New(apperr.Forbidden, "无权查看检举控告")
	}
	reason = strings.TrimSpace(reason)
	if !p.Can(org.PermReporterView) && (reason == "" || utf8.RuneCountInString(reason) > 100) {
		return Reporter{}, apperr.Fields{"reason": "承办人查看举报人信息须说明理由（不超过 100 字）"}.Err()
	}
	if reason == "" {
		reason = "信访举报部门办理"
	}
	var who Reporter
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		var sealed string
		if err := tx.QueryRow(ctx, `SELECT reporter FROM reports WHERE id = ?`, r.ID).Scan(&sealed); err != nil {
			return err
		}
		if sealed == "" {
			return apperr.New(apperr.Conflict, "本件为匿名举报或未留存举报人信息")
		}
		plain, err := s.box.Open(sealed, "reporter")
		if err != nil {
			return apperr.Wrap(err, apperr.Internal, "举报人信息无法解密（密钥不符），请联系系统管理员")
		}
		if err := json.Unmarshal(plain, &who); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "reporter.reveal", ObjectType: "report", ObjectID: strconv.FormatInt(r.ID, 10),
			Summary: "查看检举控告 " + r.Number + " 的举报人信息，理由：" + reason, CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return who, err
}

// bigram reports whether w is exactly two Chinese characters — one index term.
func bigram(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n == 2
}

package clue

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/workday"
)

// FilingRule is a category of subject whose clue disposals are filed with the higher commission
// (备案, C7).
type FilingRule struct {
	ID   string
	Name string
}

// FilingRules are the categories an installation may name; by default all three.
func FilingRules() []FilingRule {
	return []FilingRule{
		{"prefecture_party", "市（州）党委委员"},
		{"supervisory", "监委委员"},
		{"county_secretary", "县级纪委书记"},
	}
}

// MustFile reports which of rules a subject falls under: the subject's post and committees,
// and the kind of commission they serve in. "" means no filing is needed.
func MustFile(rules []string, post string, committees []string, kind org.Kind) string {
	has := func(id string) bool {
		for _, x := range committees {
			if x == id {
				return true
			}
		}
		return false
	}
	for _, r := range rules {
		switch {
		case r == "prefecture_party" && kind == org.KindPrefectural && has("party"):
			return "市（州）党委委员"
		case r == "supervisory" && has("supervisory"):
			return "监委委员"
		case r == "county_secretary" && kind == org.KindCounty && strings.Contains(post, "纪委书记") && !strings.Contains(post, "副书记"):
			return "县级纪委书记"
		}
	}
	return ""
}

// Filing is one disposal filed (or to be filed) with the higher commission.
type Filing struct {
	ID         int64
	ClueID     int64
	ClueNumber string
	From       string
	To         string
	Reason     string
	What       string
	DueOn      string
	FiledOn    string
	Report     string
	Decision   string
	Opinion    string
	ReviewedBy string
	ReviewedOn string
}

// Late reports whether the filing is still missing after its deadline.
func (f Filing) Late(today string) bool { return f.FiledOn == "" && f.DueOn < today }

// FileCaseRegistration creates the filing a case registration needs (立案备案, C7), in the
// caller's transaction: when the case's subject falls under the installation's rules and the
// case's commission has a higher one. The filing hangs on the clue the case came from.
func (s *Service) FileCaseRegistration(ctx context.Context, tx *db.Tx, clueID, commissionID, cadreID int64, caseNumber string) error {
	var name string
	if err := tx.QueryRow(ctx, `SELECT name FROM cadres WHERE id = ?`, cadreID).Scan(&name); err != nil {
		return err
	}
	c := Clue{ID: clueID, CommissionID: commissionID, Subjects: []cadre.Cadre{{ID: cadreID, Name: name}}}
	return s.fileIfRequired(ctx, tx, c, "立案审查调查（立案编号 "+caseNumber+"）")
}

// fileIfRequired creates the filing of what (a disposal, a case registration) if any subject
// falls under the installation's rules and the clue's commission has a higher one.
func (s *Service) fileIfRequired(ctx context.Context, tx *db.Tx, c Clue, what string) error {
	var parent sql.NullInt64
	var parentPath sql.NullString
	if err := tx.QueryRow(ctx, `SELECT c.parent_id, p.path FROM commissions c LEFT JOIN commissions p ON p.id = c.parent_id WHERE c.id = ?`,
		c.CommissionID).Scan(&parent, &parentPath); err != nil {
		return err
	}
	if !parent.Valid {
		return nil
	}
	var reasons []string
	for _, k := range c.Subjects {
		var post, committees string
		var kind org.Kind
		if err := tx.QueryRow(ctx, `SELECT k.post, k.committees, c.kind FROM cadres k JOIN commissions c ON c.id = k.commission_id WHERE k.id = ?`, k.ID).
			Scan(&post, &committees, &kind); err != nil {
			return err
		}
		var list []string
		if committees != "" {
			list = strings.Split(committees, ",")
		}
		if why := MustFile(s.set.FilingRules, post, list, kind); why != "" {
			reasons = append(reasons, k.Name+"（"+why+"）")
		}
	}
	if len(reasons) == 0 {
		return nil
	}
	cal, err := s.calendar.Calendar(ctx)
	if err != nil {
		return err
	}
	start, _ := time.Parse("2006-01-02", s.today())
	due := workday.Key(cal.AddWorkdays(start, s.set.FilingDays))
	_, err = tx.Exec(ctx, `INSERT INTO filings (clue_id, from_id, to_id, to_path, reason, what, due_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.CommissionID, parent.Int64, parentPath.String, strings.Join(reasons, "、"), what, due, s.now().UTC())
	return err
}

// FileWith submits a pending filing with its report: the lower commission's handling
// department. Requires clue.handle.
func (s *Service) FileWith(ctx context.Context, p org.Principal, id int64, report string) error {
	if !p.Can(org.PermClueHandle) {
		return apperr.New(apperr.Forbidden, "无权报备")
	}
	report = strings.TrimSpace(report)
	if report == "" || utf8.RuneCountInString(report) > 5000 {
		return apperr.Fields{"report": "请填写报备说明（不超过 5000 字）"}.Err()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		f, err := s.filing(ctx, tx, id)
		if err != nil {
			return err
		}
		c, err := s.get(ctx, tx, p, f.ClueID)
		if err != nil {
			return err
		}
		if f.FiledOn != "" && f.Decision != "returned" {
			return apperr.New(apperr.Conflict, "已于 %s 报备", f.FiledOn)
		}
		if _, err := tx.Exec(ctx, `UPDATE filings SET filed_on = ?, report = ?, decision = '', opinion = '' WHERE id = ?`, s.today(), report, id); err != nil {
			return err
		}
		return s.custody(ctx, tx, p, c, "filing.file", "向"+f.To+"报备", report)
	})
}

// ReviewFiling accepts a filing or returns it with a correction opinion: the higher
// commission, to which it was filed. Requires clue.handle or clue.approve there.
func (s *Service) ReviewFiling(ctx context.Context, p org.Principal, id int64, accept bool, opinion string) error {
	if !p.Can(org.PermClueHandle) && !p.Can(org.PermClueApprove) {
		return apperr.New(apperr.Forbidden, "无权审查报备")
	}
	opinion = strings.TrimSpace(opinion)
	if !accept && opinion == "" {
		return apperr.Fields{"opinion": "退回的，请填写纠正意见"}.Err()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		f, err := s.filing(ctx, tx, id)
		if err != nil {
			return err
		}
		if !p.Sees(f.toPath) {
			return apperr.NotFoundf("该报备")
		}
		if f.FiledOn == "" || f.Decision != "" {
			return apperr.New(apperr.Conflict, "该报备尚未报送或已审查")
		}
		decision, what := "accepted", "上级审查报备：同意"
		if !accept {
			decision, what = "returned", "上级审查报备：退回，纠正意见："+opinion
		}
		if _, err := tx.Exec(ctx, `UPDATE filings SET decision = ?, opinion = ?, reviewed_by = ?, reviewed_on = ? WHERE id = ?`,
			decision, opinion, p.DisplayName, s.today(), id); err != nil {
			return err
		}
		var c Clue
		if err := tx.QueryRow(ctx, `SELECT `+clueColumns+` FROM clues WHERE id = ?`, f.ClueID).Scan(c.fields()...); err != nil {
			return err
		}
		return s.custody(ctx, tx, p, c, "filing.review", what, "")
	})
}

type filingRow struct {
	Filing
	toPath string
}

func (s *Service) filing(ctx context.Context, q db.Querier, id int64) (filingRow, error) {
	rows, err := s.filings(ctx, q, `f.id = ?`, id)
	if err != nil {
		return filingRow{}, err
	}
	if len(rows) == 0 {
		return filingRow{}, apperr.NotFoundf("该报备")
	}
	return rows[0], nil
}

func (s *Service) filings(ctx context.Context, q db.Querier, where string, args ...any) ([]filingRow, error) {
	rows, err := q.Query(ctx, `SELECT f.id, f.clue_id, c.number, fc.name, tc.name, f.to_path, f.reason, f.what, f.due_on, f.filed_on, f.report,
		f.decision, f.opinion, f.reviewed_by, f.reviewed_on
		FROM filings f JOIN clues c ON c.id = f.clue_id JOIN commissions fc ON fc.id = f.from_id JOIN commissions tc ON tc.id = f.to_id
		WHERE `+where+` ORDER BY f.filed_on = '' DESC, f.due_on, f.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []filingRow
	for rows.Next() {
		var f filingRow
		if err := rows.Scan(&f.ID, &f.ClueID, &f.ClueNumber, &f.From, &f.To, &f.toPath, &f.Reason, &f.What, &f.DueOn, &f.FiledOn, &f.Report,
			&f.Decision, &f.Opinion, &f.ReviewedBy, &f.ReviewedOn); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Filings returns, for p, the filings made to p's commission and those below it (incoming:
// missing, late, to review, reviewed) and the filings p's commission owes upward (outgoing).
// Requires clue.view.
func (s *Service) Filings(ctx context.Context, p org.Principal) (incoming, outgoing []Filing, err error) {
	if !p.Can(org.PermClueView) {
		return nil, nil, apperr.New(apperr.Forbidden, "无权查看报备")
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	in, err := s.filings(ctx, s.db.Reader(), `f.to_path >= ? AND f.to_path < ?`, lo, hi)
	if err != nil {
		return nil, nil, err
	}
	out, err := s.filings(ctx, s.db.Reader(), `f.from_id = ?`, p.CommissionID)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range in {
		incoming = append(incoming, f.Filing)
	}
	for _, f := range out {
		outgoing = append(outgoing, f.Filing)
	}
	return incoming, outgoing, nil
}

// Supervision is the higher level's tracked supervision (督办) of a clue.
type Supervision struct {
	ID         int64
	ClueID     int64
	ByID       int64
	By         string
	Request    string
	DueOn      string
	ClosedOn   string
	ClosedNote string
	Reports    []ProgressReport
	Reminders  []Reminder
}

// Reminder is one pressing (催办) of a supervision by the higher level, with the new deadline.
type Reminder struct {
	On, Note, NewDue, By string
}

// Escalated reports whether the supervision has been pressed at least twice and is still
// open: the supervising leaders decide whether to summon (约谈) or take the clue over.
func (v Supervision) Escalated() bool { return v.ClosedOn == "" && len(v.Reminders) >= 2 }

// ProgressReport is the lower level's report on a supervised clue.
type ProgressReport struct {
	On, Progress, By string
}

// Overdue reports whether the supervision is open past its deadline — it escalates.
func (v Supervision) Overdue(today string) bool { return v.ClosedOn == "" && v.DueOn < today }

// Supervise places a clue of a commission below p's under tracked supervision with a request
// and a deadline. Requires clue.approve.
func (s *Service) Supervise(ctx context.Context, p org.Principal, clueID int64, request, due string) error {
	if !p.Can(org.PermClueApprove) && !p.Can(org.PermClueHandle) {
		return apperr.New(apperr.Forbidden, "无权督办")
	}
	request = strings.TrimSpace(request)
	f := apperr.Fields{}
	if request == "" {
		f.Add("request", "请填写督办要求")
	}
	d, ok := cadre.ParseDate(due)
	if !ok || d < s.today() {
		f.Add("due_on", "请填写办结时限（不早于今天），格式 YYYY-MM-DD")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.get(ctx, tx, p, clueID)
		if err != nil {
			return err
		}
		if c.CommissionID == p.CommissionID {
			return apperr.New(apperr.Conflict, "督办是上级对下级线索的跟踪，本级线索无需督办")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO supervisions (clue_id, by_id, by_path, request, due_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.ID, p.CommissionID, p.ScopePath, request, d, p.DisplayName, s.now().UTC()); err != nil {
			return err
		}
		return s.custody(ctx, tx, p, c, "supervision.open", p.CommissionName+"督办，时限 "+d, request)
	})
}

// ReportProgress records the lower level's progress on a supervised clue. Requires
// clue.handle.
func (s *Service) ReportProgress(ctx context.Context, p org.Principal, supervisionID int64, progress string) error {
	if !p.Can(org.PermClueHandle) {
		return apperr.New(apperr.Forbidden, "无权报告督办进展")
	}
	progress = strings.TrimSpace(progress)
	if progress == "" {
		return apperr.Fields{"progress": "请填写进展情况"}.Err()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var clueID int64
		var closed string
		err := tx.QueryRow(ctx, `SELECT clue_id, closed_on FROM supervisions WHERE id = ?`, supervisionID).Scan(&clueID, &closed)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("该督办")
		}
		if err != nil {
			return err
		}
		c, err := s.get(ctx, tx, p, clueID)
		if err != nil {
			return err
		}
		if closed != "" {
			return apperr.New(apperr.Conflict, "该督办已于 %s 办结", closed)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO supervision_reports (supervision_id, reported_on, progress, reported_by) VALUES (?, ?, ?, ?)`,
			supervisionID, s.today(), progress, p.DisplayName); err != nil {
			return err
		}
		return s.custody(ctx, tx, p, c, "supervision.report", "报告督办进展", progress)
	})
}

// CloseSupervision ends a tracked supervision (办结) with the supervising commission's
// conclusion. Only the supervising commission closes it. Requires clue.approve or clue.handle.
func (s *Service) CloseSupervision(ctx context.Context, p org.Principal, supervisionID int64, note string) error {
	note = strings.TrimSpace(note)
	if note == "" || utf8.RuneCountInString(note) > 2000 {
		return apperr.Fields{"note": "请填写办结意见（不超过 2000 字）"}.Err()
	}
	return s.onSupervision(ctx, p, supervisionID, func(tx *db.Tx, c Clue) error {
		if _, err := tx.Exec(ctx, `UPDATE supervisions SET closed_on = ?, closed_note = ? WHERE id = ?`, s.today(), note, supervisionID); err != nil {
			return err
		}
		return s.custody(ctx, tx, p, c, "supervision.close", p.CommissionName+"督办办结", note)
	})
}

// Remind presses an open supervision (催办) with a note and a new deadline not before today;
// a supervision pressed twice shows as escalated to the supervising leaders. Only the
// supervising commission presses. Requires clue.approve or clue.handle.
func (s *Service) Remind(ctx context.Context, p org.Principal, supervisionID int64, note, due string) error {
	note = strings.TrimSpace(note)
	f := apperr.Fields{}
	if note == "" || utf8.RuneCountInString(note) > 2000 {
		f.Add("note", "请填写催办意见（不超过 2000 字）")
	}
	d, ok := cadre.ParseDate(due)
	if !ok || d < s.today() {
		f.Add("due_on", "请填写新的办结时限（不早于今天），格式 YYYY-MM-DD")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.onSupervision(ctx, p, supervisionID, func(tx *db.Tx, c Clue) error {
		if _, err := tx.Exec(ctx, `INSERT INTO supervision_reminders (supervision_id, reminded_on, note, new_due_on, reminded_by) VALUES (?, ?, ?, ?, ?)`,
			supervisionID, s.today(), note, d, p.DisplayName); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE supervisions SET due_on = ?, reminders = reminders + 1 WHERE id = ?`, d, supervisionID); err != nil {
			return err
		}
		return s.custody(ctx, tx, p, c, "supervision.remind", p.CommissionName+"催办，新时限 "+d, note)
	})
}

// onSupervision runs fn on an open supervision of p's commission and its clue, in one
// transaction.
func (s *Service) onSupervision(ctx context.Context, p org.Principal, supervisionID int64, fn func(*db.Tx, Clue) error) error {
	if !p.Can(org.PermClueApprove) && !p.Can(org.PermClueHandle) {
		return apperr.New(apperr.Forbidden, "无权办理督办事项")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var clueID, byID int64
		var closed string
		err := tx.QueryRow(ctx, `SELECT clue_id, by_id, closed_on FROM supervisions WHERE id = ?`, supervisionID).Scan(&clueID, &byID, &closed)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("该督办")
		}
		if err != nil {
			return err
		}
		c, err := s.get(ctx, tx, p, clueID)
		if err != nil {
			return err
		}
		if byID != p.CommissionID {
			return apperr.New(apperr.Forbidden, "督办由督办机关办结或催办")
		}
		if closed != "" {
			return apperr.New(apperr.Conflict, "该督办已于 %s 办结", closed)
		}
		return fn(tx, c)
	})
}

// supervisions loads a clue's supervisions with their reports.
func (s *Service) supervisions(ctx context.Context, q db.Querier, clueID int64) ([]Supervision, error) {
	rows, err := q.Query(ctx, `SELECT v.id, v.clue_id, v.by_id, c.name, v.request, v.due_on, v.closed_on, v.closed_note FROM supervisions v JOIN commissions c ON c.id = v.by_id
		WHERE v.clue_id = ? ORDER BY v.id`, clueID)
	if err != nil {
		return nil, err
	}
	var out []Supervision
	for rows.Next() {
		var v Supervision
		if err := rows.Scan(&v.ID, &v.ClueID, &v.ByID, &v.By, &v.Request, &v.DueOn, &v.ClosedOn, &v.ClosedNote); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, v)
	}
	rows.Close()
	for i := range out {
		rs, err := q.Query(ctx, `SELECT reported_on, progress, reported_by FROM supervision_reports WHERE supervision_id = ? ORDER BY id`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for rs.Next() {
			var r ProgressReport
			if err := rs.Scan(&r.On, &r.Progress, &r.By); err != nil {
				rs.Close()
				return nil, err
			}
			out[i].Reports = append(out[i].Reports, r)
		}
		rs.Close()
		rs, err = q.Query(ctx, `SELECT reminded_on, note, new_due_on, reminded_by FROM supervision_reminders WHERE supervision_id = ? ORDER BY id`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for rs.Next() {
			var r Reminder
			if err := rs.Scan(&r.On, &r.Note, &r.NewDue, &r.By); err != nil {
				rs.Close()
				return nil, err
			}
			out[i].Reminders = append(out[i].Reminders, r)
		}
		rs.Close()
	}
	return out, nil
}

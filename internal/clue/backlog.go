package clue

import (
	"context"
	"fmt"
	"time"

	"custos/internal/apperr"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/workday"
)

// WorkItem is one thing waiting for someone, with its deadline.
type WorkItem struct {
	ClueID   int64
	Number   string
	Priority bool
	What     string
	Due      string // "" when no deadline applies
	Overdue  bool
}

// Worklist returns what waits for p in p's own commission, deadlines first: allocations to
// approve and disposals to approve (clue.approve); clues to review (within ProposalMonths of
// receipt), shelved clues due for their periodic review, letters to chase, replies and
// conclusions due, filings owed, supervisions to report on and supervisions of lower clues to
// follow (clue.handle); key-minority clues first among equals. Deadlines count working days
// where the rules do.
func (s *Service) Worklist(ctx context.Context, p org.Principal) ([]WorkItem, error) {
	if !p.Can(org.PermClueView) {
		return nil, apperr.New(apperr.Forbidden, "无权查看待办")
	}
	today := s.today()
	var out []WorkItem
	add := func(query string, what func(string) string, args ...any) error {
		return s.addWork(ctx, &out, today, query, what, nil, args...)
	}
	var err error
	own := p.CommissionID
	if p.Can(org.PermClueApprove) {
		err = add(`SELECT id, number, priority, '', '' FROM clues WHERE commission_id = ? AND status = ?`, func(string) string { return "待批准分办" }, own, Registered)
		if err == nil {
			// the proposals whose next step of the approval chain is p's
			steps := []any{}
			for i := range max(1, len(s.set.DisposalChain)) {
				if role, _ := s.ApprovalStep(i); role == "" || p.HasRole(role) {
					steps = append(steps, i)
				}
			}
			if len(steps) > 0 {
				err = add(`SELECT id, number, priority, disposal, '' FROM clues WHERE commission_id = ? AND status = ? AND approvals IN (`+db.Placeholders(len(steps))+`)`,
					func(d string) string { return "待审批处置意见：" + StatusName(d) }, append([]any{own, Proposed}, steps...)...)
			}
		}
		if err == nil {
			err = add(`SELECT c.id, c.number, c.priority, b.name, v.due_on FROM supervisions v JOIN clues c ON c.id = v.clue_id JOIN commissions b ON b.id = c.commission_id
				WHERE v.by_id = ? AND v.closed_on = '' AND v.reminders >= 2`,
				func(n string) string {
					return "督办经两次催办仍未办结：研究约谈或提级办理（" + n + "）"
				}, own)
		}
	}
	if err == nil && p.Can(org.PermClueHandle) {
		// an allocated clue's disposal is proposed within ProposalMonths of its receipt
		err = s.addWork(ctx, &out, today, `SELECT id, number, priority, received_on, received_on FROM clues WHERE commission_id = ? AND status = ?`,
			func(r string) string { return "待集体研究提出处置意见（" + r + " 收到）" },
			func(received string) string { return workday.AddMonths(received, s.set.ProposalMonths) }, own, Allocated)
	}
	if err == nil && p.Can(org.PermClueHandle) {
		for _, w := range []struct {
			query string
			what  func(string) string
		}{
			{`SELECT id, number, priority, '', review_due FROM clues WHERE commission_id = ? AND status = 'shelved'`,
				func(string) string { return "暂存待查线索定期清理" }},
			{`SELECT c.id, c.number, c.priority, k.name, '' FROM inquiries i JOIN clues c ON c.id = i.clue_id JOIN cadres k ON k.id = i.cadre_id
				WHERE c.commission_id = ? AND i.kind = 'letter' AND i.received_on = ''`, func(n string) string { return n + "：函询待送达" }},
			{`SELECT c.id, c.number, c.priority, k.name, i.reply_due FROM inquiries i JOIN clues c ON c.id = i.clue_id JOIN cadres k ON k.id = i.cadre_id
				WHERE c.commission_id = ? AND i.reply_due <> '' AND i.answered_on = ''`, func(n string) string { return n + "：函询回复" }},
			{`SELECT c.id, c.number, c.priority, k.name, i.conclusion_due FROM inquiries i JOIN clues c ON c.id = i.clue_id JOIN cadres k ON k.id = i.cadre_id
				WHERE c.commission_id = ? AND i.conclusion_due <> '' AND i.concluded_on = ''`, func(n string) string { return n + "：函询了结" }},
			{`SELECT c.id, c.number, c.priority, t.name, f.due_on FROM filings f JOIN clues c ON c.id = f.clue_id JOIN commissions t ON t.id = f.to_id
				WHERE f.from_id = ? AND (f.filed_on = '' OR f.decision = 'returned')`, func(n string) string { return "向" + n + "报备" }},
			{`SELECT c.id, c.number, c.priority, b.name, v.due_on FROM supervisions v JOIN clues c ON c.id = v.clue_id JOIN commissions b ON b.id = v.by_id
				WHERE c.commission_id = ? AND v.closed_on = ''`, func(n string) string { return n + "督办事项" }},
			{`SELECT c.id, c.number, c.priority, b.name, v.due_on FROM supervisions v JOIN clues c ON c.id = v.clue_id JOIN commissions b ON b.id = c.commission_id
				WHERE v.by_id = ? AND v.closed_on = ''`, func(n string) string { return "跟踪督办" + n + "线索" }},
		} {
			if err = add(w.query, w.what, own); err != nil {
				break
			}
		}
	}
	if err != nil {
		return nil, err
	}
	sortWork(out)
	return out, nil
}

// addWork appends the work items a query finds (id, number, priority, detail, due); what
// words an item from its detail, dueOf (when set) turns the due column into the deadline.
func (s *Service) addWork(ctx context.Context, out *[]WorkItem, today, query string, what, dueOf func(string) string, args ...any) error {
	rows, err := s.db.Reader().Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var it WorkItem
		var detail string
		if err := rows.Scan(&it.ClueID, &it.Number, &it.Priority, &detail, &it.Due); err != nil {
			return err
		}
		it.What = what(detail)
		if dueOf != nil {
			it.Due = dueOf(it.Due)
		}
		it.Overdue = it.Due != "" && it.Due < today
		*out = append(*out, it)
	}
	return rows.Err()
}

// sortWork orders overdue first, then by deadline (none last), key minority first among equals.
func sortWork(items []WorkItem) {
	less := func(a, b WorkItem) bool {
		if a.Overdue != b.Overdue {
			return a.Overdue
		}
		if (a.Due == "") != (b.Due == "") {
			return a.Due != ""
		}
		if a.Due != b.Due {
			return a.Due < b.Due
		}
		if a.Priority != b.Priority {
			return a.Priority
		}
		return a.ClueID < b.ClueID
	}
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && less(items[j], items[j-1]); j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
}

// Ages are the backlog's age buckets (动态清零): how long open clues have been open.
var Ages = []struct {
	Name      string
	MaxMonths int // open less than this many months; 0 for the last bucket
}{{"不满 1 个月", 1}, {"1–3 个月", 3}, {"3–6 个月", 6}, {"6 个月以上", 0}}

// BacklogRow is one commission's open clues by age and its overdue inquiries.
type BacklogRow struct {
	CommissionID   int64
	CommissionName string
	ByAge          []int // per Ages bucket
	Open           int
	OverdueReplies int // inquiry replies or conclusions past due
}

// MonthPoint is the number of clues open at the end of a month.
type MonthPoint struct {
	Month string // YYYY-MM
	Open  int
}

// Backlog returns, for p's commission and each commission directly below it (its whole
// subtree counted in), the open clues by age and the overdue inquiries, and the trend of open
// clues at the end of each of the last months (the 动态清零 view). Requires clue.view.
func (s *Service) Backlog(ctx context.Context, p org.Principal, months int) ([]BacklogRow, []MonthPoint, error) {
	if !p.Can(org.PermClueView) {
		return nil, nil, apperr.New(apperr.Forbidden, "无权查看线索积压情况")
	}
	q := s.db.Reader()
	rows, err := q.Query(ctx, `SELECT id, name, path FROM commissions WHERE id = ? OR parent_id = ? ORDER BY path`, p.CommissionID, p.CommissionID)
	if err != nil {
		return nil, nil, err
	}
	type unit struct {
		id         int64
		name, path string
	}
	var units []unit
	for rows.Next() {
		var u unit
		if err := rows.Scan(&u.id, &u.name, &u.path); err != nil {
			rows.Close()
			return nil, nil, err
		}
		units = append(units, u)
	}
	rows.Close()
	today := s.today()
	t0, _ := time.Parse("2006-01-02", today)
	var out []BacklogRow
	for _, u := range units {
		lo, hi := db.SubtreeRange(u.path)
		cond, args := `commission_path >= ? AND commission_path < ?`, []any{lo, hi}
		if u.id == p.CommissionID {
			cond, args = `commission_id = ?`, []any{u.id} // own row: the commission itself, below ones have theirs
		}
		r := BacklogRow{CommissionID: u.id, CommissionName: u.name, ByAge: make([]int, len(Ages))}
		prev := today
		for i, a := range Ages {
			from := ""
			if a.MaxMonths > 0 {
				from = t0.AddDate(0, -a.MaxMonths, 0).Format("2006-01-02")
			}
			var n int
			if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM clues WHERE `+cond+` AND closed_on = '' AND received_on > ? AND received_on <= ?`,
				append(args, from, prev)...).Scan(&n); err != nil {
				return nil, nil, err
			}
			r.ByAge[i], prev = n, from
			r.Open += n
		}
		icond := `i.commission_path >= ? AND i.commission_path < ?`
		iargs := []any{lo, hi}
		if u.id == p.CommissionID {
			icond, iargs = `c.commission_id = ?`, []any{u.id}
		}
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM inquiries i JOIN clues c ON c.id = i.clue_id WHERE `+icond+`
			AND ((i.reply_due <> '' AND i.answered_on = '' AND i.reply_due < ?) OR (i.conclusion_due <> '' AND i.concluded_on = '' AND i.conclusion_due < ?))`,
			append(iargs, today, today)...).Scan(&r.OverdueReplies); err != nil {
			return nil, nil, err
		}
		out = append(out, r)
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	var trend []MonthPoint
	for i := months - 1; i >= 0; i-- {
		first := time.Date(t0.Year(), t0.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -i, 0)
		end := first.AddDate(0, 1, -1).Format("2006-01-02")
		if end > today {
			end = today
		}
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM clues WHERE commission_path >= ? AND commission_path < ? AND received_on <= ?
			AND (closed_on = '' OR closed_on > ?)`, lo, hi, end, end).Scan(&n); err != nil {
			return nil, nil, err
		}
		trend = append(trend, MonthPoint{Month: fmt.Sprintf("%04d-%02d", first.Year(), int(first.Month())), Open: n})
	}
	return out, trend, nil
}

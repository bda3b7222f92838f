package cadre

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// Talk kinds (D1, D2).
const (
	TalkArrival  = "arrival"  // 到岗谈: on appointment or exchange, created automatically
	TalkPeriodic = "periodic" // 定期谈: department heads, regularly
	TalkAnytime  = "anytime"  // 随时谈: on early signs (苗头性倾向性问题)
	TalkHeart    = "heart"    // 谈心谈话
)

// TalkKinds lists the kinds with their Chinese names.
func TalkKinds() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{
		{TalkArrival, "到岗谈"}, {TalkPeriodic, "定期谈"}, {TalkAnytime, "随时谈"}, {TalkHeart, "谈心谈话"},
	}
}

// TalkKindName returns the Chinese name of a talk kind.
func TalkKindName(k string) string {
	for _, x := range TalkKinds() {
		if x.ID == k {
			return x.Name
		}
	}
	return k
}

// Talk is a supervision talk, due or held.
type Talk struct {
	ID             int64
	CadreID        int64
	CadreName      string
	CommissionName string
	CommissionPath string
	Kind           string
	Reason         string
	DueDate        string
	HeldDate       string // "" while not yet held
	Talker         string
	Summary        string
	SourceType     string
	SourceID       int64
}

// Overdue reports whether the talk is still not held after its due date.
func (t Talk) Overdue(today string) bool { return t.HeldDate == "" && t.DueDate < today }

func (s *Service) insertTalk(ctx context.Context, tx *db.Tx, p org.Principal, t Talk) (Talk, error) {
	var src any
	if t.SourceID != 0 {
		src = t.SourceID
	}
	if err := tx.QueryRow(ctx, `INSERT INTO talks (cadre_id, commission_path, kind, reason, due_date, source_type, source_id,
		created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, t.CadreID, t.CommissionPath, t.Kind, t.Reason,
		t.DueDate, t.SourceType, src, nullID(p.UserID), s.now().UTC()).Scan(&t.ID); err != nil {
		return t, err
	}
	return t, nil
}

// ScheduleTalk plans a talk with a cadre in p's scope. Requires cadre.manage.
func (s *Service) ScheduleTalk(ctx context.Context, p org.Principal, cadreID int64, kind, due, reason string) (Talk, error) {
	if !p.Can(org.PermCadreManage) {
		return Talk{}, apperr.New(apperr.Forbidden, "无权安排谈话")
	}
	f := apperr.Fields{}
	if TalkKindName(kind) == kind {
		f.Add("kind", "请选择谈话类型")
	}
	dueDate, ok := ParseDate(due)
	if !ok {
		f.Add("due_date", "请填写应谈日期，格式 YYYY-MM-DD")
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > 200 {
		f.Add("reason", "事由不超过 200 字")
	}
	if err := f.Err(); err != nil {
		return Talk{}, err
	}
	var out Talk
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		k, err := getCadre(ctx, tx, p, cadreID)
		if err != nil {
			return err
		}
		if out, err = s.insertTalk(ctx, tx, p, Talk{CadreID: k.ID, CommissionPath: k.CommissionPath, Kind: kind, Reason: reason, DueDate: dueDate}); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "talk.schedule", ObjectType: "talk", ObjectID: strconv.FormatInt(out.ID, 10),
			Summary: "安排" + TalkKindName(kind) + "：" + k.Name + "，应于 " + dueDate + " 前", After: out, CommissionID: k.CommissionID, ScopePath: k.CommissionPath})
	})
	return out, err
}

// RecordTalk records that a planned talk was held: date (not after today), talker and a
// summary. The talk lands on the archive timeline. Requires cadre.manage.
func (s *Service) RecordTalk(ctx context.Context, p org.Principal, talkID int64, held, talker, summary string) (Talk, error) {
	if !p.Can(org.PermCadreManage) {
		return Talk{}, apperr.New(apperr.Forbidden, "无权记录谈话")
	}
	f := apperr.Fields{}
	heldDate := dateField(f, "held_date", "谈话日期", held, s.today())
	if strings.TrimSpace(held) == "" {
		f.Add("held_date", "请填写谈话日期")
	}
	talker, summary = strings.TrimSpace(talker), strings.TrimSpace(summary)
	if talker == "" {
		f.Add("talker", "请填写谈话人")
	}
	if summary == "" || utf8.RuneCountInString(summary) > 2000 {
		f.Add("summary", "请填写谈话情况（不超过 2000 字）")
	}
	if err := f.Err(); err != nil {
		return Talk{}, err
	}
	var out Talk
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := getTalk(ctx, tx, p, talkID)
		if err != nil {
			return err
		}
		if t.HeldDate != "" {
			return apperr.New(apperr.Conflict, "该谈话已于 %s 记录", t.HeldDate)
		}
		if _, err := tx.Exec(ctx, `UPDATE talks SET held_date = ?, talker = ?, summary = ? WHERE id = ?`, heldDate, talker, summary, t.ID); err != nil {
			return err
		}
		t.HeldDate, t.Talker, t.Summary = heldDate, talker, summary
		out = t
		if err := AddItem(ctx, tx, Item{CadreID: t.CadreID, Date: heldDate, Kind: "talk", Title: TalkKindName(t.Kind) + "（谈话人：" + talker + "）",
			Detail: summary, SourceType: "talk", SourceID: t.ID, RecordedBy: p.DisplayName}, s.now()); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "talk.record", ObjectType: "talk", ObjectID: strconv.FormatInt(t.ID, 10),
			Summary: "记录" + TalkKindName(t.Kind) + "：" + t.CadreName + "，" + heldDate, After: t, ScopePath: t.CommissionPath})
	})
	return out, err
}

const talkColumns = `t.id, t.cadre_id, k.name, c.name, t.commission_path, t.kind, t.reason, t.due_date, t.held_date, t.talker,
	t.summary, t.source_type, COALESCE(t.source_id, 0)`

const talkFrom = ` FROM talks t JOIN cadres k ON k.id = t.cadre_id JOIN commissions c ON c.id = k.commission_id `

func scanTalk(sc interface{ Scan(...any) error }) (Talk, error) {
	var t Talk
	err := sc.Scan(&t.ID, &t.CadreID, &t.CadreName, &t.CommissionName, &t.CommissionPath, &t.Kind, &t.Reason, &t.DueDate,
		&t.HeldDate, &t.Talker, &t.Summary, &t.SourceType, &t.SourceID)
	return t, err
}

func getTalk(ctx context.Context, q db.Querier, p org.Principal, id int64) (Talk, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	t, err := scanTalk(q.QueryRow(ctx, `SELECT `+talkColumns+talkFrom+`WHERE t.id = ? AND t.commission_path >= ? AND t.commission_path < ?`, id, lo, hi))
	if errors.Is(err, sql.ErrNoRows) {
		return t, apperr.NotFoundf("该谈话")
	}
	return t, err
}

// Worklist returns the talks not yet held in p's scope, earliest due first; Overdue(today)
// marks the late ones. Requires cadre.view.
func (s *Service) Worklist(ctx context.Context, p org.Principal) ([]Talk, string, error) {
	if !p.Can(org.PermCadreView) {
		return nil, "", apperr.New(apperr.Forbidden, "无权查看谈话安排")
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	rows, err := s.db.Reader().Query(ctx, `SELECT `+talkColumns+talkFrom+`WHERE t.held_date = '' AND t.commission_path >= ? AND t.commission_path < ?
		ORDER BY t.due_date, t.id LIMIT 500`, lo, hi)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []Talk
	for rows.Next() {
		t, err := scanTalk(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, t)
	}
	return out, s.today().Format("2006-01-02"), rows.Err()
}

func talksOf(ctx context.Context, q db.Querier, cadreID int64) ([]Talk, error) {
	rows, err := q.Query(ctx, `SELECT `+talkColumns+talkFrom+`WHERE t.cadre_id = ? ORDER BY t.due_date DESC, t.id DESC`, cadreID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Talk
	for rows.Next() {
		t, err := scanTalk(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

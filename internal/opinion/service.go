package opinion

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/paper"
)

// mayWrite: drafting and confirming replies needs the archive and cadre management.
func mayWrite(p org.Principal) error {
	if !p.Can(org.PermArchiveRead) || !p.Can(org.PermCadreManage) {
		return apperr.New(apperr.Forbidden, "无权办理党风廉政意见回复")
	}
	return nil
}

// Create registers a request of p's commission and drafts a reply for each cadre named in
// in.Cadres from their archive — each an audited archive read whose purpose is this request.
// A line that names nobody in p's scope, or several people, is refused with its line number;
// so is a cadre whose archive p may not read (own, a relative's). All or nothing.
func (s *Service) Create(ctx context.Context, p org.Principal, in Input) (Request, error) {
	if err := mayWrite(p); err != nil {
		return Request{}, err
	}
	f := apperr.Fields{}
	in.Requester, in.RequestRef, in.Purpose = strings.TrimSpace(in.Requester), strings.TrimSpace(in.RequestRef), strings.TrimSpace(in.Purpose)
	if in.Requester == "" || utf8.RuneCountInString(in.Requester) > 50 {
		f.Add("requester", "请填写来函单位（不超过 50 字）")
	}
	if utf8.RuneCountInString(in.RequestRef) > 100 {
		f.Add("request_ref", "来函文号或标题不超过 100 字")
	}
	if in.Purpose == "" || utf8.RuneCountInString(in.Purpose) > 50 {
		f.Add("purpose", "请填写事由（不超过 50 字）")
	}
	received, ok := cadre.ParseDate(in.ReceivedOn)
	switch {
	case !ok:
		f.Add("received_on", "请填写收函日期，格式 YYYY-MM-DD")
	case received > s.today().Format("2006-01-02"):
		f.Add("received_on", "收函日期不能晚于今天")
	}
	named := 0
	for _, line := range strings.Split(in.Cadres, "\n") {
		if strings.TrimSpace(line) != "" {
			named++
		}
	}
	switch {
	case named == 0:
		f.Add("cadres", "请填写征求意见的干部，每行一人（姓名或身份证号）")
	case named > s.set.MaxCadres:
		f.Add("cadres", fmt.Sprintf("一次最多 %d 人，请分批办理", s.set.MaxCadres))
	}
	if err := f.Err(); err != nil {
		return Request{}, err
	}
	var req Request
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		people, err := s.cadres.FindLines(ctx, tx, p, in.Cadres, "cadres")
		if err != nil {
			return err
		}
		req = Request{CommissionID: p.CommissionID, CommissionName: p.CommissionName, CommissionPath: p.ScopePath,
			Requester: in.Requester, RequestRef: in.RequestRef, Purpose: in.Purpose, ReceivedOn: received,
			Status: Draft, CreatedBy: p.DisplayName}
		if err := tx.QueryRow(ctx, `INSERT INTO opinion_requests (commission_id, commission_path, requester, request_ref, purpose,
			received_on, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			req.CommissionID, req.CommissionPath, req.Requester, req.RequestRef, req.Purpose, req.ReceivedOn, Draft,
			p.DisplayName, s.now().UTC()).Scan(&req.ID); err != nil {
			return err
		}
		purpose := "党风廉政意见回复：" + in.Requester + in.Purpose
		for i, k := range people {
			sub, err := s.draft(ctx, tx, p, k, purpose)
			if err != nil {
				return apperr.Fields{"cadres": k.Name + "：" + apperr.MessageOf(err)}.Err()
			}
			findings, _ := json.Marshal(sub.Findings)
			if _, err := tx.Exec(ctx, `INSERT INTO opinion_subjects (request_id, cadre_id, position, findings, sources, reply, adverse)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, req.ID, k.ID, i+1, string(findings), strings.Join(sub.Sources, "\n"), sub.Reply, sub.Adverse); err != nil {
				return err
			}
			req.Subjects = append(req.Subjects, sub)
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "opinion.create", ObjectType: "opinion_request",
			ObjectID: strconv.FormatInt(req.ID, 10), Summary: fmt.Sprintf("登记%s党风廉政意见征求（%s，%d 人）并起草回复", in.Requester, in.Purpose, len(people)),
			After: in})
	})
	return req, err
}

// draft reads one cadre's archive and the sources and writes the draft reply.
func (s *Service) draft(ctx context.Context, tx *db.Tx, p org.Principal, k cadre.Cadre, purpose string) (Subject, error) {
	a, err := s.cadres.OpenIn(ctx, tx, p, k.ID, purpose)
	if err != nil {
		return Subject{}, err
	}
	asOf := s.today()
	sub := Subject{Cadre: a.Cadre, Sources: s.SourceNames(), Findings: ArchiveFindings(a, asOf, s.set.LookbackYears)}
	for _, src := range s.sources {
		more, err := src.Findings(ctx, tx, k.ID, asOf)
		if err != nil {
			return Subject{}, err
		}
		sub.Findings = append(sub.Findings, more...)
	}
	for _, f := range sub.Findings {
		sub.Adverse = sub.Adverse || f.Adverse
	}
	sub.Reply = DraftReply(k.Name, asOf, sub.Findings)
	return sub, nil
}

// List returns one page of requests of p's commission and below, newest first, and the total.
// Requires archive.read.
func (s *Service) List(ctx context.Context, p org.Principal, pg org.Page) ([]Request, int, error) {
	if !p.Can(org.PermArchiveRead) {
		return nil, 0, apperr.New(apperr.Forbidden, "无权查看党风廉政意见回复")
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	q := s.db.Reader()
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM opinion_requests WHERE commission_path >= ? AND commission_path < ?`, lo, hi).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, `SELECT `+requestColumns+`, (SELECT COUNT(*) FROM opinion_subjects s WHERE s.request_id = r.id)
		FROM opinion_requests r JOIN commissions c ON c.id = r.commission_id
		WHERE r.commission_path >= ? AND r.commission_path < ? ORDER BY r.id DESC LIMIT ? OFFSET ?`, lo, hi, pg.Size, pg.Offset())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Request
	for rows.Next() {
		var r Request
		if err := rows.Scan(append(r.fields(), &r.SubjectCount)...); err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

const requestColumns = `r.id, r.commission_id, c.name, r.commission_path, r.requester, r.request_ref, r.purpose, r.received_on,
	r.status, r.number, r.confirmed_by, r.confirmed_on, r.created_by`

func (r *Request) fields() []any {
	return []any{&r.ID, &r.CommissionID, &r.CommissionName, &r.CommissionPath, &r.Requester, &r.RequestRef, &r.Purpose,
		&r.ReceivedOn, &r.Status, &r.Number, &r.ConfirmedBy, &r.ConfirmedOn, &r.CreatedBy}
}

// Get returns request id with its replies — a protected read (the replies come from archives),
// audited. Requests outside p's scope are not found. Requires archive.read.
func (s *Service) Get(ctx context.Context, p org.Principal, id int64) (Request, error) {
	if !p.Can(org.PermArchiveRead) {
		return Request{}, apperr.New(apperr.Forbidden, "无权查看党风廉政意见回复")
	}
	var r Request
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if r, err = s.load(ctx, tx, p, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "opinion.read", ObjectType: "opinion_request",
			ObjectID: strconv.FormatInt(r.ID, 10), Summary: "查阅" + r.Requester + "党风廉政意见回复" + r.Number,
			CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return r, err
}

func (s *Service) load(ctx context.Context, q db.Querier, p org.Principal, id int64) (Request, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	var r Request
	err := q.QueryRow(ctx, `SELECT `+requestColumns+` FROM opinion_requests r JOIN commissions c ON c.id = r.commission_id
		WHERE r.id = ? AND r.commission_path >= ? AND r.commission_path < ?`, id, lo, hi).Scan(r.fields()...)
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundf("该意见回复")
	}
	if err != nil {
		return r, err
	}
	rows, err := q.Query(ctx, `SELECT cadre_id, findings, sources, reply, adverse FROM opinion_subjects WHERE request_id = ? ORDER BY position`, r.ID)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var sub Subject
		var findings, sources string
		if err := rows.Scan(&sub.Cadre.ID, &findings, &sources, &sub.Reply, &sub.Adverse); err != nil {
			return r, err
		}
		if err := json.Unmarshal([]byte(findings), &sub.Findings); err != nil {
			return r, err
		}
		sub.Sources = strings.Split(sources, "\n")
		r.Subjects = append(r.Subjects, sub)
	}
	if err := rows.Err(); err != nil {
		return r, err
	}
	rows.Close()
	for i := range r.Subjects {
		// the cadre as they are now, even if they have since moved out of p's scope
		k, err := s.cadres.Snapshot(ctx, q, r.Subjects[i].Cadre.ID)
		if err != nil {
			return r, err
		}
		r.Subjects[i].Cadre = k
	}
	r.SubjectCount = len(r.Subjects)
	return r, nil
}

// SetReply replaces the reply about one cadre of a draft request. Requires archive.read and
// cadre.manage.
func (s *Service) SetReply(ctx context.Context, p org.Principal, id, cadreID int64, reply string) error {
	if err := mayWrite(p); err != nil {
		return err
	}
	reply = strings.TrimSpace(reply)
	if reply == "" || utf8.RuneCountInString(reply) > 2000 {
		return apperr.Fields{fmt.Sprintf("reply_%d", cadreID): "请填写回复意见（不超过 2000 字）"}.Err()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.load(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if r.Status != Draft {
			return apperr.New(apperr.Conflict, "该回复已确认编号，不能再修改")
		}
		var before string
		for _, sub := range r.Subjects {
			if sub.Cadre.ID == cadreID {
				before = sub.Reply
			}
		}
		res, err := tx.Exec(ctx, `UPDATE opinion_subjects SET reply = ? WHERE request_id = ? AND cadre_id = ?`, reply, r.ID, cadreID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.NotFoundf("该干部的回复")
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "opinion.edit", ObjectType: "opinion_request",
			ObjectID: strconv.FormatInt(r.ID, 10), Summary: "修改" + r.Requester + "党风廉政意见回复的意见",
			Before: before, After: reply, CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
}

// Kind is the document kind the replies are numbered under: a letter (函).
const Kind = "函"

// Confirm makes a draft final: it takes the commission's next letter number for the year and
// adds the reply to each cadre's archive. Requires archive.read and cadre.manage.
func (s *Service) Confirm(ctx context.Context, p org.Principal, id int64) (Request, error) {
	if err := mayWrite(p); err != nil {
		return Request{}, err
	}
	var r Request
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if r, err = s.load(ctx, tx, p, id); err != nil {
			return err
		}
		if r.Status != Draft {
			return apperr.New(apperr.Conflict, "该回复已于 %s 确认，文号 %s", r.ConfirmedOn, r.Number)
		}
		today := s.today()
		code, err := paper.IssuerCode(ctx, tx, r.CommissionID)
		if err != nil {
			return err
		}
		n, err := paper.NextNumber(ctx, tx, r.CommissionID, Kind, today.Year())
		if err != nil {
			return err
		}
		r.Status, r.Number, r.ConfirmedBy, r.ConfirmedOn = Confirmed, paper.Number(code, Kind, today.Year(), n), p.DisplayName, today.Format("2006-01-02")
		if _, err := tx.Exec(ctx, `UPDATE opinion_requests SET status = ?, number = ?, confirmed_by = ?, confirmed_on = ? WHERE id = ?`,
			r.Status, r.Number, r.ConfirmedBy, r.ConfirmedOn, r.ID); err != nil {
			return err
		}
		for _, sub := range r.Subjects {
			if err := cadre.AddItem(ctx, tx, cadre.Item{CadreID: sub.Cadre.ID, Date: r.ConfirmedOn, Kind: "opinion",
				Title: "党风廉政意见回复（" + r.Number + "，" + r.Requester + r.Purpose + "）", Detail: sub.Reply,
				SourceType: "opinion_request", SourceID: r.ID, RecordedBy: p.DisplayName}, s.now()); err != nil {
				return err
			}
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "opinion.confirm", ObjectType: "opinion_request",
			ObjectID: strconv.FormatInt(r.ID, 10), Summary: "确认党风廉政意见回复 " + r.Number,
			After: map[string]string{"number": r.Number}, CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return r, err
}

// Document returns the confirmed reply as a document to export — an audited read.
// Requires archive.read.
func (s *Service) Document(ctx context.Context, p org.Principal, id int64) (paper.Doc, error) {
	if !p.Can(org.PermArchiveRead) {
		return paper.Doc{}, apperr.New(apperr.Forbidden, "无权导出党风廉政意见回复")
	}
	var d paper.Doc
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.load(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if r.Status != Confirmed {
			return apperr.New(apperr.Conflict, "请先确认回复并取得文号，再导出公文")
		}
		d = Letter(r)
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "opinion.export", ObjectType: "opinion_request",
			ObjectID: strconv.FormatInt(r.ID, 10), Summary: "导出党风廉政意见回复 " + r.Number + "（DOCX）",
			CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return d, err
}

package clue

import (
	"context"
	"strconv"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/document"
	"custos/internal/org"
	"custos/internal/paper"
)

// fields are the values a clue template's 【字段】 are filled with: the clue, the subject the
// document concerns, and the latest verification.
func (s *Service) fields(ctx context.Context, q db.Querier, c Clue, cadreID int64) (map[string]string, error) {
	f := map[string]string{"线索编号": c.Number, "线索摘要": c.Summary, "回复期限": strconv.Itoa(s.set.ReplyDays)}
	for _, k := range c.Subjects {
		if k.ID != cadreID {
			continue
		}
		var unit string
		if err := q.QueryRow(ctx, `SELECT m.name FROM cadres k JOIN commissions m ON m.id = k.commission_id WHERE k.id = ?`, k.ID).Scan(&unit); err != nil {
			return nil, err
		}
		f["被反映人"], f["所在单位"], f["职务"] = k.Name, unit, k.Post
	}
	if f["被反映人"] == "" {
		return nil, apperr.Fields{"cadre_id": "请选择该线索的被反映人"}.Err()
	}
	if n := len(c.Prelims); n > 0 {
		v := c.Prelims[n-1]
		f["核实情况"] = v.Report
		for _, o := range PrelimOutcomes() {
			if o.ID == v.Outcome {
				f["处理建议"] = o.Name
			}
		}
	}
	return f, nil
}

func mayDraft(p org.Principal) bool { return p.Can(org.PermClueHandle) || p.Can(org.PermClueApprove) }

// onClue runs fn on a clue of p's own commission, in one transaction.
func (s *Service) onClue(ctx context.Context, p org.Principal, id int64, fn func(*db.Tx, Clue) error) error {
	return apperr.Context(s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if c.CommissionID != p.CommissionID {
			return apperr.New(apperr.Conflict, "线索文书由线索所属机关制发")
		}
		return fn(tx, c)
	}), "clue %d", id)
}

// DraftDocument drafts a clue document (谈话函询通知书, 函询函, 初步核实报告 …) of kind about one
// of its subjects, filled from the record. Requires clue.handle or clue.approve.
func (s *Service) DraftDocument(ctx context.Context, p org.Principal, id int64, kind string, cadreID int64) (document.Document, error) {
	if !mayDraft(p) {
		return document.Document{}, apperr.New(apperr.Forbidden, "无权起草线索文书")
	}
	var d document.Document
	err := s.onClue(ctx, p, id, func(tx *db.Tx, c Clue) error {
		var err error
		if c.Prelims, err = s.prelims(ctx, tx, c.ID); err != nil {
			return err
		}
		f, err := s.fields(ctx, tx, c, cadreID)
		if err != nil {
			return err
		}
		if d, err = s.docs.Draft(ctx, tx, p, document.Matter{Type: "clue", ID: c.ID, CommissionID: c.CommissionID, CommissionPath: c.CommissionPath}, kind, f); err != nil {
			return err
		}
		return s.custody(ctx, tx, p, c, "clue.document", "起草"+d.KindName, "")
	})
	return d, err
}

// EditDocument changes a draft of the clue (clue documents carry no reply deadline: replyDue is
// ignored). Requires clue.handle or clue.approve.
func (s *Service) EditDocument(ctx context.Context, p org.Principal, id, docID int64, title, addressee, body, replyDue string) error {
	if !mayDraft(p) {
		return apperr.New(apperr.Forbidden, "无权修改线索文书")
	}
	return s.onClue(ctx, p, id, func(tx *db.Tx, c Clue) error {
		d, err := s.docs.Get(ctx, tx, "clue", c.ID, docID)
		if err != nil {
			return err
		}
		_, err = s.docs.Edit(ctx, tx, p, d, title, addressee, body, "")
		return err
	})
}

// IssueDocument signs a clue document off with its number. Requires clue.approve.
func (s *Service) IssueDocument(ctx context.Context, p org.Principal, id, docID int64) (document.Document, error) {
	if !p.Can(org.PermClueApprove) {
		return document.Document{}, apperr.New(apperr.Forbidden, "线索文书须经领导批准签发")
	}
	var d document.Document
	err := s.onClue(ctx, p, id, func(tx *db.Tx, c Clue) error {
		var err error
		if d, err = s.docs.Get(ctx, tx, "clue", c.ID, docID); err != nil {
			return err
		}
		if d, err = s.docs.Issue(ctx, tx, p, d, nil); err != nil {
			return err
		}
		return s.custody(ctx, tx, p, c, "clue.document_issue", "签发"+d.KindName+" "+d.Number, "")
	})
	return d, err
}

// ReviseDocument starts a new version of an issued clue document. Requires clue.handle or
// clue.approve.
func (s *Service) ReviseDocument(ctx context.Context, p org.Principal, id, docID int64) (document.Document, error) {
	if !mayDraft(p) {
		return document.Document{}, apperr.New(apperr.Forbidden, "无权修改线索文书")
	}
	var n document.Document
	err := s.onClue(ctx, p, id, func(tx *db.Tx, c Clue) error {
		d, err := s.docs.Get(ctx, tx, "clue", c.ID, docID)
		if err != nil {
			return err
		}
		n, err = s.docs.Revise(ctx, tx, p, d)
		return err
	})
	return n, err
}

// Documents lists a clue's documents for its page (the caller has read the clue).
func (s *Service) Documents(ctx context.Context, id int64) ([]document.Document, error) {
	return s.docs.List(ctx, s.db.Reader(), "clue", id)
}

// Document returns one document of a clue p may see, laid out for DOCX or print — a protected
// read, audited. Requires clue.view.
func (s *Service) Document(ctx context.Context, p org.Principal, id, docID int64) (document.Document, paper.Doc, error) {
	if !p.Can(org.PermClueView) {
		return document.Document{}, paper.Doc{}, apperr.New(apperr.Forbidden, "无权查看问题线索")
	}
	var d document.Document
	var out paper.Doc
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if d, err = s.docs.Get(ctx, tx, "clue", c.ID, docID); err != nil {
			return err
		}
		var issuer string
		if err := tx.QueryRow(ctx, `SELECT name FROM commissions WHERE id = ?`, d.CommissionID).Scan(&issuer); err != nil {
			return err
		}
		out = document.Paper(d, issuer, s.now())
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "clue.document_read", ObjectType: "clue", ObjectID: strconv.FormatInt(c.ID, 10),
			Summary: "问题线索 " + c.Number + "：查阅文书“" + d.Title + "”", CommissionID: c.CommissionID, ScopePath: c.CommissionPath})
	})
	return d, out, err
}

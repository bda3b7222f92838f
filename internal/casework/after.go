package casework

import (
	"context"
	"custos/internal/clock"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/document"
	"custos/internal/org"
	"custos/internal/paper"
	"custos/internal/rectify"
)

// DefaultDocumentSet is the case-document set (一案三书) by default: the subject's analysis of
// the political ecology of their unit, the confession, and the recommendation to the unit.
// Its composition is local practice (domain §4.9); the installation may name others.
var DefaultDocumentSet = []string{"ecology_statement", "confession", "recommendation"}

// Recommendation is the document kind whose issue opens the rectification of the unit.
const Recommendation = "recommendation"

// Link is a case linked to this one (一案双查: the responsibility of those who supervised).
type Link struct {
	CaseID   int64
	Number   string
	Subject  string
	Note     string
	LinkedBy string
	LinkedOn string
}

// Review is a post-case spot check (案后抽查) or a case quality review (案件质量评查).
type Review struct {
	Kind       string
	ReviewedOn string
	Reviewer   string
	Rating     string
	Findings   string
}

// ReviewKinds and Ratings name the reviews and their results.
func ReviewKinds() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{"spot_check", "案后抽查"}, {"quality", "案件质量评查"}}
}

// Ratings are the results of a review.
func Ratings() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{"good", "优秀"}, {"fair", "合格"}, {"poor", "不合格"}}
}

// Judicial is the procuratorate's determination in a mutual case (互涉案件), which comes first.
type Judicial struct {
	Organ, Determination, DeterminedOn, RecordedBy string
}

// fields are the values a template's 【字段】 are filled with from a case.
func (s *Service) fields(ctx context.Context, q db.Querier, c Case) (map[string]string, error) {
	var unit, gender, birth string
	if err := q.QueryRow(ctx, `SELECT m.name, k.gender, k.birth_date FROM cadres k JOIN commissions m ON m.id = k.commission_id WHERE k.id = ?`, c.CadreID).
		Scan(&unit, &gender, &birth); err != nil {
		return nil, err
	}
	f := map[string]string{
		"被审查调查人": c.CadreName, "职务": c.CadrePost, "单位": unit, "所在单位": unit, "性别": map[string]string{"M": "男", "F": "女"}[gender], "出生日期": birth,
		"立案编号": c.Number, "立案日期": c.FiledOn, "批准机关": c.Authority, "立案事由": c.Summary, "审查调查报告": c.Report, "移送审理日期": c.ToTrialOn,
		"审理报告": c.TrialReport, "处理决定": c.Decision, "决定日期": c.DecidedOn, "决定机关": c.CommissionName, "线索编号": c.ClueNumber,
	}
	sanctions, err := s.sanctions(ctx, q, c.ID)
	if err != nil {
		return nil, err
	}
	for _, x := range sanctions {
		name := strings.TrimSuffix(strings.TrimSuffix(x.Name, "（党纪）"), "（政务）")
		switch x.System {
		case "party":
			f["党纪处分"], f["生效日期"] = name, x.EffectiveOn
		case "gov":
			f["政务处分"], f["处分期满"] = name, x.PeriodEnd
		}
	}
	return f, nil
}

// DraftDocument drafts a document of kind for the case from its template, filled from the
// record. Requires case.handle, case.trial or case.approve.
func (s *Service) DraftDocument(ctx context.Context, p org.Principal, id int64, kind string) (document.Document, error) {
	if !mayDraft(p) {
		return document.Document{}, apperr.New(apperr.Forbidden, "无权起草案件文书")
	}
	var d document.Document
	err := s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		f, err := s.fields(ctx, tx, c)
		if err != nil {
			return err
		}
		if d, err = s.docs.Draft(ctx, tx, p, document.Matter{Type: "case", ID: c.ID, CommissionID: c.CommissionID, CommissionPath: c.CommissionPath}, kind, f); err != nil {
			return err
		}
		if kind == Recommendation {
			d.ReplyDue = addDays(s.today(), s.set.ReplyDays)
			if _, err := tx.Exec(ctx, `UPDATE documents SET reply_due = ? WHERE id = ?`, d.ReplyDue, d.ID); err != nil {
				return err
			}
		}
		return s.event(ctx, tx, p, c, "case.document", "起草"+d.KindName, "")
	})
	return d, err
}

func mayDraft(p org.Principal) bool {
	return p.Can(org.PermCaseHandle) || p.Can(org.PermCaseTrial) || p.Can(org.PermCaseApprove)
}

// EditDocument changes a draft of the case. Requires case.handle, case.trial or case.approve.
func (s *Service) EditDocument(ctx context.Context, p org.Principal, id, docID int64, title, addressee, body, replyDue string) error {
	if !mayDraft(p) {
		return apperr.New(apperr.Forbidden, "无权修改案件文书")
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		d, err := s.docs.Get(ctx, tx, "case", c.ID, docID)
		if err != nil {
			return err
		}
		_, err = s.docs.Edit(ctx, tx, p, d, title, addressee, body, replyDue)
		return err
	})
}

// IssueDocument signs a draft off (numbered kinds take their number). A numbered document needs
// the approval of someone who may approve; the subject's own statements (unnumbered) are
// received by the handler. Issuing the recommendation letter opens the rectification of the
// subject's unit, due on the letter's reply deadline (一案一整改). Requires case.approve, or
// case.handle for unnumbered documents.
func (s *Service) IssueDocument(ctx context.Context, p org.Principal, id, docID int64) (document.Document, error) {
	var d document.Document
	err := s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		var err error
		if d, err = s.docs.Get(ctx, tx, "case", c.ID, docID); err != nil {
			return err
		}
		var code string
		if err := tx.QueryRow(ctx, `SELECT code FROM doc_templates WHERE id = ?`, d.TemplateID).Scan(&code); err != nil {
			return err
		}
		if !p.Can(org.PermCaseApprove) && (code != "" || !p.Can(org.PermCaseHandle)) {
			return apperr.New(apperr.Forbidden, "编号文书须经领导批准签发")
		}
		late := map[string]string{}
		if t, ok := parseDay(d.ReplyDue); ok {
			late["整改回复期限"] = paper.DateText(t)
		}
		if d, err = s.docs.Issue(ctx, tx, p, d, late); err != nil {
			return err
		}
		what := "签发" + d.KindName
		if d.Number != "" {
			what += " " + d.Number
		}
		if d.Kind == Recommendation {
			var unit int64
			if err := tx.QueryRow(ctx, `SELECT commission_id FROM cadres WHERE id = ?`, c.CadreID).Scan(&unit); err != nil {
				return err
			}
			due := d.ReplyDue
			if due == "" {
				due = addDays(s.today(), s.set.ReplyDays)
			}
			owner := p
			owner.CommissionID, owner.ScopePath = c.CommissionID, c.CommissionPath
			if _, err := s.rectify.Open(ctx, tx, owner, rectify.OpenInput{SourceType: "case", SourceID: c.ID, SourceRef: "案件 " + c.Number + "，" + d.Number,
				UnitID: unit, Issues: d.Body, DueOn: due}); err != nil {
				return err
			}
			what += "，下达整改（期限 " + due + "）"
		}
		return s.event(ctx, tx, p, c, "case.document_issue", what, "")
	})
	return d, err
}

// ReviseDocument starts a new version of an issued document of the case. Requires case.handle,
// case.trial or case.approve.
func (s *Service) ReviseDocument(ctx context.Context, p org.Principal, id, docID int64) (document.Document, error) {
	if !mayDraft(p) {
		return document.Document{}, apperr.New(apperr.Forbidden, "无权修改案件文书")
	}
	var n document.Document
	err := s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		d, err := s.docs.Get(ctx, tx, "case", c.ID, docID)
		if err != nil {
			return err
		}
		if n, err = s.docs.Revise(ctx, tx, p, d); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.document_revise", "生成"+d.KindName+"第 "+strconv.Itoa(n.Version)+" 版", "")
	})
	return n, err
}

// Document returns one document of a case p may see, laid out for DOCX or print — a protected
// read, audited. Requires case.view.
func (s *Service) Document(ctx context.Context, p org.Principal, id, docID int64) (document.Document, paper.Doc, error) {
	if !p.Can(org.PermCaseView) {
		return document.Document{}, paper.Doc{}, apperr.New(apperr.Forbidden, "无权查看案件")
	}
	var d document.Document
	var out paper.Doc
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.load(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if d, err = s.docs.Get(ctx, tx, "case", c.ID, docID); err != nil {
			return err
		}
		var issuer string
		if err := tx.QueryRow(ctx, `SELECT name FROM commissions WHERE id = ?`, d.CommissionID).Scan(&issuer); err != nil {
			return err
		}
		out = document.Paper(d, issuer, clock.In(s.now()))
		return s.audit.Append(ctx, tx, p.Actor(), caseEntry(c, "case.document_read", "查阅文书“"+d.Title+"”"))
	})
	return d, out, err
}

// ApproveConfession approves a received confession for the warning-education compilation
// (忏悔录汇编). Requires case.approve.
func (s *Service) ApproveConfession(ctx context.Context, p org.Principal, id, docID int64) error {
	if !p.Can(org.PermCaseApprove) {
		return apperr.New(apperr.Forbidden, "无权批准忏悔书用于警示教育")
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		d, err := s.docs.Get(ctx, tx, "case", c.ID, docID)
		if err != nil {
			return err
		}
		if err := s.docs.ApproveForEducation(ctx, tx, p, d); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.confession_education", "批准忏悔书用于警示教育汇编", "")
	})
}

// afterCaseDone reports whether the case-document set is issued and the rectification of the
// unit signed off — what the archive waits for.
func (s *Service) afterCaseDone(ctx context.Context, q db.Querier, c Case) (docs, rect bool, err error) {
	list, err := s.docs.List(ctx, q, "case", c.ID)
	if err != nil {
		return false, false, err
	}
	_, missing := document.IssuedKinds(list, s.set.DocumentSet)
	tasks, err := s.rectify.Of(ctx, q, "case", c.ID)
	if err != nil {
		return false, false, err
	}
	rect = len(tasks) > 0
	for _, t := range tasks {
		rect = rect && t.Status == rectify.Closed
	}
	return len(missing) == 0, rect, nil
}

// LinkDual links the case to another in p's scope on the responsibility of those who
// supervised (一案双查). Requires case.handle or case.approve.
func (s *Service) LinkDual(ctx context.Context, p org.Principal, id int64, otherNumber, note string) error {
	if !p.Can(org.PermCaseHandle) && !p.Can(org.PermCaseApprove) {
		return apperr.New(apperr.Forbidden, "无权关联一案双查案件")
	}
	f := apperr.Fields{}
	note = text(f, "note", "追责事由（管理监督责任）", note, 1000)
	if err := f.Err(); err != nil {
		return err
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		var otherID int64
		err := tx.QueryRow(ctx, `SELECT k.id`+caseFrom+`WHERE k.number = ? AND`+visible+` ORDER BY k.id DESC LIMIT 1`,
			append([]any{strings.TrimSpace(otherNumber)}, visibleArgs(p)...)...).Scan(&otherID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Fields{"other": "查无此案件编号（或不在管辖范围内）"}.Err()
		}
		if err != nil {
			return err
		}
		if otherID == c.ID {
			return apperr.Fields{"other": "不能关联本案自身"}.Err()
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_links (case_id, other_id, kind, note, linked_by, linked_on) VALUES (?, ?, 'dual', ?, ?, ?)
			ON CONFLICT (case_id, other_id) DO UPDATE SET note = excluded.note`, c.ID, otherID, note, p.DisplayName, s.today()); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.dual", "一案双查：关联案件 "+otherNumber, note)
	})
}

// RecordReview records a post-case spot check by the cadre-supervision office or a case quality
// review, once the decision is taken. Requires case.manage or interference.view.
func (s *Service) RecordReview(ctx context.Context, p org.Principal, id int64, kind, rating, findings string) error {
	if !p.Can(org.PermCaseManage) && !p.Can(org.PermInterferenceView) {
		return apperr.New(apperr.Forbidden, "无权记录案后抽查或质量评查")
	}
	f := apperr.Fields{}
	if Name(ReviewKinds(), kind) == kind {
		f.Add("kind", "请选择案后抽查或案件质量评查")
	}
	if Name(Ratings(), rating) == rating {
		f.Add("rating", "请选择评查结果")
	}
	findings = text(f, "findings", "发现的问题和意见", findings, 5000)
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := s.load(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if !after(c.Status, Decided) {
			return apperr.New(apperr.Conflict, "作出处理决定后方可抽查或评查")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO case_reviews (case_id, kind, reviewed_on, reviewer, rating, findings) VALUES (?, ?, ?, ?, ?, ?)`,
			c.ID, kind, s.today(), p.DisplayName+"（"+p.CommissionName+"）", rating, findings); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.review", Name(ReviewKinds(), kind)+"："+Name(Ratings(), rating), findings)
	})
}

// RecordJudicial records, for a mutual case with the judiciary (互涉案件), the procuratorate's
// determination of judicial responsibility, which the cadre-supervision office's handling
// follows. Requires case.handle.
func (s *Service) RecordJudicial(ctx context.Context, p org.Principal, id int64, organ, determination, on string) error {
	if !p.Can(org.PermCaseHandle) {
		return apperr.New(apperr.Forbidden, "无权登记互涉案件")
	}
	f := apperr.Fields{}
	organ = text(f, "organ", "检察机关", organ, 60)
	determination = text(f, "determination", "司法责任认定意见", determination, 5000)
	d := s.date(f, "determined_on", "认定日期", on, "", "")
	if err := f.Err(); err != nil {
		return err
	}
	return s.onCase(ctx, p, id, func(tx *db.Tx, c Case) error {
		if _, err := tx.Exec(ctx, `INSERT INTO case_judicial (case_id, organ, determination, determined_on, recorded_by) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (case_id) DO UPDATE SET organ = excluded.organ, determination = excluded.determination, determined_on = excluded.determined_on,
			recorded_by = excluded.recorded_by`, c.ID, organ, determination, d, p.DisplayName); err != nil {
			return err
		}
		return s.event(ctx, tx, p, c, "case.judicial", "互涉案件："+organ+"认定司法责任", determination)
	})
}

// details loads what the case page shows beyond the row.
func (s *Service) details(ctx context.Context, q db.Querier, c *Case) error {
	rows, err := q.Query(ctx, `SELECT e.at, e.actor, m.name, e.action, e.note FROM case_events e JOIN commissions m ON m.id = e.commission_id WHERE e.case_id = ? ORDER BY e.id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.At, &e.Actor, &e.Commission, &e.Action, &e.Note); err != nil {
			rows.Close()
			return err
		}
		c.Events = append(c.Events, e)
	}
	rows.Close()
	if err := s.team(ctx, q, c); err != nil {
		return err
	}
	if c.Measures, err = s.measures(ctx, q, `m.case_id = ?`, c.ID); err != nil {
		return err
	}
	if err := s.safety(ctx, q, c); err != nil {
		return err
	}
	if err := s.jurisdiction(ctx, q, c); err != nil {
		return err
	}
	rows, err = q.Query(ctx, `SELECT kind, on_date, new_due, reason, approved_by FROM trial_steps WHERE case_id = ? ORDER BY id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var t TrialStep
		if err := rows.Scan(&t.Kind, &t.On, &t.NewDue, &t.Reason, &t.ApprovedBy); err != nil {
			rows.Close()
			return err
		}
		c.TrialSteps = append(c.TrialSteps, t)
	}
	rows.Close()
	if c.Sanctions, err = s.sanctions(ctx, q, c.ID); err != nil {
		return err
	}
	if c.Documents, err = s.docs.List(ctx, q, "case", c.ID); err != nil {
		return err
	}
	if c.Rectifications, err = s.rectify.Of(ctx, q, "case", c.ID); err != nil {
		return err
	}
	rows, err = q.Query(ctx, `SELECT l.other_id, k.number, d.name, l.note, l.linked_by, l.linked_on FROM case_links l JOIN cases k ON k.id = l.other_id
		JOIN cadres d ON d.id = k.cadre_id WHERE l.case_id = ? ORDER BY l.linked_on`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var l Link
		if err := rows.Scan(&l.CaseID, &l.Number, &l.Subject, &l.Note, &l.LinkedBy, &l.LinkedOn); err != nil {
			rows.Close()
			return err
		}
		c.Links = append(c.Links, l)
	}
	rows.Close()
	rows, err = q.Query(ctx, `SELECT kind, reviewed_on, reviewer, rating, findings FROM case_reviews WHERE case_id = ? ORDER BY id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var r Review
		if err := rows.Scan(&r.Kind, &r.ReviewedOn, &r.Reviewer, &r.Rating, &r.Findings); err != nil {
			rows.Close()
			return err
		}
		c.Reviews = append(c.Reviews, r)
	}
	rows.Close()
	var j Judicial
	err = q.QueryRow(ctx, `SELECT organ, determination, determined_on, recorded_by FROM case_judicial WHERE case_id = ?`, c.ID).Scan(&j.Organ, &j.Determination, &j.DeterminedOn, &j.RecordedBy)
	switch {
	case err == nil:
		c.Judicial = &j
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	_, c.MissingDocuments = document.IssuedKinds(c.Documents, s.set.DocumentSet)
	return nil
}

// TrialStep is an extension of the trial or a return to the investigation.
type TrialStep struct {
	Kind, On, NewDue, Reason, ApprovedBy string
}

// caseEntry is an audit entry about c.
func caseEntry(c Case, action, summary string) audit.Entry {
	return audit.Entry{Action: action, ObjectType: "case", ObjectID: strconv.FormatInt(c.ID, 10), Summary: "案件 " + c.Number + "：" + summary,
		CommissionID: c.CommissionID, ScopePath: c.CommissionPath}
}

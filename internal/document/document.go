// Package document is the catalogue of standard documents (规范常用文书, K3): templates kept as
// data an administrator adds to, and the documents drafted from them for a matter (a case, a
// clue): filled from the record through 【字段】 placeholders, edited while a draft, numbered
// when issued (文号: the commission's issuer code, the template's kind code, the year and a
// yearly sequence per kind), locked once issued — a later change is a new version that
// supersedes it — and laid out as a paper.Doc for DOCX and print. Who may see a matter's
// documents is the matter's package's business: it calls this package inside its own
// transaction after checking.
package document

import (
	"context"
	"custos/internal/clock"
	"database/sql"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/paper"
)

// Template is one kind of document in the catalogue.
type Template struct {
	ID        int64
	Kind      string
	Name      string
	Matter    string // case | clue | opinion
	Code      string // the kind's part of the number; "" for documents issued without one
	Title     string
	Addressee string
	Body      string
	Active    bool
	Builtin   bool
	UpdatedBy string
}

// Matters names what documents are drafted from.
func Matters() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{{"case", "案件"}, {"clue", "问题线索"}, {"opinion", "党风廉政意见回复"}}
}

// Document is a document drafted for a matter.
type Document struct {
	ID             int64
	CommissionID   int64
	CommissionPath string
	MatterType     string
	MatterID       int64
	TemplateID     int64
	Kind           string
	KindName       string
	Title          string
	Addressee      string
	Body           string
	Number         string
	Version        int
	Status         string // draft | issued | superseded
	IssuedOn       string
	IssuedBy       string
	SupersedesID   int64
	ReplyDue       string
	EducationBy    string
	EducationOn    string
	CreatedBy      string
}

// Statuses of a document.
const (
	Draft      = "draft"
	Issued     = "issued"
	Superseded = "superseded"
)

// StatusName returns the Chinese name of a document status.
func StatusName(s string) string {
	return map[string]string{Draft: "草稿", Issued: "已签发", Superseded: "已被新版本替代"}[s]
}

// Matter is what a document is drafted for, as the matter's package describes it.
type Matter struct {
	Type           string
	ID             int64
	CommissionID   int64 // the issuing commission
	CommissionPath string
}

var placeholder = regexp.MustCompile(`【[^【】]{1,20}】`)

// Fill replaces each 【字段】 of text with its value; it returns the text and the fields it has
// no value for, which stay in the text for the officer to fill while it is a draft. Pure.
func Fill(text string, fields map[string]string) (string, []string) {
	var missing []string
	seen := map[string]bool{}
	out := placeholder.ReplaceAllStringFunc(text, func(m string) string {
		key := strings.TrimSuffix(strings.TrimPrefix(m, "【"), "】")
		if v, ok := fields[key]; ok && strings.TrimSpace(v) != "" {
			return v
		}
		if !seen[key] {
			seen[key] = true
			missing = append(missing, key)
		}
		return m
	})
	return out, missing
}

// Unfilled lists the placeholders left in a document's title, addressee and body.
func (d Document) Unfilled() []string {
	_, a := Fill(d.Title, nil)
	_, b := Fill(d.Addressee, nil)
	_, c := Fill(d.Body, nil)
	seen := map[string]bool{}
	var out []string
	for _, k := range append(append(a, b...), c...) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// Store is the catalogue and the documents.
type Store struct {
	db    *db.DB
	audit *audit.Log
	now   func() time.Time
}

// NewStore returns a Store.
func NewStore(d *db.DB, a *audit.Log, now func() time.Time) *Store {
	return &Store{db: d, audit: a, now: now}
}

func (s *Store) today() string { return clock.Date(s.now()) }

const templateColumns = `id, kind, name, matter, code, title, addressee, body, active, builtin, updated_by`

func scanTemplate(r db.Scanner) (Template, error) {
	var t Template
	err := r.Scan(&t.ID, &t.Kind, &t.Name, &t.Matter, &t.Code, &t.Title, &t.Addressee, &t.Body, &t.Active, &t.Builtin, &t.UpdatedBy)
	return t, err
}

// Templates returns the catalogue, by matter and name; matter "" for all.
func (s *Store) Templates(ctx context.Context, matter string) ([]Template, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT `+templateColumns+` FROM doc_templates WHERE ? = '' OR matter = ? ORDER BY matter, id`, matter, matter)
	return db.Collect(rows, err, scanTemplate)
}

// TemplateInput is a template as an administrator types it.
type TemplateInput struct {
	Kind, Name, Matter, Code, Title, Addressee, Body string
	Active                                           bool
}

var kindKey = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// SaveTemplate adds a template, or changes the one of the same kind; documents already drafted
// keep their own text. Requires doc.template.
func (s *Store) SaveTemplate(ctx context.Context, p org.Principal, in TemplateInput) (Template, error) {
	if !p.Can(org.PermDocTemplate) {
		return Template{}, apperr.New(apperr.Forbidden, "无权维护文书模板")
	}
	t := Template{Kind: strings.TrimSpace(in.Kind), Name: strings.TrimSpace(in.Name), Matter: in.Matter, Code: strings.TrimSpace(in.Code),
		Title: strings.TrimSpace(in.Title), Addressee: strings.TrimSpace(in.Addressee), Body: strings.TrimSpace(strings.ReplaceAll(in.Body, "\r\n", "\n")),
		Active: in.Active, UpdatedBy: p.DisplayName}
	f := apperr.Fields{}
	if !kindKey.MatchString(t.Kind) {
		f.Add("kind", "代号为 2–40 位小写英文字母、数字或下划线，以字母开头，如 filing_decision")
	}
	if t.Name == "" || utf8.RuneCountInString(t.Name) > 40 {
		f.Add("name", "请填写文书名称（不超过 40 字）")
	}
	known := false
	for _, m := range Matters() {
		known = known || m.ID == t.Matter
	}
	if !known {
		f.Add("matter", "请选择适用事项")
	}
	if utf8.RuneCountInString(t.Code) > 4 || strings.ContainsAny(t.Code, "〔〕0123456789") {
		f.Add("code", "文号中的类别字不超过 4 个字，不含年份和数字；不编号的文书留空")
	}
	if t.Title == "" || utf8.RuneCountInString(t.Title) > 100 {
		f.Add("title", "请填写标题（不超过 100 字，可含【字段】）")
	}
	if t.Body == "" || utf8.RuneCountInString(t.Body) > 20000 {
		f.Add("body", "请填写正文（不超过 20000 字，每段一行，可含【字段】）")
	}
	if err := f.Err(); err != nil {
		return Template{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO doc_templates (kind, name, matter, code, title, addressee, body, active, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (kind) DO UPDATE SET name = excluded.name, matter = excluded.matter, code = excluded.code, title = excluded.title,
				addressee = excluded.addressee, body = excluded.body, active = excluded.active, updated_by = excluded.updated_by, updated_at = excluded.updated_at
			RETURNING id, builtin`, t.Kind, t.Name, t.Matter, t.Code, t.Title, t.Addressee, t.Body, t.Active, t.UpdatedBy, s.now().UTC()).Scan(&t.ID, &t.Builtin)
		if err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "doc_template.save", ObjectType: "doc_template", ObjectID: strconv.FormatInt(t.ID, 10),
			Summary: "维护文书模板“" + t.Name + "”", After: t})
	})
	return t, err
}

// template returns the active template of kind for matter.
func (s *Store) template(ctx context.Context, q db.Querier, kind, matter string) (Template, error) {
	t, err := scanTemplate(q.QueryRow(ctx, `SELECT `+templateColumns+` FROM doc_templates WHERE kind = ?`, kind))
	if errors.Is(err, sql.ErrNoRows) || err == nil && (!t.Active || t.Matter != matter) {
		return t, apperr.Fields{"kind": "没有可用于该事项的这种文书模板"}.Err()
	}
	return t, err
}

// Draft fills the template of kind for matter from fields and saves it as a draft, in the
// caller's transaction (the matter's package has checked p may work the matter). Requires
// nothing more: the caller decides.
func (s *Store) Draft(ctx context.Context, tx *db.Tx, p org.Principal, m Matter, kind string, fields map[string]string) (Document, error) {
	t, err := s.template(ctx, tx, kind, m.Type)
	if err != nil {
		return Document{}, err
	}
	title, _ := Fill(t.Title, fields)
	addressee, _ := Fill(t.Addressee, fields)
	body, _ := Fill(t.Body, fields)
	d := Document{CommissionID: m.CommissionID, CommissionPath: m.CommissionPath, MatterType: m.Type, MatterID: m.ID, TemplateID: t.ID, Kind: t.Kind,
		KindName: t.Name, Title: title, Addressee: addressee, Body: body, Version: 1, Status: Draft, CreatedBy: p.DisplayName}
	if err := s.insert(ctx, tx, &d); err != nil {
		return d, err
	}
	return d, s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "document.draft", ObjectType: "document", ObjectID: strconv.FormatInt(d.ID, 10),
		Summary: "起草" + t.Name + "（" + m.Type + " " + strconv.FormatInt(m.ID, 10) + "）", CommissionID: m.CommissionID, ScopePath: m.CommissionPath})
}

func (s *Store) insert(ctx context.Context, tx *db.Tx, d *Document) error {
	var sup any
	if d.SupersedesID != 0 {
		sup = d.SupersedesID
	}
	return tx.QueryRow(ctx, `INSERT INTO documents (commission_id, commission_path, matter_type, matter_id, template_id, kind, title, addressee, body, version,
		status, supersedes_id, reply_due, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		d.CommissionID, d.CommissionPath, d.MatterType, d.MatterID, d.TemplateID, d.Kind, d.Title, d.Addressee, d.Body, d.Version, d.Status, sup, d.ReplyDue,
		d.CreatedBy, s.now().UTC()).Scan(&d.ID)
}

// Edit changes a draft's title, addressee and body (and a recommendation's reply deadline);
// an issued document is locked (Conflict): revise it instead.
func (s *Store) Edit(ctx context.Context, tx *db.Tx, p org.Principal, d Document, title, addressee, body, replyDue string) (Document, error) {
	if d.Status != Draft {
		return d, apperr.New(apperr.Conflict, "文书已签发，不能修改；如需更正，请生成新版本")
	}
	f := apperr.Fields{}
	d.Title, d.Addressee, d.Body = strings.TrimSpace(title), strings.TrimSpace(addressee), strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if d.Title == "" || utf8.RuneCountInString(d.Title) > 100 {
		f.Add("title", "请填写标题（不超过 100 字）")
	}
	if d.Body == "" || utf8.RuneCountInString(d.Body) > 50000 {
		f.Add("body", "请填写正文（不超过 50000 字）")
	}
	if replyDue = strings.TrimSpace(replyDue); replyDue != "" {
		if _, err := time.Parse("2006-01-02", replyDue); err != nil || replyDue < s.today() {
			f.Add("reply_due", "回复期限格式 YYYY-MM-DD，且不早于今天")
		}
	}
	if err := f.Err(); err != nil {
		return d, err
	}
	d.ReplyDue = replyDue
	if _, err := tx.Exec(ctx, `UPDATE documents SET title = ?, addressee = ?, body = ?, reply_due = ? WHERE id = ?`, d.Title, d.Addressee, d.Body, d.ReplyDue, d.ID); err != nil {
		return d, err
	}
	return d, s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "document.edit", ObjectType: "document", ObjectID: strconv.FormatInt(d.ID, 10),
		Summary: "修改" + d.KindName + "草稿", CommissionID: d.CommissionID, ScopePath: d.CommissionPath})
}

// Issue signs a draft off: the fields known only now (late: the reply deadline as finally set)
// are filled, then every 【字段】 must be filled; a numbered kind takes the next number of the
// issuing commission (e.g. 黔纪立〔2026〕3号); the document is locked and the version it
// corrects is superseded.
func (s *Store) Issue(ctx context.Context, tx *db.Tx, p org.Principal, d Document, late map[string]string) (Document, error) {
	if d.Status != Draft {
		return d, apperr.New(apperr.Conflict, "该文书已签发")
	}
	d.Title, _ = Fill(d.Title, late)
	d.Addressee, _ = Fill(d.Addressee, late)
	d.Body, _ = Fill(d.Body, late)
	if left := d.Unfilled(); len(left) > 0 {
		return d, apperr.New(apperr.Conflict, "尚有未填写的内容：%s", strings.Join(left, "、"))
	}
	var code string
	if err := tx.QueryRow(ctx, `SELECT code FROM doc_templates WHERE id = ?`, d.TemplateID).Scan(&code); err != nil {
		return d, err
	}
	d.IssuedOn, d.IssuedBy, d.Status = s.today(), p.DisplayName, Issued
	if code != "" {
		issuer, err := paper.IssuerCode(ctx, tx, d.CommissionID)
		if err != nil {
			return d, err
		}
		year, _ := strconv.Atoi(d.IssuedOn[:4])
		n, err := paper.NextNumber(ctx, tx, d.CommissionID, "文书:"+code, year)
		if err != nil {
			return d, err
		}
		d.Number = paper.Number(issuer, code, year, n)
	}
	if _, err := tx.Exec(ctx, `UPDATE documents SET status = ?, number = ?, issued_on = ?, issued_by = ?, title = ?, addressee = ?, body = ? WHERE id = ?`,
		Issued, d.Number, d.IssuedOn, d.IssuedBy, d.Title, d.Addressee, d.Body, d.ID); err != nil {
		return d, err
	}
	if d.SupersedesID != 0 {
		if _, err := tx.Exec(ctx, `UPDATE documents SET status = ? WHERE id = ?`, Superseded, d.SupersedesID); err != nil {
			return d, err
		}
	}
	what := "签发" + d.KindName
	if d.Number != "" {
		what += " " + d.Number
	}
	return d, s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "document.issue", ObjectType: "document", ObjectID: strconv.FormatInt(d.ID, 10),
		Summary: what, After: struct{ Title, Addressee, Body, Number string }{d.Title, d.Addressee, d.Body, d.Number}, CommissionID: d.CommissionID, ScopePath: d.CommissionPath})
}

// Revise starts a new version of an issued document as a draft with its text; when issued,
// it supersedes the old one (which stays, locked).
func (s *Store) Revise(ctx context.Context, tx *db.Tx, p org.Principal, d Document) (Document, error) {
	if d.Status != Issued {
		return d, apperr.New(apperr.Conflict, "只有已签发的文书可以生成新版本")
	}
	var later int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM documents WHERE supersedes_id = ? AND status = ?`, d.ID, Draft).Scan(&later); err != nil {
		return d, err
	}
	if later > 0 {
		return d, apperr.New(apperr.Conflict, "该文书已有待签发的新版本")
	}
	n := d
	n.ID, n.Number, n.Status, n.IssuedOn, n.IssuedBy, n.Version, n.SupersedesID, n.CreatedBy = 0, "", Draft, "", "", d.Version+1, d.ID, p.DisplayName
	if err := s.insert(ctx, tx, &n); err != nil {
		return n, err
	}
	return n, s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "document.revise", ObjectType: "document", ObjectID: strconv.FormatInt(n.ID, 10),
		Summary: "生成" + d.KindName + "第 " + strconv.Itoa(n.Version) + " 版（更正 " + d.Number + "）", CommissionID: d.CommissionID, ScopePath: d.CommissionPath})
}

// ApproveForEducation records the approval to use a confession in the warning-education
// compilation (忏悔录汇编).
func (s *Store) ApproveForEducation(ctx context.Context, tx *db.Tx, p org.Principal, d Document) error {
	if d.Kind != "confession" || d.Status != Issued {
		return apperr.New(apperr.Conflict, "只有已签收的忏悔书可以批准用于警示教育")
	}
	if d.EducationOn != "" {
		return apperr.New(apperr.Conflict, "已于 %s 批准", d.EducationOn)
	}
	if _, err := tx.Exec(ctx, `UPDATE documents SET education_by = ?, education_on = ? WHERE id = ?`, p.DisplayName, s.today(), d.ID); err != nil {
		return err
	}
	return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "document.education", ObjectType: "document", ObjectID: strconv.FormatInt(d.ID, 10),
		Summary: "批准忏悔书用于警示教育汇编", CommissionID: d.CommissionID, ScopePath: d.CommissionPath})
}

const docColumns = `d.id, d.commission_id, d.commission_path, d.matter_type, d.matter_id, d.template_id, d.kind, t.name, d.title, d.addressee, d.body, d.number,
	d.version, d.status, d.issued_on, d.issued_by, COALESCE(d.supersedes_id, 0), d.reply_due, d.education_by, d.education_on, d.created_by`

func scanDoc(r db.Scanner) (Document, error) {
	var d Document
	err := r.Scan(&d.ID, &d.CommissionID, &d.CommissionPath, &d.MatterType, &d.MatterID, &d.TemplateID, &d.Kind, &d.KindName, &d.Title, &d.Addressee, &d.Body,
		&d.Number, &d.Version, &d.Status, &d.IssuedOn, &d.IssuedBy, &d.SupersedesID, &d.ReplyDue, &d.EducationBy, &d.EducationOn, &d.CreatedBy)
	return d, err
}

// Get returns a document of the matter.
func (s *Store) Get(ctx context.Context, q db.Querier, matterType string, matterID, id int64) (Document, error) {
	d, err := scanDoc(q.QueryRow(ctx, `SELECT `+docColumns+` FROM documents d JOIN doc_templates t ON t.id = d.template_id
		WHERE d.id = ? AND d.matter_type = ? AND d.matter_id = ?`, id, matterType, matterID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, apperr.NotFoundf("该文书")
	}
	return d, err
}

// List returns a matter's documents, in the order they were drafted.
func (s *Store) List(ctx context.Context, q db.Querier, matterType string, matterID int64) ([]Document, error) {
	return s.query(ctx, q, `d.matter_type = ? AND d.matter_id = ? ORDER BY d.id`, matterType, matterID)
}

// Compilation returns the confessions approved for warning education at commissions of p's
// scope, newest first — the 忏悔录汇编.
func (s *Store) Compilation(ctx context.Context, p org.Principal) ([]Document, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	return s.query(ctx, s.db.Reader(), `d.kind = 'confession' AND d.education_on <> '' AND d.commission_path >= ? AND d.commission_path < ? ORDER BY d.education_on DESC, d.id DESC`, lo, hi)
}

func (s *Store) query(ctx context.Context, q db.Querier, cond string, args ...any) ([]Document, error) {
	rows, err := q.Query(ctx, `SELECT `+docColumns+` FROM documents d JOIN doc_templates t ON t.id = d.template_id WHERE `+cond, args...)
	return db.Collect(rows, err, scanDoc)
}

// IssuedKinds returns which of kinds have an issued document for the matter.
func IssuedKinds(docs []Document, kinds []string) (done, missing []string) {
	have := map[string]bool{}
	for _, d := range docs {
		if d.Status == Issued {
			have[d.Kind] = true
		}
	}
	for _, k := range kinds {
		if have[k] {
			done = append(done, k)
		} else {
			missing = append(missing, k)
		}
	}
	return done, missing
}

// Paper lays a document out for DOCX and print: the issuing commission as issuer and signer,
// body lines as paragraphs (一、 and （一） lines as the first two heading levels), dated the day
// it was issued (a draft: draftDate).
func Paper(d Document, issuer string, draftDate time.Time) paper.Doc {
	var body []paper.Para
	for _, line := range strings.Split(d.Body, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		body = append(body, paper.Para{Level: level(line), Text: line})
	}
	on := draftDate
	if t, err := time.Parse("2006-01-02", d.IssuedOn); err == nil {
		on = t
	}
	return paper.Doc{Issuer: issuer, Number: d.Number, Title: d.Title, Addressee: d.Addressee, Body: body, Signer: issuer, Date: on, Printer: issuer, Printed: on}
}

var heading1 = regexp.MustCompile(`^[一二三四五六七八九十]+、`)
var heading2 = regexp.MustCompile(`^（[一二三四五六七八九十]+）`)

func level(line string) int {
	switch {
	case heading1.MatchString(line) && utf8.RuneCountInString(line) <= 40:
		return 1
	case heading2.MatchString(line) && utf8.RuneCountInString(line) <= 40:
		return 2
	}
	return 0
}

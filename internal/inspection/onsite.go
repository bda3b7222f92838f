package inspection

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/clue"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/rectify"
)

// Option is an id with its Chinese name.
type Option struct{ ID, Name string }

// Dimensions are the three "三盯三看" questions (甘肃): each checklist item belongs to one, and
// its answers read as that dimension's pair.
func Dimensions() []struct{ ID, Name, Yes, No string } {
	return []struct{ ID, Name, Yes, No string }{
		{"political", "盯政治责任", "落实", "未落实"},
		{"enforcement", "盯执纪执法", "严格", "不严格"},
		{"team", "盯队伍建设", "管住", "没管住"},
	}
}

// DimensionName returns the Chinese name of a dimension.
func DimensionName(id string) string {
	for _, d := range Dimensions() {
		if d.ID == id {
			return d.Name
		}
	}
	return id
}

// AnswerName returns how an answer reads in its dimension: 落实 / 未落实 …
func AnswerName(dimension, answer string) string {
	for _, d := range Dimensions() {
		if d.ID == dimension {
			if answer == "yes" {
				return d.Yes
			}
			return d.No
		}
	}
	return answer
}

// OnsiteKinds are the kinds of on-site work recorded.
func OnsiteKinds() []Option {
	return []Option{{"talk", "个别谈话"}, {"files", "调阅资料"}, {"visit", "走访"}}
}

// Severities of a finding.
func Severities() []Option {
	return []Option{{"minor", "一般"}, {"serious", "较重"}, {"grave", "严重"}}
}

// Categories are the problem types findings are analysed by.
func Categories() []string {
	return []string{"主体责任落实不力", "监督责任履行不到位", "线索处置不规范", "审查调查不规范", "措施使用不规范", "办案安全隐患",
		"干部教育管理薄弱", "廉政档案和个人事项管理不规范", "违反中央八项规定精神", "其他"}
}

// OptionName returns the name of id among xs.
func OptionName(xs []Option, id string) string {
	for _, x := range xs {
		if x.ID == id {
			return x.Name
		}
	}
	return id
}

// Item is one checklist item.
type Item struct {
	ID        int64
	Dimension string
	Question  string
	Position  int
	Retired   bool
}

// DimensionName is the item's dimension in Chinese.
func (i Item) DimensionName() string { return DimensionName(i.Dimension) }

// Checklist returns the checklist items (retired too when all). Requires cadre.view.
func (s *Service) Checklist(ctx context.Context, p org.Principal, all bool) ([]Item, error) {
	if !p.Can(org.PermCadreView) {
		return nil, apperr.New(apperr.Forbidden, "无权查看内部督查")
	}
	return s.items(ctx, s.db.Reader(), all)
}

func (s *Service) items(ctx context.Context, q db.Querier, all bool) ([]Item, error) {
	rows, err := q.Query(ctx, `SELECT id, dimension, question, position, retired FROM inspection_checklist WHERE ? OR NOT retired ORDER BY position, id`, all)
	return db.Collect(rows, err, func(r db.Scanner) (Item, error) {
		var i Item
		return i, r.Scan(&i.ID, &i.Dimension, &i.Question, &i.Position, &i.Retired)
	})
}

// SaveItem adds a checklist item (id 0) or rewords one; retire takes it out of new answers
// (answers already given keep it). Requires cadre.manage.
func (s *Service) SaveItem(ctx context.Context, p org.Principal, id int64, dimension, question string, retire bool) error {
	if !p.Can(org.PermCadreManage) {
		return apperr.New(apperr.Forbidden, "无权维护督查清单")
	}
	f := apperr.Fields{}
	if DimensionName(dimension) == dimension {
		f.Add("dimension", "请选择所属方面")
	}
	question = text(f, "question", "督查事项", question, 300)
	if err := f.Err(); err != nil && !retire {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		action, summary := "inspection.item", "新增督查清单事项："+question
		var err error
		switch {
		case id == 0:
			_, err = tx.Exec(ctx, `INSERT INTO inspection_checklist (dimension, question, position) VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM inspection_checklist))`, dimension, question)
		case retire:
			action, summary = "inspection.item_retire", "停用督查清单事项第 "+strconv.FormatInt(id, 10)+" 项"
			err = expectRow(tx.Exec(ctx, `UPDATE inspection_checklist SET retired = ? WHERE id = ?`, true, id))
		default:
			summary = "修改督查清单事项：" + question
			err = expectRow(tx.Exec(ctx, `UPDATE inspection_checklist SET dimension = ?, question = ? WHERE id = ?`, dimension, question, id))
		}
		if err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: action, ObjectType: "inspection_checklist", ObjectID: strconv.FormatInt(id, 10), Summary: summary})
	})
}

func expectRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFoundf("该督查事项")
	}
	return nil
}

// Answer is a checklist item answered for a target.
type Answer struct {
	Item
	Answer     string // yes | no | "" (not yet)
	Evidence   string
	AnsweredBy string
}

// AnswerName is how the answer reads: 落实 / 未落实 …, "" when not answered.
func (a Answer) AnswerName() string {
	if a.Answer == "" {
		return ""
	}
	return AnswerName(a.Dimension, a.Answer)
}

// Yes and No are the dimension's two answers, for the form.
func (a Answer) Yes() string { return AnswerName(a.Dimension, "yes") }

// No is the negative answer.
func (a Answer) No() string { return AnswerName(a.Dimension, "no") }

// Onsite is one on-site record.
type Onsite struct {
	ID         int64
	Kind       string
	HeldOn     string
	Content    string
	RecordedBy string
}

// KindName is the record's kind in Chinese.
func (o Onsite) KindName() string { return OptionName(OnsiteKinds(), o.Kind) }

// Finding is one problem found.
type Finding struct {
	ID                int64
	RoundID           int64
	RoundTitle        string
	TargetID          int64
	UnitID            int64
	UnitName          string
	Dimension         string
	Category          string
	Severity          string
	Description       string
	Evidence          string
	ResponsiblePerson string
	ResponsibleCadre  int64
	RectificationID   int64
	RectifyStatus     string
	ClueID            int64
	ClueNumber        string
	FoundOn           string
	CreatedBy         string
	Stage             string
	Tags              []string
	UnitKind          org.Kind
	Repeated          bool // the unit had a finding of the same type in an earlier round (整改不到位)
}

// StageName is the work stage in Chinese.
func (f Finding) StageName() string { return OptionName(Stages(), f.Stage) }

// UnitKindName is the unit's kind in Chinese.
func (f Finding) UnitKindName() string { return org.KindName(f.UnitKind) }

// SeverityName is the severity in Chinese.
func (f Finding) SeverityName() string { return OptionName(Severities(), f.Severity) }

// DimensionName is the finding's dimension in Chinese.
func (f Finding) DimensionName() string { return DimensionName(f.Dimension) }

// RectifyStatusName is the rectification's state in Chinese.
func (f Finding) RectifyStatusName() string { return rectify.StatusName(f.RectifyStatus) }

// Visit is one target's on-site work: the round, the unit and its team, the checklist
// answers, the on-site records and the findings.
type Visit struct {
	Round    Round
	Target   TargetUnit
	Answers  []Answer
	Onsite   []Onsite
	Findings []Finding
}

// Visit returns a target of a round p may see with everything recorded there. Requires
// cadre.view.
func (s *Service) Visit(ctx context.Context, p org.Principal, roundID, targetID int64) (Visit, error) {
	if !p.Can(org.PermCadreView) {
		return Visit{}, apperr.New(apperr.Forbidden, "无权查看内部督查")
	}
	q := s.db.Reader()
	v, err := s.visit(ctx, q, p, roundID, targetID)
	if err != nil {
		return v, err
	}
	rows, err := q.Query(ctx, `SELECT i.id, i.dimension, i.question, i.position, i.retired, COALESCE(a.answer, ''), COALESCE(a.evidence, ''), COALESCE(a.answered_by, '')
		FROM inspection_checklist i LEFT JOIN inspection_answers a ON a.item_id = i.id AND a.target_id = ?
		WHERE NOT i.retired OR a.answer IS NOT NULL ORDER BY i.position, i.id`, targetID)
	if v.Answers, err = db.Collect(rows, err, func(r db.Scanner) (Answer, error) {
		var a Answer
		return a, r.Scan(&a.ID, &a.Dimension, &a.Question, &a.Position, &a.Retired, &a.Answer, &a.Evidence, &a.AnsweredBy)
	}); err != nil {
		return v, err
	}
	rows, err = q.Query(ctx, `SELECT id, kind, held_on, content, recorded_by FROM inspection_onsite WHERE target_id = ? ORDER BY held_on, id`, targetID)
	if v.Onsite, err = db.Collect(rows, err, func(r db.Scanner) (Onsite, error) {
		var o Onsite
		return o, r.Scan(&o.ID, &o.Kind, &o.HeldOn, &o.Content, &o.RecordedBy)
	}); err != nil {
		return v, err
	}
	rows, err = q.Query(ctx, `SELECT `+findingColumns+findingFrom+`WHERE f.target_id = ? ORDER BY f.id`, targetID)
	v.Findings, err = db.Collect(rows, err, scanFinding)
	return v, err
}

// visit loads the round and target, in p's scope.
func (s *Service) visit(ctx context.Context, q db.Querier, p org.Principal, roundID, targetID int64) (Visit, error) {
	var v Visit
	var err error
	if v.Round, err = s.load(ctx, q, p, roundID); err != nil {
		return v, err
	}
	ts, err := s.targets(ctx, q, roundID, targetID)
	if err != nil {
		return v, err
	}
	if len(ts) == 0 {
		return v, apperr.NotFoundf("该督查对象")
	}
	v.Target = ts[0]
	return v, nil
}

// onsiteAct runs a write on a target of a drawn round by p (cadre.manage), audited.
func (s *Service) onsiteAct(ctx context.Context, p org.Principal, roundID, targetID int64, fn func(tx *db.Tx, v Visit) (audit.Entry, error)) error {
	if !p.Can(org.PermCadreManage) {
		return apperr.New(apperr.Forbidden, "无权办理内部督查")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		v, err := s.visit(ctx, tx, p, roundID, targetID)
		if err != nil {
			return err
		}
		if !v.Round.Drawn {
			return apperr.New(apperr.Conflict, "督查组尚未抽定，不能记录督查情况")
		}
		e, err := fn(tx, v)
		if err != nil {
			return err
		}
		e.ObjectType, e.ObjectID, e.CommissionID, e.ScopePath = "inspection", strconv.FormatInt(roundID, 10), v.Round.CommissionID, v.Round.CommissionPath
		e.Summary = "内部督查“" + v.Round.Title + "”（" + v.Target.UnitName + "）：" + e.Summary
		return s.audit.Append(ctx, tx, p.Actor(), e)
	})
}

// AnswerItem answers a checklist item for a target with its evidence (again to correct it).
func (s *Service) AnswerItem(ctx context.Context, p org.Principal, roundID, targetID, itemID int64, answer, evidence string) error {
	f := apperr.Fields{}
	if answer != "yes" && answer != "no" {
		f.Add("answer", "请选择督查结论")
	}
	evidence = text(f, "evidence", "依据（谈话、资料、走访中查见的情况）", evidence, 2000)
	if err := f.Err(); err != nil {
		return err
	}
	return s.onsiteAct(ctx, p, roundID, targetID, func(tx *db.Tx, v Visit) (audit.Entry, error) {
		items, err := s.items(ctx, tx, false)
		if err != nil {
			return audit.Entry{}, err
		}
		var it Item
		for _, i := range items {
			if i.ID == itemID {
				it = i
			}
		}
		if it.ID == 0 {
			return audit.Entry{}, apperr.NotFoundf("该督查事项")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM inspection_answers WHERE target_id = ? AND item_id = ?`, targetID, itemID); err != nil {
			return audit.Entry{}, err
		}
		_, err = tx.Exec(ctx, `INSERT INTO inspection_answers (target_id, item_id, answer, evidence, answered_by, answered_at) VALUES (?, ?, ?, ?, ?, ?)`,
			targetID, itemID, answer, evidence, p.DisplayName, s.now().UTC())
		return audit.Entry{Action: "inspection.answer", Summary: it.DimensionName() + "——" + AnswerName(it.Dimension, answer), After: evidence}, err
	})
}

// RecordOnsite records a talk held, files read or a visit made at the target.
func (s *Service) RecordOnsite(ctx context.Context, p org.Principal, roundID, targetID int64, kind, heldOn, content string) error {
	f := apperr.Fields{}
	if OptionName(OnsiteKinds(), kind) == kind {
		f.Add("kind", "请选择督查方式")
	}
	day, ok := cadre.ParseDate(heldOn)
	if !ok || day > s.today() {
		f.Add("held_on", "请填写日期（不晚于今天），格式 YYYY-MM-DD")
	}
	content = text(f, "content", "情况（谈话对象、调阅的资料、走访的地点和发现）", content, 5000)
	if err := f.Err(); err != nil {
		return err
	}
	return s.onsiteAct(ctx, p, roundID, targetID, func(tx *db.Tx, v Visit) (audit.Entry, error) {
		_, err := tx.Exec(ctx, `INSERT INTO inspection_onsite (target_id, kind, held_on, content, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			targetID, kind, day, content, p.DisplayName, s.now().UTC())
		return audit.Entry{Action: "inspection.onsite", Summary: "记录" + OptionName(OnsiteKinds(), kind) + "（" + day + "）"}, err
	})
}

// FindingInput is a finding as typed.
type FindingInput struct {
	Dimension   string
	Category    string
	Severity    string
	Description string
	Evidence    string
	Responsible string // the responsible person: a cadre's name or ID number in scope, or a description
	Stage       string
	Tags        string // separated by commas, 、 or spaces
}

// AddFinding records a problem found at the target with its evidence and the responsible
// person (linked to the roster when the name or ID number finds exactly one cadre).
func (s *Service) AddFinding(ctx context.Context, p org.Principal, roundID, targetID int64, in FindingInput) (Finding, error) {
	f := apperr.Fields{}
	if DimensionName(in.Dimension) == in.Dimension {
		f.Add("dimension", "请选择所属方面")
	}
	known := false
	for _, c := range Categories() {
		known = known || c == in.Category
	}
	if !known {
		f.Add("category", "请选择问题类型")
	}
	if OptionName(Severities(), in.Severity) == in.Severity {
		f.Add("severity", "请选择严重程度")
	}
	if OptionName(Stages(), in.Stage) == in.Stage {
		f.Add("stage", "请选择问题所在环节")
	}
	tags, bad := ParseTags(in.Tags)
	if bad != "" {
		f.Add("tags", bad)
	}
	fd := Finding{Dimension: in.Dimension, Category: in.Category, Severity: in.Severity,
		Description: text(f, "description", "问题描述", in.Description, 2000), Evidence: text(f, "evidence", "问题依据（证据、材料出处）", in.Evidence, 2000),
		ResponsiblePerson: strings.TrimSpace(in.Responsible), Stage: in.Stage, Tags: tags}
	if utf8.RuneCountInString(fd.ResponsiblePerson) > 100 {
		f.Add("responsible", "责任人不超过 100 字")
	}
	if err := f.Err(); err != nil {
		return fd, err
	}
	err := s.onsiteAct(ctx, p, roundID, targetID, func(tx *db.Tx, v Visit) (audit.Entry, error) {
		var who any
		if fd.ResponsiblePerson != "" {
			found, err := s.cadres.Find(ctx, tx, p, fd.ResponsiblePerson)
			if err != nil {
				return audit.Entry{}, err
			}
			if len(found) == 1 {
				who, fd.ResponsibleCadre, fd.ResponsiblePerson = found[0].ID, found[0].ID, found[0].Name
			}
		}
		fd.RoundID, fd.TargetID, fd.UnitID, fd.UnitName, fd.FoundOn, fd.UnitKind = roundID, targetID, v.Target.UnitID, v.Target.UnitName, s.today(), v.Target.UnitKind
		if err := tx.QueryRow(ctx, `INSERT INTO inspection_findings (round_id, target_id, unit_id, unit_path, commission_path, dimension, category, severity, stage, tags,
			description, evidence, responsible_person, responsible_cadre, found_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			roundID, targetID, v.Target.UnitID, v.Target.UnitPath, v.Round.CommissionPath, fd.Dimension, fd.Category, fd.Severity, fd.Stage, strings.Join(fd.Tags, ","),
			fd.Description, fd.Evidence, fd.ResponsiblePerson, who, fd.FoundOn, p.DisplayName, s.now().UTC()).Scan(&fd.ID); err != nil {
			return audit.Entry{}, err
		}
		if err := db.SearchPut(ctx, tx, "finding_search", fd.ID, FindingTerms(fd)); err != nil {
			return audit.Entry{}, err
		}
		return audit.Entry{Action: "inspection.finding", Summary: "记录问题（" + fd.Category + "，" + fd.SeverityName() + "）", After: in}, nil
	})
	return fd, err
}

// Feedback records the face-to-face feedback to the unit's leadership.
func (s *Service) Feedback(ctx context.Context, p org.Principal, roundID, targetID int64, on, to, content string) error {
	f := apperr.Fields{}
	day, ok := cadre.ParseDate(on)
	if !ok || day > s.today() {
		f.Add("feedback_on", "请填写反馈日期（不晚于今天），格式 YYYY-MM-DD")
	}
	to = text(f, "feedback_to", "反馈对象（单位领导班子成员）", to, 200)
	content = text(f, "feedback", "反馈意见", content, 5000)
	if err := f.Err(); err != nil {
		return err
	}
	return s.onsiteAct(ctx, p, roundID, targetID, func(tx *db.Tx, v Visit) (audit.Entry, error) {
		_, err := tx.Exec(ctx, `UPDATE inspection_targets SET feedback_on = ?, feedback_to = ?, feedback = ? WHERE id = ?`, day, to, content, targetID)
		return audit.Entry{Action: "inspection.feedback", Summary: "当面反馈督查意见（" + day + "，" + to + "）"}, err
	})
}

const findingColumns = `f.id, f.round_id, (SELECT r.title FROM inspection_rounds r WHERE r.id = f.round_id), f.target_id, f.unit_id,
	(SELECT u.name FROM commissions u WHERE u.id = f.unit_id), f.dimension, f.category, f.severity, f.description, f.evidence,
	f.responsible_person, COALESCE(f.responsible_cadre, 0), COALESCE(f.rectification_id, 0), COALESCE(rt.status, ''), COALESCE(f.clue_id, 0),
	COALESCE(cl.number, ''), f.found_on, f.created_by, f.stage, f.tags, (SELECT u.kind FROM commissions u WHERE u.id = f.unit_id),
	EXISTS (SELECT 1 FROM inspection_findings e WHERE e.unit_id = f.unit_id AND e.category = f.category AND e.round_id < f.round_id)`

// findingFrom reads findings with what they led to; the round and unit are scalar lookups
// so that the findings always drive (joined, a planner could start from the commissions and
// read every finding of each).
const findingFrom = ` FROM inspection_findings f LEFT JOIN rectification_tasks rt ON rt.id = f.rectification_id LEFT JOIN clues cl ON cl.id = f.clue_id `

func scanFinding(r db.Scanner) (Finding, error) {
	var f Finding
	var tags string
	err := r.Scan(&f.ID, &f.RoundID, &f.RoundTitle, &f.TargetID, &f.UnitID, &f.UnitName, &f.Dimension, &f.Category, &f.Severity, &f.Description, &f.Evidence,
		&f.ResponsiblePerson, &f.ResponsibleCadre, &f.RectificationID, &f.RectifyStatus, &f.ClueID, &f.ClueNumber, &f.FoundOn, &f.CreatedBy, &f.Stage, &tags, &f.UnitKind, &f.Repeated)
	if tags != "" {
		f.Tags = strings.Split(tags, ",")
	}
	return f, err
}

// finding loads a finding of a round in p's scope, for a write.
func (s *Service) finding(ctx context.Context, tx *db.Tx, p org.Principal, roundID, id int64) (Finding, Round, error) {
	r, err := s.load(ctx, tx, p, roundID)
	if err != nil {
		return Finding{}, r, err
	}
	fd, err := scanFinding(tx.QueryRow(ctx, `SELECT `+findingColumns+findingFrom+`WHERE f.id = ? AND f.round_id = ?`, id, roundID))
	if errors.Is(err, sql.ErrNoRows) {
		return fd, r, apperr.NotFoundf("该问题")
	}
	return fd, r, err
}

// ToRectification opens a rectification of the finding's unit (the existing workflow, to
// 销号), due on dueOn. Requires cadre.manage.
func (s *Service) ToRectification(ctx context.Context, p org.Principal, roundID, findingID int64, dueOn string) (rectify.Task, error) {
	if !p.Can(org.PermCadreManage) {
		return rectify.Task{}, apperr.New(apperr.Forbidden, "无权办理内部督查")
	}
	due, ok := cadre.ParseDate(dueOn)
	if !ok || due <= s.today() {
		return rectify.Task{}, apperr.Fields{"due_on": "请填写整改期限（晚于今天），格式 YYYY-MM-DD"}.Err()
	}
	var t rectify.Task
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		fd, r, err := s.finding(ctx, tx, p, roundID, findingID)
		if err != nil {
			return err
		}
		if fd.RectificationID != 0 {
			return apperr.New(apperr.Conflict, "该问题已下达整改")
		}
		issues := fd.Category + "（" + fd.SeverityName() + "）：" + fd.Description
		if fd.ResponsiblePerson != "" {
			issues += "\n责任人：" + fd.ResponsiblePerson
		}
		if t, err = s.rectify.Open(ctx, tx, p, rectify.OpenInput{SourceType: "inspection", SourceID: fd.ID, SourceRef: r.Title, UnitID: fd.UnitID, Issues: issues, DueOn: due}); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE inspection_findings SET rectification_id = ? WHERE id = ?`, t.ID, fd.ID); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "inspection.rectify", ObjectType: "inspection", ObjectID: strconv.FormatInt(r.ID, 10),
			Summary: fmt.Sprintf("内部督查“%s”（%s）发现的问题下达整改，期限 %s", r.Title, fd.UnitName, due), CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return t, err
}

// ToClue registers the finding as a problem clue against its responsible person (who must be
// a cadre of the roster), numbered by case management like any other. Requires cadre.manage.
func (s *Service) ToClue(ctx context.Context, p org.Principal, roundID, findingID int64) (clue.Clue, error) {
	if !p.Can(org.PermCadreManage) {
		return clue.Clue{}, apperr.New(apperr.Forbidden, "无权办理内部督查")
	}
	var c clue.Clue
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		fd, r, err := s.finding(ctx, tx, p, roundID, findingID)
		if err != nil {
			return err
		}
		if fd.ClueID != 0 {
			return apperr.New(apperr.Conflict, "该问题已作为问题线索移送（%s）", fd.ClueNumber)
		}
		if fd.ResponsibleCadre == 0 {
			return apperr.New(apperr.Conflict, "责任人不在干部名册中，不能作为问题线索移送；请在问题中填写责任人的姓名或身份证号码")
		}
		var idNumber string
		if err := tx.QueryRow(ctx, `SELECT id_number FROM cadres WHERE id = ?`, fd.ResponsibleCadre).Scan(&idNumber); err != nil {
			return err
		}
		if c, err = s.clues.RegisterFrom(ctx, tx, p, clue.ClueInput{Source: "监督检查中发现", ReceivedOn: s.today(), Summary: fd.UnitName + "：" + fd.Description + "\n依据：" + fd.Evidence,
			Subjects: idNumber}, "内部督查“"+r.Title+"”发现的问题"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE inspection_findings SET clue_id = ? WHERE id = ?`, c.ID, fd.ID); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "inspection.clue", ObjectType: "inspection", ObjectID: strconv.FormatInt(r.ID, 10),
			Summary: fmt.Sprintf("内部督查“%s”（%s）发现的问题作为问题线索移送（%s）", r.Title, fd.UnitName, c.Number), CommissionID: r.CommissionID, ScopePath: r.CommissionPath})
	})
	return c, err
}

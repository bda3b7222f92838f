package cadre

import (
	"context"
	"custos/internal/clock"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/search"
	"custos/internal/workday"
	"custos/internal/xlsxguard"
)

// Settings are the installation's archive rules.
type Settings struct {
	ArrivalTalkDays int // 到岗谈 is due this many working days after an appointment (20)
	KeepLeftYears   int // archives cover cadres who left in the last N years (3)
	// Upload bounds an imported workbook's size and rows (20 MB, 200,000 rows)
	Upload xlsxguard.Limits
}

// Service is the cadre and archive use cases; every method takes the acting principal, reads
// only within its scope and audits every write in the same transaction.
type Service struct {
	db       *db.DB
	audit    *audit.Log
	org      *org.Service
	calendar *workday.Store
	now      func() time.Time
	set      Settings
}

// NewService returns a Service.
func NewService(d *db.DB, a *audit.Log, o *org.Service, cal *workday.Store, now func() time.Time, set Settings) *Service {
	if set.ArrivalTalkDays <= 0 {
		set.ArrivalTalkDays = 20
	}
	if set.KeepLeftYears <= 0 {
		set.KeepLeftYears = 3
	}
	set.Upload = set.Upload.WithDefaults()
	return &Service{db: d, audit: a, org: o, calendar: cal, now: now, set: set}
}

// Settings returns the archive rules in force.
func (s *Service) Settings() Settings { return s.set }

func (s *Service) today() time.Time {
	t := clock.In(s.now())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

const cadreColumns = `k.id, k.name, k.gender, k.birth_date, k.id_number, k.ethnicity, k.party_member, k.party_join_date,
	k.commission_id, c.name, k.commission_path, COALESCE(k.department_id, 0), COALESCE(d.name, ''), k.post, k.rank,
	k.key_minority, k.committees, k.management_authority, k.status, k.left_at, COALESCE(k.user_id, 0),
	k.created_at, k.updated_at, k.post_since, k.rank_since, k.work_start, k.education, k.degree, k.native_place,
	k.rank_title, k.note`

const cadreFrom = ` FROM cadres k JOIN commissions c ON c.id = k.commission_id LEFT JOIN departments d ON d.id = k.department_id `

func scanCadre(sc interface{ Scan(...any) error }) (Cadre, error) {
	var k Cadre
	var committees string
	err := sc.Scan(&k.ID, &k.Name, &k.Gender, &k.BirthDate, &k.IDNumber, &k.Ethnicity, &k.PartyMember, &k.PartyJoinDate,
		&k.CommissionID, &k.CommissionName, &k.CommissionPath, &k.DepartmentID, &k.DepartmentName, &k.Post, &k.Rank,
		&k.KeyMinority, &committees, &k.ManagementAuthority, &k.Status, &k.LeftAt, &k.UserID, &k.CreatedAt, &k.UpdatedAt,
		&k.PostSince, &k.RankSince, &k.WorkStart, &k.Education, &k.Degree, &k.NativePlace, &k.RankTitle, &k.Note)
	if committees != "" {
		k.Committees = strings.Split(committees, ",")
	}
	return k, err
}

// Placement is where a cadre works.
type Placement struct {
	CommissionID int64
	DepartmentID int64 // 0 for none
}

// Create adds a cadre parsed from in at placement, which must be in p's scope. Requires
// cadre.manage. A duplicate ID number is a field error naming the existing cadre's commission.
func (s *Service) Create(ctx context.Context, p org.Principal, in Input, at Placement) (Cadre, error) {
	if !p.Can(org.PermCadreManage) {
		return Cadre{}, apperr.New(apperr.Forbidden, "无权维护干部信息")
	}
	k, f := Parse(in, s.today())
	if err := f.Err(); err != nil {
		return Cadre{}, err
	}
	var out Cadre
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		out, err = s.insert(ctx, tx, p, k, at)
		return err
	})
	return out, err
}

// insert writes a parsed cadre inside tx, indexes it and audits it.
func (s *Service) insert(ctx context.Context, tx *db.Tx, p org.Principal, k Cadre, at Placement) (Cadre, error) {
	pl, err := s.place(ctx, tx, p, at)
	if err != nil {
		return Cadre{}, err
	}
	c := pl.commission
	now := s.now().UTC()
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO cadres (name, gender, birth_date, id_number, ethnicity, party_member, party_join_date,
		commission_id, commission_path, department_id, post, rank, key_minority, committees, management_authority, status,
		left_at, created_at, updated_at, post_since, rank_since, work_start, education, degree, native_place, rank_title, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		k.Name, k.Gender, k.BirthDate, k.IDNumber, k.Ethnicity, k.PartyMember, k.PartyJoinDate, c.ID, c.Path,
		nullID(at.DepartmentID), k.Post, k.Rank, k.KeyMinority, strings.Join(k.Committees, ","), k.ManagementAuthority,
		k.Status, k.LeftAt, now, now, k.PostSince, k.RankSince, k.WorkStart, k.Education, k.Degree, k.NativePlace,
		k.RankTitle, k.Note).Scan(&id)
	if db.IsUniqueViolation(err) {
		return Cadre{}, apperr.Fields{"id_number": "该身份证号码已登记（同一干部不能重复登记；导入时按身份证号码更新）"}.Err()
	}
	if err != nil {
		return Cadre{}, err
	}
	if err := indexCadre(ctx, tx, id, k); err != nil {
		return Cadre{}, err
	}
	out := k // as stored: no need to read it back
	out.ID, out.CommissionID, out.CommissionName, out.CommissionPath = id, c.ID, c.Name, c.Path
	out.DepartmentID, out.DepartmentName, out.UserID, out.CreatedAt, out.UpdatedAt = at.DepartmentID, pl.department, 0, now, now
	return out, s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "cadre.create", ObjectType: "cadre",
		ObjectID: strconv.FormatInt(id, 10), Summary: "登记干部 " + out.Name + "（" + out.CommissionName + " " + out.Post + "）",
		After: out, CommissionID: out.CommissionID, ScopePath: out.CommissionPath})
}

// Update replaces a cadre's data (not the ID number's person: the number must stay the same
// person's, so a change of number is refused) and placement. Requires cadre.manage.
func (s *Service) Update(ctx context.Context, p org.Principal, id int64, in Input, at Placement) (Cadre, error) {
	if !p.Can(org.PermCadreManage) {
		return Cadre{}, apperr.New(apperr.Forbidden, "无权维护干部信息")
	}
	k, f := Parse(in, s.today())
	if err := f.Err(); err != nil {
		return Cadre{}, err
	}
	var out Cadre
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := getCadre(ctx, tx, p, id)
		if err != nil {
			return err
		}
		out, err = s.update(ctx, tx, p, before, k, at)
		return err
	})
	return out, err
}

func (s *Service) update(ctx context.Context, tx *db.Tx, p org.Principal, before, k Cadre, at Placement) (Cadre, error) {
	if k.IDNumber != before.IDNumber {
		return Cadre{}, apperr.Fields{"id_number": "身份证号码不能修改；号码有误的，请核实后由系统管理员处理"}.Err()
	}
	c, err := s.placement(ctx, tx, p, at)
	if err != nil {
		return Cadre{}, err
	}
	_, err = tx.Exec(ctx, `UPDATE cadres SET name = ?, gender = ?, birth_date = ?, ethnicity = ?, party_member = ?,
		party_join_date = ?, commission_id = ?, commission_path = ?, department_id = ?, post = ?, rank = ?, key_minority = ?,
		committees = ?, management_authority = ?, status = ?, left_at = ?, updated_at = ?, post_since = ?, rank_since = ?,
		work_start = ?, education = ?, degree = ?, native_place = ?, rank_title = ?, note = ? WHERE id = ?`,
		k.Name, k.Gender, k.BirthDate, k.Ethnicity, k.PartyMember, k.PartyJoinDate, c.ID, c.Path, nullID(at.DepartmentID),
		k.Post, k.Rank, k.KeyMinority, strings.Join(k.Committees, ","), k.ManagementAuthority, k.Status, k.LeftAt,
		s.now().UTC(), k.PostSince, k.RankSince, k.WorkStart, k.Education, k.Degree, k.NativePlace, k.RankTitle, k.Note, before.ID)
	if err != nil {
		return Cadre{}, err
	}
	if err := indexCadre(ctx, tx, before.ID, k); err != nil {
		return Cadre{}, err
	}
	out, err := getCadre(ctx, tx, p, before.ID)
	if err != nil {
		return Cadre{}, err
	}
	summary := "更新干部信息 " + out.Name
	if cs := Changes(before, out); len(cs) > 0 {
		summary += "：" + describe(cs)
	}
	return out, s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "cadre.update", ObjectType: "cadre",
		ObjectID: strconv.FormatInt(before.ID, 10), Summary: summary, Before: before, After: out,
		CommissionID: out.CommissionID, ScopePath: out.CommissionPath})
}

// placement checks that the commission is in p's scope and the department belongs to it.
func (s *Service) placement(ctx context.Context, tx *db.Tx, p org.Principal, at Placement) (org.Commission, error) {
	pl, err := s.place(ctx, tx, p, at)
	return pl.commission, err
}

// placed is a checked placement: the commission and the department's name ("" for none).
type placed struct {
	commission org.Commission
	department string
}

type placedKey struct {
	scope string
	at    Placement
}

// place checks that at's commission is in p's scope and its department belongs to it. The
// answer is kept for the rest of the transaction, so a batch placing many cadres in the same
// commission asks once.
func (s *Service) place(ctx context.Context, tx *db.Tx, p org.Principal, at Placement) (placed, error) {
	key := placedKey{p.ScopePath, at}
	if pl, ok := tx.Memo(key).(placed); ok {
		return pl, nil
	}
	lo, hi := db.SubtreeRange(p.ScopePath)
	var pl placed
	c := &pl.commission
	err := tx.QueryRow(ctx, `SELECT id, name, path FROM commissions WHERE id = ? AND path >= ? AND path < ?`,
		at.CommissionID, lo, hi).Scan(&c.ID, &c.Name, &c.Path)
	if errors.Is(err, sql.ErrNoRows) {
		return pl, apperr.Fields{"commission_id": "所属机构不存在或不在您的管理范围内"}.Err()
	}
	if err != nil {
		return pl, err
	}
	if at.DepartmentID != 0 {
		err := tx.QueryRow(ctx, `SELECT name FROM departments WHERE id = ? AND commission_id = ?`, at.DepartmentID, c.ID).Scan(&pl.department)
		if errors.Is(err, sql.ErrNoRows) {
			return pl, apperr.Fields{"department_id": "该部门不属于所选机构"}.Err()
		}
		if err != nil {
			return pl, err
		}
	}
	tx.SetMemo(key, pl)
	return pl, nil
}

func indexCadre(ctx context.Context, tx *db.Tx, id int64, k Cadre) error {
	terms := search.Terms(k.Name, search.Name)
	terms = append(terms, search.Terms(k.Post, search.Text)...)
	return db.SearchPut(ctx, tx, "cadre_search", id, terms)
}

// Get returns cadre id's basic data (not the archive) if the cadre is in p's scope. Requires
// cadre.view.
func (s *Service) Get(ctx context.Context, p org.Principal, id int64) (Cadre, error) {
	if !p.Can(org.PermCadreView) {
		return Cadre{}, apperr.New(apperr.Forbidden, "无权查看干部信息")
	}
	return getCadre(ctx, s.db.Reader(), p, id)
}

func getCadre(ctx context.Context, q db.Querier, p org.Principal, id int64) (Cadre, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	k, err := scanCadre(q.QueryRow(ctx, `SELECT `+cadreColumns+cadreFrom+`WHERE k.id = ? AND k.commission_path >= ? AND k.commission_path < ?`, id, lo, hi))
	if errors.Is(err, sql.ErrNoRows) {
		return k, apperr.NotFoundf("该干部")
	}
	return k, err
}

// Filter selects cadres in a list.
type Filter struct {
	Query        string // part of the name or post, or a whole or partial ID number
	CommissionID int64  // this commission's subtree; 0 for p's whole scope
	Rank         Rank
	Status       Status // "" for all
	KeyMinority  bool
	Page         org.Page
}

// List returns one page of cadres in p's scope matching f (by commission, then as registered)
// and the total that match. Requires cadre.view.
func (s *Service) List(ctx context.Context, p org.Principal, f Filter) ([]Cadre, int, error) {
	q := s.db.Reader()
	w, args, err := s.listWhere(ctx, q, p, f)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM cadres k`+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	pg := f.Page.Normalize()
	const order = ` ORDER BY k.commission_path, k.id`
	rows, err := q.Query(ctx, `SELECT `+cadreColumns+cadreFrom+`WHERE k.id IN (SELECT k.id FROM cadres k`+w+order+` LIMIT ? OFFSET ?)`+order,
		append(args, pg.Size, pg.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Cadre
	for rows.Next() {
		k, err := scanCadre(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, k)
	}
	return out, total, rows.Err()
}

// each calls fn for every cadre in p's scope matching f, in list order, with its commission's
// code, streaming (for exports).
func (s *Service) each(ctx context.Context, p org.Principal, f Filter, fn func(Cadre, string) error) error {
	q := s.db.Reader()
	w, args, err := s.listWhere(ctx, q, p, f)
	if err != nil {
		return err
	}
	rows, err := q.Query(ctx, `SELECT `+cadreColumns+`, c.code`+cadreFrom+strings.Replace(w, " WHERE ", "WHERE ", 1)+` ORDER BY k.commission_path, k.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k Cadre
		var committees, code string
		if err := rows.Scan(&k.ID, &k.Name, &k.Gender, &k.BirthDate, &k.IDNumber, &k.Ethnicity, &k.PartyMember, &k.PartyJoinDate,
			&k.CommissionID, &k.CommissionName, &k.CommissionPath, &k.DepartmentID, &k.DepartmentName, &k.Post, &k.Rank,
			&k.KeyMinority, &committees, &k.ManagementAuthority, &k.Status, &k.LeftAt, &k.UserID, &k.CreatedAt, &k.UpdatedAt,
			&k.PostSince, &k.RankSince, &k.WorkStart, &k.Education, &k.Degree, &k.NativePlace, &k.RankTitle, &k.Note, &code); err != nil {
			return err
		}
		if committees != "" {
			k.Committees = strings.Split(committees, ",")
		}
		if err := fn(k, code); err != nil {
			return err
		}
	}
	return rows.Err()
}

// listWhere builds the WHERE clause (with a leading space) of a cadre list for p and f.
func (s *Service) listWhere(ctx context.Context, q db.Querier, p org.Principal, f Filter) (string, []any, error) {
	if !p.Can(org.PermCadreView) {
		return "", nil, apperr.New(apperr.Forbidden, "无权查看干部信息")
	}
	path := p.ScopePath
	if f.CommissionID != 0 {
		c, err := s.org.Commission(ctx, p, f.CommissionID)
		if err != nil {
			return "", nil, err
		}
		path = c.Path
	}
	lo, hi := db.SubtreeRange(path)
	where := []string{"k.commission_path >= ?", "k.commission_path < ?"}
	args := []any{lo, hi}
	if query := strings.TrimSpace(f.Query); query != "" {
		if idPart := normalizeID(query); looksLikeIDNumber(idPart) {
			// through the ID-number index, so the planner does not scan in list order instead
			where = append(where, "k.id IN (SELECT id FROM cadres WHERE id_number >= ? AND id_number < ?)")
			args = append(args, idPart, idPart+"\x7f")
		} else {
			if terms := search.QueryTerms(query); len(terms) > 0 {
				cond, arg := db.SearchMatch(q.Dialect(), "k.id", "cadre_search", terms)
				where = append(where, cond)
				args = append(args, arg)
			}
			like := "%" + db.EscapeLike(query) + "%"
			where = append(where, "(k.name LIKE ? OR k.post LIKE ?)")
			args = append(args, like, like)
		}
	}
	if f.Rank != "" {
		where = append(where, "k.rank = ?")
		args = append(args, f.Rank)
	}
	if f.Status != "" {
		where = append(where, "k.status = ?")
		args = append(args, f.Status)
	}
	if f.KeyMinority {
		where = append(where, "k.key_minority = ?")
		args = append(args, true)
	}
	return " WHERE " + strings.Join(where, " AND "), args, nil
}

// looksLikeIDNumber reports whether a query is (part of) an ID number: 6+ digits, maybe an X.
func looksLikeIDNumber(s string) bool {
	if len(s) < 6 {
		return false
	}
	for i, c := range s {
		if !(c >= '0' && c <= '9') && !(c == 'X' && i == len(s)-1) {
			return false
		}
	}
	return true
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// LinkUser records that cadre id is the person behind login userID (both in p's scope), so
// that the archive rules know the reader's own archive and family. Requires cadre.manage.
func (s *Service) LinkUser(ctx context.Context, p org.Principal, id, userID int64) error {
	if !p.Can(org.PermCadreManage) {
		return apperr.New(apperr.Forbidden, "无权维护干部信息")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		k, err := getCadre(ctx, tx, p, id)
		if err != nil {
			return err
		}
		lo, hi := db.SubtreeRange(p.ScopePath)
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ? AND commission_path >= ? AND commission_path < ?`, userID, lo, hi).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFoundf("该用户")
		}
		if _, err := tx.Exec(ctx, `UPDATE cadres SET user_id = ? WHERE id = ?`, userID, k.ID); err != nil {
			if db.IsUniqueViolation(err) {
				return apperr.New(apperr.Conflict, "该用户已对应另一名干部")
			}
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "cadre.link_user", ObjectType: "cadre", ObjectID: strconv.FormatInt(k.ID, 10),
			Summary: "关联干部 " + k.Name + " 与登录账户 " + strconv.FormatInt(userID, 10), CommissionID: k.CommissionID, ScopePath: k.CommissionPath})
	})
}

// Find returns the cadres in p's scope that key names exactly: a whole ID-card number, or a
// name (several people may share one). Requires cadre.view.
func (s *Service) Find(ctx context.Context, q db.Querier, p org.Principal, key string) ([]Cadre, error) {
	if !p.Can(org.PermCadreView) {
		return nil, apperr.New(apperr.Forbidden, "无权查看干部信息")
	}
	key = strings.TrimSpace(key)
	lo, hi := db.SubtreeRange(p.ScopePath)
	column := "k.name"
	if id := normalizeID(key); len(id) == 18 && looksLikeIDNumber(id) {
		column, key = "k.id_number", id
	}
	rows, err := q.Query(ctx, `SELECT `+cadreColumns+cadreFrom+`WHERE `+column+` = ? AND k.commission_path >= ? AND k.commission_path < ?
		ORDER BY k.id LIMIT 10`, key, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Cadre
	for rows.Next() {
		k, err := scanCadre(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// Snapshot returns cadre id's basic data whatever the reader's scope: for showing who a record
// made in scope was about after the cadre moved. It is not an archive read.
func (s *Service) Snapshot(ctx context.Context, q db.Querier, id int64) (Cadre, error) {
	k, err := scanCadre(q.QueryRow(ctx, `SELECT `+cadreColumns+cadreFrom+`WHERE k.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return k, apperr.NotFoundf("该干部")
	}
	return k, err
}

// FindLines resolves one cadre a line of lines (a name or an ID-card number, in p's scope;
// blank lines skipped) and reports every bad line at once — nobody found, several people of that
// name, a repeat — as a form error on field. Requires cadre.view.
func (s *Service) FindLines(ctx context.Context, q db.Querier, p org.Principal, lines, field string) ([]Cadre, error) {
	var out []Cadre
	var problems []string
	seen := map[int64]bool{}
	for i, line := range strings.Split(lines, "\n") {
		key := strings.TrimSpace(line)
		if key == "" {
			continue
		}
		found, err := s.Find(ctx, q, p, key)
		if err != nil {
			return nil, err
		}
		switch {
		case len(found) == 0:
			problems = append(problems, fmt.Sprintf("第 %d 行“%s”：管辖范围内查无此人", i+1, key))
		case len(found) > 1:
			problems = append(problems, fmt.Sprintf("第 %d 行“%s”：有 %d 人同名，请改填身份证号", i+1, key, len(found)))
		case seen[found[0].ID]:
			problems = append(problems, fmt.Sprintf("第 %d 行“%s”：与前面重复", i+1, key))
		default:
			seen[found[0].ID] = true
			out = append(out, found[0])
		}
	}
	if len(problems) > 0 {
		return nil, apperr.Fields{field: strings.Join(problems, "；")}.Err()
	}
	return out, nil
}

package org

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/password"
	"custos/internal/search"
)

const userColumns = `u.id, u.username, u.display_name, u.commission_id, c.name, u.commission_path,
	COALESCE(u.department_id, 0), COALESCE(d.name, ''), u.status, u.must_change_password, u.locked_until, u.created_at`

const userFrom = ` FROM users u JOIN commissions c ON c.id = u.commission_id LEFT JOIN departments d ON d.id = u.department_id `

func scanUser(s interface{ Scan(...any) error }) (User, error) {
	var u User
	var locked sql.NullTime
	err := s.Scan(&u.ID, &u.Username, &u.DisplayName, &u.CommissionID, &u.CommissionName, &u.CommissionPath,
		&u.DepartmentID, &u.DepartmentName, &u.Status, &u.MustChangePassword, &locked, &u.CreatedAt)
	if locked.Valid {
		t := locked.Time
		u.LockedUntil = &t
	}
	return u, err
}

// NewUser is the input for adding a user.
type NewUser struct {
	Username     string
	DisplayName  string
	CommissionID int64
	DepartmentID int64
	Roles        []string
	Password     string // "" to generate a random one, returned once
}

// CreateUser adds a user in a commission of p's scope and returns the user and the initial
// password (generated when in.Password is empty; the user must change it at first login).
// Requires user.manage. A system administrator creates accounts without roles: in.Roles needs
// role.manage as well (only the command line and the demo loader hold both) and must pass
// Separation. Field errors name the form fields.
func (s *Service) CreateUser(ctx context.Context, p Principal, in NewUser) (User, string, error) {
	if !p.Can(PermUserManage) {
		return User{}, "", apperr.New(apperr.Forbidden, "无权新增用户")
	}
	in.Username = strings.TrimSpace(strings.ToLower(in.Username))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	f := apperr.Fields{}
	if !ValidUsername(in.Username) {
		f.Add("username", "登录名为 3–32 位小写字母、数字或 . _ -，以字母开头")
	}
	if in.DisplayName == "" || utf8.RuneCountInString(in.DisplayName) > 30 {
		f.Add("display_name", "请填写姓名（不超过 30 字）")
	}
	if in.CommissionID == 0 {
		f.Add("commission_id", "请选择所属机构")
	}
	checkRoles(f, in.Roles)
	if len(in.Roles) > 0 && !p.Can(PermRoleManage) {
		f.Add("roles", "系统管理员新增账户时不授予角色，角色由安全保密管理员授予（三员分立）")
	}
	generated := in.Password == ""
	if generated {
		in.Password = password.Random()
	} else if msg := password.Policy(in.Password); msg != "" {
		f.Add("password", msg)
	}
	if err := f.Err(); err != nil {
		return User{}, "", err
	}
	hash, err := password.Hash(in.Password, s.pwParams)
	if err != nil {
		return User{}, "", err
	}
	var out User
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := getCommission(ctx, tx, p, in.CommissionID)
		if apperr.CodeOf(err) == apperr.NotFound {
			return apperr.Fields{"commission_id": "所属机构不存在或不在您的管理范围内"}.Err()
		}
		if err != nil {
			return err
		}
		if err := checkDepartment(ctx, tx, c.ID, in.DepartmentID); err != nil {
			return err
		}
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO users (username, display_name, commission_id, commission_path,
			department_id, password_hash, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			in.Username, in.DisplayName, c.ID, c.Path, nullID(in.DepartmentID), hash, generated, s.now().UTC()).Scan(&id)
		if db.IsUniqueViolation(err) {
			return apperr.Fields{"username": "该登录名已被使用"}.Err()
		}
		if err != nil {
			return err
		}
		if err := replaceRoles(ctx, tx, id, c.Path, in.Roles); err != nil {
			return err
		}
		if err := IndexUser(ctx, tx, id, in.Username, in.DisplayName); err != nil {
			return err
		}
		if out, err = getUser(ctx, tx, p, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "user.create", ObjectType: "user",
			ObjectID: strconv.FormatInt(id, 10), Summary: "新增用户 " + out.Username + "（" + out.DisplayName + "），角色：" + orDash(roleNames(out.Roles)),
			After: out, CommissionID: c.ID, ScopePath: c.Path})
	})
	if err != nil {
		return User{}, "", err
	}
	if !generated {
		return out, "", nil
	}
	return out, in.Password, nil
}

// UserChange is the input for editing a user's name, department and status.
type UserChange struct {
	DisplayName  string
	DepartmentID int64
	Status       string
}

// UpdateUser changes a user's name, department and status in p's scope. Requires user.manage;
// nobody may change their own status (no self-lockout). Roles are SetRoles'.
func (s *Service) UpdateUser(ctx context.Context, p Principal, id int64, in UserChange) (User, error) {
	if !p.Can(PermUserManage) {
		return User{}, apperr.New(apperr.Forbidden, "无权修改用户")
	}
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	f := apperr.Fields{}
	if in.DisplayName == "" || utf8.RuneCountInString(in.DisplayName) > 30 {
		f.Add("display_name", "请填写姓名（不超过 30 字）")
	}
	if in.Status != "active" && in.Status != "disabled" {
		f.Add("status", "请选择状态")
	}
	if err := f.Err(); err != nil {
		return User{}, err
	}
	var out User
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := getUser(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if id == p.UserID && in.Status != before.Status {
			return apperr.New(apperr.Conflict, "不能修改本人的状态，请由其他管理员办理")
		}
		if err := checkDepartment(ctx, tx, before.CommissionID, in.DepartmentID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET display_name = ?, department_id = ?, status = ? WHERE id = ?`,
			in.DisplayName, nullID(in.DepartmentID), in.Status, id); err != nil {
			return err
		}
		if err := IndexUser(ctx, tx, id, before.Username, in.DisplayName); err != nil {
			return err
		}
		if in.Status == "disabled" {
			if _, err := EndSessions(ctx, tx, id, s.now()); err != nil {
				return err
			}
		}
		if out, err = getUser(ctx, tx, p, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "user.update", ObjectType: "user",
			ObjectID: strconv.FormatInt(id, 10), Summary: "修改用户 " + out.Username + "：部门 " + orDash(out.DepartmentName) + "，状态：" + out.StatusName(),
			Before: before, After: out, CommissionID: out.CommissionID, ScopePath: out.CommissionPath})
	})
	return out, err
}

// EndSessions revokes every live session of user id and returns how many there were.
func EndSessions(ctx context.Context, tx *db.Tx, id int64, now time.Time) (int64, error) {
	now = now.UTC()
	res, err := tx.Exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?`, now, id, now)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// SetPasswordHash stores a new password hash, clears failed logins and every login block of
// the account, and sets whether the user must change it at next login.
func SetPasswordHash(ctx context.Context, tx *db.Tx, id int64, hash string, mustChange bool) error {
	if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = ?, failed_logins = 0,
		locked_until = NULL WHERE id = ?`, hash, mustChange, id); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `DELETE FROM login_blocks WHERE username = (SELECT username FROM users WHERE id = ?)`, id)
	return err
}

// User returns user id if they belong to a commission in p's scope.
func (s *Service) User(ctx context.Context, p Principal, id int64) (User, error) {
	return getUser(ctx, s.db.Reader(), p, id)
}

func getUser(ctx context.Context, q db.Querier, p Principal, id int64) (User, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	u, err := scanUser(q.QueryRow(ctx, `SELECT `+userColumns+userFrom+
		`WHERE u.id = ? AND u.commission_path >= ? AND u.commission_path < ?`, id, lo, hi))
	if errors.Is(err, sql.ErrNoRows) {
		return u, apperr.NotFoundf("该用户")
	}
	if err != nil {
		return u, err
	}
	roles, err := rolesOf(ctx, q, []int64{id})
	u.Roles = roles[id]
	return u, err
}

// UserFilter selects users in a list.
type UserFilter struct {
	Query        string // part of the login name or display name
	CommissionID int64  // the subtree of this commission; 0 for p's whole scope
	Role         string
	Page         Page
}

// ListUsers returns one page of users in p's scope matching f, by commission and then in the
// order they were added, and the total that match. Requires user.view.
func (s *Service) ListUsers(ctx context.Context, p Principal, f UserFilter) ([]User, int, error) {
	if !p.Can(PermUserView) {
		return nil, 0, apperr.New(apperr.Forbidden, "无权查看用户")
	}
	q := s.db.Reader()
	path := p.ScopePath
	if f.CommissionID != 0 {
		c, err := getCommission(ctx, q, p, f.CommissionID)
		if err != nil {
			return nil, 0, err
		}
		path = c.Path
	}
	lo, hi := db.SubtreeRange(path)
	where := []string{"u.commission_path >= ?", "u.commission_path < ?"}
	args := []any{lo, hi}
	if f.Query != "" {
		// the index finds candidates by their terms; LIKE keeps exact substring semantics
		if terms := search.QueryTerms(f.Query); len(terms) > 0 {
			cond, arg := db.SearchMatch(q.Dialect(), "u.id", "user_search", terms)
			where = append(where, cond)
			args = append(args, arg)
		}
		where = append(where, "(u.username LIKE ? OR u.display_name LIKE ?)")
		like := "%" + db.EscapeLike(strings.ToLower(f.Query)) + "%"
		args = append(args, like, "%"+db.EscapeLike(f.Query)+"%")
	}
	pg := f.Page.Normalize()
	roleRange := "SELECT user_id FROM user_roles WHERE role = ? AND commission_path >= ? AND commission_path < ?"
	var count, page string
	var countArgs, pageArgs []any
	if f.Role != "" && f.Query == "" {
		// only a role filter: count and page on the user_roles index, in the list's order
		count, countArgs = `SELECT COUNT(*) FROM user_roles WHERE role = ? AND commission_path >= ? AND commission_path < ?`, []any{f.Role, lo, hi}
		page, pageArgs = roleRange+` ORDER BY commission_path, user_id LIMIT ? OFFSET ?`, []any{f.Role, lo, hi, pg.Size, pg.Offset()}
	} else {
		if f.Role != "" {
			where = append(where, "u.id IN ("+roleRange+")")
			args = append(args, f.Role, lo, hi)
		}
		w := " WHERE " + strings.Join(where, " AND ")
		count, countArgs = `SELECT COUNT(*) FROM users u`+w, args
		page, pageArgs = `SELECT u.id FROM users u`+w+` ORDER BY u.commission_path, u.id LIMIT ? OFFSET ?`, append(args, pg.Size, pg.Offset())
	}
	if f.Role == "" && f.Query == "" { // no filter: sum the per-commission counts the triggers keep
		count, countArgs = `SELECT COALESCE(SUM(user_count), 0) FROM commissions WHERE path >= ? AND path < ?`, []any{lo, hi}
	}
	var total int
	if err := q.QueryRow(ctx, count, countArgs...).Scan(&total); err != nil {
		return nil, 0, err
	}
	// deferred join: page through an index, then join only the rows shown
	rows, err := q.Query(ctx, `SELECT `+userColumns+userFrom+`WHERE u.id IN (`+page+`) ORDER BY u.commission_path, u.id`, pageArgs...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []User
	var ids []int64
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
		ids = append(ids, u.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	roles, err := rolesOf(ctx, q, ids)
	for i := range out {
		out[i].Roles = roles[out[i].ID]
	}
	return out, total, err
}

// IndexUser records the search terms of a user's login name and display name.
func IndexUser(ctx context.Context, tx *db.Tx, id int64, username, displayName string) error {
	return db.SearchPut(ctx, tx, "user_search", id, search.Terms(username+" "+displayName, search.Name))
}

func rolesOf(ctx context.Context, q db.Querier, ids []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := q.Query(ctx, `SELECT user_id, role FROM user_roles WHERE user_id IN (`+db.Placeholders(len(ids))+`) ORDER BY user_id, role`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r string
		if err := rows.Scan(&id, &r); err != nil {
			return nil, err
		}
		out[id] = append(out[id], r)
	}
	return out, rows.Err()
}

// replaceRoles sets the user's roles; path is the user's commission path, repeated on each
// row for scoped role filters.
func replaceRoles(ctx context.Context, tx *db.Tx, id int64, path string, roles []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM user_roles WHERE user_id = ?`, id); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, r := range roles {
		if seen[r] {
			continue
		}
		seen[r] = true
		if _, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, role, commission_path) VALUES (?, ?, ?)`, id, r, path); err != nil {
			return err
		}
	}
	return nil
}

// checkRoles adds a field error for an unknown role or a set that breaks Separation.
func checkRoles(f apperr.Fields, roles []string) {
	for _, r := range roles {
		if _, ok := RoleByID(r); !ok {
			f.Add("roles", "未知角色："+r)
		}
	}
	if msg := Separation(roles); msg != "" {
		f.Add("roles", msg)
	}
}

func checkDepartment(ctx context.Context, tx *db.Tx, commissionID, deptID int64) error {
	if deptID == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM departments WHERE id = ? AND commission_id = ?`, deptID, commissionID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.Fields{"department_id": "该部门不属于所选机构"}.Err()
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func roleNames(ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = RoleName(id)
	}
	return strings.Join(names, "、")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, x := range a {
		m[x] |= 1
	}
	for _, x := range b {
		m[x] |= 2
	}
	for _, v := range m {
		if v != 3 {
			return false
		}
	}
	return true
}

// UserIDByUsername returns the id of the user with login name username in p's scope.
func (s *Service) UserIDByUsername(ctx context.Context, p Principal, username string) (int64, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	var id int64
	err := s.db.Reader().QueryRow(ctx, `SELECT id FROM users WHERE username = ? AND commission_path >= ? AND commission_path < ?`,
		strings.ToLower(strings.TrimSpace(username)), lo, hi).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.NotFoundf("用户 " + username)
	}
	return id, err
}

// CommissionIDByCode returns the id of the commission with code in p's scope.
func (s *Service) CommissionIDByCode(ctx context.Context, p Principal, code string) (int64, error) {
	lo, hi := db.SubtreeRange(p.ScopePath)
	var id int64
	err := s.db.Reader().QueryRow(ctx, `SELECT id FROM commissions WHERE code = ? AND path >= ? AND path < ?`,
		strings.TrimSpace(code), lo, hi).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.NotFoundf("机构代码 " + code + " 对应的机构")
	}
	return id, err
}

// DepartmentIDByKind returns the id of commission's department of kind, or NotFound.
func (s *Service) DepartmentIDByKind(ctx context.Context, commissionID int64, kind string) (int64, error) {
	var id int64
	err := s.db.Reader().QueryRow(ctx, `SELECT id FROM departments WHERE commission_id = ? AND kind = ?`, commissionID, kind).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.NotFoundf("部门 " + kind)
	}
	return id, err
}

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

// AddFamily records a close relative or specific related person of a cadre in p's scope,
// with employer and business; an ID number, when given, must be valid. A member already
// recorded under the same relation and name is updated instead. Requires cadre.manage.
func (s *Service) AddFamily(ctx context.Context, p org.Principal, cadreID int64, m FamilyMember) (FamilyMember, error) {
	if !p.Can(org.PermCadreManage) {
		return FamilyMember{}, apperr.New(apperr.Forbidden, "无权维护家庭成员信息")
	}
	m, f := s.checkFamily(m)
	if err := f.Err(); err != nil {
		return FamilyMember{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		k, err := getCadre(ctx, tx, p, cadreID)
		if err != nil {
			return err
		}
		m, _, err = s.addFamily(ctx, tx, p, k, m)
		return err
	})
	return m, err
}

// checkFamily validates and normalizes a member as typed; problems are keyed by field.
func (s *Service) checkFamily(m FamilyMember) (FamilyMember, apperr.Fields) {
	f := apperr.Fields{}
	if RelationName(m.Relation) == string(m.Relation) {
		f.Add("relation", "请选择关系")
	}
	m.Name = strings.TrimSpace(m.Name)
	if m.Name == "" || utf8.RuneCountInString(m.Name) > 30 {
		f.Add("name", "请填写姓名（不超过 30 字）")
	}
	if strings.TrimSpace(m.IDNumber) != "" {
		card, err := ParseIDCard(m.IDNumber, s.today())
		if err != nil {
			f.Add("id_number", err.Error())
		}
		m.IDNumber = card.Number
	}
	for field, v := range map[string]*string{"employer": &m.Employer, "post": &m.Post, "business": &m.Business, "region": &m.Region} {
		*v = strings.TrimSpace(*v)
		if utf8.RuneCountInString(*v) > 100 {
			f.Add(field, "不超过 100 字")
		}
	}
	return m, f
}

// addFamily writes a checked member of cadre k inside tx, or updates the member recorded
// under the same relation and name; it reports whether one was created.
func (s *Service) addFamily(ctx context.Context, tx *db.Tx, p org.Principal, k Cadre, m FamilyMember) (FamilyMember, bool, error) {
	m.CadreID = k.ID
	now := s.now()
	var before FamilyMember
	err := tx.QueryRow(ctx, `SELECT id, cadre_id, relation, name, id_number, employer, post, business, region FROM family_members
		WHERE cadre_id = ? AND relation = ? AND name = ?`, k.ID, m.Relation, m.Name).
		Scan(&before.ID, &before.CadreID, &before.Relation, &before.Name, &before.IDNumber, &before.Employer, &before.Post, &before.Business, &before.Region)
	switch {
	case err == nil:
		m.ID = before.ID
		if m == before {
			return m, false, nil
		}
		if _, err := tx.Exec(ctx, `UPDATE family_members SET id_number = ?, employer = ?, post = ?, business = ?, region = ? WHERE id = ?`,
			m.IDNumber, m.Employer, m.Post, m.Business, m.Region, m.ID); err != nil {
			return m, false, err
		}
		return m, false, s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "cadre.family.update", ObjectType: "cadre", ObjectID: strconv.FormatInt(k.ID, 10),
			Summary: "更新 " + k.Name + " 的" + RelationName(m.Relation) + " " + m.Name, Before: before, After: m, CommissionID: k.CommissionID, ScopePath: k.CommissionPath})
	case !errors.Is(err, sql.ErrNoRows):
		return m, false, err
	}
	if err := tx.QueryRow(ctx, `INSERT INTO family_members (cadre_id, relation, name, id_number, employer, post, business, region, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, k.ID, m.Relation, m.Name, m.IDNumber, m.Employer, m.Post, m.Business,
		m.Region, now.UTC()).Scan(&m.ID); err != nil {
		return m, false, err
	}
	detail := strings.Trim(strings.Join([]string{m.Employer, m.Post, m.Business}, " "), " ")
	if err := AddItem(ctx, tx, Item{CadreID: k.ID, Date: s.today().Format("2006-01-02"), Kind: "family",
		Title: "登记" + RelationName(m.Relation) + " " + m.Name, Detail: detail, SourceType: "family_member", SourceID: m.ID,
		RecordedBy: p.DisplayName}, now); err != nil {
		return m, false, err
	}
	return m, true, s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "cadre.family", ObjectType: "cadre", ObjectID: strconv.FormatInt(k.ID, 10),
		Summary: "登记 " + k.Name + " 的" + RelationName(m.Relation), After: m, CommissionID: k.CommissionID, ScopePath: k.CommissionPath})
}

func family(ctx context.Context, q db.Querier, cadreID int64) ([]FamilyMember, error) {
	rows, err := q.Query(ctx, `SELECT id, cadre_id, relation, name, id_number, employer, post, business, region
		FROM family_members WHERE cadre_id = ? ORDER BY id`, cadreID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FamilyMember
	for rows.Next() {
		var m FamilyMember
		if err := rows.Scan(&m.ID, &m.CadreID, &m.Relation, &m.Name, &m.IDNumber, &m.Employer, &m.Post, &m.Business, &m.Region); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

package org

import "context"

// Responsibility is one link of a commission's responsibility chain (O3) and the users who
// carry it, derived from the roles they hold in that commission.
type Responsibility struct {
	Name    string // e.g. 主体责任
	Bearer  string // who carries it by rule, e.g. 常委会
	Roles   []string
	Holders []User // active users of the commission holding one of Roles
}

// responsibilityChain is the O3 rule: which roles carry which responsibility.
func responsibilityChain() []Responsibility {
	return []Responsibility{
		{Name: "主体责任", Bearer: "常委会", Roles: []string{"standing_committee"}},
		{Name: "第一责任人", Bearer: "主要负责人", Roles: []string{"principal"}},
		{Name: "一岗双责", Bearer: "班子成员", Roles: []string{"deputy_in_charge"}},
		{Name: "专职专责", Bearer: "干部监督部门", Roles: []string{"cadre_supervision"}},
		{Name: "专项职责", Bearer: "职能部门", Roles: []string{"petitions", "case_mgmt", "supervision", "investigation", "trial", "personnel"}},
	}
}

// Responsibilities returns commission id's responsibility chain with the active users of that
// commission itself (not its subtree) who carry each link; an empty link is a gap to fill.
func (s *Service) Responsibilities(ctx context.Context, p Principal, id int64) ([]Responsibility, error) {
	c, err := s.Commission(ctx, p, id)
	if err != nil {
		return nil, err
	}
	q := s.db.Reader()
	rows, err := q.Query(ctx, `SELECT `+userColumns+userFrom+`WHERE u.commission_id = ? AND u.status = 'active' ORDER BY u.id`, c.ID)
	if err != nil {
		return nil, err
	}
	var users []User
	var ids []int64
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		users, ids = append(users, u), append(ids, u.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	roles, err := rolesOf(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	chain := responsibilityChain()
	for i := range chain {
		for _, u := range users {
			for _, r := range chain[i].Roles {
				if contains(roles[u.ID], r) {
					chain[i].Holders = append(chain[i].Holders, u)
					break
				}
			}
		}
	}
	return chain, nil
}

// RoleNames returns the Chinese names of a responsibility's roles, joined.
func (r Responsibility) RoleNames() string { return roleNames(r.Roles) }

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

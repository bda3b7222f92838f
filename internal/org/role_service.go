package org

import (
	"context"
	"strconv"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
)

// SetRoles replaces the roles of user id in p's scope. Requires role.manage (安全保密管理员):
// a system administrator creates accounts, the security administrator grants what they may do.
// Nobody changes their own roles, and the set must pass Separation. Audited with the roles
// before and after.
func (s *Service) SetRoles(ctx context.Context, p Principal, id int64, roles []string) (User, error) {
	if !p.Can(PermRoleManage) {
		return User{}, apperr.New(apperr.Forbidden, "无权授予角色：角色由安全保密管理员授予")
	}
	if id == p.UserID {
		return User{}, apperr.New(apperr.Conflict, "不能修改本人的角色，请由其他安全保密管理员办理")
	}
	f := apperr.Fields{}
	checkRoles(f, roles)
	if err := f.Err(); err != nil {
		return User{}, err
	}
	var out User
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := getUser(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if sameSet(roles, before.Roles) {
			out = before
			return nil
		}
		if err := replaceRoles(ctx, tx, id, before.CommissionPath, roles); err != nil {
			return err
		}
		if out, err = getUser(ctx, tx, p, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "user.roles", ObjectType: "user",
			ObjectID: strconv.FormatInt(id, 10), Summary: "设置用户 " + out.Username + " 的角色：" + orDash(roleNames(out.Roles)) + "（原为：" + orDash(roleNames(before.Roles)) + "）",
			Before: before, After: out, CommissionID: out.CommissionID, ScopePath: out.CommissionPath})
	})
	return out, err
}

// Package daily is daily supervision beyond talks (日常监督, D3, D4, A3): supervision research
// visits (监督调研) to a lower commission with the people interviewed, the report, the
// feedback and the profile of its leadership team (班子政治画像); attendance at its democratic
// life meetings (列席民主生活会) before, during and after; and the rectification items either
// leaves, tracked to completion. What concerns a person lands in their archive timeline.
package daily

import (
	"custos/internal/clock"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
)

// Service is the daily-supervision use cases; reads are limited to p's scope by the visited
// commission's path; every write is audited in its transaction.
type Service struct {
	db     *db.DB
	audit  *audit.Log
	org    *org.Service
	cadres *cadre.Service
	now    func() time.Time
}

// NewService returns a Service.
func NewService(d *db.DB, a *audit.Log, o *org.Service, c *cadre.Service, now func() time.Time) *Service {
	return &Service{db: d, audit: a, org: o, cadres: c, now: now}
}

func (s *Service) today() string {
	return clock.Date(s.now())
}

func mayWrite(p org.Principal) error {
	if !p.Can(org.PermCadreManage) {
		return apperr.New(apperr.Forbidden, "无权登记日常监督事项")
	}
	return nil
}

// text trims v and checks its length, adding a message for field when it is empty (if
// required) or longer than max characters.
func text(f apperr.Fields, field, label string, v *string, required bool, max int) {
	*v = strings.TrimSpace(*v)
	switch {
	case required && *v == "":
		f.Add(field, "请填写"+label)
	case utf8.RuneCountInString(*v) > max:
		f.Add(field, label+"不超过 "+strconv.Itoa(max)+" 字")
	}
}

// date checks a YYYY-MM-DD date that may not lie in the future.
func (s *Service) date(f apperr.Fields, field, label string, v *string, required bool) {
	if strings.TrimSpace(*v) == "" {
		if required {
			f.Add(field, "请填写"+label+"，格式 YYYY-MM-DD")
		}
		*v = ""
		return
	}
	d, ok := cadre.ParseDate(*v)
	switch {
	case !ok:
		f.Add(field, label+"格式应为 YYYY-MM-DD")
	case d > s.today():
		f.Add(field, label+"不能晚于今天")
	}
	*v = d
}

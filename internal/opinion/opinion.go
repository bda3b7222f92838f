// Package opinion answers integrity-opinion requests (党风廉政意见回复, A4): the organisation
// department asks about N cadres, the service drafts each reply from the cadre's archive and
// the registered finding sources, an officer edits and confirms, and the confirmed reply is
// numbered, lands in each archive and is exported as a GB/T 9704 document.
package opinion

import (
	"context"
	"custos/internal/clock"
	"time"

	"custos/internal/audit"
	"custos/internal/cadre"
	"custos/internal/db"
)

// Status of a request.
const (
	Draft     = "draft"     // 起草中: replies may be edited
	Confirmed = "confirmed" // 已确认: numbered, final
)

// StatusName returns the Chinese name of a status.
func StatusName(s string) string {
	if s == Confirmed {
		return "已确认"
	}
	return "起草中"
}

// Request is one integrity-opinion request and its replies.
type Request struct {
	ID             int64
	CommissionID   int64
	CommissionName string
	CommissionPath string
	Requester      string // 来函单位, e.g. 省委组织部
	RequestRef     string // 来函文号 or title
	Purpose        string // 事由, e.g. 拟提拔任用
	ReceivedOn     string
	Status         string
	Number         string // 发文字号, once confirmed
	ConfirmedBy    string
	ConfirmedOn    string
	CreatedBy      string
	Subjects       []Subject
	SubjectCount   int
}

// Subject is the reply about one cadre.
type Subject struct {
	Cadre    cadre.Cadre
	Findings []Finding
	Sources  []string // what was checked
	Reply    string
	Adverse  bool
}

// Input is a new request as typed: the cadres one a line, by ID-card number or name.
type Input struct {
	Requester  string
	RequestRef string
	Purpose    string
	ReceivedOn string
	Cadres     string
}

// Purposes are the usual reasons a request is made.
func Purposes() []string {
	return []string{"拟提拔任用", "拟进一步使用", "评优评先", "考核", "交流轮岗", "其他"}
}

// Source contributes findings about a cadre from another domain — problem clues still open,
// inquiries in the last years, sanctions still in their period. Later modules register theirs
// with NewService; the archive's own findings are always checked.
type Source interface {
	Name() string
	Findings(ctx context.Context, q db.Querier, cadreID int64, asOf time.Time) ([]Finding, error)
}

// Settings are the reply rules.
type Settings struct {
	LookbackYears int // findings from the last N years are weighed (3)
	MaxCadres     int // cadres in one request (50)
}

// Service is the integrity-opinion use cases.
type Service struct {
	db      *db.DB
	audit   *audit.Log
	cadres  *cadre.Service
	sources []Source
	now     func() time.Time
	set     Settings
}

// NewService returns a Service that checks the archive and sources.
func NewService(d *db.DB, a *audit.Log, c *cadre.Service, now func() time.Time, set Settings, sources ...Source) *Service {
	if set.LookbackYears <= 0 {
		set.LookbackYears = 3
	}
	if set.MaxCadres <= 0 {
		set.MaxCadres = 50
	}
	return &Service{db: d, audit: a, cadres: c, sources: sources, now: now, set: set}
}

// SourceNames lists what every draft checks.
func (s *Service) SourceNames() []string {
	names := []string{"廉政档案（任免、谈话、年度考核、个人有关事项等）", "禁业范围"}
	for _, src := range s.sources {
		names = append(names, src.Name())
	}
	return names
}

func (s *Service) today() time.Time {
	t := clock.In(s.now())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

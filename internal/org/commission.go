// Package org owns the commission tree (O1), departments, collaboration zones (O4), county
// cadre-supervision staffing (O2), users, roles and the data scope every query is filtered by.
//
// Scope rule: a user sees their own commission and the ones below it, never a sibling's or a
// parent's records. Commissions carry a materialized path ("/1/5/23/"), and every scoped query
// compares a path column against db.SubtreeRange(principal.ScopePath).
package org

import "time"

// Kind is what sort of discipline body a commission is.
type Kind string

const (
	KindCentral       Kind = "central"
	KindProvincial    Kind = "provincial"
	KindPrefectural   Kind = "prefectural"
	KindCounty        Kind = "county"
	KindResidentGroup Kind = "resident_group"
	KindSOE           Kind = "soe"
	KindUniversity    Kind = "university"
)

// KindName returns the Chinese name of k.
func KindName(k Kind) string {
	switch k {
	case KindCentral:
		return "中央"
	case KindProvincial:
		return "省级纪委监委"
	case KindPrefectural:
		return "市级纪委监委"
	case KindCounty:
		return "县级纪委监委"
	case KindResidentGroup:
		return "派驻纪检监察组"
	case KindSOE:
		return "国有企业纪检监察机构"
	case KindUniversity:
		return "高校纪检监察机构"
	}
	return string(k)
}

// CSOMode is how a county staffs cadre supervision (O2).
type CSOMode string

const (
	CSOIndependent CSOMode = "independent" // an independent cadre-supervision office (干部监督室)
	CSODesignated  CSOMode = "designated"  // designated full-time staff under the principal
	CSONone        CSOMode = "none"
)

// CSOModeName returns the Chinese name of m.
func CSOModeName(m CSOMode) string {
	switch m {
	case CSOIndependent:
		return "设立独立干部监督室"
	case CSODesignated:
		return "明确专职人员"
	}
	return "未设立"
}

// Commission is one node of the tree.
type Commission struct {
	ID        int64
	Code      string // GB/T 2260 division code, or a synthetic code for non-territorial bodies
	Name      string
	Kind      Kind
	ParentID  int64 // 0 for the root
	Path      string
	Depth     int
	ZoneID    int64
	ZoneName  string
	CSOMode   CSOMode
	CSOStaff  int
	DocCode   string // 机关代字 for document numbers, "" until set
	CreatedAt time.Time
	Children  int // number of direct children, where the query fills it
}

// DeptKind is a standard internal department.
type DeptKind string

// DeptKinds lists the standard departments of a territorial commission with their Chinese
// names, in display order.
func DeptKinds() []struct {
	Kind DeptKind
	Name string
} {
	return []struct {
		Kind DeptKind
		Name string
	}{
		{"petitions", "信访室"},
		{"case_mgmt", "案件监督管理室"},
		{"supervision", "监督检查室"},
		{"investigation", "审查调查室"},
		{"trial", "案件审理室"},
		{"cadre_supervision", "干部监督室"},
		{"personnel", "组织部（干部室）"},
		{"party_office", "机关党委"},
	}
}

// Department is an internal department of a commission.
type Department struct {
	ID           int64
	CommissionID int64
	Kind         DeptKind
	Name         string
}

// Zone is a collaboration zone (协作区) grouping counties for cross-inspection and joint cases.
type Zone struct {
	ID                int64
	OwnerCommissionID int64
	Name              string
	Members           int
}

// CountyCompliance is one row of the O2 view: does the county meet the staffing rule?
type CountyCompliance struct {
	Commission
	ParentName string
	Compliant  bool
}

// Compliant reports whether a county meets the O2 rule: an independent office, or at least
// minStaff designated full-time staff.
func Compliant(mode CSOMode, staff, minStaff int) bool {
	return mode == CSOIndependent || (mode == CSODesignated && staff >= minStaff)
}

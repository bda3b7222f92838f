package cadre

import (
	"strings"
	"time"
)

// Rank is the cadre's grade (职级), used by the statistics breakdowns.
type Rank string

// Ranks lists the grades with their Chinese names, highest first.
func Ranks() []struct {
	ID   Rank
	Name string
} {
	return []struct {
		ID   Rank
		Name string
	}{
		{"provincial", "省部级"}, {"bureau", "厅局级"}, {"county", "县处级"}, {"section", "乡科级"}, {"staff", "一般干部"},
	}
}

// RankName returns the Chinese name of r.
func RankName(r Rank) string {
	for _, x := range Ranks() {
		if x.ID == r {
			return x.Name
		}
	}
	return string(r)
}

// RankByName returns the rank with Chinese name n as rosters write it: one of the five grades,
// or a grade's principal/deputy level (正处级, 副科级) or civil-service rank (职级: 一级巡视员,
// 三级调研员, 二级主任科员, 一级科员) that falls in it.
func RankByName(n string) (Rank, bool) {
	n = strings.TrimSpace(n)
	for _, x := range Ranks() {
		if x.Name == n || string(x.ID) == n {
			return x.ID, true
		}
	}
	if r, ok := rankAliases()[n]; ok {
		return r, true
	}
	return "", false
}

// rankAliases maps the levels and civil-service ranks of 公务员职务与职级并行规定 to the grade
// they count under in the statistics.
func rankAliases() map[string]Rank {
	m := map[string]Rank{"正部级": "provincial", "副部级": "provincial", "正省部级": "provincial", "副省部级": "provincial",
		"正厅级": "bureau", "副厅级": "bureau", "正局级": "bureau", "副局级": "bureau", "正厅局级": "bureau", "副厅局级": "bureau",
		"正处级": "county", "副处级": "county", "正县级": "county", "副县级": "county", "正县处级": "county", "副县处级": "county",
		"正科级": "section", "副科级": "section", "正乡科级": "section", "副乡科级": "section",
		"科员": "staff", "办事员": "staff", "试用期人员": "staff"}
	for _, n := range []string{"一级", "二级"} {
		m[n+"巡视员"] = "bureau"
		m[n+"科员"] = "staff"
	}
	for _, n := range []string{"一级", "二级", "三级", "四级"} {
		m[n+"调研员"] = "county"
		m[n+"主任科员"] = "section"
	}
	return m
}

// Status is whether the cadre is in post.
type Status string

const (
	InPost  Status = "in_post"
	Left    Status = "left"
	Retired Status = "retired"
)

// StatusName returns the Chinese name of s.
func StatusName(s Status) string {
	switch s {
	case Left:
		return "离岗离职"
	case Retired:
		return "退休"
	}
	return "在职"
}

// Committees a cadre may sit on; membership changes approval paths.
func Committees() []struct{ ID, Name string } {
	return []struct{ ID, Name string }{
		{"party", "同级党委委员"}, {"discipline", "纪委委员"}, {"supervisory", "监委委员"},
	}
}

// Cadre is one discipline-inspection cadre (domain §2.1).
type Cadre struct {
	ID                  int64
	Name                string
	Gender              string // "M" or "F"
	BirthDate           string // YYYY-MM-DD
	IDNumber            string
	Ethnicity           string
	PartyMember         bool
	PartyJoinDate       string
	CommissionID        int64
	CommissionName      string
	CommissionPath      string
	DepartmentID        int64
	DepartmentName      string
	Post                string
	Rank                Rank
	KeyMinority         bool
	Committees          []string // committee ids
	ManagementAuthority string   // e.g. 省委管理
	Status              Status
	LeftAt              string // YYYY-MM-DD when left or retired
	// as rosters keep them: dates YYYY-MM-DD or YYYY-MM; RankTitle is the 职级 as written when it
	// is not one of the five grades (二级调研员, 副科级)
	PostSince, RankSince, WorkStart, Education, Degree, NativePlace, RankTitle, Note string
	UserID                                                                           int64 // the cadre's own login, if any
	CreatedAt                                                                        time.Time
	UpdatedAt                                                                        time.Time
}

// GenderName returns 男 or 女.
func (c Cadre) GenderName() string {
	if c.Gender == "F" {
		return "女"
	}
	return "男"
}

// Age returns the cadre's age on day.
func (c Cadre) Age(day time.Time) int {
	b, err := time.Parse("2006-01-02", c.BirthDate)
	if err != nil {
		return 0
	}
	age := day.Year() - b.Year()
	if day.YearDay() < b.YearDay() {
		age--
	}
	return age
}

// CommitteeNames returns the Chinese names of the cadre's committees.
func (c Cadre) CommitteeNames() string {
	var out []string
	for _, x := range Committees() {
		for _, id := range c.Committees {
			if id == x.ID {
				out = append(out, x.Name)
			}
		}
	}
	return strings.Join(out, "、")
}

// Relation is a family tie (近亲属 are spouse, parents, children and full siblings; 特定关系人
// are persons with close interests, e.g. a lover or business partner).
type Relation string

// Relations lists the ties with their Chinese names and whether they are close relatives.
func Relations() []struct {
	ID    Relation
	Name  string
	Close bool
} {
	return []struct {
		ID    Relation
		Name  string
		Close bool
	}{
		{"spouse", "配偶", true}, {"father", "父亲", true}, {"mother", "母亲", true},
		{"son", "儿子", true}, {"daughter", "女儿", true}, {"brother", "兄弟", true}, {"sister", "姐妹", true},
		{"related", "特定关系人", false},
	}
}

// RelationName returns the Chinese name of r.
func RelationName(r Relation) string {
	for _, x := range Relations() {
		if x.ID == r {
			return x.Name
		}
	}
	return string(r)
}

// IsClose reports whether r is a close relative (近亲属).
func IsClose(r Relation) bool {
	for _, x := range Relations() {
		if x.ID == r {
			return x.Close
		}
	}
	return false
}

// FamilyMember is a close relative or specific related person, with employer and business.
type FamilyMember struct {
	ID       int64
	CadreID  int64
	Relation Relation
	Name     string
	IDNumber string
	Employer string
	Post     string
	Business string // businesses run or held, e.g. 贵阳某某建筑公司（股东）
	Region   string // where the business operates
}

// Appointment kinds (任免).
const (
	Appoint  = "appoint"  // 任职
	Remove   = "remove"   // 免职
	Exchange = "exchange" // 交流
)

// AppointmentKindName returns the Chinese name of an appointment kind.
func AppointmentKindName(k string) string {
	switch k {
	case Remove:
		return "免职"
	case Exchange:
		return "交流"
	}
	return "任职"
}

// Appointment is one entry of the appointment history.
type Appointment struct {
	ID             int64
	CadreID        int64
	Date           string
	Kind           string
	Post           string
	CommissionID   int64
	CommissionName string
	DocNo          string // 任免文号
	Note           string
}

// RankOrTitle is the 职级 as the roster shows it: the title as written (二级调研员) when there
// is one, else the grade's name.
func (c Cadre) RankOrTitle() string {
	if c.RankTitle != "" {
		return c.RankTitle
	}
	return RankName(c.Rank)
}

// Package report is the intake of reports about cadres (检举控告, C1–C2, domain §3.1): channel,
// category, real name or anonymous, subjects and allegations; routing by jurisdiction (the
// upper level's cadres and the receiver's own principal leader go up, lower-level matters go
// down); the reporter's identity sealed with a key outside the database and shown only to the
// petitions office or, with an audited reason, to a handler; duplicates found on registration
// and confirmed or rejected by the officer.
package report

// Channels (来信/来访/来电/网络/其他).
func Channels() []Option {
	return []Option{{"letter", "来信"}, {"visit", "来访"}, {"phone", "来电"}, {"online", "网络举报"}, {"other", "其他"}}
}

// Categories of what a report is (检举控告/申诉/批评建议/业务范围外/无实质内容).
func Categories() []Option {
	return []Option{{"accusation", "检举控告"}, {"appeal", "申诉"}, {"suggestion", "批评建议"}, {"out_of_scope", "业务范围外"}, {"no_substance", "无实质内容"}}
}

// Allegations by discipline type (处分条例's six disciplines, duty violation and duty crime).
func Allegations() []Option {
	return []Option{{"political", "政治纪律"}, {"organisational", "组织纪律"}, {"integrity", "廉洁纪律"}, {"mass", "群众纪律"},
		{"work", "工作纪律"}, {"life", "生活纪律"}, {"duty_violation", "职务违法"}, {"duty_crime", "职务犯罪"}}
}

// Option is a code and its Chinese name.
type Option struct{ ID, Name string }

// Name returns the Chinese name of id among opts, or id.
func Name(opts []Option, id string) string {
	for _, o := range opts {
		if o.ID == id {
			return o.Name
		}
	}
	return id
}

// Statuses of a report.
const (
	StatusRegistered  = "registered"   // 已登记: own level, waiting to be routed to a department
	StatusDuplicate   = "duplicate"    // 重复件: kept for reference
	StatusNoSubstance = "no_substance" // 无实质内容: archived
	StatusForwardedUp = "escalated"    // 已报送上级
	StatusForwarded   = "forwarded"    // 已转下级
	StatusOutOfScope  = "out_of_scope" // 业务范围外: referred to the organ concerned
	StatusReceived    = "received"     // 上级转来 / 下级报来，待受理
	StatusToClue      = "to_clue"      // 已转为问题线索
)

// StatusName returns the Chinese name of a status.
func StatusName(s string) string {
	return map[string]string{StatusRegistered: "已登记", StatusDuplicate: "重复件", StatusNoSubstance: "无实质内容（存档）",
		StatusForwardedUp: "已报送上级", StatusForwarded: "已转下级办理", StatusOutOfScope: "业务范围外（已转有关机关）",
		StatusReceived: "转来待受理", StatusToClue: "已转问题线索", StatusArchived: "集体研判后了结"}[s]
}

// Jurisdiction decides where a report is handled (domain §3.1).
type Jurisdiction string

// Jurisdictions.
const (
	Own         Jurisdiction = "own"          // the receiving commission handles it
	Upper       Jurisdiction = "upper"        // the subject is managed above: routing stub only, sent up
	UpperDirect Jurisdiction = "upper_direct" // about the receiver's own principal leader: straight up, hidden locally
	Lower       Jurisdiction = "lower"        // the subject belongs to a commission below: forwarded down
	Other       Jurisdiction = "other"        // another organ's remit
)

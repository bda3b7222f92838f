package web

import (
	"net/http"

	"custos/internal/apperr"
	"custos/internal/org"
)

// Module is one area of requirements.md in the navigation.
type Module struct {
	Key     string
	Name    string
	Reqs    string // requirement ids
	Desc    string
	Built   bool
	Partial string // what is and is not built yet, for a module built in part
	Links   []Link // screens, for built modules
}

// Link is a navigation entry.
type Link struct {
	Key, Name, URL string
	Perm           org.Permission
}

// modules is the platform's map, in requirements.md order. Modules not built yet say so.
func modules() []Module {
	return []Module{
		{Key: "org", Name: "组织与人员", Reqs: "O1–O6", Built: true,
			Desc: "机构树、内设部门、协作区、县级干部监督力量配备、监督联系、干部监督人员库、用户与角色",
			Links: []Link{
				{"org", "机构树", "/org", org.PermOrgView},
				{"commissions", "机构查询", "/org/commissions", org.PermOrgView},
				{"compliance", "县级干部监督力量", "/org/compliance", org.PermOrgView},
				{"zones", "协作区", "/org/zones", org.PermOrgView},
				{"contacts", "监督联系", "/org/contacts", org.PermOrgView},
				{"pool", "干部监督人员库", "/pool", org.PermCadreView},
				{"users", "用户管理", "/users", org.PermUserView},
			}},
		{Key: "archive", Name: "廉政档案与精准画像", Reqs: "A1–A5", Built: true, Partial: "已建：干部名册（含 XLSX 导入导出）、任免、家庭成员、廉政档案（一口清）及档案栏目、禁业范围核查（规则可在界面中新增、修改、停用）、查阅记录、三幅画像（依据取自档案）、党风廉政意见回复（起草、确认编号、按 GB/T 9704 导出 DOCX）、班子政治画像（见监督调研）",
			Desc: "电子廉政档案、三幅画像、班子政治画像、党风廉政意见回复、禁业范围核查",
			Links: []Link{
				{"cadres", "干部名册", "/cadres", org.PermCadreView},
				{"rules", "禁业范围规则", "/rules", org.PermCadreView},
				{"dimensions", "画像维度", "/dimensions", org.PermCadreView},
				{"opinions", "党风廉政意见回复", "/opinions", org.PermArchiveRead},
				{"archive-log", "档案查阅记录", "/archive-log", org.PermArchiveLog},
			}},
		{Key: "daily", Name: "日常监督", Reqs: "D1–D4", Built: true,
			Desc: "监督谈话（随时谈、定期谈、到岗谈）、谈心谈话、监督调研（含班子政治画像）、列席民主生活会、整改跟踪",
			Links: []Link{
				{"talks", "谈话安排", "/talks", org.PermCadreView},
				{"visits", "监督调研", "/visits", org.PermCadreView},
				{"meetings", "列席民主生活会", "/meetings", org.PermCadreView},
			}},
		{Key: "clues", Name: "信访举报与问题线索", Reqs: "C1–C9", Built: true,
			Desc: "检举控告受理（按管辖分流、举报人信息和附件加密、重复件识别、受理告知与结果反馈）、问题线索登记分办、集体研判会议、审批流程、四类处置、谈话函询（每人每年至多 2 次）与抽查核实（不低于 30%）、初步核实、线索文书、备案与督办（催办、办结）、待办与动态清零、班子线索分析",
			Links: []Link{
				{"reports", "检举控告", "/reports", org.PermReportView},
				{"clues", "问题线索", "/clues", org.PermClueView},
				{"clue-meetings", "线索研判会议", "/clue-meetings", org.PermClueView},
				{"backlog", "待办与动态清零", "/backlog", org.PermClueView},
				{"spot-checks", "抽查核实", "/spot-checks", org.PermClueView},
				{"filings", "备案与督办", "/filings", org.PermClueView},
				{"clue-analysis", "班子线索分析", "/clue-analysis", org.PermClueView},
			}},
		{Key: "cases", Name: "审查调查与审理", Reqs: "V1–V9", Built: true,
			Desc: "立案审批与备案、审查调查组与回避、临时党支部、措施台账（留置期限）、办案安全、上级督办、提级办理、指定管辖、室地联合办理、审理与处分（影响期、四种形态）、申诉、一案三书、一案一整改至销号、一案双查、案后抽查与质量评查、互涉案件、忏悔录汇编",
			Links: []Link{
				{"cases", "案件", "/cases", org.PermCaseView},
				{"ledger", "措施台账", "/ledger", org.PermCaseManage},
				{"rectify", "整改跟踪", "/rectify", org.PermCaseView},
				{"compilation", "忏悔录汇编", "/compilation", org.PermCaseView},
			}},
		{Key: "inspection", Name: "内部督查与整改", Reqs: "I1–I4", Built: true,
			Partial: "已建：I1–I3 内部督查轮次（方案、覆盖周期、督查对象及覆盖率和未覆盖单位）、从人员库按规则抽组（异地交叉、任职和亲属回避、不连续督查同一单位、组长职级和专长搭配，随机种子可复现，逐人说明排除原因，按同一规则替换）、三盯三看清单（可维护）及逐项结论和依据、督查情况记录、发现问题转整改销号或问题线索、当面反馈；I4 监督检查问题库（关键词检索、标签、按类型/单位类别/环节/轮次分析、整改不到位标识）",
			Desc:    "内部督查轮次、人员库抽组、三盯三看、问题整改销号、问题库",
			Links: []Link{
				{"inspections", "内部督查", "/inspections", org.PermCadreView},
				{"inspection-coverage", "督查覆盖情况", "/inspections/coverage", org.PermCadreView},
				{"inspection-checklist", "三盯三看督查清单", "/inspections/checklist", org.PermCadreView},
				{"inspection-problems", "监督检查问题库", "/inspections/problems", org.PermCadreView},
			}},
		{Key: "risk", Name: "风险防控与制度", Reqs: "K1–K4", Built: true,
			Partial: "已建：K3 规范文书目录（模板可维护、按记录填写、签发编号并锁定、更正生成新版本、按 GB/T 9704 导出 DOCX 和打印版式）、K4 打听过问登记（任何人可登记、干部监督室研判处理、季度汇总与零报告、非承办人员查阅自动记录）；未建：K1 四级廉政风险防控清单、K2 制度库",
			Desc:    "四级廉政风险防控清单、制度库、规范文书、干预过问登记",
			Links: []Link{
				{"interference", "打听过问登记", "/interference", ""},
				{"flags", "疑似打听案情的查阅", "/flags", org.PermInterferenceView},
				{"interference-summary", "季度汇总与零报告", "/interference/summary", org.PermInterferenceView},
				{"templates", "规范文书目录", "/templates", ""},
			}},
		{Key: "education", Name: "警示教育与外部监督", Reqs: "W1–W3", Desc: "警示教育、先进典型、特约监察员"},
		{Key: "stats", Name: "统计分析", Reqs: "S1–S3", Built: true,
			Partial: "已建：S1 官方口径统计报表（任意期间、任意下级，数字逐项穿透到记录，导出 XLSX、A4 打印、统计图表，报表锁定与以后期间调整）；未建：S2 案件分析、S3 可复核的通报数字、B4 预警",
			Desc:    "官方口径统计报表、案件分析、数字逐项穿透到记录",
			Links: []Link{
				{"stats", "统计报表", "/stats", org.PermStatsView},
			}},
		{Key: "system", Name: "系统管理", Reqs: "B3", Built: true, Desc: "审计日志、工作日历、个人密码",
			Links: []Link{
				{"audit", "审计日志", "/audit", org.PermAuditView},
				{"calendar", "工作日历", "/calendar", ""},
				{"password", "修改密码", "/account/password", ""},
			}},
	}
}

// ModulePage is the view model of module.html: a module that is not built yet.
type ModulePage struct {
	Base
	Module Module
}

func (s *Server) module(w http.ResponseWriter, r *http.Request, p org.Principal) {
	for _, m := range modules() {
		if m.Key == r.PathValue("key") {
			s.render(w, r, http.StatusOK, "module", ModulePage{Base: Base{Title: m.Name, Principal: p, Nav: m.Key}, Module: m})
			return
		}
	}
	s.fail(w, r, apperr.NotFoundf("该模块"))
}

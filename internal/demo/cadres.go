package demo

import (
	"context"
	"fmt"
	"time"

	"custos/internal/cadre"
	"custos/internal/db"
	"custos/internal/org"
	"custos/internal/pool"
)

// demoCadre is one cadre of the demo roster.
type demoCadre struct {
	name, commission, post, rank, birth string
	key                                 bool
	committees                          string
}

// demoCadres are invented people in real commissions. 李红 is the provincial
// cadre-supervision officer (login gz.ganjian); her brother 李强 works in Guiyang. 刘洋 and 赵刚
// are provincial investigators (gz.diaocha, gz.diaocha2) — 赵刚 is 赵敏's brother, so he must
// recuse himself from a case about her; 孔明 is in the trial office (gz.shenli).
func demoCadres() []demoCadre {
	return []demoCadre{
		{"王建国", "52", "省纪委书记、省监委主任", "省部级", "19660312", true, "同级党委委员、纪委委员、监委委员"},
		{"陈立", "52", "省纪委副书记、省监委副主任", "厅局级", "19700823", true, "纪委委员、监委委员"},
		{"李红", "52", "干部监督室主任", "县处级", "19780415", false, "纪委委员"},
		{"赵敏", "52", "案件审理室主任", "县处级", "19750907", false, ""},
		{"孙伟", "52", "信访室主任", "县处级", "19800120", false, ""},
		{"钱芳", "52", "案件监督管理室副主任", "乡科级", "19860611", false, ""},
		{"周杰", "5201", "市纪委书记、市监委主任", "厅局级", "19720130", true, "同级党委委员、纪委委员"},
		{"李强", "5201", "审查调查室主任", "乡科级", "19760304", false, ""},
		{"吴芳", "5201", "干部监督室主任", "乡科级", "19830716", false, ""},
		{"郑勇", "5201", "监督检查室副主任", "乡科级", "19880225", false, ""},
		{"冯涛", "520102", "区纪委书记、区监委主任", "县处级", "19790510", true, "同级党委委员、纪委委员"},
		{"褚静", "520102", "干部监督室科员", "一般干部", "19920808", false, ""},
		{"卫东", "520103", "区纪委书记、区监委主任", "县处级", "19770919", true, "同级党委委员、纪委委员"},
		{"蒋丽", "520103", "信访室主任", "乡科级", "19850402", false, ""},
		{"蒋磊", "5203", "市纪委书记、市监委主任", "厅局级", "19710614", true, "同级党委委员、纪委委员"},
		{"沈洁", "5203", "干部监督室主任", "乡科级", "19840322", false, ""},
		{"韩冰", "5202", "市纪委书记、市监委主任", "厅局级", "19730801", true, "同级党委委员、纪委委员"},
		{"杨帆", "5226", "州纪委书记、州监委主任", "厅局级", "19740527", true, "同级党委委员、纪委委员"},
		{"刘洋", "52", "第一审查调查室主任", "县处级", "19790618", false, ""},
		{"赵刚", "52", "第一审查调查室副主任", "乡科级", "19820311", false, ""},
		{"孔明", "52", "案件审理室副主任", "乡科级", "19810909", false, ""},
	}
}

// idNumber builds a valid ID number from a commission code, a birth date and a sequence.
func idNumber(code, birth string, seq int) string {
	region := (code + "0000")[:6]
	d17 := fmt.Sprintf("%s%s%03d", region, birth, seq)
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(d17[i]-'0') * w[i]
	}
	return d17 + string("10X98765432"[sum%11])
}

// loadCadres registers the demo roster with some history: appointments (one recent, one whose
// arrival talk is overdue), family members, and links 李红 to the login gz.ganjian.
func loadCadres(ctx context.Context, d *db.DB, svc *cadre.Service, p org.Principal, now time.Time) error {
	ids := map[string]int64{}
	for i, c := range demoCadres() {
		var cid int64
		if err := d.Reader().QueryRow(ctx, `SELECT id FROM commissions WHERE code = ?`, c.commission).Scan(&cid); err != nil {
			return fmt.Errorf("commission %s: %w", c.commission, err)
		}
		key := "否"
		if c.key {
			key = "是"
		}
		k, err := svc.Create(ctx, p, cadre.Input{Name: c.name, IDNumber: idNumber(c.commission, c.birth, 11+i*2), Post: c.post,
			Rank: c.rank, KeyMinority: key, Committees: c.committees, ManagementAuthority: "省委管理", PartyJoinDate: joinDate(c.birth)},
			cadre.Placement{CommissionID: cid})
		if err != nil {
			return fmt.Errorf("cadre %s: %w", c.name, err)
		}
		ids[c.name] = k.ID
	}
	day := func(daysAgo int) string { return now.AddDate(0, 0, -daysAgo).Format("2006-01-02") }
	for _, a := range []struct {
		name, date, kind, post, doc string
		held                        string // the arrival talk was held then ("" for not yet)
	}{
		{"王建国", "2023-03-01", cadre.Appoint, "省纪委书记、省监委主任", "黔委〔2023〕18号", "2023-03-20"},
		{"李红", "2021-06-15", cadre.Appoint, "干部监督室主任", "黔纪干〔2021〕7号", "2021-07-02"},
		{"吴芳", day(6), cadre.Appoint, "干部监督室主任", "筑纪干〔2026〕31号", ""},
		{"卫东", day(70), cadre.Exchange, "区纪委书记、区监委主任", "筑委〔2026〕12号", ""},
	} {
		_, talk, err := svc.RecordAppointment(ctx, p, ids[a.name], cadre.AppointmentInput{Date: a.date, Kind: a.kind, Post: a.post, DocNo: a.doc})
		if err != nil {
			return fmt.Errorf("appointment %s: %w", a.name, err)
		}
		if a.held != "" {
			if _, err := svc.RecordTalk(ctx, p, talk.ID, a.held, "陈立", "到岗谈话：提醒严守纪律、守住底线，签订廉洁从业承诺书"); err != nil {
				return fmt.Errorf("talk %s: %w", a.name, err)
			}
		}
	}
	var liQiang, zhaoGang string
	if err := d.Reader().QueryRow(ctx, `SELECT id_number FROM cadres WHERE id = ?`, ids["李强"]).Scan(&liQiang); err != nil {
		return err
	}
	if err := d.Reader().QueryRow(ctx, `SELECT id_number FROM cadres WHERE id = ?`, ids["赵刚"]).Scan(&zhaoGang); err != nil {
		return err
	}
	for _, f := range []struct {
		who string
		m   cadre.FamilyMember
	}{
		{"李红", cadre.FamilyMember{Relation: "brother", Name: "李强", IDNumber: liQiang, Employer: "贵阳市纪委监委", Post: "审查调查室主任"}},
		{"李红", cadre.FamilyMember{Relation: "spouse", Name: "张伟", Employer: "贵州某建设集团有限公司", Post: "项目经理"}},
		{"周杰", cadre.FamilyMember{Relation: "son", Name: "周航", Employer: "贵阳某科技有限公司", Post: "股东", Business: "软件开发（持股 30%）", Region: "贵阳市"}},
		{"冯涛", cadre.FamilyMember{Relation: "spouse", Name: "刘梅", Employer: "南明区某小学", Post: "教师"}},
		{"赵敏", cadre.FamilyMember{Relation: "brother", Name: "赵刚", IDNumber: zhaoGang, Employer: "贵州省纪委监委", Post: "第一审查调查室副主任"}},
	} {
		if _, err := svc.AddFamily(ctx, p, ids[f.who], f.m); err != nil {
			return fmt.Errorf("family of %s: %w", f.who, err)
		}
	}
	for _, r := range []struct {
		who string
		rec cadre.Record
	}{
		{"周杰", cadre.Record{Section: cadre.PersonalMatters, Date: "2025-01-20", Title: "2024 年度个人有关事项报告", Source: "本人填报",
			Content: "房产：贵阳市观山湖区住房一套\n配偶从业：无\n子女从业：周航，贵阳某科技有限公司职员"}},
		{"周杰", cadre.Record{Section: cadre.PersonalMatters, Date: "2026-01-16", Title: "2025 年度个人有关事项报告", Source: "本人填报",
			Content: "房产：贵阳市观山湖区住房一套\n配偶从业：无\n子女从业：周航，贵阳某科技有限公司股东（持股 30%）"}},
		{"周杰", cadre.Record{Section: "appraisal", Date: "2026-01-10", Title: "2025 年度考核：优秀", Source: "市委组织部提供"}},
		{"李强", cadre.Record{Section: "education", Date: "2026-05-18", Title: "参加全省纪检监察干部警示教育大会", Source: "省纪委机关党委"}},
	} {
		if _, err := svc.AddRecord(ctx, p, ids[r.who], r.rec); err != nil {
			return fmt.Errorf("record of %s: %w", r.who, err)
		}
	}
	for _, l := range []struct{ who, username string }{{"李红", "gz.ganjian"}, {"刘洋", "gz.diaocha"}, {"赵刚", "gz.diaocha2"}, {"孔明", "gz.shenli"}} {
		var user int64
		if err := d.Reader().QueryRow(ctx, `SELECT id FROM users WHERE username = ?`, l.username).Scan(&user); err != nil {
			return fmt.Errorf("user %s: %w", l.username, err)
		}
		if err := svc.LinkUser(ctx, p, ids[l.who], user); err != nil {
			return err
		}
	}
	return nil
}

// joinDate is a plausible party-joining date: the 23rd birthday's July.
func joinDate(birth string) string {
	t, _ := time.Parse("20060102", birth)
	return fmt.Sprintf("%d-07-01", t.Year()+23)
}

// loadPool enrols a few demo cadres in the personnel pool, one of them not available.
func loadPool(ctx context.Context, pl *pool.Service, p org.Principal) error {
	for _, m := range []pool.Input{
		{Cadre: "吴芳", Skills: []string{"干部监督", "审查调查"}, Training: "2025 年全省干部监督业务培训班", Available: true},
		{Cadre: "沈洁", Skills: []string{"干部监督", "文字综合"}, Available: true},
		{Cadre: "蒋丽", Skills: []string{"信访举报"}, Available: true},
		{Cadre: "郑勇", Skills: []string{"审查调查", "财务审计"}, Available: false, UnavailableWhy: "正在参加专案工作"},
	} {
		if _, err := pl.Enroll(ctx, p, m); err != nil {
			return fmt.Errorf("pool %s: %w", m.Cadre, err)
		}
	}
	return nil
}

package cadre_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/auth"
	"custos/internal/cadre"
	"custos/internal/org"
	"custos/internal/testkit"
)

// idn completes 17 digits with the GB 11643 check character.
func idn(d17 string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(d17[i]-'0') * w[i]
	}
	return d17 + string("10X98765432"[sum%11])
}

type fixture struct {
	env  testkit.Env
	svc  *cadre.Service
	ctx  context.Context
	prov org.Principal // 干部监督 at the province
	nm   org.Principal // 干部监督 at 南明区
	ids  map[string]int64
}

func setup(t *testing.T) fixture {
	env := testkit.NewApp(t)
	env.DemoOrg(t)
	ctx := context.Background()
	load := func(u string) org.Principal {
		p, err := auth.LoadPrincipal(ctx, env.App.DB.Reader(), env.Lookup(t, `SELECT id FROM users WHERE username = ?`, u))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	f := fixture{env: env, svc: env.App.Cadres, ctx: ctx, prov: load("gz.ganjian"), nm: load("nm.ganjian"), ids: map[string]int64{}}
	for _, code := range []string{"52", "5201", "520102", "520103"} {
		f.ids[code] = env.Lookup(t, `SELECT id FROM commissions WHERE code = ?`, code)
	}
	return f
}

func (f fixture) create(t *testing.T, p org.Principal, name, d17, post, code string) cadre.Cadre {
	t.Helper()
	k, err := f.svc.Create(f.ctx, p, cadre.Input{Name: name, IDNumber: idn(d17), Post: post, Rank: "乡科级"}, cadre.Placement{CommissionID: f.ids[code]})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return k
}

func TestCadresAreScopedAndSearchable(t *testing.T) {
	f := setup(t)
	a := f.create(t, f.prov, "欧阳明", "52010219800101001", "干部监督室主任", "520102")
	f.create(t, f.prov, "王丽", "52010319850202002", "案件审理室副主任", "520103")
	if _, err := f.svc.Create(f.ctx, f.prov, cadre.Input{Name: "重复", IDNumber: a.IDNumber, Post: "x", Rank: "乡科级"}, cadre.Placement{CommissionID: f.ids["52"]}); apperr.FieldsOf(err)["id_number"] == "" {
		t.Fatalf("duplicate ID number: %v", err)
	}
	if _, err := f.svc.Create(f.ctx, f.nm, cadre.Input{Name: "越权", IDNumber: idn("52010319900303003"), Post: "x", Rank: "乡科级"}, cadre.Placement{CommissionID: f.ids["520103"]}); apperr.FieldsOf(err)["commission_id"] == "" {
		t.Fatalf("a county user registered a cadre in a sibling county: %v", err)
	}
	for _, tc := range []struct {
		p     org.Principal
		query string
		want  []string
	}{
		{f.prov, "", []string{"欧阳明", "王丽"}},
		{f.nm, "", []string{"欧阳明"}},
		{f.prov, "欧阳", []string{"欧阳明"}},
		{f.prov, "审理", []string{"王丽"}},
		{f.prov, "丽", []string{"王丽"}},
		{f.prov, a.IDNumber, []string{"欧阳明"}},
		{f.prov, a.IDNumber[:10], []string{"欧阳明"}},
		{f.nm, "王丽", nil},
	} {
		rows, total, err := f.svc.List(f.ctx, tc.p, cadre.Filter{Query: tc.query})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Name)
		}
		if total != len(tc.want) || strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s searching %q: %v (total %d), want %v", tc.p.Username, tc.query, got, total, tc.want)
		}
	}
	if _, err := f.svc.Get(f.ctx, f.nm, f.env.Lookup(t, `SELECT id FROM cadres WHERE name = '王丽'`)); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("a county user read a sibling county's cadre: %v", err)
	}
}

func TestAppointmentSchedulesArrivalTalk(t *testing.T) {
	f := setup(t)
	k := f.create(t, f.prov, "李强", "52010219790505003", "科员", "520102")
	if _, err := f.svc.ScheduleTalk(f.ctx, f.nm, k.ID, cadre.TalkPeriodic, "2026-12-01", "定期谈话"); err != nil {
		t.Fatal(err)
	}
	// 2026-09-28 + 20 working days, across 国庆 with Saturday 10-10 worked: 2026-10-30
	ap, talk, err := f.svc.RecordAppointment(f.ctx, f.prov, k.ID, cadre.AppointmentInput{Date: "2026-09-28", Kind: cadre.Appoint,
		Post: "干部监督室副主任", CommissionID: f.ids["5201"], DocNo: "筑纪干〔2026〕12号"})
	if err != nil {
		t.Fatal(err)
	}
	if talk == nil || talk.Kind != cadre.TalkArrival || talk.DueDate != "2026-10-30" {
		t.Fatalf("arrival talk: %+v", talk)
	}
	moved, _ := f.svc.Get(f.ctx, f.prov, k.ID)
	if moved.Post != "干部监督室副主任" || moved.CommissionID != f.ids["5201"] {
		t.Fatalf("appointment did not move the cadre: %+v", moved)
	}
	// the county user no longer sees the cadre who moved up to the city
	if _, err := f.svc.Get(f.ctx, f.nm, k.ID); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("county still sees a cadre moved to the city: %v", err)
	}
	work, today, err := f.svc.Worklist(f.ctx, f.prov)
	if err != nil || len(work) != 2 || !work[0].Overdue(today) || work[1].Kind != cadre.TalkPeriodic {
		t.Fatalf("worklist: %+v %s %v", work, today, err)
	}
	if cityWork, _, _ := f.svc.Worklist(f.ctx, f.nm); len(cityWork) != 0 {
		t.Errorf("the county still lists talks of a cadre who moved to the city: %+v", cityWork)
	}
	if _, err := f.svc.RecordTalk(f.ctx, f.prov, work[1].ID, "2026-11-25", "周干部监督", "定期谈话已进行"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordTalk(f.ctx, f.prov, talk.ID, "2030-01-01", "李干部监督", "谈话情况"); apperr.FieldsOf(err)["held_date"] == "" {
		t.Errorf("a talk held in the future: %v", err)
	}
	if _, err := f.svc.RecordTalk(f.ctx, f.prov, talk.ID, "2026-10-20", "李干部监督", "提醒严守纪律，签订承诺书"); err != nil {
		t.Fatal(err)
	}
	if work, _, _ = f.svc.Worklist(f.ctx, f.prov); len(work) != 0 {
		t.Errorf("held talk still on the worklist")
	}
	if _, _, err := f.svc.RecordAppointment(f.ctx, f.prov, k.ID, cadre.AppointmentInput{Date: "2026-11-01", Kind: cadre.Remove, Post: "干部监督室副主任"}); err != nil {
		t.Fatal(err)
	}
	a, err := f.svc.Open(f.ctx, f.prov, k.ID, "监督谈话", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Appointments) != 2 || len(a.Talks) != 2 || len(a.Items) != 4 || a.Items[1].Kind != "appointment" || a.Items[1].Date != "2026-11-01" || a.Items[0].Kind != "talk" {
		t.Fatalf("archive: %d appointments, %d talks, items %+v", len(a.Appointments), len(a.Talks), a.Items)
	}
	if ap.ID == 0 || !strings.Contains(a.Items[3].Title, "筑纪干〔2026〕12号") {
		t.Errorf("timeline does not link the appointment: %+v", a.Items[3])
	}
}

func TestArchiveReadIsGoverned(t *testing.T) {
	f := setup(t)
	ctx := f.ctx
	// the province's cadre-supervision officer is a cadre too, and so is her brother
	self := f.create(t, f.prov, "李干部监督", "52010219700101004", "干部监督室主任", "52")
	linkUser(t, f, self.ID, f.prov.UserID)
	brother := f.create(t, f.prov, "李兄", "52010219680101005", "科员", "5201")
	if _, err := f.svc.AddFamily(ctx, f.prov, self.ID, cadre.FamilyMember{Relation: "brother", Name: "李兄", IDNumber: brother.IDNumber}); err != nil {
		t.Fatal(err)
	}
	other := f.create(t, f.prov, "赵清", "52010219750101006", "科员", "520102")
	for _, tc := range []struct {
		id      int64
		purpose string
		code    apperr.Code
	}{
		{self.ID, "日常监督", apperr.Forbidden},
		{brother.ID, "日常监督", apperr.Forbidden},
		{other.ID, "", apperr.Invalid},
		{other.ID, "其他", apperr.Invalid},
	} {
		if _, err := f.svc.Open(ctx, f.prov, tc.id, tc.purpose, ""); apperr.CodeOf(err) != tc.code {
			t.Errorf("open %d for %q: %v, want %s", tc.id, tc.purpose, err, tc.code)
		}
	}
	if _, err := f.svc.Open(ctx, f.nm, brother.ID, "日常监督", ""); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("out of scope: %v", err)
	}
	if _, err := f.svc.Open(ctx, f.prov, other.ID, "党风廉政意见回复", "拟提拔考察"); err != nil {
		t.Fatal(err)
	}
	log, total, err := f.svc.AccessLog(ctx, f.prov, org.Page{}, 0)
	if err != nil || total != 1 || !strings.Contains(log[0].Summary, "事由：党风廉政意见回复：拟提拔考察") || log[0].ObjectID != strconv.FormatInt(other.ID, 10) {
		t.Fatalf("access log: %+v %d %v", log, total, err)
	}
	// refused reads are not reads: nothing else in the log; and the trail is intact
	if res, err := audit.Verify(ctx, f.env.App.DB.Reader()); err != nil || !res.OK() {
		t.Fatalf("audit chain: %+v %v", res, err)
	}
	// a cadre who left more than 3 years ago is outside the archives
	gone := f.create(t, f.prov, "钱离", "52010219600101007", "科员", "52")
	if _, err := f.svc.Update(ctx, f.prov, gone.ID, cadre.Input{Name: "钱离", IDNumber: gone.IDNumber, Post: "科员", Rank: "乡科级", Status: "退休", LeftAt: "2022-06-30"}, cadre.Placement{CommissionID: f.ids["52"]}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Open(ctx, f.prov, gone.ID, "日常监督", ""); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("archive of a cadre retired in 2022: %v", err)
	}
}

// linkUser makes the cadre the person behind a login (as an import or the UI will).
func linkUser(t *testing.T, f fixture, cadreID, userID int64) {
	t.Helper()
	if err := f.svc.LinkUser(f.ctx, f.prov, cadreID, userID); err != nil {
		t.Fatal(err)
	}
}

func TestPersonalMattersChangesFlagged(t *testing.T) {
	f := setup(t)
	k := f.create(t, f.prov, "孔明", "52010219810808008", "科员", "520102")
	add := func(date, content string) cadre.Record {
		t.Helper()
		r, err := f.svc.AddRecord(f.ctx, f.prov, k.ID, cadre.Record{Section: cadre.PersonalMatters, Date: date, Title: date[:4] + " 年度个人有关事项报告", Content: content, Source: "本人填报"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := add("2024-01-20", "房产：南明区住房一套\n持有股票：无"); r.Changes != "首次报告" {
		t.Fatalf("first: %q", r.Changes)
	}
	if r := add("2025-01-18", "房产：南明区住房一套\n持有股票：无"); r.Changes != "较上年无变化" {
		t.Fatalf("same: %q", r.Changes)
	}
	r := add("2026-01-15", "房产：南明区住房一套\n房产：汇川区商铺一间\n配偶经商：贵阳某贸易公司股东")
	if r.Changes != "较上年变化——新增：房产：汇川区商铺一间；配偶经商：贵阳某贸易公司股东。不再报告：持有股票：无" {
		t.Fatalf("changed: %q", r.Changes)
	}
	if _, err := f.svc.AddRecord(f.ctx, f.prov, k.ID, cadre.Record{Section: "appraisal", Date: "2030-01-01", Title: "考核", Source: "组织部"}); apperr.FieldsOf(err)["date"] == "" {
		t.Fatalf("future record date: %v", err)
	}
	if _, err := f.svc.AddRecord(f.ctx, f.prov, k.ID, cadre.Record{Section: "appraisal", Date: "2025-12-30", Title: "2025 年度考核优秀", Source: "组织部提供"}); err != nil {
		t.Fatal(err)
	}
	a, err := f.svc.Open(f.ctx, f.prov, k.ID, "日常监督", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.SectionRecords(cadre.PersonalMatters)) != 3 || len(a.SectionRecords("appraisal")) != 1 || len(a.Items) != 4 || a.Items[0].Kind != "record:personal_matters" {
		t.Fatalf("archive sections: %d records, items %+v", len(a.Records), a.Items)
	}
	if cadre.KindName(a.Items[0].Kind) != "个人有关事项报告" {
		t.Fatalf("kind name: %s", cadre.KindName(a.Items[0].Kind))
	}
}

func TestPortraits(t *testing.T) {
	f := setup(t)
	leader, err := f.svc.Create(f.ctx, f.prov, cadre.Input{Name: "冉松", IDNumber: idn("52010219710909009"), Post: "区纪委书记", Rank: "县处级", KeyMinority: "是"}, cadre.Placement{CommissionID: f.ids["520102"]})
	if err != nil {
		t.Fatal(err)
	}
	plain := f.create(t, f.prov, "普通", "52010219900101010", "科员", "520102")
	for _, k := range []cadre.Cadre{leader, plain} {
		if _, err := f.svc.AddRecord(f.ctx, f.prov, k.ID, cadre.Record{Section: "appraisal", Date: "2026-01-10", Title: "2025 年度考核：优秀", Source: "组织部"}); err != nil {
			t.Fatal(err)
		}
	}
	item := func(k cadre.Cadre) int64 {
		return f.env.Lookup(t, `SELECT id FROM archive_items WHERE cadre_id = ?`, k.ID)
	}
	dims, _ := f.svc.Dimensions(f.ctx)
	if len(dims) != 3 || dims[0].Name != "政治素质" {
		t.Fatalf("dimensions: %+v", dims)
	}
	in := func(evidence int64) cadre.PortraitInput {
		p := cadre.PortraitInput{Period: "2025 年度", Judgments: map[int64]string{}, Evidence: map[int64][]int64{}}
		for _, d := range dims {
			p.Judgments[d.ID], p.Evidence[d.ID] = d.Name+"好", []int64{evidence}
		}
		return p
	}
	if _, err := f.svc.WritePortrait(f.ctx, f.prov, plain.ID, in(item(plain))); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("portrait of a cadre who is not key minority: %v", err)
	}
	if _, err := f.svc.WritePortrait(f.ctx, f.prov, leader.ID, in(item(plain))); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("evidence from another cadre's archive: %v", err)
	}
	missing := in(item(leader))
	missing.Evidence[dims[1].ID] = nil
	if _, err := f.svc.WritePortrait(f.ctx, f.prov, leader.ID, missing); !strings.Contains(apperr.FieldsOf(err)["judgment_"+strconv.FormatInt(dims[1].ID, 10)], "至少关联一项") {
		t.Errorf("a dimension without evidence: %v", err)
	}
	if _, err := f.svc.WritePortrait(f.ctx, f.prov, leader.ID, in(item(leader))); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.WritePortrait(f.ctx, f.prov, leader.ID, in(item(leader))); apperr.FieldsOf(err)["period"] == "" {
		t.Errorf("second portrait for the same period: %v", err)
	}
	a, err := f.svc.Open(f.ctx, f.prov, leader.ID, "日常监督", "")
	if err != nil || len(a.Portraits) != 1 || len(a.Portraits[0].Entries) != 3 || a.Portraits[0].Entries[0].Evidence[0].Title != "2025 年度考核：优秀（来源：组织部）" {
		t.Fatalf("portraits on the archive: %+v %v", a.Portraits, err)
	}
}

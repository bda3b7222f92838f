package cadre

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"custos/internal/apperr"
	"custos/internal/audit"
	"custos/internal/db"
	"custos/internal/org"
)

// ProhibitionRule is one rule of the business-prohibition scope (禁业范围, A5), kept as data.
type ProhibitionRule struct {
	ID        int64
	Name      string
	Relations []Relation // whose business it restricts
	Ranks     []Rank     // for cadres of these ranks; empty for every rank
	Keywords  []string   // businesses containing one of these words; empty for any business
	SameArea  bool       // only businesses in the cadre's own jurisdiction
	Basis     string     // the regulation it comes from
	RetiredOn string     // "" while in force
}

// Conflict is a family member's business that a rule forbids.
type Conflict struct {
	Rule   ProhibitionRule
	Member FamilyMember
	Reason string
}

// CheckProhibitions applies rules to a cadre's family. area is the cadre's jurisdiction (its
// commission's name without 纪委监委, e.g. 贵阳市). A member's business is what they run or
// hold (Business) or, failing that, their employer; it is in the area when its region or its
// text names the area's stem (贵阳市 → 贵阳). Pure.
func CheckProhibitions(k Cadre, area string, family []FamilyMember, rules []ProhibitionRule) []Conflict {
	area = strings.TrimSuffix(strings.TrimSpace(area), "纪委监委")
	stem := areaStem(area)
	var out []Conflict
	for _, r := range rules {
		if len(r.Ranks) > 0 && !containsRank(r.Ranks, k.Rank) {
			continue
		}
		for _, m := range family {
			if !containsRelation(r.Relations, m.Relation) {
				continue
			}
			business := m.Business
			if business == "" && len(r.Keywords) > 0 {
				business = m.Employer + " " + m.Post
			}
			if strings.TrimSpace(business) == "" {
				continue
			}
			word := ""
			if len(r.Keywords) > 0 {
				for _, kw := range r.Keywords {
					if strings.Contains(business, kw) {
						word = kw
						break
					}
				}
				if word == "" {
					continue
				}
			}
			if r.SameArea && (stem == "" || !(strings.Contains(m.Region, stem) || strings.Contains(business, stem) || strings.Contains(m.Employer, stem))) {
				continue
			}
			reason := RelationName(m.Relation) + " " + m.Name + "：" + strings.TrimSpace(business)
			if word != "" {
				reason += "（涉及“" + word + "”）"
			}
			if r.SameArea {
				reason += "，在本人管辖地区" + area + "内"
			}
			out = append(out, Conflict{Rule: r, Member: m, Reason: reason})
		}
	}
	return out
}

// areaStem drops the commission suffix, the administrative level and, for autonomous areas,
// the ethnic names: 贵阳市纪委监委 → 贵阳, 黔东南苗族侗族自治州 → 黔东南.
func areaStem(area string) string {
	area = strings.TrimSuffix(strings.TrimSpace(area), "纪委监委")
	for _, suffix := range []string{"自治区", "自治州", "自治县", "自治旗", "特区", "省", "市", "州", "区", "县", "盟", "旗"} {
		if s, ok := strings.CutSuffix(area, suffix); ok && len([]rune(s)) >= 2 {
			area = s
			break
		}
	}
	for trimmed := true; trimmed; {
		trimmed = false
		for _, e := range ethnicGroups() {
			if s, ok := strings.CutSuffix(area, e+"族"); ok && len([]rune(s)) >= 2 {
				area, trimmed = s, true
				break
			}
		}
	}
	return area
}

// ethnicGroups returns the names of China's minority nationalities as they appear in the names
// of autonomous areas (without 族).
func ethnicGroups() []string {
	return strings.Fields(`蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲
	高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克
	俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺`)
}

func containsRank(list []Rank, r Rank) bool {
	for _, x := range list {
		if x == r {
			return true
		}
	}
	return false
}

func containsRelation(list []Relation, r Relation) bool {
	for _, x := range list {
		if x == r {
			return true
		}
	}
	return false
}

// Rules returns the prohibition rules in force — the ones the archive checks.
func (s *Service) Rules(ctx context.Context) ([]ProhibitionRule, error) {
	return s.rules(ctx, `WHERE retired_on = ''`)
}

// AllRules returns every rule, those retired included (RetiredOn set), for the rules page.
func (s *Service) AllRules(ctx context.Context) ([]ProhibitionRule, error) {
	return s.rules(ctx, ``)
}

func (s *Service) rules(ctx context.Context, where string) ([]ProhibitionRule, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT id, name, relations, ranks, keywords, same_area, basis, retired_on FROM prohibition_rules `+where+` ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ProhibitionRule
	for rows.Next() {
		var r ProhibitionRule
		var rel, ranks, kws string
		if err := rows.Scan(&r.ID, &r.Name, &rel, &ranks, &kws, &r.SameArea, &r.Basis, &r.RetiredOn); err != nil {
			return nil, err
		}
		for _, x := range splitList(rel) {
			r.Relations = append(r.Relations, Relation(x))
		}
		for _, x := range splitList(ranks) {
			r.Ranks = append(r.Ranks, Rank(x))
		}
		r.Keywords = splitList(kws)
		out = append(out, r)
	}
	return out, rows.Err()
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// AddRule adds a business-prohibition rule. Relations must be known; ranks, when given, too;
// keywords are split on commas or 、. Requires cadre.manage; audited.
func (s *Service) AddRule(ctx context.Context, p org.Principal, r ProhibitionRule) (ProhibitionRule, error) {
	if !p.Can(org.PermCadreManage) {
		return r, apperr.New(apperr.Forbidden, "无权维护禁业范围规则")
	}
	r, err := checkRule(r)
	if err != nil {
		return r, err
	}
	rel, ranks, kws := ruleLists(r)
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO prohibition_rules (name, relations, ranks, keywords, same_area, basis, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, r.Name, rel, ranks, kws, r.SameArea, r.Basis,
			s.now().UTC()).Scan(&r.ID); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "prohibition_rule.create", ObjectType: "prohibition_rule",
			ObjectID: strconv.FormatInt(r.ID, 10), Summary: "新增禁业范围规则：" + r.Name, After: r})
	})
	return r, err
}

// UpdateRule replaces a rule in force; the archive checks by it from then on. Requires
// cadre.manage; audited with the rule before and after.
func (s *Service) UpdateRule(ctx context.Context, p org.Principal, id int64, r ProhibitionRule) (ProhibitionRule, error) {
	if !p.Can(org.PermCadreManage) {
		return r, apperr.New(apperr.Forbidden, "无权维护禁业范围规则")
	}
	r, err := checkRule(r)
	if err != nil {
		return r, err
	}
	r.ID = id
	rel, ranks, kws := ruleLists(r)
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.ruleIn(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE prohibition_rules SET name = ?, relations = ?, ranks = ?, keywords = ?, same_area = ?, basis = ? WHERE id = ?`,
			r.Name, rel, ranks, kws, r.SameArea, r.Basis, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "prohibition_rule.update", ObjectType: "prohibition_rule",
			ObjectID: strconv.FormatInt(id, 10), Summary: "修改禁业范围规则：" + r.Name, Before: before, After: r})
	})
	return r, err
}

// RetireRule stops a rule from being checked; it stays listed as retired. Requires
// cadre.manage; audited.
func (s *Service) RetireRule(ctx context.Context, p org.Principal, id int64) (ProhibitionRule, error) {
	if !p.Can(org.PermCadreManage) {
		return ProhibitionRule{}, apperr.New(apperr.Forbidden, "无权维护禁业范围规则")
	}
	var r ProhibitionRule
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if r, err = s.ruleIn(ctx, tx, id); err != nil {
			return err
		}
		r.RetiredOn = s.today().Format("2006-01-02")
		if _, err := tx.Exec(ctx, `UPDATE prohibition_rules SET retired_on = ? WHERE id = ?`, r.RetiredOn, id); err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, p.Actor(), audit.Entry{Action: "prohibition_rule.retire", ObjectType: "prohibition_rule",
			ObjectID: strconv.FormatInt(id, 10), Summary: "停用禁业范围规则：" + r.Name, After: r})
	})
	return r, err
}

// ruleIn returns a rule in force, read inside tx.
func (s *Service) ruleIn(ctx context.Context, tx *db.Tx, id int64) (ProhibitionRule, error) {
	var r ProhibitionRule
	var rel, ranks, kws string
	err := tx.QueryRow(ctx, `SELECT id, name, relations, ranks, keywords, same_area, basis FROM prohibition_rules WHERE id = ? AND retired_on = ''`, id).
		Scan(&r.ID, &r.Name, &rel, &ranks, &kws, &r.SameArea, &r.Basis)
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundf("该规则（或已停用）")
	}
	for _, x := range splitList(rel) {
		r.Relations = append(r.Relations, Relation(x))
	}
	for _, x := range splitList(ranks) {
		r.Ranks = append(r.Ranks, Rank(x))
	}
	r.Keywords = splitList(kws)
	return r, err
}

// checkRule validates and normalizes a rule as typed.
func checkRule(r ProhibitionRule) (ProhibitionRule, error) {
	f := apperr.Fields{}
	r.Name, r.Basis = strings.TrimSpace(r.Name), strings.TrimSpace(r.Basis)
	if r.Name == "" || utf8.RuneCountInString(r.Name) > 60 {
		f.Add("name", "请填写规则名称（不超过 60 字）")
	}
	if len(r.Relations) == 0 {
		f.Add("relations", "请至少选择一种亲属关系")
	}
	for _, x := range r.Relations {
		if RelationName(x) == string(x) {
			f.Add("relations", "未知的关系："+string(x))
		}
	}
	for _, x := range r.Ranks {
		if RankName(x) == string(x) {
			f.Add("ranks", "未知的职级："+string(x))
		}
	}
	var kws []string
	for _, k := range r.Keywords {
		kws = append(kws, strings.FieldsFunc(k, func(c rune) bool { return c == ',' || c == '，' || c == '、' || c == ' ' })...)
	}
	r.Keywords = kws
	if utf8.RuneCountInString(r.Basis) > 200 {
		f.Add("basis", "依据不超过 200 字")
	}
	return r, f.Err()
}

// ruleLists writes a rule's lists as stored: comma-separated.
func ruleLists(r ProhibitionRule) (relations, ranks, keywords string) {
	var rel, rk []string
	for _, x := range r.Relations {
		rel = append(rel, string(x))
	}
	for _, x := range r.Ranks {
		rk = append(rk, string(x))
	}
	return strings.Join(rel, ","), strings.Join(rk, ","), strings.Join(r.Keywords, ",")
}

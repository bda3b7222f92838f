package inspection

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Candidate is one pool member as the draw sees them.
type Candidate struct {
	CadreID int64
	Name    string
	UnitID  int64 // their commission
	ZoneID  int64 // their commission's collaboration zone, 0 for none
	Rank    int   // RankLevel of their rank: higher is senior
	Skills  []string
}

// Target is one unit to inspect.
type Target struct {
	UnitID int64
	Name   string
	ZoneID int64 // 0 for a unit outside every zone (the province's organs, resident groups …)
}

// Bar is a reason a candidate may not inspect a unit: he served there within the last years,
// a relative works there, or he inspected it in the previous round.
type Bar struct {
	UnitID int64
	Reason string // e.g. "近 3 年曾在该单位任职（2024-05-01 任审查调查室主任）"
}

// Rules are what every team must satisfy.
type Rules struct {
	TeamSize   int      // members including the leader, at least 2
	LeaderRank int      // the lowest RankLevel a leader may have
	RankName   string   // its Chinese name, for refusals
	Skills     []string // each team covers every one of these
}

// Input is a draw's whole input: everything the constraints need, so the draw is pure.
type Input struct {
	Rules     Rules
	Targets   []Target
	Pool      []Candidate     // available members only, in a stable order (by cadre id)
	Bars      map[int64][]Bar // by cadre id
	ZoneNames map[int64]string
	Seed      uint64
}

// Team is a target's drawn team: Members[0] is the leader.
type Team struct {
	Target     Target
	Members    []Candidate
	Exclusions []string // why people were left out, one a line, the specific ones by name
}

// Failure is a draw that cannot satisfy its rules: the target and the constraint that fails.
// Nothing is relaxed: the caller changes the plan (team size, skills, leader rank) or the pool.
type Failure struct {
	Target     string
	Constraint string
	Exclusions []string
}

func (f *Failure) Error() string {
	return f.Target + "：" + f.Constraint
}

// index is the input arranged for the draw: who sits in each zone and unit, who is barred
// from each unit and why.
type index struct {
	in        *Input
	zoneCount map[int64]int
	units     map[int64][]int // pool positions by their unit
	bars      map[int64]map[int]string
}

func newIndex(in *Input) *index {
	x := &index{in: in, zoneCount: map[int64]int{}, units: map[int64][]int{}, bars: map[int64]map[int]string{}}
	for i, c := range in.Pool {
		x.zoneCount[c.ZoneID]++
		x.units[c.UnitID] = append(x.units[c.UnitID], i)
		for _, b := range in.Bars[c.CadreID] {
			if x.bars[b.UnitID] == nil {
				x.bars[b.UnitID] = map[int]string{}
			}
			if _, dup := x.bars[b.UnitID][i]; !dup {
				x.bars[b.UnitID][i] = b.Reason
			}
		}
	}
	return x
}

// eligible reports whether pool member i may inspect t.
func (x *index) eligible(i int, t Target) bool {
	c := &x.in.Pool[i]
	if c.UnitID == t.UnitID || (t.ZoneID != 0 && c.ZoneID == t.ZoneID) {
		return false
	}
	_, barred := x.bars[t.UnitID][i]
	return !barred
}

// excluded explains, by name, who may not inspect t beyond the zone rule, and counts the
// zone's people; count is how many remain eligible.
func (x *index) excluded(t Target) (why []string, zoneOut, count int) {
	named := map[int]bool{}
	for _, i := range x.units[t.UnitID] {
		named[i] = true
		why = append(why, x.in.Pool[i].Name+"：系该单位干部")
	}
	if t.ZoneID != 0 {
		zoneOut = x.zoneCount[t.ZoneID]
		for _, i := range x.units[t.UnitID] {
			if x.in.Pool[i].ZoneID == t.ZoneID {
				zoneOut--
			}
		}
	}
	for i, reason := range x.bars[t.UnitID] {
		if named[i] || (t.ZoneID != 0 && x.in.Pool[i].ZoneID == t.ZoneID) {
			continue
		}
		named[i] = true
		why = append(why, x.in.Pool[i].Name+"："+reason)
	}
	slices.Sort(why)
	return why, zoneOut, len(x.in.Pool) - zoneOut - len(named)
}

// Draw forms one team a target from the pool: members from another collaboration zone than
// the target, none barred from it (served there, a relative there, inspected it last round), no
// one on two teams, a leader of at least Rules.LeaderRank, every skill of Rules.Skills covered,
// Rules.TeamSize people. The same input and seed give the same teams. Targets are staffed most
// constrained first (fewest eligible people), each taking, in one seeded shuffle of the pool,
// the first eligible leader, then the first carrier of each skill still missing, then the first
// others. When a target cannot be staffed Draw returns a *Failure naming the target and the
// constraint; nothing is relaxed.
func Draw(in Input) ([]Team, error) {
	if in.Rules.TeamSize < 2 {
		return nil, &Failure{Constraint: "每组至少 2 人"}
	}
	x := newIndex(&in)
	order := shuffled(len(in.Pool), in.Seed)
	counts := make([]int, len(in.Targets))
	whys := make([][]string, len(in.Targets))
	for ti, t := range in.Targets {
		why, zoneOut, n := x.excluded(t)
		if zoneOut > 0 {
			why = append(why, fmt.Sprintf("与该单位同属%s的 %d 人不参加（异地交叉）", in.ZoneNames[t.ZoneID], zoneOut))
		}
		whys[ti], counts[ti] = why, n
	}
	seq := make([]int, len(in.Targets))
	for i := range seq {
		seq[i] = i
	}
	slices.SortStableFunc(seq, func(a, b int) int { return counts[a] - counts[b] })

	used := make([]bool, len(in.Pool))
	var usedAt []int
	teams := make([]Team, len(in.Targets))
	for _, ti := range seq {
		t := in.Targets[ti]
		team := Team{Target: t, Exclusions: whys[ti]}
		busy := 0
		for _, i := range usedAt {
			if x.eligible(i, t) {
				busy++
			}
		}
		if busy > 0 {
			team.Exclusions = append(team.Exclusions, fmt.Sprintf("已编入本轮其他督查组的 %d 人不重复抽取", busy))
		}
		members, err := x.staff(t, order, used, counts[ti]-busy)
		if err != nil {
			return nil, &Failure{Target: t.Name, Constraint: err.Error(), Exclusions: team.Exclusions}
		}
		for _, i := range members {
			used[i] = true
			usedAt = append(usedAt, i)
			team.Members = append(team.Members, in.Pool[i])
		}
		teams[ti] = team
	}
	return teams, nil
}

// staff picks a team for t (pool positions, the leader first); free is how many eligible
// people are not on a team yet.
func (x *index) staff(t Target, order []int, used []bool, free int) ([]int, error) {
	r := x.in.Rules
	barred := x.bars[t.UnitID]
	var members []int
	ok := func(i int) bool {
		c := &x.in.Pool[i]
		if used[i] || c.UnitID == t.UnitID || (t.ZoneID != 0 && c.ZoneID == t.ZoneID) || slices.Contains(members, i) {
			return false
		}
		_, no := barred[i]
		return !no
	}
	// Each pass takes the first eligible person in the seed's order who fits.
	take := func(want func(c *Candidate) bool) bool {
		for _, i := range order {
			if ok(i) && want(&x.in.Pool[i]) {
				members = append(members, i)
				return true
			}
		}
		return false
	}
	if !take(func(c *Candidate) bool { return c.Rank >= r.LeaderRank }) {
		return nil, fmt.Errorf("符合回避和异地交叉要求的 %d 人中没有%s及以上的组长人选", free, r.RankName)
	}
	for _, skill := range r.Skills {
		if !covers(x.in.Pool, members, skill) && !take(func(c *Candidate) bool { return slices.Contains(c.Skills, skill) }) {
			return nil, errors.New("符合回避和异地交叉要求的人员中没有具备“" + skill + "”专长的可抽人选")
		}
	}
	if len(members) > r.TeamSize {
		return nil, errors.New("每组 " + strconv.Itoa(r.TeamSize) + " 人不足以覆盖要求的专长")
	}
	for _, i := range order {
		if len(members) == r.TeamSize {
			break
		}
		if ok(i) {
			members = append(members, i)
		}
	}
	if len(members) < r.TeamSize {
		return nil, errors.New("符合回避和异地交叉要求的可抽人员只有 " + strconv.Itoa(free) + " 人，不足每组 " + strconv.Itoa(r.TeamSize) + " 人")
	}
	return members, nil
}

// covers reports whether one of the pool members at positions has the skill.
func covers(pool []Candidate, at []int, skill string) bool {
	for _, i := range at {
		if slices.Contains(pool[i].Skills, skill) {
			return true
		}
	}
	return false
}

// Replace draws one person to take the place of team.Members[at] under the same rules: not in
// used (everyone on a team of the round, the leaving member included), eligible for the target,
// a leader's rank when the leader leaves, and the skills the others no longer cover. The seed
// should differ from the draw's (the round's seed plus the replacement's number).
func Replace(in Input, team Team, at int, used map[int64]bool) (Candidate, error) {
	x := newIndex(&in)
	rest := slices.Delete(slices.Clone(team.Members), at, at+1)
	var need []string
	for _, s := range in.Rules.Skills {
		if !slices.ContainsFunc(rest, func(c Candidate) bool { return slices.Contains(c.Skills, s) }) {
			need = append(need, s)
		}
	}
	for _, i := range shuffled(len(in.Pool), in.Seed) {
		c := &in.Pool[i]
		if !x.eligible(i, team.Target) || used[c.CadreID] || (at == 0 && c.Rank < in.Rules.LeaderRank) {
			continue
		}
		if !slices.ContainsFunc(need, func(s string) bool { return !slices.Contains(c.Skills, s) }) {
			return *c, nil
		}
	}
	var why []string
	if at == 0 {
		why = append(why, in.Rules.RankName+"及以上的组长人选")
	}
	if len(need) > 0 {
		why = append(why, "具备“"+strings.Join(need, "、")+"”专长的人选")
	}
	if len(why) == 0 {
		why = append(why, "其他可抽人选")
	}
	return Candidate{}, &Failure{Target: team.Target.Name, Constraint: "符合回避和异地交叉要求、未编入本轮督查组的人员中没有" + strings.Join(why, "和")}
}

// shuffled is 0…n-1 in the seed's order.
func shuffled(n int, seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
	return order
}

package report

import "testing"

func TestRoute(t *testing.T) {
	const prov, city, county = "/1/", "/1/5/", "/1/5/23/"
	cases := []struct {
		name     string
		receiver int64
		path     string
		subjects []Subject
		want     Jurisdiction
		below    int64
	}{
		{"nobody in the roster", 5, city, nil, Own, 0},
		{"own cadre", 5, city, []Subject{{5, city, "干部监督室主任"}}, Own, 0},
		{"own principal", 5, city, []Subject{{5, city, "市纪委书记、市监委主任"}}, UpperDirect, 0},
		{"own deputy is not the principal", 5, city, []Subject{{5, city, "市纪委副书记"}}, Own, 0},
		{"provincial cadre at a city", 5, city, []Subject{{1, prov, "省纪委副书记"}}, Upper, 0},
		{"sibling city's cadre", 5, city, []Subject{{6, "/1/6/", "科员"}}, Upper, 0},
		{"county cadre at the province", 1, prov, []Subject{{23, county, "科员"}}, Lower, 5},
		{"county cadre at the city", 5, city, []Subject{{23, county, "区纪委书记"}}, Lower, 23},
		{"upper beats lower", 5, city, []Subject{{23, county, "科员"}, {1, prov, "处长"}}, Upper, 0},
		{"principal beats all", 5, city, []Subject{{1, prov, "处长"}, {5, city, "市纪委书记"}}, UpperDirect, 0},
	}
	for _, c := range cases {
		j, below := Route(c.receiver, c.path, c.subjects)
		if j != c.want || below != c.below {
			t.Errorf("%s: %s %d, want %s %d", c.name, j, below, c.want, c.below)
		}
	}
}

// Package demo builds real commission trees from China's administrative divisions and loads
// the demo data set (one province with users) used by `custos serve --demo` and the tests.
package demo

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"custos/internal/org"
)

//go:embed divisions/*.csv
var divisionsFS embed.FS

// Division is one row of the division tables.
type Division struct {
	Code   string
	Name   string
	Parent string // parent division code; "" for a province
}

// Divisions holds the three levels.
type Divisions struct {
	Provinces, Cities, Areas []Division
}

// LoadDivisions reads the embedded tables (provinces: code,name; cities: code,name,province;
// areas: code,name,city,province — column 2 is the parent in both).
func LoadDivisions() (Divisions, error) {
	var d Divisions
	var err error
	if d.Provinces, err = readDivisions("divisions/provinces.csv", -1); err != nil {
		return d, err
	}
	if d.Cities, err = readDivisions("divisions/cities.csv", 2); err != nil {
		return d, err
	}
	d.Areas, err = readDivisions("divisions/areas.csv", 2)
	return d, err
}

func readDivisions(name string, parentCol int) ([]Division, error) {
	b, err := divisionsFS.ReadFile(name)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	var out []Division
	for line := 0; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if line == 0 {
			continue
		}
		d := Division{Code: rec[0], Name: rec[1]}
		if parentCol >= 0 && parentCol < len(rec) {
			d.Parent = rec[parentCol]
		}
		out = append(out, d)
	}
}

// placeholder reports whether a prefecture-level row only groups counties directly under the
// province (municipal districts, 省直辖县级行政区划): a commission tree skips it.
func placeholder(name string) bool {
	return name == "市辖区" || name == "县" || strings.Contains(name, "直辖县级行政区划")
}

// CommissionName returns the name of the commission of a division.
func CommissionName(division string) string { return division + "纪委监委" }

// ProvinceTree returns the nodes of one province's commission tree: the provincial
// commission, every prefecture and county commission, parents first. zoneOf assigns a county
// or prefecture to a collaboration zone by its prefecture code ("" for none).
func ProvinceTree(d Divisions, provinceCode string, parentCode string, zoneOf func(prefecture string) string) ([]org.Node, error) {
	var prov *Division
	for i := range d.Provinces {
		if d.Provinces[i].Code == provinceCode {
			prov = &d.Provinces[i]
		}
	}
	if prov == nil {
		return nil, fmt.Errorf("未知省级区划代码 %s", provinceCode)
	}
	nodes := []org.Node{{Code: prov.Code, Name: CommissionName(prov.Name), Kind: org.KindProvincial, ParentCode: parentCode}}
	parentOfCity := map[string]string{} // city code → commission code counties hang under
	for _, c := range d.Cities {
		if c.Parent != provinceCode {
			continue
		}
		if placeholder(c.Name) {
			parentOfCity[c.Code] = prov.Code
			continue
		}
		parentOfCity[c.Code] = c.Code
		zone := ""
		if zoneOf != nil {
			zone = zoneOf(c.Code)
		}
		nodes = append(nodes, org.Node{Code: c.Code, Name: CommissionName(c.Name), Kind: org.KindPrefectural, ParentCode: prov.Code, Zone: zone})
	}
	for _, a := range d.Areas {
		parent, ok := parentOfCity[a.Parent]
		if !ok {
			continue
		}
		zone := ""
		if zoneOf != nil && parent != prov.Code {
			zone = zoneOf(parent)
		}
		nodes = append(nodes, org.Node{Code: a.Code, Name: CommissionName(a.Name), Kind: org.KindCounty, ParentCode: parent, Zone: zone})
	}
	return nodes, nil
}

// CountryTree returns the whole country's tree under a central root (~3,350 commissions).
func CountryTree(d Divisions) ([]org.Node, error) {
	nodes := []org.Node{{Code: "000000", Name: "中央纪委国家监委", Kind: org.KindCentral}}
	for _, p := range d.Provinces {
		sub, err := ProvinceTree(d, p.Code, "000000", nil)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, sub...)
	}
	return nodes, nil
}

package cadre

import (
	"reflect"
	"testing"
)

func TestChangedLines(t *testing.T) {
	prev := "房产：贵阳市南明区住房一套\n配偶从业：贵州某建设集团项目经理\n\n持有股票：无"
	cur := " 房产：贵阳市南明区住房一套\n房产：遵义市汇川区商铺一间\n持有股票：无\n子女出国：无"
	added, removed := ChangedLines(prev, cur)
	if !reflect.DeepEqual(added, []string{"房产：遵义市汇川区商铺一间", "子女出国：无"}) || !reflect.DeepEqual(removed, []string{"配偶从业：贵州某建设集团项目经理"}) {
		t.Fatalf("added %v removed %v", added, removed)
	}
	if a, r := ChangedLines(cur, cur); a != nil || r != nil {
		t.Fatalf("same report: %v %v", a, r)
	}
	if got := describeChanges(nil, nil, false); got != "较上年无变化" {
		t.Fatal(got)
	}
	if got := describeChanges([]string{"甲"}, []string{"乙"}, false); got != "较上年变化——新增：甲。不再报告：乙" {
		t.Fatal(got)
	}
}

package paper_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"custos/internal/db"
	"custos/internal/paper"
	"custos/internal/testkit"
)

func sample() paper.Doc {
	return paper.Doc{
		Issuer:    "中共贵州省纪律检查委员会",
		Number:    paper.Number("黔纪", "函", 2026, 7),
		Title:     "关于王建国等2名同志党风廉政意见的复函",
		Addressee: "中共贵州省委组织部",
		Body: []paper.Para{
			{Text: "你部《关于征求王建国等同志党风廉政意见的函》收悉。现将有关情况函复如下："},
			{Level: 1, Text: "一、王建国同志"},
			{Text: "经查阅廉政档案，截至2026年11月26日，未发现王建国同志有违反党风廉政建设规定的问题。"},
			{Level: 2, Text: "（一）其他 <情况> & 说明"},
		},
		Signer:  "中共贵州省纪律检查委员会",
		Date:    time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
		Note:    "（联系人：李红，电话：0851-12345678）",
		CopyTo:  "省监委",
		Printer: "贵州省纪委监委干部监督室",
		Printed: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
	}
}

// TestWriteDOCX opens the package as Word would: every part is well-formed XML, the parts the
// content types name exist, and the page follows GB/T 9704-2012.
func TestWriteDOCX(t *testing.T) {
	var buf bytes.Buffer
	if err := paper.WriteDOCX(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		parts[f.Name] = string(b)
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
		"word/settings.xml", "word/footer1.xml", "word/footer2.xml", "word/_rels/document.xml.rels", "docProps/core.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("part %s missing", name)
		}
	}
	doc := parts["word/document.xml"]
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`,                         // A4
		`w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`, // 37 / 26 / 35 / 28 mm
		`w:linePitch="579"`,                                         // 22 lines
		`w:eastAsia="方正小标宋简体"`,                                      // title
		`w:eastAsia="黑体"`,                                           // first-level heading
		`w:eastAsia="楷体_GB2312"`,                                    // second-level heading
		`w:color w:val="FF0000"`,                                    // red issuer mark
		`黔纪函〔2026〕7号`,                                               // number with 六角括号
		`中共贵州省委组织部：`,                                                // addressee with colon
		`2026年11月26日`,                                               // date in Arabic numerals
		`（一）其他 &lt;情况&gt; &amp; 说明`,                                 // text escaped
		`<w:tab/><w:t xml:space="preserve">2026年11月26日印发`,           // imprint date right-aligned
		`<w:footerReference w:type="even"`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(parts["word/settings.xml"], "<w:evenAndOddHeaders/>") {
		t.Error("odd and even page numbers are not distinct")
	}
	if !strings.Contains(parts["word/footer1.xml"], `<w:jc w:val="right"/>`) || !strings.Contains(parts["word/footer2.xml"], `<w:jc w:val="left"/>`) {
		t.Error("page numbers should sit right on odd pages and left on even ones")
	}
	if !strings.Contains(parts["word/styles.xml"], `w:eastAsia="仿宋_GB2312"`) || !strings.Contains(parts["word/styles.xml"], `<w:sz w:val="32"/>`) {
		t.Error("body text should default to 三号仿宋_GB2312")
	}
}

func TestDateAndCode(t *testing.T) {
	if got := paper.DateText(time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)); got != "2026年3月6日" {
		t.Errorf("DateText = %s", got)
	}
	for name, want := range map[string]string{"贵阳市纪委监委": "贵阳市纪", "驻省教育厅纪检监察组": "驻省教育厅纪", "其他": "其他"} {
		if got := paper.CodeFor(name); got != want {
			t.Errorf("CodeFor(%s) = %s, want %s", name, got, want)
		}
	}
}

// TestNextNumber: numbers run per commission, kind and year, starting at 1, and a rolled-back
// transaction gives its number back.
func TestNextNumber(t *testing.T) {
	env := testkit.NewApp(t)
	env.DemoOrg(t)
	root := env.Lookup(t, `SELECT id FROM commissions WHERE parent_id IS NULL`)
	ctx := context.Background()
	take := func(kind string, year int) int {
		var n int
		err := env.App.DB.InTx(ctx, func(tx *db.Tx) error {
			var err error
			n, err = paper.NextNumber(ctx, tx, root, kind, year)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	got := []int{take("函", 2026), take("函", 2026), take("通知", 2026), take("函", 2027), take("函", 2026)}
	want := []int{1, 2, 1, 1, 3}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("numbers %v, want %v", got, want)
		}
	}
	_ = env.App.DB.InTx(ctx, func(tx *db.Tx) error {
		paper.NextNumber(ctx, tx, root, "函", 2026)
		return context.Canceled
	})
	if n := take("函", 2026); n != 4 {
		t.Errorf("after a rollback the next number is %d, want 4", n)
	}
}

package document_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"custos/internal/document"
	"custos/internal/paper"
)

func TestFill(t *testing.T) {
	for _, tc := range []struct {
		text    string
		fields  map[string]string
		want    string
		missing []string
	}{
		{"决定对【被审查调查人】立案", map[string]string{"被审查调查人": "赵敏"}, "决定对赵敏立案", nil},
		{"【甲】和【乙】、【甲】", map[string]string{"甲": "一"}, "一和【乙】、一", []string{"乙"}},
		{"空值【甲】", map[string]string{"甲": "  "}, "空值【甲】", []string{"甲"}},
		{"不是字段的【】和【很长很长很长很长很长很长很长很长很长很长很长的括号】", nil, "不是字段的【】和【很长很长很长很长很长很长很长很长很长很长很长的括号】", nil},
	} {
		got, missing := document.Fill(tc.text, tc.fields)
		if got != tc.want || strings.Join(missing, ",") != strings.Join(tc.missing, ",") {
			t.Errorf("Fill(%q) = %q %v, want %q %v", tc.text, got, missing, tc.want, tc.missing)
		}
	}
	d := document.Document{Title: "关于【甲】", Body: "【乙】\n【甲】"}
	if got := d.Unfilled(); strings.Join(got, ",") != "甲,乙" {
		t.Errorf("Unfilled %v", got)
	}
}

func TestPaperLevels(t *testing.T) {
	d := document.Document{Title: "审查调查报告", Number: "黔纪审〔2026〕1号", IssuedOn: "2026-11-26",
		Body: "一、基本情况\n赵敏，女。\n（一）违纪事实\n收受购物卡。\n\n二、意见：这是一个很长的段落而不是标题，因为它超过了四十个字，所以它应当作为正文而不是一级标题来排版呀"}
	p := document.Paper(d, "贵州省纪委监委", time.Now())
	levels := []int{}
	for _, para := range p.Body {
		levels = append(levels, para.Level)
	}
	if len(levels) != 5 || levels[0] != 1 || levels[1] != 0 || levels[2] != 2 || levels[4] != 0 {
		t.Errorf("levels %v", levels)
	}
	if p.Date.Format("2006-01-02") != "2026-11-26" || p.Issuer != "贵州省纪委监委" {
		t.Errorf("paper %+v", p)
	}
}

// TestDOCXOpensInLibreOffice converts a filled document to PDF with LibreOffice and checks its
// text: the file is a document an office can open, not only well-formed XML. LibreOffice comes
// from Debian's libreoffice-writer-nogui (and pdftotext from poppler-utils), which .ci/run
// installs; without them the test skips, and CI fails on any skip.
func TestDOCXOpensInLibreOffice(t *testing.T) {
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		t.Skip("libreoffice not installed (apt-get install libreoffice-writer-nogui poppler-utils)")
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	d := document.Document{Title: "关于给予赵敏严重警告处分的决定", Number: paper.Number("黔纪", "纪处", 2026, 3), IssuedOn: "2026-12-01",
		Body: "经查，赵敏（贵州省纪委监委案件审理室主任）存在以下违纪问题：\n一、违反廉洁纪律\n收受管理服务对象购物卡共计2万元。\n决定给予赵敏党内严重警告处分。"}
	var buf bytes.Buffer
	if err := paper.WriteDOCX(&buf, document.Paper(d, "中共贵州省纪律检查委员会", time.Now())); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "decision.docx")
	if err := os.WriteFile(in, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(lo, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	out, err := exec.Command(pdftotext, "-layout", filepath.Join(dir, "decision.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"中共贵州省纪律检查委员会", "黔纪纪处〔2026〕3号", "关于给予赵敏严重警告处分的决定", "收受管理服务对象购物卡共计2万元", "2026年12月1日"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, out)
		}
	}
}

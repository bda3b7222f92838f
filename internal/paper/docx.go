package paper

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Page geometry of GB/T 9704-2012 §5.2, in twips (1/1440 inch): A4, top margin 37 mm, binding
// (left) 28 mm, text block 156 × 225 mm — so right 26 mm and bottom 35 mm.
const (
	PageWidth    = 11906
	PageHeight   = 16838
	MarginTop    = 2098
	MarginBottom = 1984
	MarginLeft   = 1587
	MarginRight  = 1474
	TextWidth    = PageWidth - MarginLeft - MarginRight // 8845 ≈ 156 mm
	// LinePitch puts 22 lines in the 225 mm block (§5.2.2: 22 lines of 28 characters).
	LinePitch = 579
	// Condense tightens 三号 characters by a quarter point (in twentieths of a point) so 28
	// fit a line (28 × 15.75 pt = 441 pt ≤ 156 mm) in Word, WPS and LibreOffice alike.
	Condense  = -5
	footerGap = 1247 // page number 7 mm under the text block (§7.5)
)

// Font sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt.
const (
	size2 = 44
	size3 = 32
	size4 = 28
	char3 = 320 // one 三号 character, in twips
	char4 = 280
)

// Font names as installed on office machines.
const (
	fontTitle = "方正小标宋简体"
	fontBody  = "仿宋_GB2312"
	fontHei   = "黑体"
	fontKai   = "楷体_GB2312"
	fontSong  = "宋体"
	red       = "FF0000"
)

// WriteDOCX writes d as a WordprocessingML package to w.
func WriteDOCX(w io.Writer, d Doc) error {
	z := zip.NewWriter(w)
	parts := []struct {
		name string
		body func(*bufio.Writer)
	}{
		{"[Content_Types].xml", writeContentTypes},
		{"_rels/.rels", writeRootRels},
		{"docProps/core.xml", func(b *bufio.Writer) { writeCore(b, d) }},
		{"word/_rels/document.xml.rels", writeDocumentRels},
		{"word/styles.xml", writeStyles},
		{"word/settings.xml", writeSettings},
		{"word/footer1.xml", func(b *bufio.Writer) { writeFooter(b, "right") }},
		{"word/footer2.xml", func(b *bufio.Writer) { writeFooter(b, "left") }},
		{"word/document.xml", func(b *bufio.Writer) { writeDocument(b, d) }},
	}
	for _, p := range parts {
		f, err := z.Create(p.name)
		if err != nil {
			return err
		}
		b := bufio.NewWriter(f)
		b.WriteString(xml.Header)
		p.body(b)
		if err := b.Flush(); err != nil {
			return err
		}
	}
	return z.Close()
}

func writeContentTypes(b *bufio.Writer) {
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
		`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
		`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`</Types>`)
}

func writeRootRels(b *bufio.Writer) {
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
		`</Relationships>`)
}

func writeDocumentRels(b *bufio.Writer) {
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
		`<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
		`<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>` +
		`</Relationships>`)
}

func writeCore(b *bufio.Writer, d Doc) {
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">`)
	b.WriteString(`<dc:title>`)
	escape(b, d.Title)
	b.WriteString(`</dc:title><dc:creator>`)
	escape(b, d.Signer)
	b.WriteString(`</dc:creator></cp:coreProperties>`)
}

// writeStyles sets the document default: 三号仿宋, Times New Roman for Latin text and digits.
func writeStyles(b *bufio.Writer) {
	fmt.Fprintf(b, `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">`+
		`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="%s" w:cs="Times New Roman"/>`+
		`<w:kern w:val="2"/><w:sz w:val="%d"/><w:szCs w:val="%d"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>`+
		`<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:spacing w:before="0" w:after="0" w:line="%d" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>`+
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>`+
		`</w:styles>`, fontBody, size3, size3, LinePitch)
}

// writeSettings turns on distinct odd and even footers: page numbers sit right on odd pages
// and left on even ones (§7.5).
func writeSettings(b *bufio.Writer) {
	b.WriteString(`<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:evenAndOddHeaders/><w:defaultTabStop w:val="640"/><w:characterSpacingControl w:val="compressPunctuation"/>` +
		`</w:settings>`)
}

// writeFooter writes the page number as “— 1 —” in 四号半角宋体, one character in from the edge.
func writeFooter(b *bufio.Writer, side string) {
	indent := `w:right="280"`
	if side == "left" {
		indent = `w:left="280"`
	}
	rpr := fmt.Sprintf(`<w:rPr><w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s"/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr>`,
		fontSong, fontSong, fontSong, size4, size4)
	fmt.Fprintf(b, `<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">`+
		`<w:p><w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:ind %s/><w:jc w:val="%s"/></w:pPr>`+
		`<w:r>%s<w:t xml:space="preserve">— </w:t></w:r>`+
		`<w:r>%s<w:fldChar w:fldCharType="begin"/></w:r><w:r>%s<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`+
		`<w:r>%s<w:fldChar w:fldCharType="separate"/></w:r><w:r>%s<w:t>1</w:t></w:r><w:r>%s<w:fldChar w:fldCharType="end"/></w:r>`+
		`<w:r>%s<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`, indent, side, rpr, rpr, rpr, rpr, rpr, rpr, rpr)
}

// run is the formatting of a piece of text.
type run struct {
	font  string
	size  int
	color string
}

// para is a paragraph's layout: alignment, indents in twips, borders.
type para struct {
	jc          string
	left, right int
	firstLine   int
	border      string // a complete <w:pBdr>, or ""
	tabRight    int    // a right-aligned tab stop at this position, or 0
}

func writeDocument(b *bufio.Writer, d Doc) {
	b.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	body := run{font: fontBody, size: size3}
	blank := func(n int) {
		for range n {
			b.WriteString(`<w:p/>`)
		}
	}

	// 版头: the issuer's mark in red, the number, the red separator line.
	if d.Issuer != "" {
		paragraph(b, para{jc: "center"}, run{font: fontTitle, size: issuerSize(d.Issuer), color: red}, d.Issuer)
		blank(1)
	}
	if d.Number != "" {
		paragraph(b, para{jc: "center", border: `<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="8" w:color="` + red + `"/></w:pBdr>`}, body, d.Number)
	}
	// 主体: title, addressee, body, signature and date, note.
	blank(2)
	paragraph(b, para{jc: "center"}, run{font: fontTitle, size: size2}, d.Title)
	blank(1)
	if d.Addressee != "" {
		paragraph(b, para{jc: "both"}, body, d.Addressee+"：")
	}
	for _, p := range d.Body {
		r := body
		switch p.Level {
		case 1:
			r.font = fontHei
		case 2:
			r.font = fontKai
		}
		paragraph(b, para{jc: "both", firstLine: 2 * char3}, r, p.Text)
	}
	if d.Signer != "" || !d.Date.IsZero() {
		blank(1)
		date := DateText(d.Date)
		signW, dateW := textWidth(d.Signer), textWidth(date)
		// §7.3.5.3 (no seal): the signer two characters from the right, the date under it
		// starting two characters further right; a date longer than that moves both left so
		// the date keeps two characters from the right.
		start := TextWidth - 2*char3 - signW*char3/2
		if alt := TextWidth - 2*char3 - (dateW+4)*char3/2; alt < start {
			start = alt
		}
		paragraph(b, para{jc: "left", left: start}, body, d.Signer)
		if !d.Date.IsZero() {
			paragraph(b, para{jc: "left", left: start + 2*char3}, body, date)
		}
	}
	if d.Note != "" {
		blank(1)
		paragraph(b, para{jc: "both", firstLine: 2 * char3}, body, d.Note)
	}
	// 版记: copy-to and the printer with the print date, between thick outer lines.
	if d.CopyTo != "" || d.Printer != "" {
		blank(2)
		small := run{font: fontBody, size: size4}
		if d.CopyTo != "" {
			paragraph(b, para{jc: "left", left: char4, right: char4,
				border: `<w:pBdr><w:top w:val="single" w:sz="8" w:space="1" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="1" w:color="000000"/></w:pBdr>`},
				small, "抄送："+d.CopyTo+"。")
		}
		line := d.Printer
		if !d.Printed.IsZero() {
			line += "\t" + DateText(d.Printed) + "印发"
		}
		top := ""
		if d.CopyTo == "" {
			top = `<w:top w:val="single" w:sz="8" w:space="1" w:color="000000"/>`
		}
		paragraph(b, para{jc: "left", left: char4, right: char4, tabRight: TextWidth - 2*char4,
			border: `<w:pBdr>` + top + `<w:bottom w:val="single" w:sz="8" w:space="1" w:color="000000"/></w:pBdr>`}, small, line)
	}
	fmt.Fprintf(b, `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`+
		`<w:docGrid w:type="lines" w:linePitch="%d"/></w:sectPr>`,
		PageWidth, PageHeight, MarginTop, MarginRight, MarginBottom, MarginLeft, footerGap, LinePitch)
	b.WriteString(`</w:body></w:document>`)
}

// paragraph writes one paragraph of text in one run format; a tab in text becomes a tab stop
// and a line break in text a break.
func paragraph(b *bufio.Writer, p para, r run, text string) {
	b.WriteString(`<w:p><w:pPr>`)
	if p.border != "" {
		b.WriteString(p.border)
	}
	if p.tabRight > 0 {
		fmt.Fprintf(b, `<w:tabs><w:tab w:val="right" w:pos="%d"/></w:tabs>`, p.tabRight)
	}
	if r.size > size3 {
		// big type keeps its own line height instead of the grid's
		fmt.Fprintf(b, `<w:spacing w:line="%d" w:lineRule="atLeast"/>`, r.size*12)
	}
	if p.left != 0 || p.right != 0 || p.firstLine != 0 {
		fmt.Fprintf(b, `<w:ind w:left="%d" w:right="%d" w:firstLine="%d"/>`, p.left, p.right, p.firstLine)
	}
	fmt.Fprintf(b, `<w:jc w:val="%s"/></w:pPr>`, p.jc)
	rpr := fmt.Sprintf(`<w:rPr><w:rFonts w:eastAsia="%s"/>`, r.font)
	if r.color != "" {
		rpr += `<w:color w:val="` + r.color + `"/>`
	}
	if r.size == size3 {
		rpr += fmt.Sprintf(`<w:spacing w:val="%d"/>`, Condense)
	}
	rpr += fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr>`, r.size, r.size)
	for i, line := range strings.Split(text, "\n") {
		b.WriteString(`<w:r>` + rpr)
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		for j, piece := range strings.Split(line, "\t") {
			if j > 0 {
				b.WriteString(`<w:tab/>`)
			}
			b.WriteString(`<w:t xml:space="preserve">`)
			escape(b, piece)
			b.WriteString(`</w:t>`)
		}
		b.WriteString(`</w:r>`)
	}
	b.WriteString(`</w:p>`)
}

// issuerSize fits the issuer's mark on one line of the text block: at most 36 pt.
func issuerSize(name string) int {
	n := textWidth(name) / 2
	if n == 0 {
		return 72
	}
	pt := TextWidth / 20 / n // twips per point is 20
	return min(36, pt) * 2
}

// textWidth is a text's width in half characters: CJK and full-width characters count two,
// ASCII letters and digits one.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if r < utf8.RuneSelf {
			w++
		} else {
			w += 2
		}
	}
	return w
}

func escape(b *bufio.Writer, s string) {
	_ = xml.EscapeText(b, []byte(s))
}

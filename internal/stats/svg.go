package stats

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// Bar is one value of a chart.
type Bar struct {
	Label string
	Value int
}

// Series is one line of a trend chart.
type Series struct {
	Name   string
	Values []int
}

// palette colours the series and slices (print-safe, told apart in grey too).
var palette = []string{"#b91c1c", "#1d4ed8", "#047857", "#b45309", "#6d28d9", "#374151"}

func svgOpen(sb *strings.Builder, w, h int, title string) {
	fmt.Fprintf(sb, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg" font-size="12">`, w, h, html.EscapeString(title))
	fmt.Fprintf(sb, `<title>%s</title>`, html.EscapeString(title))
}

// BarsSVG draws bars with their values and labels, scaled to the largest.
func BarsSVG(title string, bars []Bar) string {
	const w, h, top, bottom, gap = 640, 220, 22, 34, 8
	most := 1
	for _, b := range bars {
		most = max(most, b.Value)
	}
	var sb strings.Builder
	svgOpen(&sb, w, h, title)
	if n := len(bars); n > 0 {
		bw := (w - gap*(n+1)) / n
		for i, b := range bars {
			bh := (h - top - bottom) * b.Value / most
			x, y := gap+i*(bw+gap), h-bottom-bh
			fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" fill="%s"><title>%s：%d</title></rect>`, x, y, bw, bh, palette[0], html.EscapeString(b.Label), b.Value)
			fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle">%d</text>`, x+bw/2, y-4, b.Value)
			fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle">%s</text>`, x+bw/2, h-12, html.EscapeString(b.Label))
		}
	}
	sb.WriteString(`</svg>`)
	return sb.String()
}

// TrendSVG draws one polyline a series over the labels (months), with a legend.
func TrendSVG(title string, labels []string, series []Series) string {
	const w, h, left, right, top, bottom = 640, 240, 40, 12, 30, 40
	most := 1
	for _, s := range series {
		for _, v := range s.Values {
			most = max(most, v)
		}
	}
	var sb strings.Builder
	svgOpen(&sb, w, h, title)
	fmt.Fprintf(&sb, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>`, left, h-bottom, w-right, h-bottom)
	fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end">%d</text><text x="%d" y="%d" text-anchor="end">0</text>`, left-4, top+4, most, left-4, h-bottom)
	step := 0.0
	if len(labels) > 1 {
		step = float64(w-left-right) / float64(len(labels)-1)
	}
	xAt := func(i int) float64 { return float64(left) + step*float64(i) }
	yAt := func(v int) float64 { return float64(h-bottom) - float64(h-top-bottom)*float64(v)/float64(most) }
	every := max(1, int(math.Ceil(float64(len(labels))/12)))
	for i, l := range labels {
		if i%every == 0 {
			fmt.Fprintf(&sb, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`, xAt(i), h-bottom+16, html.EscapeString(l))
		}
	}
	for k, s := range series {
		c := palette[k%len(palette)]
		var pts []string
		for i, v := range s.Values {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", xAt(i), yAt(v)))
		}
		fmt.Fprintf(&sb, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"><title>%s</title></polyline>`, c, strings.Join(pts, " "), html.EscapeString(s.Name))
		for i, v := range s.Values {
			fmt.Fprintf(&sb, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"><title>%s %s：%d</title></circle>`, xAt(i), yAt(v), c, html.EscapeString(s.Name), html.EscapeString(labels[i]), v)
		}
		fmt.Fprintf(&sb, `<rect x="%d" y="8" width="10" height="10" fill="%s"/><text x="%d" y="17">%s</text>`, left+k*130, c, left+k*130+14, html.EscapeString(s.Name))
	}
	sb.WriteString(`</svg>`)
	return sb.String()
}

// ShareSVG draws the slices as a ring with each one's share, and a legend.
func ShareSVG(title string, slices []Bar) string {
	const w, h, cx, cy, r, ir = 640, 220, 110, 110, 90, 50
	total := 0
	for _, s := range slices {
		total += s.Value
	}
	var sb strings.Builder
	svgOpen(&sb, w, h, title)
	if total == 0 {
		fmt.Fprintf(&sb, `<circle cx="%d" cy="%d" r="%d" fill="none" stroke="#ccc" stroke-width="%d"/>`, cx, cy, (r+ir)/2, r-ir)
	}
	a := -math.Pi / 2
	for i, s := range slices {
		c := palette[i%len(palette)]
		if s.Value > 0 {
			frac := float64(s.Value) / float64(total)
			if frac >= 0.9999 {
				fmt.Fprintf(&sb, `<circle cx="%d" cy="%d" r="%d" fill="none" stroke="%s" stroke-width="%d"><title>%s：%d</title></circle>`, cx, cy, (r+ir)/2, c, r-ir, html.EscapeString(s.Label), s.Value)
			} else {
				b := a + 2*math.Pi*frac
				large := 0
				if frac > 0.5 {
					large = 1
				}
				p := func(rad, ang float64) string {
					return fmt.Sprintf("%.2f %.2f", float64(cx)+rad*math.Cos(ang), float64(cy)+rad*math.Sin(ang))
				}
				fmt.Fprintf(&sb, `<path d="M %s A %d %d 0 %d 1 %s L %s A %d %d 0 %d 0 %s Z" fill="%s"><title>%s：%d</title></path>`,
					p(r, a), r, r, large, p(r, b), p(ir, b), ir, ir, large, p(ir, a), c, html.EscapeString(s.Label), s.Value)
				a = b
			}
		}
		share := "—"
		if total > 0 {
			share = formatPercent(float64(s.Value) * 100 / float64(total))
		}
		fmt.Fprintf(&sb, `<rect x="240" y="%d" width="12" height="12" fill="%s"/><text x="258" y="%d">%s %d 人次（%s）</text>`, 40+i*28, c, 51+i*28, html.EscapeString(s.Label), s.Value, share)
	}
	sb.WriteString(`</svg>`)
	return sb.String()
}

package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Bar is one bar of a chart.
type Bar struct {
	Label string
	Value int
}

// barChart draws bars as an inline SVG (our own; no script, no library): a value over each bar,
// its label under it, scaled to the largest value. Labels are escaped.
func barChart(title string, bars []Bar) template.HTML {
	const w, h, top, bottom, gap = 640, 200, 20, 28, 6
	max := 1
	for _, b := range bars {
		if b.Value > max {
			max = b.Value
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, html.EscapeString(title))
	if len(bars) > 0 {
		bw := (w - gap*(len(bars)+1)) / len(bars)
		for i, b := range bars {
			bh := (h - top - bottom) * b.Value / max
			x := gap + i*(bw+gap)
			y := h - bottom - bh
			fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" class="bar"><title>%s：%d</title></rect>`, x, y, bw, bh, html.EscapeString(b.Label), b.Value)
			fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle" class="value">%d</text>`, x+bw/2, y-4, b.Value)
			fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="middle" class="label">%s</text>`, x+bw/2, h-10, html.EscapeString(b.Label))
		}
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

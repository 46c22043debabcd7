package reports

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
)

// The one small SVG helper every HTML report draws its charts with: inline
// SVG, no script, no external asset, readable when printed. Labels are
// escaped here, so the result is safe to place in a template as is.

// Colours of the four statuses, as the tables colour them.
const (
	colourMet     = "#4caf50"
	colourPartly  = "#f2c12e"
	colourNotMet  = "#d9534f"
	colourNA      = "#cccccc"
	colourBar     = "#4a7ab5"
	colourBarSoft = "#9db8dc"
)

// statusRow is one stacked bar: how many of something are met, partly met,
// not met and not applicable.
type statusRow struct {
	Label                         string
	Met, Partly, NotMet, NotAppli int
}

// chartPoint is one bar of a bar chart.
type chartPoint struct {
	Label string
	Value float64
	Soft  bool // drawn in the lighter colour (the "before" of a pair)
}

func svgOpen(b *strings.Builder, label string, width, height int) {
	fmt.Fprintf(b, `<svg role="img" aria-label="%s" width="%d" height="%d" viewBox="0 0 %d %d" xmlns="http://www.w3.org/2000/svg" font-family="system-ui,sans-serif">`,
		html.EscapeString(label), width, height, width, height)
	fmt.Fprintf(b, `<title>%s</title>`, html.EscapeString(label))
}

func svgText(b *strings.Builder, x, y float64, anchor, s string) {
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" font-size="12" text-anchor="%s">%s</text>`, x, y, anchor, html.EscapeString(s))
}

func svgRect(b *strings.Builder, x, y, w, h float64, fill, title string) {
	if w <= 0 || h <= 0 {
		return
	}
	fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s</title></rect>`, x, y, w, h, fill, html.EscapeString(title))
}

// statusChart draws one horizontal stacked bar per row: met (green), partly
// (yellow), not met (red), not applicable (grey), with the counts at the
// end of the bar and a legend below.
func statusChart(label string, rows []statusRow) template.HTML {
	const labelW, barW, countW, rowH = 230.0, 380.0, 150.0, 22.0
	height := int(rowH*float64(len(rows))) + 34
	var b strings.Builder
	svgOpen(&b, label, int(labelW+barW+countW), height)
	for i, r := range rows {
		y := 4 + float64(i)*rowH
		svgText(&b, 0, y+13, "start", truncate(r.Label, 34))
		total := r.Met + r.Partly + r.NotMet + r.NotAppli
		if total == 0 {
			total = 1
		}
		scale := barW / float64(total)
		x := labelW
		for _, part := range []struct {
			n      int
			colour string
			name   string
		}{{r.Met, colourMet, "met"}, {r.Partly, colourPartly, "partly"}, {r.NotMet, colourNotMet, "not met"}, {r.NotAppli, colourNA, "not applicable"}} {
			w := float64(part.n) * scale
			svgRect(&b, x, y, w, 16, part.colour, fmt.Sprintf("%s: %d", part.name, part.n))
			x += w
		}
		svgText(&b, labelW+barW+8, y+13, "start", fmt.Sprintf("%d / %d / %d / %d", r.Met, r.Partly, r.NotMet, r.NotAppli))
	}
	y := float64(height) - 10
	x := labelW
	for _, l := range []struct{ colour, name string }{{colourMet, "met"}, {colourPartly, "partly"}, {colourNotMet, "not met"}, {colourNA, "not applicable"}} {
		svgRect(&b, x, y-10, 10, 10, l.colour, l.name)
		svgText(&b, x+14, y, "start", l.name)
		x += 95
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// barChart draws one horizontal bar per point, scaled to the largest, with
// its value at the end.
func barChart(label string, points []chartPoint) template.HTML {
	const labelW, barW, valueW, rowH = 230.0, 380.0, 70.0, 22.0
	max := 0.0
	for _, p := range points {
		if p.Value > max {
			max = p.Value
		}
	}
	if max == 0 {
		max = 1
	}
	var b strings.Builder
	svgOpen(&b, label, int(labelW+barW+valueW), int(rowH*float64(len(points)))+8)
	for i, p := range points {
		y := 4 + float64(i)*rowH
		svgText(&b, 0, y+13, "start", truncate(p.Label, 34))
		colour := colourBar
		if p.Soft {
			colour = colourBarSoft
		}
		svgRect(&b, labelW, y, barW*p.Value/max, 16, colour, p.Label+": "+formatNumber(p.Value))
		svgText(&b, labelW+barW*p.Value/max+6, y+13, "start", formatNumber(p.Value))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// columnChart draws a vertical bar per point (a time series such as
// meetings per month), labelling every few columns so the labels fit.
func columnChart(label string, points []chartPoint) template.HTML {
	const height, plotH, left = 220.0, 160.0, 40.0
	colW := 18.0
	if len(points) > 0 && 640/float64(len(points)) < colW {
		colW = 640 / float64(len(points))
	}
	max := 0.0
	for _, p := range points {
		if p.Value > max {
			max = p.Value
		}
	}
	if max == 0 {
		max = 1
	}
	width := int(left + colW*float64(len(points)) + 20)
	var b strings.Builder
	svgOpen(&b, label, width, int(height))
	top := 10.0
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#888"/>`, left, top+plotH, float64(width)-10, top+plotH)
	svgText(&b, left-4, top+8, "end", formatNumber(max))
	svgText(&b, left-4, top+plotH, "end", "0")
	every := 1
	for float64(every)*colW < 44 {
		every++
	}
	for i, p := range points {
		h := plotH * p.Value / max
		x := left + float64(i)*colW
		svgRect(&b, x+1, top+plotH-h, colW-2, h, colourBar, p.Label+": "+formatNumber(p.Value))
		if i%every == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10" transform="rotate(45 %.1f %.1f)">%s</text>`,
				x+2, top+plotH+12, x+2, top+plotH+12, html.EscapeString(p.Label))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

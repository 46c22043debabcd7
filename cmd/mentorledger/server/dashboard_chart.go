package server

import (
	"fmt"
	"html/template"
	"strings"
)

// Charts are inline SVG: no scripts, no external assets, printable, and
// each has a title and a table-like text alternative for screen readers.

type bar struct {
	Label string
	Value int
}

// barChart draws vertical bars with their values and labels.
func barChart(title string, bars []bar) template.HTML {
	if len(bars) == 0 {
		return template.HTML(`<p class="muted">` + template.HTMLEscapeString(title) + `: nothing recorded yet.</p>`)
	}
	const h, top, bottom, left = 160, 18, 80, 60
	w := 28
	if len(bars) > 24 {
		w = 18
	}
	max := 1
	for _, b := range bars {
		if b.Value > max {
			max = b.Value
		}
	}
	width := left + len(bars)*(w+6) + 10
	var sb strings.Builder
	var alt []string
	fmt.Fprintf(&sb, `<svg role="img" aria-labelledby="t-%p" width="%d" height="%d" viewBox="0 0 %d %d" xmlns="http://www.w3.org/2000/svg">`, &sb, width, h+top+bottom, width, h+top+bottom)
	fmt.Fprintf(&sb, `<title id="t-%p">%s</title>`, &sb, template.HTMLEscapeString(title))
	for i, b := range bars {
		bh := b.Value * h / max
		x := left + i*(w+6)
		fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%d" height="%d" fill="#2b6cb0"><title>%s: %d</title></rect>`, x, top+h-bh, w, bh, template.HTMLEscapeString(b.Label), b.Value)
		fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="10" text-anchor="middle">%d</text>`, x+w/2, top+h-bh-4, b.Value)
		fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="9" text-anchor="end" transform="rotate(-45 %d %d)">%s</text>`, x+w/2, top+h+12, x+w/2, top+h+12, template.HTMLEscapeString(short(b.Label)))
		alt = append(alt, fmt.Sprintf("%s %d", b.Label, b.Value))
	}
	sb.WriteString(`</svg>`)
	fmt.Fprintf(&sb, `<p class="sr-only">%s: %s</p>`, template.HTMLEscapeString(title), template.HTMLEscapeString(strings.Join(alt, "; ")))
	return template.HTML(sb.String())
}

// statusColours are the checklist statuses' colours.
var statusColours = map[string]string{"met": "#2f855a", "partly": "#d69e2e", "not_met": "#c53030", "not_applicable": "#a0aec0"}

// statusOrder is the order statuses are drawn and counted in.
var statusOrder = []string{"met", "partly", "not_met", "not_applicable"}

// statusBar draws one checklist's item statuses as a stacked bar.
func statusBar(title string, statuses []string) template.HTML {
	counts := map[string]int{}
	for _, s := range statuses {
		counts[s]++
	}
	const w, h = 320, 22
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg role="img" width="%d" height="%d" viewBox="0 0 %d %d" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`, w, h, w, h, template.HTMLEscapeString(title))
	x := 0
	var alt []string
	for _, st := range statusOrder {
		n := counts[st]
		if n == 0 || len(statuses) == 0 {
			continue
		}
		bw := n * w / len(statuses)
		fmt.Fprintf(&sb, `<rect x="%d" y="0" width="%d" height="%d" fill="%s"><title>%s: %d</title></rect>`, x, bw, h, statusColours[st], st, n)
		if bw > 14 {
			fmt.Fprintf(&sb, `<text x="%d" y="15" font-size="12" fill="#fff" text-anchor="middle">%d</text>`, x+bw/2, n)
		}
		x += bw
		alt = append(alt, fmt.Sprintf("%d %s", n, strings.ReplaceAll(st, "_", " ")))
	}
	sb.WriteString(`</svg> <span class="counts">` + template.HTMLEscapeString(strings.Join(alt, ", ")) + `</span>`)
	return template.HTML(sb.String())
}

// short cuts a label that would run off the chart.
func short(s string) string {
	if r := []rune(s); len(r) > 16 {
		return string(r[:15]) + "…"
	}
	return s
}

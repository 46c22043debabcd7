package reports

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// RenderChecklist writes a programme-level checklist (1–5) in the given
// format.
func RenderChecklist(w io.Writer, format string, rep *Checklist) error {
	switch format {
	case "json":
		return writeJSON(w, rep)
	case "csv":
		return checklistCSV(w, rep)
	case "html":
		return checklistHTML.Execute(w, rep)
	case "text":
		return checklistText(w, rep)
	}
	return CheckFormat(format)
}

// checklistCSV writes one row per programme and item.
func checklistCSV(w io.Writer, rep *Checklist) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"report", "position", "reference_date", "programme_id", "item", "key", "status", "detail", "text", "rule", "evidence"})
	pos := strconv.FormatUint(rep.Basis.Position, 10)
	for _, p := range rep.Programmes {
		for _, it := range p.Items {
			_ = cw.Write([]string{rep.Report, pos, rep.Basis.ReferenceDate, p.ProgrammeID, strconv.Itoa(it.Number), it.Key, it.Status,
				it.Detail, it.Text, it.Rule, strings.Join(it.Evidence, " ")})
		}
	}
	cw.Flush()
	return cw.Error()
}

// basisLine says what a report reflects, in words.
func basisLine(b Basis) string {
	s := fmt.Sprintf("ledger position %d", b.Position)
	if b.AsOfTime != "" {
		s += ", as of " + b.AsOfTime
	}
	if b.AsOfPosition != 0 {
		s += fmt.Sprintf(", as of position %d", b.AsOfPosition)
	}
	return s + "; timing judged on " + b.ReferenceDate
}

// checklistText lists each programme's items with their status and
// finding.
func checklistText(w io.Writer, rep *Checklist) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\n%s\n", rep.Title, basisLine(rep.Basis))
	for _, p := range rep.Programmes {
		s := p.Summary
		fmt.Fprintf(bw, "\n%s (%s): %d met, %d partly, %d not met, %d not applicable\n", p.Name, p.ProgrammeID, s.Met, s.Partly, s.NotMet, s.NotApplicable)
		for _, it := range p.Items {
			fmt.Fprintf(bw, "  %2d  %-15s %s\n", it.Number, it.Status, it.Text)
			fmt.Fprintf(bw, "      %-15s %s [%s]\n", "", it.Detail, pluralise(int64(len(it.Evidence)), "event", "events"))
		}
	}
	return bw.Flush()
}

func programmeStatusRows(rep *Checklist) []statusRow {
	out := make([]statusRow, len(rep.Programmes))
	for i, p := range rep.Programmes {
		out[i] = statusRow{Label: p.Name, Met: p.Summary.Met, Partly: p.Summary.Partly, NotMet: p.Summary.NotMet, NotAppli: p.Summary.NotApplicable}
	}
	return out
}

// pageStyle is the style every HTML report shares: readable on screen,
// printable, no external asset.
const pageStyle = `<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a;max-width:75rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.85rem}
th{background:#eee}
.met{background:#d9f2d9}.partly{background:#fff1c2}.not_met{background:#f8d0d0}.not_applicable{color:#666}
.ev{font-family:monospace;font-size:.72rem;word-break:break-all;color:#444}
.rule{color:#444;font-size:.8rem}.d{white-space:nowrap}
figure{margin:1rem 0}figcaption{font-size:.85rem;color:#444}
details{margin:.5rem 0}
@media print{details{display:block}details>summary{display:none}body{margin:0}section{break-inside:avoid-page}}
</style>`

var checklistHTML = template.Must(template.New("checklist").Funcs(template.FuncMap{
	"chart": func(rep *Checklist) template.HTML {
		return statusChart(rep.Title+": items by status, per programme", programmeStatusRows(rep))
	},
	"join":  strings.Join,
	"style": func() template.HTML { return pageStyle },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{.Title}}</title>
{{style}}</head><body>
<h1>{{.Title}}</h1>
<p>Ledger position {{.Basis.Position}}{{if .Basis.AsOfTime}}, as of {{.Basis.AsOfTime}}{{end}}{{if .Basis.AsOfPosition}}, as of position {{.Basis.AsOfPosition}}{{end}}; timing judged on {{.Basis.ReferenceDate}}. Source: {{.Source}}.</p>
<figure>{{chart .}}
<figcaption>Items of the checklist per programme: met / partly / not met / not applicable.</figcaption></figure>
{{range .Programmes}}<section>
<h2>{{.Name}} <small>({{.ProgrammeID}})</small></h2>
<p>{{.Summary.Met}} met, {{.Summary.Partly}} partly, {{.Summary.NotMet}} not met, {{.Summary.NotApplicable}} not applicable.</p>
<table><thead><tr><th>#</th><th>Item</th><th>Status</th><th>Finding</th><th>Evidence (event ids)</th></tr></thead><tbody>
{{range .Items}}<tr><td>{{.Number}}</td><td>{{.Text}}<div class="rule">Rule: {{.Rule}}</div></td><td class="{{.Status}}">{{.Status}}</td><td>{{.Detail}}</td><td class="ev">{{join .Evidence " "}}</td></tr>
{{end}}</tbody></table></section>
{{end}}</body></html>
`))

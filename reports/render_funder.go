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

// RenderFunder writes the funder report in the given format.
func RenderFunder(w io.Writer, format string, rep *Funder) error {
	switch format {
	case "json":
		return writeJSON(w, rep)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"report", "position", "from", "to", "programme", "section", "table", "label", "value"})
		pos := strconv.FormatUint(rep.Basis.Position, 10)
		for _, p := range rep.Programmes {
			for _, s := range []struct {
				name   string
				tables []Table
			}{{"outputs", p.Outputs}, {"outcomes", p.Outcomes}} {
				for _, t := range s.tables {
					for _, c := range t.Cells {
						_ = cw.Write([]string{rep.Report, pos, rep.From, rep.To, p.Programme, s.name, t.Title, c.Label, c.Value})
					}
					if t.Total != nil {
						_ = cw.Write([]string{rep.Report, pos, rep.From, rep.To, p.Programme, s.name, t.Title, "total", t.Total.Value})
					}
				}
			}
		}
		cw.Flush()
		return cw.Error()
	case "html":
		return funderHTML.Execute(w, rep)
	case "text":
		bw := bufio.NewWriter(w)
		fmt.Fprintf(bw, "%s, %s to %s (ledger position %d)\n", rep.Title, orOpen(rep.From), orOpen(rep.To), rep.Basis.Position)
		for _, p := range rep.Programmes {
			fmt.Fprintf(bw, "\n%s\n", p.Programme)
			for _, t := range append(append([]Table{}, p.Outputs...), p.Outcomes...) {
				fmt.Fprintf(bw, "  %s\n", t.Title)
				for _, c := range t.Cells {
					fmt.Fprintf(bw, "    %-32s %s\n", c.Label, c.Value)
				}
				if t.Total != nil {
					fmt.Fprintf(bw, "    %-32s %s\n", "total", t.Total.Value)
				}
			}
		}
		fmt.Fprintf(bw, "\nMethods\n")
		for _, m := range rep.Methods {
			fmt.Fprintf(bw, "  - %s\n", m)
		}
		return bw.Flush()
	}
	return CheckFormat(format)
}

// ratingChart draws a programme's average first and last OSKAR and GROW
// ratings, from the cells of its rating table that are shown (a
// suppressed average is left out, and said so).
func ratingChart(p FunderProgramme) template.HTML {
	var points []chartPoint
	for _, t := range p.Outcomes {
		if t.Title != ratingTable {
			continue
		}
		for _, c := range t.Cells {
			if v, err := strconv.ParseFloat(c.Value, 64); err == nil {
				points = append(points, chartPoint{Label: c.Label, Value: v, Soft: strings.HasSuffix(c.Label, " first")})
			}
		}
	}
	if len(points) == 0 {
		return ""
	}
	return barChart(p.Programme+": average first and last ratings", points)
}

var funderHTML = template.Must(template.New("funder").Funcs(template.FuncMap{"ratings": ratingChart}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a;max-width:60rem}
table{border-collapse:collapse;margin:.4rem 0 1.2rem;min-width:24rem}
th,td{border:1px solid #bbb;padding:.3rem .6rem;text-align:left;font-size:.9rem}
th{background:#eee}td.n{text-align:right}
@media print{body{margin:0}}
</style></head><body>
<h1>{{.Title}}</h1>
<p>Period {{if .From}}{{.From}}{{else}}(open){{end}} to {{if .To}}{{.To}}{{else}}(open){{end}}; ledger position {{.Basis.Position}}.</p>
{{range .Programmes}}<section><h2>{{.Programme}}</h2>
<h3>Outputs</h3>{{range .Outputs}}<table><caption>{{.Title}}</caption><tbody>
{{range .Cells}}<tr><th>{{.Label}}</th><td class="n">{{.Value}}</td></tr>{{end}}{{with .Total}}<tr><th>total</th><td class="n">{{.Value}}</td></tr>{{end}}
</tbody></table>{{end}}
<h3>Outcomes</h3>{{with ratings .}}<figure>{{.}}<figcaption>Outcome change: the average first (light) and last (dark) OSKAR scaling (0-10) and GROW commitment (1-10) of relationships rated at least twice in the period; averages over fewer than 5 relationships are not drawn.</figcaption></figure>{{end}}
{{range .Outcomes}}<table><caption>{{.Title}}</caption><tbody>
{{range .Cells}}<tr><th>{{.Label}}</th><td class="n">{{.Value}}</td></tr>{{end}}{{with .Total}}<tr><th>total</th><td class="n">{{.Value}}</td></tr>{{end}}
</tbody></table>{{end}}
</section>{{end}}
<h2>Methods</h2><ul>{{range .Methods}}<li>{{.}}</li>{{end}}</ul>
</body></html>
`))

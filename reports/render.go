package reports

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"html"
	"html/template"
	"io"
	"strconv"
	"strings"

	gojson "github.com/goccy/go-json"

	"github.com/mentorledger/mentorledger/events"
)

// Formats a report can be rendered in.
var Formats = []string{"json", "csv", "html", "text"}

// CheckFormat validates a --format value.
func CheckFormat(f string) error {
	for _, ok := range Formats {
		if f == ok {
			return nil
		}
	}
	return events.Errorf(events.EINVALID, "format: must be one of %s, got %q", strings.Join(Formats, ", "), f)
}

// writeJSON writes a report as indented JSON, with "<" and ">" as they are
// ("<5" rather than "\u003c5"): the bytes encoding/json's Encoder writes
// with SetIndent("", "  ") (TestJSONRenderingMatchesEncodingJSON), several
// times faster. goccy/go-json encodes the report compactly, into a buffer
// it keeps for the next report, and an indentWriter indents it on its way
// out: goccy's own indenting copies its growing output over and over,
// 1.7–1.8 s for checklist 7 on 1,000,000 events (192 MB indented).
func writeJSON(w io.Writer, rep any) error {
	iw := &indentWriter{w: w}
	enc := gojson.NewEncoder(iw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		return err
	}
	return iw.finish()
}

// jsonNewlines is a newline and the indentation of the deepest level an
// indentWriter writes without building it.
var jsonNewlines = "\n" + strings.Repeat("  ", 64)

// indentWriter indents the JSON written to it as encoding/json.Indent
// does with prefix "" and indent "  " — each member and element on its
// own line, two spaces a level, ": " after a key, {} and [] left as they
// are, space outside strings dropped — and passes it on in pieces of
// about 64 KiB; finish ends it with a newline, as an Encoder does. It
// keeps its place between writes, so the JSON may arrive in any pieces.
type indentWriter struct {
	w        io.Writer
	out      []byte
	depth    int
	opened   bool // after { or [: its newline waits, so that {} and [] stay as they are
	inString bool
	escaped  bool // in a string, after a backslash
	err      error
}

const indentPiece = 64 << 10

func (iw *indentWriter) Write(p []byte) (int, error) {
	if iw.err != nil {
		return 0, iw.err
	}
	if iw.out == nil {
		iw.out = make([]byte, 0, indentPiece+len(jsonNewlines))
	}
	for i := 0; i < len(p); {
		if len(iw.out) >= indentPiece && !iw.flush() {
			return i, iw.err
		}
		if iw.inString {
			j := i
			for ; j < len(p); j++ {
				b := p[j]
				if iw.escaped {
					iw.escaped = false
				} else if b == '\\' {
					iw.escaped = true
				} else if b == '"' {
					iw.inString = false
					j++
					break
				}
			}
			iw.out = append(iw.out, p[i:j]...)
			i = j
			continue
		}
		c := p[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			i++
			continue
		}
		if iw.opened && c != '}' && c != ']' {
			iw.opened = false
			iw.depth++
			iw.newline()
		}
		switch c {
		case '"':
			iw.inString = true
			iw.out = append(iw.out, c)
		case '{', '[':
			iw.opened = true
			iw.out = append(iw.out, c)
		case ',':
			iw.out = append(iw.out, ',')
			iw.newline()
		case ':':
			iw.out = append(iw.out, ':', ' ')
		case '}', ']':
			if iw.opened {
				iw.opened = false
			} else {
				iw.depth--
				iw.newline()
			}
			iw.out = append(iw.out, c)
		default: // a number or a literal: up to the next punctuation or space
			j := i + 1
			for j < len(p) && !jsonPunctuation(p[j]) {
				j++
			}
			iw.out = append(iw.out, p[i:j]...)
			i = j
			continue
		}
		i++
	}
	return len(p), nil
}

func (iw *indentWriter) newline() {
	if n := 1 + 2*iw.depth; n <= len(jsonNewlines) {
		iw.out = append(iw.out, jsonNewlines[:n]...)
		return
	}
	iw.out = append(iw.out, '\n')
	for range iw.depth {
		iw.out = append(iw.out, "  "...)
	}
}

func (iw *indentWriter) flush() bool {
	if _, err := iw.w.Write(iw.out); err != nil {
		iw.err = err
		return false
	}
	iw.out = iw.out[:0]
	return true
}

// finish writes the final newline and what is left.
func (iw *indentWriter) finish() error {
	if iw.err != nil {
		return iw.err
	}
	iw.out = append(iw.out, '\n')
	iw.flush()
	return iw.err
}

func jsonPunctuation(c byte) bool {
	switch c {
	case '{', '}', '[', ']', ',', ':', '"', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// RenderChecklist6 writes the report in the given format.
func RenderChecklist6(w io.Writer, format string, rep *Checklist6) error {
	switch format {
	case "json":
		return writeJSON(w, rep)
	case "csv":
		return checklist6CSV(w, rep)
	case "html":
		return checklist6HTML.Execute(w, rep)
	case "text":
		return checklist6Text(w, rep)
	}
	return CheckFormat(format)
}

// checklist6CSV writes one row per programme item and per relationship
// finding; relationship_id is empty on programme rows.
func checklist6CSV(w io.Writer, rep *Checklist6) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"report", "position", "reference_date", "programme_id", "relationship_id", "item", "key", "status", "detail", "evidence"})
	pos := strconv.FormatUint(rep.Basis.Position, 10)
	for _, p := range rep.Programmes {
		for _, it := range p.Items {
			detail := fmt.Sprintf("met %d, partly %d, not met %d, not applicable %d", it.Met, it.Partly, it.NotMet, it.NotApplicable)
			_ = cw.Write([]string{rep.Report, pos, rep.Basis.ReferenceDate, p.ProgrammeID, "", strconv.Itoa(it.Number), it.Key, it.Status, detail, p.PlanEvent})
		}
		for _, r := range p.Relationships {
			for _, f := range r.Findings {
				_ = cw.Write([]string{rep.Report, pos, rep.Basis.ReferenceDate, p.ProgrammeID, r.RelationshipID, strconv.Itoa(f.Item), f.Key, f.Status, f.Detail, strings.Join(f.Evidence, " ")})
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// itemRows are the status chart's rows of a relationship-level checklist:
// per item, how many relationships meet it, partly, not or not applicable.
func itemRows(items []ItemSummary) []statusRow {
	out := make([]statusRow, len(items))
	for i, it := range items {
		out[i] = statusRow{Label: fmt.Sprintf("%d. %s", it.Number, it.Key), Met: it.Met, Partly: it.Partly, NotMet: it.NotMet, NotAppli: it.NotApplicable}
	}
	return out
}

// summaryRows are the rows of a chart of a relationship-level checklist's
// programme statuses: per programme, how many items are met, partly, not
// met or not applicable.
func summaryRows(rep *RelationshipLevelChecklist) []statusRow {
	out := make([]statusRow, len(rep.Programmes))
	for i, p := range rep.Programmes {
		var c StatusCount
		for _, it := range p.Items {
			c.add(it.Status)
		}
		out[i] = statusRow{Label: p.Name, Met: c.Met, Partly: c.Partly, NotMet: c.NotMet, NotAppli: c.NotApplicable}
	}
	return out
}

var checklist6HTML = template.Must(template.New("checklist6").Funcs(template.FuncMap{
	"bars": func(title string, items []ItemSummary) template.HTML {
		return statusChart(title+": relationships per item by status", itemRows(items))
	},
	"summary": func(rep *RelationshipLevelChecklist) template.HTML {
		return statusChart(rep.Title+": items by programme status, per programme", summaryRows(rep))
	},
	"join":          strings.Join,
	"relationships": relationshipsHTML,
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a;max-width:70rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
th{background:#eee}
.met{background:#d9f2d9}.partly{background:#fff1c2}.not_met{background:#f8d0d0}.not_applicable{color:#666}
.ev{font-family:monospace;font-size:.75rem;word-break:break-all;color:#444}
details{margin:.5rem 0}
@media print{details{display:block}details>summary{display:none}body{margin:0}}
</style></head><body>
<h1>{{.Title}}</h1>
<p>Ledger position {{.Basis.Position}}{{if .Basis.AsOfTime}}, as of {{.Basis.AsOfTime}}{{end}}{{if .Basis.AsOfPosition}}, as of position {{.Basis.AsOfPosition}}{{end}}; timing judged on {{.Basis.ReferenceDate}}.</p>
<p>Programme status: {{.ProgrammeRule}}.</p>
<figure>{{summary .}}
<figcaption>Items of the checklist per programme, by the programme's status for each: met / partly / not met / not applicable.</figcaption></figure>
{{range .Programmes}}{{$p := .}}
<section>
<h2>{{.Name}} <small>({{.ProgrammeID}})</small></h2>
<figure>
{{bars $.Title .Items}}
<figcaption>Relationships per item: met (green) / partly (yellow) / not met (red) / not applicable (grey).</figcaption>
</figure>
<table><thead><tr><th>#</th><th>Item</th><th>Status</th><th>Met</th><th>Partly</th><th>Not met</th><th>N/A</th><th>Rule</th></tr></thead><tbody>
{{range .Items}}<tr><td>{{.Number}}</td><td>{{.Text}}</td><td class="{{.Status}}">{{.Status}}</td><td>{{.Met}}</td><td>{{.Partly}}</td><td>{{.NotMet}}</td><td>{{.NotApplicable}}</td><td>{{.Rule}}</td></tr>
{{end}}</tbody></table>
<h3>Relationships</h3>
{{relationships .Relationships}}</section>
{{end}}</body></html>
`))

// checklist6Text is a summary for a terminal: each programme's items and the
// relationships with items not met.
func checklist6Text(w io.Writer, rep *Checklist6) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\nledger position %d", rep.Title, rep.Basis.Position)
	if rep.Basis.AsOfTime != "" {
		fmt.Fprintf(bw, ", as of %s", rep.Basis.AsOfTime)
	}
	if rep.Basis.AsOfPosition != 0 {
		fmt.Fprintf(bw, ", as of position %d", rep.Basis.AsOfPosition)
	}
	fmt.Fprintf(bw, "; timing judged on %s\n", rep.Basis.ReferenceDate)
	for _, p := range rep.Programmes {
		fmt.Fprintf(bw, "\n%s (%s): %d relationships\n", p.Name, p.ProgrammeID, len(p.Relationships))
		fmt.Fprintf(bw, "  %2s  %-15s %5s %6s %7s %4s  %s\n", "#", "status", "met", "partly", "not met", "n/a", "item")
		for _, it := range p.Items {
			fmt.Fprintf(bw, "  %2d  %-15s %5d %6d %7d %4d  %s\n", it.Number, it.Status, it.Met, it.Partly, it.NotMet, it.NotApplicable, it.Key)
		}
		fmt.Fprintf(bw, "  relationships with items not met:\n")
		for _, r := range p.Relationships {
			var bad []string
			for _, f := range r.Findings {
				if f.Status == NotMet {
					bad = append(bad, fmt.Sprintf("%d %s (%s)", f.Item, f.Key, f.Detail))
				}
			}
			if len(bad) > 0 {
				fmt.Fprintf(bw, "    %s: %s\n", r.RelationshipID, strings.Join(bad, "; "))
			}
		}
	}
	return bw.Flush()
}

// relationshipsHTML writes every relationship's findings, as the template
// wrote them with {{range}} (TestRelationshipsHTMLMatchesTheTemplate), but
// directly: a checklist of every relationship is most of a report's HTML,
// and html/template's per-field escaping was most of its cost (~100 ms for
// the demo's checklist 7). Every value is escaped with html.EscapeString,
// which escapes what html/template escapes in text and quoted attributes.
func relationshipsHTML(rels []RelationshipChecklist) template.HTML {
	var b strings.Builder
	esc := func(s string) { b.WriteString(html.EscapeString(s)) }
	for _, r := range rels {
		b.WriteString("<details><summary>")
		esc(r.RelationshipID)
		b.WriteString(" — ")
		esc(r.Model)
		b.WriteString(", matched ")
		esc(r.MatchedOn)
		if r.EndedOn != "" {
			b.WriteString(", ended ")
			esc(r.EndedOn)
		}
		b.WriteString(", ")
		b.WriteString(strconv.Itoa(r.Meetings))
		b.WriteString(" meetings</summary>\n<table><thead><tr><th>#</th><th>Status</th><th>Finding</th><th>Evidence (event ids)</th></tr></thead><tbody>\n")
		for _, f := range r.Findings {
			b.WriteString("<tr><td>")
			b.WriteString(strconv.Itoa(f.Item))
			b.WriteString(`</td><td class="`)
			esc(f.Status)
			b.WriteString(`">`)
			esc(f.Status)
			b.WriteString("</td><td>")
			esc(f.Detail)
			b.WriteString(`</td><td class="ev">`)
			for i, e := range f.Evidence {
				if i > 0 {
					b.WriteByte(' ')
				}
				esc(e)
			}
			b.WriteString("</td></tr>\n")
		}
		b.WriteString("</tbody></table></details>\n")
	}
	return template.HTML(b.String())
}

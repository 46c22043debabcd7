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
)

// RenderAudit writes the audit in the given format.
func RenderAudit(w io.Writer, format string, rep *Audit) error {
	switch format {
	case "json":
		return writeJSON(w, rep)
	case "csv":
		return auditCSV(w, rep)
	case "html":
		return auditHTML.Execute(w, rep)
	case "text":
		return auditText(w, rep)
	}
	return CheckFormat(format)
}

// auditCSV writes one row per event and per document version; section says
// which.
func auditCSV(w io.Writer, rep *Audit) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"section", "position", "recorded_at", "type", "stream", "version", "actor", "event_id",
		"programme_id", "document", "detail", "revision", "in_force_from", "in_force_to", "review_due"})
	v := rep.Verification
	status := "ok"
	if !v.OK {
		status = fmt.Sprintf("broken at position %d (event %s): %s", v.BrokenAt, v.BrokenEventID, v.Reason)
	}
	if v.ThroughAsOf {
		status += " (as of the report, through its position)"
	}
	_ = cw.Write([]string{"verification", strconv.FormatUint(v.Last, 10), "", status, "", "", "", v.Head})
	for _, e := range rep.Events {
		_ = cw.Write([]string{"event", strconv.FormatUint(e.Position, 10), e.RecordedAt, e.Type, e.Stream,
			strconv.FormatInt(e.Version, 10), e.Actor, e.EventID})
	}
	for _, d := range rep.Documents {
		_ = cw.Write([]string{"document", "", "", d.Kind, "", "", "", d.EventID, d.ProgrammeID, d.Document, d.Detail,
			strconv.FormatInt(d.Revision, 10), d.InForceFrom, d.InForceTo, d.ReviewDue})
	}
	cw.Flush()
	return cw.Error()
}

func auditText(w io.Writer, rep *Audit) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\nledger position %d; period %s to %s\n", rep.Title, rep.Basis.Position, orOpen(rep.From), orOpen(rep.To))
	chain := "hash chain"
	if rep.Verification.ThroughAsOf {
		chain = "hash chain as of the report (through its position)"
	}
	if v := rep.Verification; v.OK {
		fmt.Fprintf(bw, "%s: ok, %d events, last position %d, head %s, %d after the last digest\n", chain, v.Events, v.Last, v.Head, v.Unanchored)
	} else {
		fmt.Fprintf(bw, "%s: BROKEN at position %d (event %s): %s\n", chain, v.BrokenAt, v.BrokenEventID, v.Reason)
	}
	fmt.Fprintf(bw, "\n%d events in the period\n", len(rep.Events))
	for _, e := range rep.Events {
		fmt.Fprintf(bw, "  %8d  %s  %-40s %-32s v%-4d %s\n", e.Position, e.RecordedAt, e.Type, e.Stream, e.Version, e.Actor)
	}
	fmt.Fprintf(bw, "\ndocuments and policies in force\n")
	for _, d := range rep.Documents {
		to := d.InForceTo
		if to == "" {
			to = "now"
		}
		fmt.Fprintf(bw, "  %s  %-28s %-36s %s .. %s", d.ProgrammeID, d.Kind, d.Document, d.InForceFrom, to)
		if d.ReviewDue != "" {
			fmt.Fprintf(bw, "  (review due %s)", d.ReviewDue)
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

func orOpen(s string) string {
	if s == "" {
		return "(open)"
	}
	return s
}

var auditHTML = template.Must(template.New("audit").Funcs(template.FuncMap{"auditEvents": auditEventsHTML}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a;max-width:75rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #bbb;padding:.25rem .45rem;text-align:left;font-size:.85rem}
th{background:#eee}.ok{background:#d9f2d9}.broken{background:#f8d0d0}
.id{font-family:monospace;font-size:.75rem}
@media print{body{margin:0}}
</style></head><body>
<h1>{{.Title}}</h1>
<p>Ledger position {{.Basis.Position}}; period {{if .From}}{{.From}}{{else}}(open){{end}} to {{if .To}}{{.To}}{{else}}(open){{end}}.</p>
{{with .Verification}}{{if .OK}}<p class="ok">Hash chain{{if .ThroughAsOf}} as of the report (through its position){{end}} intact: {{.Events}} events, last position {{.Last}}, head <span class="id">{{.Head}}</span>; {{.Unanchored}} events after the last digest.</p>
{{else}}<p class="broken">Hash chain{{if .ThroughAsOf}} as of the report (through its position){{end}} BROKEN at position {{.BrokenAt}} (event <span class="id">{{.BrokenEventID}}</span>): {{.Reason}}</p>{{end}}{{end}}
<h2>Documents and policies in force</h2>
<table><thead><tr><th>Programme</th><th>Kind</th><th>Document</th><th>Detail</th><th>Revision</th><th>In force from</th><th>to</th><th>Review due</th><th>Event</th></tr></thead><tbody>
{{range .Documents}}<tr><td>{{.ProgrammeID}}</td><td>{{.Kind}}</td><td>{{.Document}}</td><td>{{.Detail}}</td><td>{{if .Revision}}{{.Revision}}{{end}}</td><td>{{.InForceFrom}}</td><td>{{if .InForceTo}}{{.InForceTo}}{{else}}now{{end}}</td><td>{{.ReviewDue}}</td><td class="id">{{.EventID}}</td></tr>
{{end}}</tbody></table>
<h2>Events ({{len .Events}})</h2>
<table><thead><tr><th>Position</th><th>Recorded at</th><th>Type</th><th>Stream</th><th>Version</th><th>Actor</th><th>Event</th></tr></thead><tbody>
{{auditEvents .Events}}</tbody></table>
</body></html>
`))

// auditEventsHTML writes the audit's event rows as the template wrote them
// with {{range}} (TestAuditEventsHTMLMatchesTheTemplate), directly: an
// audit of a whole ledger lists every event, and html/template's escaping
// of each field was most of the page's cost.
func auditEventsHTML(evs []AuditEvent) template.HTML {
	var b strings.Builder
	b.Grow(len(evs) * 200)
	esc := func(s string) { b.WriteString(html.EscapeString(s)) }
	for _, e := range evs {
		b.WriteString("<tr><td>")
		b.WriteString(strconv.FormatUint(e.Position, 10))
		b.WriteString("</td><td>")
		esc(e.RecordedAt)
		b.WriteString("</td><td>")
		esc(e.Type)
		b.WriteString("</td><td>")
		esc(e.Stream)
		b.WriteString("</td><td>")
		b.WriteString(strconv.FormatInt(e.Version, 10))
		b.WriteString("</td><td>")
		esc(e.Actor)
		b.WriteString(`</td><td class="id">`)
		esc(e.EventID)
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String())
}

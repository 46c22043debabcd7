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

// RenderRelationshipTimeline writes a relationship's timeline in the given
// format.
func RenderRelationshipTimeline(w io.Writer, format string, rep *RelationshipTimeline) error {
	switch format {
	case "json":
		return writeJSON(w, rep)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"report", "relationship_id", "position", "version", "recorded_at", "on", "type", "summary", "details", "actor", "event_id"})
		for _, e := range rep.Events {
			_ = cw.Write([]string{rep.Report, rep.RelationshipID, strconv.FormatUint(e.Position, 10), strconv.FormatInt(e.Version, 10), e.RecordedAt,
				e.On, e.Type, e.Summary, joinDetails(e.Details), e.Actor, e.EventID})
		}
		cw.Flush()
		return cw.Error()
	case "html":
		return timelineHTML.Execute(w, rep)
	case "text":
		return timelineText(w, rep)
	}
	return CheckFormat(format)
}

func joinDetails(ds []Detail) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Label + ": " + d.Value
	}
	return strings.Join(parts, " | ")
}

func partiesLine(rep *RelationshipTimeline) string {
	var parts []string
	for _, p := range rep.Parties {
		parts = append(parts, p.Role+" "+p.ParticipantID)
	}
	if rep.Coordinator != "" {
		parts = append(parts, "co-ordinator "+rep.Coordinator)
	}
	return strings.Join(parts, ", ")
}

func timelineText(w io.Writer, rep *RelationshipTimeline) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Relationship %s (%s) in %s (%s)\n", rep.RelationshipID, rep.Model, rep.Programme, rep.ProgrammeID)
	fmt.Fprintf(bw, "matched %s", rep.MatchedOn)
	if rep.EndedOn != "" {
		fmt.Fprintf(bw, ", ended %s", rep.EndedOn)
	}
	fmt.Fprintf(bw, "; %s\nfor %s\n%s\n\n", partiesLine(rep), rep.Audience, basisLine(rep.Basis))
	for _, e := range rep.Events {
		fmt.Fprintf(bw, "%-10s  %-34s %s\n", e.On, e.Type, e.Summary)
		for _, d := range e.Details {
			fmt.Fprintf(bw, "            %s: %s\n", d.Label, d.Value)
		}
		fmt.Fprintf(bw, "            [position %d, recorded %s by %s, event %s]\n", e.Position, e.RecordedAt, e.Actor, e.EventID)
	}
	return bw.Flush()
}

var timelineHTML = template.Must(template.New("timeline").Funcs(template.FuncMap{
	"parties": partiesLine,
	"style":   func() template.HTML { return pageStyle },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{.Title}}</title>
{{style}}</head><body>
<h1>{{.Title}}</h1>
<p><strong>Confidential:</strong> for {{.Audience}}.</p>
<p>{{.Model}} relationship in {{.Programme}} ({{.ProgrammeID}}), matched {{.MatchedOn}}{{if .EndedOn}}, ended {{.EndedOn}}{{end}}; {{parties .}}.</p>
<p>Ledger position {{.Basis.Position}}{{if .Basis.AsOfTime}}, as of {{.Basis.AsOfTime}}{{end}}{{if .Basis.AsOfPosition}}, as of position {{.Basis.AsOfPosition}}{{end}}.</p>
<table><thead><tr><th>Date</th><th>Event</th><th>What was recorded</th><th>Recorded</th><th>Event id</th></tr></thead><tbody>
{{range .Events}}<tr><td class="d">{{.On}}</td><td>{{.Type}}</td><td>{{.Summary}}{{if .Details}}<ul>{{range .Details}}<li>{{.Label}}: {{.Value}}</li>{{end}}</ul>{{end}}</td>
<td>{{.RecordedAt}} by {{.Actor}} (position {{.Position}}, v{{.Version}})</td><td class="ev">{{.EventID}}</td></tr>
{{end}}</tbody></table></body></html>
`))

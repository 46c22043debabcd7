package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"html/template"
	"strings"
	"time"
)

// StdJSON renders a built report with encoding/json, as writeJSON did
// before it used goccy/go-json.
func StdJSON(r Rendered) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(r.(interface{ value() any }).value())
	return b.Bytes(), err
}

// BuildChecklist6Reference builds checklist 6 the way it was built before
// it read tokens: every meeting's flags derived in SQL.
func BuildChecklist6Reference(ctx context.Context, src Source, asOf AsOf, now time.Time, programmes ...string) (*Checklist6, error) {
	return buildChecklist6(ctx, src, asOf, now, programmes, loadChecklist6Reference)
}

// BuildChecklist7Reference builds checklist 7 from every fact of every
// relationship as a row, as it was built before it read tokens.
func BuildChecklist7Reference(ctx context.Context, src Source, programme string, asOf AsOf, now time.Time) (*Checklist7, error) {
	return buildChecklist7(ctx, src, programme, asOf, now, loadChecklist7Reference)
}

// relationshipsReference is the {{range}} the checklist HTML used before
// relationshipsHTML wrote it directly.
var relationshipsReference = template.Must(template.New("relationships").Funcs(template.FuncMap{"join": strings.Join}).Parse(
	`{{range .}}<details><summary>{{.RelationshipID}} — {{.Model}}, matched {{.MatchedOn}}{{if .EndedOn}}, ended {{.EndedOn}}{{end}}, {{.Meetings}} meetings</summary>
<table><thead><tr><th>#</th><th>Status</th><th>Finding</th><th>Evidence (event ids)</th></tr></thead><tbody>
{{range .Findings}}<tr><td>{{.Item}}</td><td class="{{.Status}}">{{.Status}}</td><td>{{.Detail}}</td><td class="ev">{{join .Evidence " "}}</td></tr>
{{end}}</tbody></table></details>
{{end}}`))

// RelationshipsHTMLBothWays renders the relationships of a checklist with
// the old template and with relationshipsHTML.
func RelationshipsHTMLBothWays(rels []RelationshipChecklist) (reference, direct string, err error) {
	var b strings.Builder
	err = relationshipsReference.Execute(&b, rels)
	return b.String(), string(relationshipsHTML(rels)), err
}

// auditEventsReference is the {{range}} the audit's HTML used before
// auditEventsHTML wrote it directly.
var auditEventsReference = template.Must(template.New("events").Parse(
	`{{range .}}<tr><td>{{.Position}}</td><td>{{.RecordedAt}}</td><td>{{.Type}}</td><td>{{.Stream}}</td><td>{{.Version}}</td><td>{{.Actor}}</td><td class="id">{{.EventID}}</td></tr>
{{end}}`))

// AuditEventsHTMLBothWays renders audit rows with the old template and
// with auditEventsHTML.
func AuditEventsHTMLBothWays(evs []AuditEvent) (reference, direct string, err error) {
	var b strings.Builder
	err = auditEventsReference.Execute(&b, evs)
	return b.String(), string(auditEventsHTML(evs)), err
}

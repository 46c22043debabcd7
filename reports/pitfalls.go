package reports

import (
	"bufio"
	"cmp"
	"context"
	"database/sql"
	_ "embed"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

//go:embed pitfalls.sql
var pitfallsSQL string

// Pitfalls of resource 19, as the guidance titles them.
var PitfallTitles = map[int]string{
	1: "Mentoring without a clearly identified purpose",
	2: "Having no defined end point",
	3: "Irregular meetings and postponing meetings regularly",
	4: "Not knowing how to structure meetings and how to begin the process",
	5: "No, or inadequate, preparation for closure or ending of the relationship",
	6: "Confusion of roles - coach or counsellor",
	7: "Lack of mentoring experience",
	8: "Mentor as line manager",
	9: "Failure to review progress and the effectiveness of the relationship",
}

// Thresholds tune the early warnings. Each programme's are its own, as
// it last set them (programme.warning_thresholds_set) as of the report,
// or else the guidance's (DefaultThresholds); a report may be asked with
// some given for the run, which then apply to every programme.
type Thresholds struct {
	PurposeDays     int `json:"purpose_days"`      // pitfall 1: no plan or goal this long after the match
	EndPointDays    int `json:"end_point_days"`    // pitfall 2: no agreed end date this long after the match
	Postponements   int `json:"postponements"`     // pitfall 3: this many postponements
	GapDays         int `json:"gap_days"`          // pitfall 3: a gap between meetings longer than this
	ClosureDays     int `json:"closure_days"`      // pitfall 5: no ending prepared this close to the agreed end
	ReviewEveryDays int `json:"review_every_days"` // pitfall 9: no review for longer than this
}

// DefaultThresholds are the thresholds drawn from the guidance (monthly
// meetings, goals and an agreement from the first meeting, a review at
// least every three months).
var DefaultThresholds = Thresholds{PurposeDays: events.DefaultPurposeDays, EndPointDays: events.DefaultEndPointDays,
	Postponements: events.DefaultPostponements, GapDays: events.DefaultGapDays, ClosureDays: events.DefaultClosureDays,
	ReviewEveryDays: events.DefaultReviewEveryDays}

// thresholdFields are the thresholds one by one: the JSON name, the
// flag of a run, what it means, the guidance's value and where it is in a
// Thresholds.
var thresholdFields = []struct {
	name, flag, usage string
	def               int
	of                func(*Thresholds) *int
}{
	{"purpose_days", "purpose-days", "days after the match without an action plan or goal (pitfall 1)", events.DefaultPurposeDays,
		func(t *Thresholds) *int { return &t.PurposeDays }},
	{"end_point_days", "end-point-days", "days after the match without an agreed end date (pitfall 2)", events.DefaultEndPointDays,
		func(t *Thresholds) *int { return &t.EndPointDays }},
	{"postponements", "postponements", "postponements that count as irregular (pitfall 3)", events.DefaultPostponements,
		func(t *Thresholds) *int { return &t.Postponements }},
	{"gap_days", "gap-days", "days between meetings that count as irregular (pitfall 3)", events.DefaultGapDays,
		func(t *Thresholds) *int { return &t.GapDays }},
	{"closure_days", "closure-days", "days before the agreed end by which an ending is prepared (pitfall 5)", events.DefaultClosureDays,
		func(t *Thresholds) *int { return &t.ClosureDays }},
	{"review_every_days", "review-every-days", "longest time without a review (pitfall 9)", events.DefaultReviewEveryDays,
		func(t *Thresholds) *int { return &t.ReviewEveryDays }},
}

// given names the thresholds t gives (not 0), as JSON names them.
func (t Thresholds) given() []string {
	var out []string
	for _, f := range thresholdFields {
		if *f.of(&t) != 0 {
			out = append(out, f.name)
		}
	}
	return out
}

// over is base with every threshold t gives (not 0) in its place.
func (t Thresholds) over(base Thresholds) Thresholds {
	for _, f := range thresholdFields {
		if v := *f.of(&t); v != 0 {
			*f.of(&base) = v
		}
	}
	return base
}

// ProgrammeThresholds are the thresholds one programme's warnings were
// judged by, the event that set them (none: the guidance's) and which of
// them were given for the run instead.
type ProgrammeThresholds struct {
	Thresholds
	SetBy       string   `json:"set_by,omitempty"`
	SetOn       string   `json:"set_on,omitempty"`
	GivenForRun []string `json:"given_for_run,omitempty"`
}

// Warning is one pitfall showing in one relationship.
type Warning struct {
	ProgrammeID    string   `json:"programme_id"`
	RelationshipID string   `json:"relationship_id"`
	Pitfall        int      `json:"pitfall"`
	Title          string   `json:"title"`
	FirstAppeared  string   `json:"first_appeared"`
	Detail         string   `json:"detail"`
	Evidence       []string `json:"evidence"`
}

// Pitfalls is the early-warning report.
type Pitfalls struct {
	Report string `json:"report"`
	Title  string `json:"title"`
	Basis  Basis  `json:"basis"`
	// Thresholds apply to a programme that set none: the guidance's, with
	// any given for the run in their place.
	Thresholds Thresholds `json:"thresholds"`
	// ProgrammeThresholds are those each programme was judged by.
	ProgrammeThresholds map[string]ProgrammeThresholds `json:"programme_thresholds"`
	// Counts maps programme id to the number of relationships showing each
	// pitfall (index 1..9).
	Counts   map[string][10]int `json:"counts"`
	Warnings []Warning          `json:"warnings"`
}

// BuildPitfalls lists the relationships showing any of resource 19's nine
// pitfalls as of asOf, each with the day it first appeared and its evidence,
// by each programme's thresholds as of asOf; a threshold given in run (not
// 0) applies to every programme instead. Naming programmes limits the
// report to them (none: every programme); a programme not known as of asOf
// is ENOTFOUND.
func BuildPitfalls(ctx context.Context, src Source, asOf AsOf, run Thresholds, now time.Time, programmes ...string) (*Pitfalls, error) {
	basis, f, err := resolve(ctx, src, asOf, now)
	if err != nil {
		return nil, err
	}
	names, err := programmeNames(ctx, src.DB(), f)
	if err != nil {
		return nil, err
	}
	only, err := onlyProgrammes(names, programmes)
	if err != nil {
		return nil, err
	}
	rep := &Pitfalls{Report: "pitfalls", Title: "Early warnings: the pitfalls of resource 19", Basis: basis,
		Thresholds: run.over(DefaultThresholds), Counts: map[string][10]int{}, Warnings: []Warning{}}
	if rep.ProgrammeThresholds, err = programmeThresholds(ctx, src.DB(), f, names, run); err != nil {
		return nil, err
	}
	// pitfalls.sql takes every programme's thresholds as lists, one entry
	// a programme, in thresholdFields' order. INT[] parameters: duckdb-go
	// binds their entries as int32 (and panics on an int64).
	progs := sortedKeys(rep.ProgrammeThresholds)
	args := append(f.args(), progs)
	for _, field := range thresholdFields {
		list := make([]int32, len(progs))
		for i, id := range progs {
			t := rep.ProgrammeThresholds[id].Thresholds
			list[i] = int32(*field.of(&t))
		}
		args = append(args, list)
	}
	for _, id := range progs {
		if !only(id) {
			delete(rep.ProgrammeThresholds, id)
		}
	}
	rows, err := src.DB().QueryContext(ctx, pitfallsSQL, args...)
	if err != nil {
		return nil, fmt.Errorf("pitfalls: %w", err)
	}
	defer rows.Close()
	type part struct {
		programme, relationship string
		pitfall                 int
		first                   time.Time
		detail, evidence        sql.NullString
	}
	var parts []part
	for rows.Next() {
		var p part
		if err := rows.Scan(&p.programme, &p.relationship, &p.pitfall, &p.first, &p.detail, &p.evidence); err != nil {
			return nil, fmt.Errorf("pitfalls: %w", err)
		}
		if only(p.programme) {
			parts = append(parts, p)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pitfalls: %w", err)
	}
	slices.SortFunc(parts, func(a, b part) int {
		return cmp.Or(strings.Compare(a.programme, b.programme), strings.Compare(a.relationship, b.relationship), cmp.Compare(a.pitfall, b.pitfall),
			a.first.Compare(b.first), strings.Compare(a.detail.String, b.detail.String), strings.Compare(a.evidence.String, b.evidence.String))
	})
	for i := 0; i < len(parts); {
		j := i + 1
		for j < len(parts) && parts[j].programme == parts[i].programme && parts[j].relationship == parts[i].relationship && parts[j].pitfall == parts[i].pitfall {
			j++
		}
		w := Warning{ProgrammeID: parts[i].programme, RelationshipID: parts[i].relationship, Pitfall: parts[i].pitfall}
		var details, evidence []string
		for _, p := range parts[i:j] {
			if p.detail.Valid {
				details = append(details, p.detail.String)
			}
			if p.evidence.Valid {
				evidence = append(evidence, p.evidence.String)
			}
		}
		w.Title, w.FirstAppeared, w.Detail = PitfallTitles[w.Pitfall], day(parts[i].first), strings.Join(details, "; ")
		w.Evidence = ids(sql.NullString{String: strings.Join(evidence, " "), Valid: len(evidence) > 0})
		if w.Evidence == nil {
			w.Evidence = []string{}
		}
		c := rep.Counts[w.ProgrammeID]
		c[w.Pitfall]++
		rep.Counts[w.ProgrammeID] = c
		rep.Warnings = append(rep.Warnings, w)
		i = j
	}
	return rep, nil
}

// String says what the thresholds are and where they come from.
func (t ProgrammeThresholds) String() string {
	from := "the guidance's"
	if t.SetBy != "" {
		from = "set on " + t.SetOn + " (" + t.SetBy + ")"
	}
	if len(t.GivenForRun) > 0 {
		from += "; given for this run: " + strings.Join(t.GivenForRun, ", ")
	}
	return fmt.Sprintf("purpose %d days, end point %d days, %d postponements, gap %d days, closure %d days, review every %d days; %s",
		t.PurposeDays, t.EndPointDays, t.Postponements, t.GapDays, t.ClosureDays, t.ReviewEveryDays, from)
}

// programmeThresholds works out the thresholds of every programme known
// as of f: its latest setting, the guidance's where it leaves one out or
// set none, and the run's in place of any.
func programmeThresholds(ctx context.Context, db *sql.DB, f filter, names map[string]string, run Thresholds) (map[string]ProgrammeThresholds, error) {
	out := make(map[string]ProgrammeThresholds, len(names))
	for id := range names {
		out[id] = ProgrammeThresholds{Thresholds: run.over(DefaultThresholds), GivenForRun: run.given()}
	}
	rows, err := db.QueryContext(ctx, `
		WITH s AS (
			SELECT programme_id, arg_max(event_id, pos) AS ev, arg_max(on_date, pos) AS on_date
			FROM programme_facts WHERE fact = 'programme.warning_thresholds_set' AND pos <= $1 AND recorded_at <= $2
			GROUP BY programme_id
		)
		SELECT s.programme_id, s.ev, s.on_date, i.field, i.value
		FROM s LEFT JOIN programme_fact_items i ON i.event_id = s.ev AND i.fact = 'programme.warning_thresholds_set'`, f.pos, f.until)
	if err != nil {
		return nil, fmt.Errorf("pitfalls: thresholds: %w", err)
	}
	defer rows.Close()
	set := map[string]*ProgrammeThresholds{}
	for rows.Next() {
		var id, ev string
		var on time.Time
		var field sql.NullString
		var value sql.NullInt64
		if err := rows.Scan(&id, &ev, &on, &field, &value); err != nil {
			return nil, fmt.Errorf("pitfalls: thresholds: %w", err)
		}
		p := set[id]
		if p == nil {
			p = &ProgrammeThresholds{Thresholds: DefaultThresholds, SetBy: ev, SetOn: day(on), GivenForRun: run.given()}
			set[id] = p
		}
		for _, f := range thresholdFields {
			if f.name == field.String && value.Valid && value.Int64 > 0 {
				*f.of(&p.Thresholds) = int(value.Int64)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pitfalls: thresholds: %w", err)
	}
	for id, p := range set {
		if _, known := out[id]; known {
			p.Thresholds = run.over(p.Thresholds)
			out[id] = *p
		}
	}
	return out, nil
}

// RenderPitfalls writes the early warnings in the given format.
func RenderPitfalls(w io.Writer, format string, rep *Pitfalls) error {
	switch format {
	case "json":
		return writeJSON(w, rep)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"report", "position", "reference_date", "programme_id", "relationship_id", "pitfall", "title", "first_appeared", "detail", "evidence"})
		for _, x := range rep.Warnings {
			_ = cw.Write([]string{rep.Report, strconv.FormatUint(rep.Basis.Position, 10), rep.Basis.ReferenceDate, x.ProgrammeID, x.RelationshipID,
				strconv.Itoa(x.Pitfall), x.Title, x.FirstAppeared, x.Detail, strings.Join(x.Evidence, " ")})
		}
		cw.Flush()
		return cw.Error()
	case "html":
		return pitfallsHTML.Execute(w, rep)
	case "text":
		bw := bufio.NewWriter(w)
		fmt.Fprintf(bw, "%s\nledger position %d; judged on %s\n", rep.Title, rep.Basis.Position, rep.Basis.ReferenceDate)
		for _, id := range sortedKeys(rep.Counts) {
			c := rep.Counts[id]
			fmt.Fprintf(bw, "\n%s: relationships showing each pitfall\n", id)
			if t, ok := rep.ProgrammeThresholds[id]; ok {
				fmt.Fprintf(bw, "  thresholds: %s\n", t)
			}
			for p := 1; p <= 9; p++ {
				fmt.Fprintf(bw, "  %d  %4d  %s\n", p, c[p], PitfallTitles[p])
			}
		}
		fmt.Fprintf(bw, "\n%d warnings\n", len(rep.Warnings))
		for _, x := range rep.Warnings {
			fmt.Fprintf(bw, "  %s %-14s pitfall %d since %s: %s\n", x.ProgrammeID, x.RelationshipID, x.Pitfall, x.FirstAppeared, x.Detail)
		}
		return bw.Flush()
	}
	return CheckFormat(format)
}

var pitfallsHTML = template.Must(template.New("pitfalls").Funcs(template.FuncMap{"title": func(n int) string { return PitfallTitles[n] },
	"join": strings.Join, "seq": func() []int { return []int{1, 2, 3, 4, 5, 6, 7, 8, 9} }}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a;max-width:75rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;font-size:.85rem;vertical-align:top}
th{background:#eee}.ev{font-family:monospace;font-size:.72rem;word-break:break-all;color:#444}
@media print{body{margin:0}}
</style></head><body>
<h1>{{.Title}}</h1>
<p>Ledger position {{.Basis.Position}}; judged on {{.Basis.ReferenceDate}}.</p>
{{range $id, $c := .Counts}}<h2>{{$id}}</h2>{{with index $.ProgrammeThresholds $id}}<p>Thresholds: {{.}}.</p>{{end}}<table><thead><tr><th>#</th><th>Pitfall</th><th>Relationships</th></tr></thead><tbody>
{{range seq}}<tr><td>{{.}}</td><td>{{title .}}</td><td>{{index $c .}}</td></tr>{{end}}</tbody></table>{{end}}
<h2>Warnings ({{len .Warnings}})</h2>
<table><thead><tr><th>Programme</th><th>Relationship</th><th>Pitfall</th><th>Since</th><th>Detail</th><th>Evidence</th></tr></thead><tbody>
{{range .Warnings}}<tr><td>{{.ProgrammeID}}</td><td>{{.RelationshipID}}</td><td>{{.Pitfall}}. {{.Title}}</td><td>{{.FirstAppeared}}</td><td>{{.Detail}}</td><td class="ev">{{join .Evidence " "}}</td></tr>
{{end}}</tbody></table></body></html>
`))

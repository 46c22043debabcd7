package reports

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Figure is one number a monitoring answer rests on.
type Figure struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit,omitempty"`
}

// MonitoringAnswer answers one of checklist 5's sample monitoring questions
// with figures from the ledger, and the events behind what needs attention.
type MonitoringAnswer struct {
	Number   int      `json:"number"`
	Key      string   `json:"key"`
	Question string   `json:"question"`
	Figures  []Figure `json:"figures"`
	Evidence []string `json:"evidence"`
}

// ProgrammeMonitoring is the monitoring report of one programme.
type ProgrammeMonitoring struct {
	ProgrammeID string             `json:"programme_id"`
	Name        string             `json:"name"`
	Answers     []MonitoringAnswer `json:"answers"`
	// MeetingsPerMonth counts the meetings held each month, from the first
	// month with a meeting to the last (months without one count 0).
	MeetingsPerMonth []Count `json:"meetings_per_month"`
	// Phases counts the relationships by where they are in the lifecycle
	// of resource 17: the phase last entered, "ended", or "no phase
	// recorded".
	Phases []Count `json:"phases"`
}

// Count is a labelled number of a chart.
type Count struct {
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Monitoring answers the sample monitoring questions of checklist 5 that
// the ledger can answer.
type Monitoring struct {
	Report     string                `json:"report"`
	Title      string                `json:"title"`
	Basis      Basis                 `json:"basis"`
	Programmes []ProgrammeMonitoring `json:"programmes"`
}

// monitoringQuestion is one question and the query that answers it: one
// row per programme, then name/value pairs, then a space-separated list of
// evidence event ids. $1 position, $2 recorded_at, $3 reference date.
type monitoringQuestion struct {
	number   int
	key      string
	text     string
	figures  []struct{ name, unit string }
	query    string
	evidence bool
}

func fig(pairs ...string) []struct{ name, unit string } {
	out := make([]struct{ name, unit string }, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, struct{ name, unit string }{pairs[i], pairs[i+1]})
	}
	return out
}

// relFacts is relationship_facts as known at the as-of point, with each
// fact's programme.
const relFacts = `(SELECT f.*, r.programme_id FROM relationship_facts f
	JOIN (SELECT rel_key, programme_id FROM relationships WHERE pos <= $1 AND recorded_at <= $2) r USING (rel_key)
	WHERE f.pos <= $1 AND f.recorded_at <= $2)`

var monitoringQuestions = []monitoringQuestion{
	{1, "objectives-met", "Are the short and longer term objectives being met for mentees and the project?",
		fig("goals set", "", "goals achieved", "", "goals revised", "", "milestones achieved", "", "milestones missed", ""),
		`SELECT programme_id,
			count(*) FILTER (WHERE fact = 'relationship.goal_set'),
			count(*) FILTER (WHERE fact = 'relationship.goal_achieved'),
			count(*) FILTER (WHERE fact = 'relationship.goal_revised'),
			count(*) FILTER (WHERE fact = 'relationship.milestone_achieved'),
			count(*) FILTER (WHERE fact = 'relationship.milestone_missed'),
			string_agg(event_id, ' ' ORDER BY pos) FILTER (WHERE fact = 'relationship.milestone_missed')
		FROM ` + relFacts + ` GROUP BY programme_id`, true},
	{5, "relationships-working", "Are the mentors and mentees relationships working well? Do we know? How do we know?",
		fig("relationships", "", "ended early", "", "rematches", "", "relationships reviewed", "", "median days between meetings", "days"),
		`WITH rel AS (SELECT rel_key, programme_id, rematch_of FROM relationships WHERE pos <= $1 AND recorded_at <= $2),
		end_ AS (SELECT rel_key, bool_and(planned) AS planned, arg_min(event_id, pos) AS ev FROM endings WHERE pos <= $1 AND recorded_at <= $2 GROUP BY rel_key),
		rev AS (SELECT DISTINCT rel_key FROM relationship_facts WHERE fact = 'relationship.reviewed' AND pos <= $1 AND recorded_at <= $2
			UNION SELECT DISTINCT rel_key FROM action_plans WHERE kind = 'reviewed' AND pos <= $1 AND recorded_at <= $2),
		gaps AS (SELECT rel_key, datediff('day', lag(held_on) OVER (PARTITION BY rel_key ORDER BY held_on, pos), held_on) AS gap
			FROM meetings_logged WHERE pos <= $1 AND recorded_at <= $2)
		SELECT rel.programme_id, count(*),
			count(*) FILTER (WHERE end_.planned = false),
			count(*) FILTER (WHERE rel.rematch_of IS NOT NULL),
			count(rev.rel_key),
			coalesce((SELECT median(gap) FROM gaps JOIN rel r2 USING (rel_key) WHERE r2.programme_id = rel.programme_id AND gap IS NOT NULL), 0),
			string_agg(end_.ev, ' ') FILTER (WHERE end_.planned = false)
		FROM rel LEFT JOIN end_ USING (rel_key) LEFT JOIN rev USING (rel_key) GROUP BY rel.programme_id`, true},
	{6, "issues-dealt-with", "Are the challenges and issues raised by mentors and mentees being dealt with in time and effectively?",
		fig("issues raised", "", "issues resolved", "", "issues open", "", "median days to resolve", "days", "longest open", "days"),
		`WITH raised AS (SELECT programme_id, rel_key, subject, on_date, event_id FROM ` + relFacts + ` WHERE fact = 'relationship.issue_raised'),
		resolved AS (SELECT rel_key, subject, min(on_date) AS on_date FROM ` + relFacts + ` WHERE fact = 'relationship.issue_resolved' GROUP BY rel_key, subject)
		SELECT r.programme_id, count(*), count(s.on_date), count(*) - count(s.on_date),
			coalesce(median(datediff('day', r.on_date, s.on_date)), 0),
			coalesce(max(datediff('day', r.on_date, $3::DATE)) FILTER (WHERE s.on_date IS NULL), 0),
			string_agg(r.event_id, ' ') FILTER (WHERE s.on_date IS NULL)
		FROM raised r LEFT JOIN resolved s USING (rel_key, subject) GROUP BY r.programme_id`, true},
	{7, "training-needs", "Have any further training needs been identified? If so, what steps have been taken to meet those needs?",
		fig("needs identified", "", "needs met", "", "needs not yet met", "", "median days to meet", "days"),
		`WITH p AS (SELECT participant_id, programme_id FROM participants WHERE pos <= $1 AND recorded_at <= $2),
		f AS (SELECT pf.*, p.programme_id FROM participant_facts pf JOIN p USING (participant_id) WHERE pf.pos <= $1 AND pf.recorded_at <= $2),
		ident AS (SELECT programme_id, participant_id, subject, on_date, event_id FROM f WHERE fact = 'participant.training_need_identified'),
		met AS (SELECT participant_id, subject, min(on_date) AS on_date FROM f WHERE fact = 'participant.training_need_met' GROUP BY participant_id, subject)
		SELECT i.programme_id, count(*), count(m.on_date), count(*) - count(m.on_date),
			coalesce(median(datediff('day', i.on_date, m.on_date)), 0),
			string_agg(i.event_id, ' ') FILTER (WHERE m.on_date IS NULL)
		FROM ident i LEFT JOIN met m USING (participant_id, subject) GROUP BY i.programme_id`, true},
	{9, "stakeholders-updated", "Are all relevant stakeholders being kept up-to-date with the progress of the project?",
		fig("stakeholder briefings", "", "programme reviews", "", "days since the last briefing", "days"),
		`SELECT programme_id,
			count(*) FILTER (WHERE fact = 'programme.stakeholders_briefed'),
			count(*) FILTER (WHERE fact = 'programme.reviewed'),
			coalesce(datediff('day', max(on_date) FILTER (WHERE fact = 'programme.stakeholders_briefed'), $3::DATE), -1),
			NULL
		FROM programme_facts WHERE pos <= $1 AND recorded_at <= $2 GROUP BY programme_id`, false},
	{3, "administration-working", "Are the administrative processes working? Does anything need changed?",
		fig("meeting logs", "", "logs recorded within a week of the meeting", "", "share recorded within a week", "%"),
		`SELECT r.programme_id, count(*),
			count(*) FILTER (WHERE datediff('day', m.held_on, CAST(m.recorded_at AS DATE)) <= 7),
			round(100.0 * count(*) FILTER (WHERE datediff('day', m.held_on, CAST(m.recorded_at AS DATE)) <= 7) / count(*), 1),
			NULL
		FROM meetings_logged m JOIN (SELECT rel_key, programme_id FROM relationships WHERE pos <= $1 AND recorded_at <= $2) r USING (rel_key)
		WHERE m.pos <= $1 AND m.recorded_at <= $2 GROUP BY r.programme_id`, false},
}

// BuildMonitoring answers checklist 5's monitoring questions from the
// views. Naming programmes limits the report to them (none: every
// programme); a programme not known as of asOf is ENOTFOUND.
func BuildMonitoring(ctx context.Context, src Source, asOf AsOf, now time.Time, programmes ...string) (*Monitoring, error) {
	basis, f, err := resolve(ctx, src, asOf, now)
	if err != nil {
		return nil, err
	}
	rep := &Monitoring{Report: "monitoring", Title: "Good practice checklist 5: monitoring questions", Basis: basis}
	names, err := programmeNames(ctx, src.DB(), f)
	if err != nil {
		return nil, err
	}
	only, err := onlyProgrammes(names, programmes)
	if err != nil {
		return nil, err
	}
	byProg := map[string]*ProgrammeMonitoring{}
	for id, name := range names {
		if only(id) {
			byProg[id] = &ProgrammeMonitoring{ProgrammeID: id, Name: name, MeetingsPerMonth: []Count{}, Phases: []Count{}}
		}
	}
	qs := append([]monitoringQuestion(nil), monitoringQuestions...)
	sort.Slice(qs, func(i, j int) bool { return qs[i].number < qs[j].number })
	// The questions and the two charts are independent queries: they run
	// side by side.
	answered := make([]map[string]MonitoringAnswer, len(qs))
	perMonth := map[string]*ProgrammeMonitoring{}
	phases := map[string]*ProgrammeMonitoring{}
	for id, p := range byProg {
		perMonth[id] = &ProgrammeMonitoring{MeetingsPerMonth: p.MeetingsPerMonth}
		phases[id] = &ProgrammeMonitoring{Phases: p.Phases}
	}
	err = runParallel(ctx, len(qs)+2, func(i int) error {
		switch {
		case i < len(qs):
			a, err := qs[i].answer(ctx, src.DB(), f)
			answered[i] = a
			return err
		case i == len(qs):
			return meetingsPerMonth(ctx, src.DB(), f, perMonth)
		default:
			return phaseDistribution(ctx, src.DB(), f, phases)
		}
	})
	if err != nil {
		return nil, err
	}
	for id, p := range byProg {
		p.MeetingsPerMonth, p.Phases = perMonth[id].MeetingsPerMonth, phases[id].Phases
	}
	for qi, q := range qs {
		answers := answered[qi]
		for id := range byProg {
			a, ok := answers[id]
			if !ok { // nothing recorded: every figure is zero
				a = MonitoringAnswer{Number: q.number, Key: q.key, Question: q.text, Evidence: []string{}}
				for _, fg := range q.figures {
					a.Figures = append(a.Figures, Figure{Name: fg.name, Unit: fg.unit})
				}
			}
			byProg[id].Answers = append(byProg[id].Answers, a)
		}
	}
	for _, id := range sortedKeys(byProg) {
		rep.Programmes = append(rep.Programmes, *byProg[id])
	}
	return rep, nil
}

// meetingsPerMonth counts each programme's meetings by the month they were
// held.
func meetingsPerMonth(ctx context.Context, db *sql.DB, f filter, byProg map[string]*ProgrammeMonitoring) error {
	rows, err := db.QueryContext(ctx, `SELECT r.programme_id, date_trunc('month', m.held_on)::DATE, count(*)
		FROM meetings_logged m JOIN (SELECT rel_key, programme_id FROM relationships WHERE pos <= $1 AND recorded_at <= $2) r USING (rel_key)
		WHERE m.pos <= $1 AND m.recorded_at <= $2 GROUP BY 1, 2 ORDER BY 1, 2`, f.pos, f.until)
	if err != nil {
		return fmt.Errorf("monitoring: meetings per month: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var prog string
		var month time.Time
		var n int
		if err := rows.Scan(&prog, &month, &n); err != nil {
			return fmt.Errorf("monitoring: meetings per month: %w", err)
		}
		p := byProg[prog]
		if p == nil {
			continue
		}
		// Months without a meeting between two with one count 0.
		if k := len(p.MeetingsPerMonth); k > 0 {
			last, _ := time.Parse("2006-01", p.MeetingsPerMonth[k-1].Label)
			for m := last.AddDate(0, 1, 0); m.Before(month); m = m.AddDate(0, 1, 0) {
				p.MeetingsPerMonth = append(p.MeetingsPerMonth, Count{Label: m.Format("2006-01")})
			}
		}
		p.MeetingsPerMonth = append(p.MeetingsPerMonth, Count{Label: month.Format("2006-01"), N: n})
	}
	return rows.Err()
}

// countsLine writes counts as "label n, label n".
func countsLine(cs []Count) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%s %d", strings.ReplaceAll(c.Label, "_", " "), c.N)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// lifecycle are the labels of the phase distribution, in the lifecycle's
// order.
var lifecycle = []string{"no phase recorded", "building_rapport", "setting_direction", "progression", "winding_up", "moving_on", "ended"}

// phaseDistribution counts each programme's relationships by the phase
// they were last in as of the report.
func phaseDistribution(ctx context.Context, db *sql.DB, f filter, byProg map[string]*ProgrammeMonitoring) error {
	rows, err := db.QueryContext(ctx, `WITH r AS (SELECT rel_key, programme_id FROM relationships WHERE pos <= $1 AND recorded_at <= $2),
		ph AS (SELECT rel_key, arg_max(detail, pos) AS phase FROM relationship_facts
			WHERE fact = 'relationship.phase_entered' AND pos <= $1 AND recorded_at <= $2 GROUP BY rel_key),
		e AS (SELECT DISTINCT rel_key FROM endings WHERE pos <= $1 AND recorded_at <= $2)
		SELECT r.programme_id, CASE WHEN e.rel_key IS NOT NULL THEN 'ended' ELSE coalesce(ph.phase, 'no phase recorded') END, count(*)
		FROM r LEFT JOIN ph USING (rel_key) LEFT JOIN e USING (rel_key) GROUP BY 1, 2`, f.pos, f.until)
	if err != nil {
		return fmt.Errorf("monitoring: phases: %w", err)
	}
	defer rows.Close()
	counts := map[string]map[string]int{}
	for rows.Next() {
		var prog, phase string
		var n int
		if err := rows.Scan(&prog, &phase, &n); err != nil {
			return fmt.Errorf("monitoring: phases: %w", err)
		}
		if counts[prog] == nil {
			counts[prog] = map[string]int{}
		}
		counts[prog][phase] = n
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("monitoring: phases: %w", err)
	}
	for id, p := range byProg {
		for _, l := range lifecycle {
			p.Phases = append(p.Phases, Count{Label: l, N: counts[id][l]})
		}
	}
	return nil
}

func (q monitoringQuestion) answer(ctx context.Context, db *sql.DB, f filter) (map[string]MonitoringAnswer, error) {
	rows, err := db.QueryContext(ctx, q.query, f.args()...)
	if err != nil {
		return nil, fmt.Errorf("monitoring %s: %w", q.key, err)
	}
	defer rows.Close()
	out := map[string]MonitoringAnswer{}
	for rows.Next() {
		var prog string
		vals := make([]sql.NullFloat64, len(q.figures))
		var ev sql.NullString
		dest := []any{&prog}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		dest = append(dest, &ev)
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("monitoring %s: %w", q.key, err)
		}
		a := MonitoringAnswer{Number: q.number, Key: q.key, Question: q.text, Evidence: ids(ev)}
		if a.Evidence == nil {
			a.Evidence = []string{}
		}
		sort.Strings(a.Evidence)
		for i, fg := range q.figures {
			a.Figures = append(a.Figures, Figure{Name: fg.name, Value: vals[i].Float64, Unit: fg.unit})
		}
		out[prog] = a
	}
	return out, rows.Err()
}

// RenderMonitoring writes the monitoring report in the given format.
func RenderMonitoring(w io.Writer, format string, rep *Monitoring) error {
	switch format {
	case "json":
		return writeJSON(w, rep)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"report", "position", "reference_date", "programme_id", "question", "key", "figure", "value", "unit", "evidence"})
		for _, p := range rep.Programmes {
			for _, a := range p.Answers {
				for _, fg := range a.Figures {
					_ = cw.Write([]string{rep.Report, strconv.FormatUint(rep.Basis.Position, 10), rep.Basis.ReferenceDate, p.ProgrammeID,
						strconv.Itoa(a.Number), a.Key, fg.Name, strconv.FormatFloat(fg.Value, 'f', -1, 64), fg.Unit, strings.Join(a.Evidence, " ")})
				}
			}
		}
		cw.Flush()
		return cw.Error()
	case "html":
		return monitoringHTML.Execute(w, rep)
	case "text":
		bw := bufio.NewWriter(w)
		fmt.Fprintf(bw, "%s\nledger position %d; judged on %s\n", rep.Title, rep.Basis.Position, rep.Basis.ReferenceDate)
		for _, p := range rep.Programmes {
			fmt.Fprintf(bw, "\n%s (%s)\n", p.Name, p.ProgrammeID)
			fmt.Fprintf(bw, "  relationships by phase: %s\n", countsLine(p.Phases))
			fmt.Fprintf(bw, "  meetings per month: %s\n", countsLine(p.MeetingsPerMonth))
			for _, a := range p.Answers {
				fmt.Fprintf(bw, "  %d. %s\n", a.Number, a.Question)
				for _, fg := range a.Figures {
					fmt.Fprintf(bw, "       %-45s %s %s\n", fg.Name, strconv.FormatFloat(fg.Value, 'f', -1, 64), fg.Unit)
				}
				if len(a.Evidence) > 0 {
					fmt.Fprintf(bw, "       needing attention: %d events\n", len(a.Evidence))
				}
			}
		}
		return bw.Flush()
	}
	return CheckFormat(format)
}

// monthChart and phaseChart draw a programme's meetings per month and its
// relationships by phase.
func monthChart(p ProgrammeMonitoring) template.HTML {
	points := make([]chartPoint, len(p.MeetingsPerMonth))
	for i, c := range p.MeetingsPerMonth {
		points[i] = chartPoint{Label: c.Label, Value: float64(c.N)}
	}
	return columnChart(p.Name+": meetings held per month", points)
}

func phaseChart(p ProgrammeMonitoring) template.HTML {
	points := make([]chartPoint, len(p.Phases))
	for i, c := range p.Phases {
		points[i] = chartPoint{Label: strings.ReplaceAll(c.Label, "_", " "), Value: float64(c.N)}
	}
	return barChart(p.Name+": relationships by lifecycle phase", points)
}

var monitoringHTML = template.Must(template.New("monitoring").Funcs(template.FuncMap{"months": monthChart, "phases": phaseChart}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a;max-width:70rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;font-size:.9rem}
th{background:#eee}.ev{font-family:monospace;font-size:.75rem;word-break:break-all;color:#444}
@media print{body{margin:0}}
</style></head><body>
<h1>{{.Title}}</h1>
<p>Ledger position {{.Basis.Position}}; judged on {{.Basis.ReferenceDate}}.</p>
{{range .Programmes}}<section><h2>{{.Name}} <small>({{.ProgrammeID}})</small></h2>
{{if .MeetingsPerMonth}}<figure>{{months .}}<figcaption>Meetings held per month.</figcaption></figure>{{end}}
<figure>{{phases .}}<figcaption>Relationships by the lifecycle phase they were last in (resource 17), ended, or with no phase recorded.</figcaption></figure>
{{range .Answers}}<h3>{{.Number}}. {{.Question}}</h3>
<table><tbody>{{range .Figures}}<tr><th>{{.Name}}</th><td>{{.Value}} {{.Unit}}</td></tr>{{end}}
{{if .Evidence}}<tr><th>needing attention (event ids)</th><td class="ev">{{range .Evidence}}{{.}} {{end}}</td></tr>{{end}}</tbody></table>
{{end}}</section>
{{end}}</body></html>
`))

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// SuppressBelow is the smallest count a funder report shows: anything
// smaller could identify a person and is shown as "<5".
const SuppressBelow = 5

// Cell is one figure of a funder report. Suppressed cells carry no number
// at all, so nothing downstream can read it back.
type Cell struct {
	Label string `json:"label"`
	Value string `json:"value"` // a number, or "<5", or "suppressed" (secondary suppression), or "none" (an average of nothing)
}

// Table is a group of cells and, where it has one, their total. Cells are
// suppressed so that no suppressed value can be derived from the total and
// the cells shown (complementary suppression).
type Table struct {
	Title string `json:"title"`
	Cells []Cell `json:"cells"`
	Total *Cell  `json:"total,omitempty"`
}

// FunderProgramme is the evaluation report of one programme for a period.
type FunderProgramme struct {
	Programme string  `json:"programme"` // the programme's name only
	Outputs   []Table `json:"outputs"`
	Outcomes  []Table `json:"outcomes"`
}

// Funder is the funder's evaluation report: outputs and outcomes for a
// period, with no personal data and small counts suppressed.
type Funder struct {
	Report     string            `json:"report"`
	Title      string            `json:"title"`
	Basis      Basis             `json:"basis"`
	From       string            `json:"from,omitempty"`
	To         string            `json:"to,omitempty"`
	Methods    []string          `json:"methods"`
	Programmes []FunderProgramme `json:"programmes"`
}

var funderMethods = []string{
	"Every figure is counted from the programme's ledger of events as recorded by the report's ledger position; dates are those of the facts (registration, match, meeting, ending), and a fact counts when its date falls in the period.",
	"Recruited: participants registered; selected and not selected: selection decisions; trained: mentors completing mentor training; inducted: mentees completing induction. A person appears once per programme.",
	"Matched: relationships matched, by mentoring model. Meetings: meetings logged, by method, and their recorded length in hours.",
	"Goals and milestones: achievements and misses recorded in the period. OSKAR scaling (0-10) and GROW commitment (1-10): the average first and last rating, and the average change from each relationship's first to its last rating in the period, over relationships rated at least twice; fewer than 5 such relationships show as \"<5\".",
	"Endings: relationships ended in the period, planned (at the agreed end point) or premature. Outcomes: qualifications, learning objectives and skills recorded.",
	"Survey: answers to resource 6's yes/no questions; free-text answers are not reported.",
	"No names, identifiers or content of meeting logs appear in this report. Any count below 5 is shown as \"<5\". Where the figures shown would let a hidden count be worked out — a table's total less its other cells, those recruited less those selected or not, a method's meeting hours beside its meetings — the next smallest count is hidden too (\"suppressed\"); a table whose total is below 5 shows no figures.",
}

// BuildFunder answers the funder report for a period (dates of the facts)
// as of asOf.
func BuildFunder(ctx context.Context, src Source, period Period, programme string, asOf AsOf, now time.Time) (*Funder, error) {
	basis, f, err := resolve(ctx, src, asOf, now)
	if err != nil {
		return nil, err
	}
	rep := &Funder{Report: "funder", Title: "Evaluation report", Basis: basis, From: period.From.String(), To: period.To.String(), Methods: funderMethods}
	names, err := programmeNames(ctx, src.DB(), f)
	if err != nil {
		return nil, err
	}
	from, to := period.bounds()
	var ids []string
	for _, id := range sortedKeys(names) {
		if programme == "" || id == programme {
			ids = append(ids, id)
		}
	}
	// Each table is one query over every programme asked for (grouped by
	// programme): the tables run side by side, on as many connections as
	// processors, and each scans its view once however many programmes
	// there are.
	counts := make([]funderCounts, len(funderTables))
	err = runParallel(ctx, len(funderTables), func(j int) error {
		q := funderTables[j]
		c, err := q.counts(ctx, src.DB(), []any{f.pos, f.until, programme, from, to})
		if err != nil {
			return fmt.Errorf("funder %s: %w", q.title, err)
		}
		counts[j] = c
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		cells := make([]map[string]funderCell, len(funderTables))
		for j := range funderTables {
			cells[j] = counts[j][id]
		}
		hidden := suppress(cells)
		fp := FunderProgramme{Programme: names[id]}
		for j, q := range funderTables {
			t := q.table(cells[j], hidden[j])
			if q.outcome {
				fp.Outcomes = append(fp.Outcomes, t)
			} else {
				fp.Outputs = append(fp.Outputs, t)
			}
		}
		rep.Programmes = append(rep.Programmes, fp)
	}
	if programme != "" && len(rep.Programmes) == 0 {
		return nil, events.Errorf(events.ENOTFOUND, "programme: %q not found", programme)
	}
	return rep, nil
}

// funderTable is one table: a query returning (programme, label, count)
// rows, $1 position, $2 recorded_at, $3 programme (” = all), $4/$5
// period.
type funderTable struct {
	title   string
	outcome bool
	total   bool // the cells are parts of one whole: show and protect a total
	labels  []string
	query   string
	average bool // the query returns (programme, label, value, n): suppressed when n < 5
	mean    bool // the value is an average: "none" when n is 0
	// sums are groups of labels whose sum a reader can work out, or
	// estimate closely, from other figures of the report (a table with a
	// total is one such group of all its labels).
	sums [][]string
	// follows names the table whose counts this table's cells are made
	// of, label by label: a cell is hidden wherever that table's is.
	follows string
}

// ratingTable is the title of the table the outcome chart draws.
const ratingTable = "First and last rating (average)"

const relOf = `(SELECT rel_key, programme_id, model, matched_on FROM relationships WHERE pos <= $1 AND recorded_at <= $2 AND ($3 = '' OR programme_id = $3))`

var funderTables = []funderTable{
	// Those recruited in a period are, give or take, those selected or
	// not in it: with the two recruited counts shown, one hidden count of
	// the four would be the difference of the other three.
	{title: "Participants", labels: []string{"mentors recruited", "mentees recruited", "selected", "not selected", "mentors trained", "mentees inducted"},
		sums: [][]string{{"mentors recruited", "mentees recruited", "selected", "not selected"}},
		query: `WITH p AS (SELECT participant_id, programme_id, role, registered_on FROM participants WHERE pos <= $1 AND recorded_at <= $2 AND ($3 = '' OR programme_id = $3)),
			f AS (SELECT p.programme_id, pf.fact FROM participant_facts pf JOIN p USING (participant_id) WHERE pf.pos <= $1 AND pf.recorded_at <= $2 AND pf.on_date BETWEEN $4 AND $5)
			SELECT programme_id, CASE role WHEN 'mentor' THEN 'mentors recruited' ELSE 'mentees recruited' END, count(*) FROM p
				WHERE role IN ('mentor', 'mentee') AND registered_on BETWEEN $4 AND $5 GROUP BY ALL
			UNION ALL SELECT programme_id, CASE fact WHEN 'participant.selected' THEN 'selected' WHEN 'participant.not_selected' THEN 'not selected'
					WHEN 'participant.mentor_training_completed' THEN 'mentors trained' ELSE 'mentees inducted' END, count(*) FROM f
				WHERE fact IN ('participant.selected', 'participant.not_selected', 'participant.mentor_training_completed', 'participant.mentee_induction_completed')
				GROUP BY ALL`},
	{title: "Relationships matched, by model", total: true, labels: []string{events.ModelOneToOne, events.ModelGroup, events.ModelTwoByTwo, events.ModelTeam},
		query: `SELECT programme_id, model, count(*) FROM ` + relOf + ` WHERE matched_on BETWEEN $4 AND $5 GROUP BY ALL`},
	{title: "Meetings logged, by method", total: true,
		labels: []string{events.MethodFaceToFace, events.MethodVideo, events.MethodMessenger, events.MethodPhone, events.MethodEmail, events.MethodOther},
		query: `SELECT r.programme_id, m.method, count(*) FROM meetings_logged m JOIN ` + relOf + ` r USING (rel_key)
			WHERE m.pos <= $1 AND m.recorded_at <= $2 AND m.held_on BETWEEN $4 AND $5 GROUP BY ALL`},
	// Hours are minutes added up: where meetings are of a usual length,
	// the hours of a method give away how many were held.
	{title: "Meeting hours, by method", average: true, follows: "Meetings logged, by method",
		labels: []string{events.MethodFaceToFace, events.MethodVideo, events.MethodMessenger, events.MethodPhone, events.MethodEmail, events.MethodOther},
		query: `SELECT r.programme_id, m.method, round(sum(m.minutes) / 60.0, 1), count(*) FROM meetings_logged m JOIN ` + relOf + ` r USING (rel_key)
			WHERE m.pos <= $1 AND m.recorded_at <= $2 AND m.held_on BETWEEN $4 AND $5 GROUP BY ALL`},
	{title: "Goals and milestones", outcome: true, labels: []string{"goals achieved", "goals revised", "milestones achieved", "milestones missed"},
		query: `SELECT r.programme_id, CASE fact WHEN 'relationship.goal_achieved' THEN 'goals achieved' WHEN 'relationship.goal_revised' THEN 'goals revised'
				WHEN 'relationship.milestone_achieved' THEN 'milestones achieved' ELSE 'milestones missed' END, count(*)
			FROM relationship_facts f JOIN ` + relOf + ` r USING (rel_key)
			WHERE f.pos <= $1 AND f.recorded_at <= $2 AND f.on_date BETWEEN $4 AND $5
			  AND f.fact IN ('relationship.goal_achieved', 'relationship.goal_revised', 'relationship.milestone_achieved', 'relationship.milestone_missed')
			GROUP BY ALL`},
	{title: "Change from first to last rating (average)", outcome: true, average: true, mean: true, labels: []string{"OSKAR scaling (0-10)", "GROW commitment (1-10)"},
		query: `WITH s AS (SELECT r.programme_id, f.rel_key, f.fact, first(f.value ORDER BY f.on_date, f.pos) AS first, last(f.value ORDER BY f.on_date, f.pos) AS last, count(*) AS n
				FROM relationship_facts f JOIN ` + relOf + ` r USING (rel_key)
				WHERE f.pos <= $1 AND f.recorded_at <= $2 AND f.on_date BETWEEN $4 AND $5
				  AND f.fact IN ('relationship.progress_scaled', 'relationship.commitment_rated') GROUP BY r.programme_id, f.rel_key, f.fact)
			SELECT programme_id, CASE fact WHEN 'relationship.progress_scaled' THEN 'OSKAR scaling (0-10)' ELSE 'GROW commitment (1-10)' END,
				round(avg(last - first), 2), count(*) FROM s WHERE n >= 2 GROUP BY programme_id, fact`},
	{title: ratingTable, outcome: true, average: true, mean: true,
		labels: []string{"OSKAR scaling first", "OSKAR scaling last", "GROW commitment first", "GROW commitment last"},
		query: `WITH s AS (SELECT r.programme_id, f.rel_key, f.fact, first(f.value ORDER BY f.on_date, f.pos) AS first, last(f.value ORDER BY f.on_date, f.pos) AS last, count(*) AS n
				FROM relationship_facts f JOIN ` + relOf + ` r USING (rel_key)
				WHERE f.pos <= $1 AND f.recorded_at <= $2 AND f.on_date BETWEEN $4 AND $5
				  AND f.fact IN ('relationship.progress_scaled', 'relationship.commitment_rated') GROUP BY r.programme_id, f.rel_key, f.fact),
			l AS (SELECT programme_id, CASE fact WHEN 'relationship.progress_scaled' THEN 'OSKAR scaling' ELSE 'GROW commitment' END AS scale, first, last FROM s WHERE n >= 2)
			SELECT programme_id, scale || ' first', round(avg(first), 2), count(*) FROM l GROUP BY programme_id, scale
			UNION ALL SELECT programme_id, scale || ' last', round(avg(last), 2), count(*) FROM l GROUP BY programme_id, scale`},
	{title: "Endings", outcome: true, total: true, labels: []string{"planned", "premature"},
		query: `SELECT r.programme_id, CASE WHEN e.planned THEN 'planned' ELSE 'premature' END, count(*) FROM endings e JOIN ` + relOf + ` r USING (rel_key)
			WHERE e.pos <= $1 AND e.recorded_at <= $2 AND e.ended_on BETWEEN $4 AND $5 GROUP BY ALL`},
	{title: "Outcomes recorded", outcome: true, labels: []string{events.OutcomeQualification, events.OutcomeLearningObjective, events.OutcomeSkill},
		query: `SELECT programme_id, detail, count(*) FROM programme_facts WHERE pos <= $1 AND recorded_at <= $2 AND ($3 = '' OR programme_id = $3)
			AND fact = 'evaluation.outcome_recorded' AND on_date BETWEEN $4 AND $5 GROUP BY ALL`},
	{title: "Resource 6 survey: mentors answering yes", outcome: true,
		labels: []string{"q3", "q4", "q5", "q7", "q9", "q10", "q11", "q12", "q13"},
		query: `SELECT s.programme_id, a.question_id, count(*) FILTER (WHERE a.choice = 'yes') FROM survey_answers a
			JOIN (SELECT programme_id, subject AS survey_id FROM programme_facts WHERE fact = 'evaluation.survey_issued' AND ($3 = '' OR programme_id = $3) AND pos <= $1) s USING (survey_id)
			WHERE a.pos <= $1 AND a.recorded_at <= $2 AND a.instrument_id = 'resource6' AND a.answered_on BETWEEN $4 AND $5 AND a.choice IS NOT NULL
			GROUP BY ALL`},
}

// funderCell is what a query gives for one label of one programme: the
// value and the number of things it counts (for a count, the count).
type funderCell struct {
	value float64
	n     int64
}

// funderCounts are a table's cells by programme and label.
type funderCounts map[string]map[string]funderCell

// counts runs the table's query.
func (q funderTable) counts(ctx context.Context, db *sql.DB, args []any) (funderCounts, error) {
	rows, err := db.QueryContext(ctx, q.query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := funderCounts{}
	for rows.Next() {
		var programme, label string
		var v sql.NullFloat64
		var n sql.NullInt64
		dest := []any{&programme, &label, &v}
		if q.average {
			dest = append(dest, &n)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		c := funderCell{value: v.Float64, n: int64(v.Float64)}
		if q.average {
			c.n = n.Int64
		}
		if out[programme] == nil {
			out[programme] = map[string]funderCell{}
		}
		out[programme][label] = c
	}
	return out, rows.Err()
}

// Why a cell is hidden.
const (
	shown     = iota
	tooSmall  // fewer than SuppressBelow: "<5"
	revealing // it would give away a hidden cell: "suppressed"
)

// suppress decides which cells of one programme's tables (cells[j] is
// funderTables[j]'s, by label) are hidden: every count of 1 to 4, and
// then, until nothing changes, one more cell of every group whose sum is
// known (a table and its total, the counts of the same people) in which
// exactly one cell is hidden — the smallest other count above zero — and
// every cell of a table that follows another where that one's is hidden.
// Two hidden cells of a known sum leave each to a range, not a number.
func suppress(cells []map[string]funderCell) []map[string]int {
	hidden := make([]map[string]int, len(funderTables))
	index := map[string]int{}
	for j, q := range funderTables {
		index[q.title] = j
		hidden[j] = map[string]int{}
		for _, l := range q.labels {
			if n := cells[j][l].n; n > 0 && n < SuppressBelow {
				hidden[j][l] = tooSmall
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for j, q := range funderTables {
			if q.follows != "" {
				k := index[q.follows]
				for _, l := range q.labels {
					if hidden[j][l] == shown && hidden[k][l] != shown {
						hidden[j][l], changed = hidden[k][l], true
					}
				}
			}
			groups := q.sums[:len(q.sums):len(q.sums)] // an append copies: funderTables stays as it is
			if q.total {
				groups = append(groups, q.labels)
			}
			for _, g := range groups {
				if revealed(g, cells[j], hidden[j]) {
					hidden[j][smallestShown(g, cells[j], hidden[j])], changed = revealing, true
				}
			}
		}
	}
	return hidden
}

// revealed reports whether a group of known sum has exactly one hidden
// cell, and another that could be hidden with it.
func revealed(group []string, cells map[string]funderCell, hidden map[string]int) bool {
	n := 0
	for _, l := range group {
		if hidden[l] != shown {
			n++
		}
	}
	return n == 1 && smallestShown(group, cells, hidden) != ""
}

// smallestShown is the label of the smallest count above zero still shown
// in a group ("" when there is none).
func smallestShown(group []string, cells map[string]funderCell, hidden map[string]int) string {
	best := ""
	for _, l := range group {
		if n := cells[l].n; hidden[l] == shown && n > 0 && (best == "" || n < cells[best].n) {
			best = l
		}
	}
	return best
}

// table makes one programme's table from its cells, hiding those
// suppress decided.
func (q funderTable) table(cells map[string]funderCell, hidden map[string]int) Table {
	t := Table{Title: q.title}
	var total int64
	for _, l := range q.labels {
		total += cells[l].n
	}
	for _, l := range q.labels {
		c := Cell{Label: l}
		switch {
		case hidden[l] == tooSmall:
			c.Value = "<5"
		case hidden[l] == revealing:
			c.Value = "suppressed"
		case q.mean && cells[l].n == 0:
			c.Value = "none" // an average over nothing is not 0
		case q.average:
			c.Value = strconv.FormatFloat(cells[l].value, 'f', -1, 64)
		default:
			c.Value = strconv.FormatInt(cells[l].n, 10)
		}
		t.Cells = append(t.Cells, c)
	}
	if q.total {
		tc := Cell{Label: "total", Value: strconv.FormatInt(total, 10)}
		if total > 0 && total < SuppressBelow {
			tc.Value = "<5"
		}
		t.Total = &tc
	}
	return t
}

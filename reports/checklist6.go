package reports

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// Item is one item of a good practice checklist as the guidance words it,
// with the rule the report applies to judge it.
type Item struct {
	Number int    `json:"number"`
	Key    string `json:"key"`
	Text   string `json:"text"`
	Rule   string `json:"rule"`
}

// Checklist6Items are the items of good practice checklist 6 (mentoring
// meetings), in the guidance's order.
var Checklist6Items = []Item{
	{1, "meet-monthly", "You meet once a month.",
		"met: no gap between the match or a meeting and the next meeting (or the reference date, while active) exceeds the agreed frequency (plan default 30 days) by more than 7 days; partly: at most a third of gaps do; not met: more do, or no meeting yet when one was due"},
	{2, "meeting-length", "You meet for a maximum of (time). We recommend no more than two hours per meeting.",
		"met: no logged meeting longer than the agreed maximum (plan default 120 minutes); partly: at most a third are (distance may justify it); not met: more are"},
	{3, "contact-two-weeks-after", "Mentors make contact with their mentee approximately two weeks after a mentoring meeting.",
		"met: a contact by the mentor 7 days either side of the plan's contact day (default 14) after every meeting whose window has closed; partly: after some; not met: after none"},
	{4, "agreement-at-first-meeting", "Both parties complete a mentoring agreement at the first meeting.",
		"met: agreement signed on or before the day of the first meeting; partly: signed later; not met: meetings held and no agreement; not applicable: no meeting and no agreement yet"},
	{5, "prepare-in-advance", "Both parties prepare for each meeting in advance to ensure time is used purposefully.",
		"met: every meeting was scheduled with an agenda before the day, or the previous log set its topic; partly: some were; not met: none were"},
	{6, "venue-privacy", "It is recommended that meetings take place at a neutral venue. If the meeting is held in the workplace, ensure that there is adequate privacy.",
		"met: no meeting logged at an open workplace location; partly: at most a third were; not met: more were"},
	{7, "action-plan-early", "Agree an action plan as early in the process as possible.",
		"met: action plan agreed on or before the day of the first meeting; partly: agreed later; not met: two or more meetings and no action plan; not applicable otherwise"},
	{8, "log-with-action-points", "Complete a meeting log at the end of each meeting with action points.",
		"met: every meeting log has at least one action point; partly: some have; not met: none have"},
	{9, "mentee-takes-responsibility", "Share responsibility for completing these documents initially – aim for mentee taking responsibility.",
		"met: at least half of the later half of logs completed by the mentee (or jointly); partly: some logs completed by the mentee; not met: none of three or more; not applicable: fewer than two logs"},
	{10, "notice-and-reschedule", "If either party is unable to deliver on action points they must let their partner know ahead of the meeting – reschedule if necessary.",
		"met: every postponement was notified before the meeting's time and given a new time; partly: some were; not met: none were; not applicable: no postponement"},
	{11, "review-action-plan", "Review and adjust action plan as required and complete supplementary form.",
		"met: the action plan was reviewed at least once; not met: no review 90 days or more after it was agreed; not applicable: no plan, or a plan younger than 90 days"},
	{12, "documents-forwarded", "Please forward the action plan and meeting log to (name) electronically as soon as possible after completion.",
		"met: every meeting log recorded within the plan's documents window (default 7 days) of the meeting; partly: at most a third late; not met: more late"},
}

// Finding is one item judged for one relationship.
type Finding struct {
	Item     int      `json:"item"`
	Key      string   `json:"key"`
	Status   string   `json:"status"`
	Detail   string   `json:"detail"`
	Evidence []string `json:"evidence"`
}

// RelationshipChecklist is checklist 6 for one relationship.
type RelationshipChecklist struct {
	RelationshipID string    `json:"relationship_id"`
	Model          string    `json:"model"`
	MatchedOn      string    `json:"matched_on"`
	EndedOn        string    `json:"ended_on,omitempty"`
	Meetings       int       `json:"meetings"`
	Findings       []Finding `json:"findings"`
}

// ItemSummary is one item judged for a whole programme.
type ItemSummary struct {
	Item
	Status        string `json:"status"`
	Met           int    `json:"met"`
	Partly        int    `json:"partly"`
	NotMet        int    `json:"not_met"`
	NotApplicable int    `json:"not_applicable"`
}

// ProgrammeRule is how a programme's status for an item follows from its
// relationships' statuses.
const ProgrammeRule = "met: at least 90% of relationships the item applies to meet it; not met: fewer than half meet it at least partly; partly otherwise; not applicable: it applies to none"

// ProgrammeChecklist is checklist 6 for one programme.
type ProgrammeChecklist struct {
	ProgrammeID   string                  `json:"programme_id"`
	Name          string                  `json:"name"`
	PlanEvent     string                  `json:"plan_event,omitempty"`
	Items         []ItemSummary           `json:"items"`
	Relationships []RelationshipChecklist `json:"relationships"`
}

// RelationshipLevelChecklist is the report of a checklist whose items are
// judged per relationship (6, mentoring meetings; 7, managing the
// relationship) and summarised per programme.
type RelationshipLevelChecklist struct {
	Report        string               `json:"report"`
	Title         string               `json:"title"`
	Basis         Basis                `json:"basis"`
	ProgrammeRule string               `json:"programme_rule"`
	Programmes    []ProgrammeChecklist `json:"programmes"`
}

// Checklist6 is the report of good practice checklist 6, mentoring meetings.
type Checklist6 = RelationshipLevelChecklist

// BuildChecklist6 answers checklist 6 from the views as of asOf; now is the
// reference date when asOf gives none. Naming programmes limits the report
// to them (none: every programme); a programme not known as of asOf is
// ENOTFOUND.
func BuildChecklist6(ctx context.Context, src Source, asOf AsOf, now time.Time, programmes ...string) (*Checklist6, error) {
	return buildChecklist6(ctx, src, asOf, now, programmes, loadChecklist6)
}

// c6loader reads every relationship's figures for checklist 6 as of f
// (programme: only that one's, "" = every programme's), in the order the
// report lists them: by programme, match day and id.
type c6loader func(ctx context.Context, db *sql.DB, f filter, programme string) ([]*c6row, error)

func buildChecklist6(ctx context.Context, src Source, asOf AsOf, now time.Time, programmes []string, load c6loader) (*Checklist6, error) {
	basis, f, err := resolve(ctx, src, asOf, now)
	if err != nil {
		return nil, err
	}
	rep := &Checklist6{Report: "checklist-6", Title: "Good practice checklist 6: Mentoring meetings", Basis: basis, ProgrammeRule: ProgrammeRule}
	names, err := programmeNames(ctx, src.DB(), f)
	if err != nil {
		return nil, err
	}
	only, err := onlyProgrammes(names, programmes)
	if err != nil {
		return nil, err
	}
	one := ""
	if ps := nonEmpty(programmes); len(ps) == 1 {
		one = ps[0]
	}
	rows, err := load(ctx, src.DB(), f, one)
	if err != nil {
		return nil, err
	}
	judged := judgeAll(rows, func(r **c6row) RelationshipChecklist {
		if (*r).judged != nil {
			return *(*r).judged
		}
		return (*r).judge()
	})
	byProg := map[string]*ProgrammeChecklist{}
	for i, r := range rows {
		if !only(r.programme) {
			continue
		}
		pc := byProg[r.programme]
		if pc == nil {
			pc = &ProgrammeChecklist{ProgrammeID: r.programme, Name: names[r.programme], PlanEvent: r.planEv.String}
			byProg[r.programme] = pc
		}
		pc.Relationships = append(pc.Relationships, judged[i])
	}
	for _, id := range sortedKeys(byProg) {
		pc := byProg[id]
		pc.Items = summarise(Checklist6Items, pc.Relationships)
		rep.Programmes = append(rep.Programmes, *pc)
	}
	return rep, nil
}

// nonEmpty drops empty names.
func nonEmpty(names []string) []string {
	var out []string
	for _, n := range names {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// judgeAll judges every relationship, on as many goroutines as there are
// processors, and returns the verdicts in the order of rows.
func judgeAll[R any](rows []R, judge func(*R) RelationshipChecklist) []RelationshipChecklist {
	out := make([]RelationshipChecklist, len(rows))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(rows)/256))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(rows); i += workers {
				out[i] = judge(&rows[i])
			}
		}()
	}
	wg.Wait()
	return out
}

func summarise(items []Item, rels []RelationshipChecklist) []ItemSummary {
	out := make([]ItemSummary, len(items))
	for i, it := range items {
		s := ItemSummary{Item: it}
		for _, r := range rels {
			switch r.Findings[i].Status {
			case Met:
				s.Met++
			case Partly:
				s.Partly++
			case NotMet:
				s.NotMet++
			default:
				s.NotApplicable++
			}
		}
		applicable := s.Met + s.Partly + s.NotMet
		switch {
		case applicable == 0:
			s.Status = NotApplicable
		case s.Met*10 >= applicable*9:
			s.Status = Met
		case (s.Met+s.Partly)*2 < applicable:
			s.Status = NotMet
		default:
			s.Status = Partly
		}
		out[i] = s
	}
	return out
}

// onlyProgrammes returns the filter of a report limited to some programmes
// (none named: every programme), or ENOTFOUND for a name not known.
func onlyProgrammes(known map[string]string, programmes []string) (func(string) bool, error) {
	want := map[string]bool{}
	for _, p := range programmes {
		if p == "" {
			continue
		}
		if _, ok := known[p]; !ok {
			return nil, events.Errorf(events.ENOTFOUND, "programme: %q not found", p)
		}
		want[p] = true
	}
	return func(id string) bool { return len(want) == 0 || want[id] }, nil
}

func programmeNames(ctx context.Context, db *sql.DB, f filter) (map[string]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT programme_id, arg_max(name, pos) FROM programmes
		WHERE pos <= $1 AND recorded_at <= $2 GROUP BY programme_id`, f.pos, f.until)
	if err != nil {
		return nil, fmt.Errorf("programme names: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("programme names: %w", err)
		}
		out[id] = name
	}
	return out, rows.Err()
}

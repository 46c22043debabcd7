package reports

import (
	"context"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// The programme-level checklists (1 designing, 2 financial and resource
// planning, 3 policies, 4 gathering evaluation data, 5 monitoring): each
// item judged once per programme from the evidence book of
// programme_book.sql and, where an item counts what relationships,
// participants or surveys show, programme_activity.sql.

//go:embed programme_book.sql
var programmeBookSQL string

//go:embed programme_activity.sql
var programmeActivitySQL string

// ItemFinding is one checklist item judged for one programme: the item as
// the guidance words it, the rule applied, the status, what was found and
// the ids of the events that are its evidence.
type ItemFinding struct {
	Item
	Status   string   `json:"status"`
	Detail   string   `json:"detail"`
	Evidence []string `json:"evidence"`
}

// StatusCount counts items by status.
type StatusCount struct {
	Met           int `json:"met"`
	Partly        int `json:"partly"`
	NotMet        int `json:"not_met"`
	NotApplicable int `json:"not_applicable"`
}

func (c *StatusCount) add(status string) {
	switch status {
	case Met:
		c.Met++
	case Partly:
		c.Partly++
	case NotMet:
		c.NotMet++
	default:
		c.NotApplicable++
	}
}

// ProgrammeFindings is a programme-level checklist for one programme.
type ProgrammeFindings struct {
	ProgrammeID string        `json:"programme_id"`
	Name        string        `json:"name"`
	Summary     StatusCount   `json:"summary"`
	Items       []ItemFinding `json:"items"`
}

// Checklist is the report of one programme-level good practice checklist.
type Checklist struct {
	Report     string              `json:"report"`
	Title      string              `json:"title"`
	Source     string              `json:"source"`
	Basis      Basis               `json:"basis"`
	Programmes []ProgrammeFindings `json:"programmes"`
}

// activityHead and activityParts are programme_activity.sql split into its
// CTEs and its parts, each named by the key it gives (or "relationship
// facts", "participant facts" for the families).
var activityHead, activityParts = splitActivity(programmeActivitySQL)

func splitActivity(q string) (string, map[string]string) {
	chunks := strings.Split(q, "\nUNION ALL\n")
	first := chunks[0]
	i := strings.LastIndex(first, "\n)\n")
	head, firstPart := first[:i+3], first[i+3:]
	chunks[0] = firstPart
	parts := map[string]string{}
	for _, c := range chunks {
		name := ""
		switch {
		case strings.Contains(c, "FROM rf WHERE fact IN __ARGS__"):
			name = "relationship facts"
		case strings.Contains(c, "FROM pf WHERE fact IN __ARGS__"):
			name = "participant facts"
		default:
			if j := strings.Index(c, ", '"); j >= 0 {
				if k := strings.Index(c[j+3:], "'"); k >= 0 {
					name = c[j+3 : j+3+k]
				}
			}
		}
		if name == "" || parts[name] != "" {
			panic("reports: programme_activity.sql: cannot name part " + c)
		}
		parts[name] = c
	}
	return head, parts
}

// activityQuery is programme_activity.sql with only the parts named. A
// part that takes arguments (__ARGS__ in its SQL) is named with them after
// a colon, separated by spaces: "relationship facts: relationship.reviewed
// relationship.goal_set" gathers those two kinds of fact and no other.
func activityQuery(parts ...string) string {
	var b strings.Builder
	b.WriteString(activityHead)
	for i, part := range parts {
		name, args, hasArgs := strings.Cut(part, ":")
		p, ok := activityParts[name]
		if !ok {
			panic("reports: programme_activity.sql has no part " + name)
		}
		takesArgs := strings.Contains(p, "__ARGS__")
		if values := strings.Fields(args); takesArgs {
			if len(values) == 0 {
				panic("reports: part " + name + " of programme_activity.sql needs the values it gathers")
			}
			p = strings.ReplaceAll(p, "__ARGS__", sqlList(values))
		} else if hasArgs {
			panic("reports: part " + name + " of programme_activity.sql takes no values")
		}
		if i > 0 {
			b.WriteString("\nUNION ALL\n")
		}
		b.WriteString(p)
	}
	return b.String()
}

// sqlList is values as a SQL list of string literals: ('a', 'b').
func sqlList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}

// verdict is what a judge decides about one item.
type verdict struct {
	status, detail string
	evidence       []string
}

func met(detail string, ev ...[]string) verdict { return verdict{Met, detail, concat(ev...)} }
func partly(detail string, ev ...[]string) verdict {
	return verdict{Partly, detail, concat(ev...)}
}
func notMet(detail string, ev ...[]string) verdict { return verdict{NotMet, detail, concat(ev...)} }
func notApplicable(detail string, ev ...[]string) verdict {
	return verdict{NotApplicable, detail, concat(ev...)}
}

// programmeEvidence is what the judges of a programme read: its evidence
// book and the reference date (midnight) timing rules are judged on.
type programmeEvidence struct {
	book
	ref time.Time
}

// programmeItem is one item of a programme-level checklist and its judge.
type programmeItem struct {
	Item
	judge func(e *programmeEvidence) verdict
}

// programmeChecklist is the definition of one programme-level checklist.
type programmeChecklist struct {
	name, title, source string
	items               []programmeItem
	// activity lists the parts of programme_activity.sql its judges read,
	// in groups: each group is one query, and the groups run side by side.
	// A family of facts or survey answers names just the kinds its judges
	// read (see activityQuery): at a million events, gathering every kind
	// took checklist 5 a third longer.
	activity [][]string
}

// Items returns the checklist's items, as the report cites them.
func (c programmeChecklist) Items() []Item {
	out := make([]Item, len(c.items))
	for i, it := range c.items {
		out[i] = it.Item
	}
	return out
}

// build judges every item for every programme (or the one asked for) as
// of asOf.
func (c programmeChecklist) build(ctx context.Context, src Source, programme string, asOf AsOf, now time.Time) (*Checklist, error) {
	basis, f, err := resolve(ctx, src, asOf, now)
	if err != nil {
		return nil, err
	}
	names, err := programmeNames(ctx, src.DB(), f)
	if err != nil {
		return nil, err
	}
	if programme != "" {
		if _, ok := names[programme]; !ok {
			return nil, events.Errorf(events.ENOTFOUND, "programme: %q not found", programme)
		}
	}
	ref := events.NewDate(f.ref).Time()
	// The programme's facts and each group of activity are independent
	// queries: they run side by side.
	books := map[string]book{}
	activities := make([]map[string]book, len(c.activity))
	err = runParallel(ctx, 1+len(c.activity), func(i int) error {
		if i == 0 {
			return loadBooks(ctx, src.DB(), c.name+": programme facts", programmeBookSQL, bookArgs{f.pos, f.until, programme}, books)
		}
		activities[i-1] = map[string]book{}
		return loadBooksOrdered(ctx, src.DB(), c.name+": programme activity", activityQuery(c.activity[i-1]...),
			bookArgs{f.pos, f.until, ref, programme}, activities[i-1], true)
	})
	if err != nil {
		return nil, err
	}
	for _, activity := range activities {
		for owner, ab := range activity {
			b := books[owner]
			if b == nil {
				books[owner] = ab
				continue
			}
			for k, rows := range ab {
				if len(b[k]) == 0 {
					b[k] = rows
					continue
				}
				b[k] = append(b[k], rows...)
				sort.SliceStable(b[k], func(i, j int) bool { return b[k][i].pos < b[k][j].pos })
			}
		}
	}
	var ids []string
	for _, id := range sortedKeys(names) {
		if programme == "" || id == programme {
			ids = append(ids, id)
		}
	}
	evs := make([]*programmeEvidence, len(ids))
	verdicts := make([][]verdict, len(ids))
	for i, id := range ids {
		evs[i] = &programmeEvidence{book: books[id], ref: ref}
		if evs[i].book == nil {
			evs[i].book = book{}
		}
		verdicts[i] = make([]verdict, len(c.items))
	}
	// The judges only read the evidence, so they run side by side: a few
	// of them (checklist 5's) go through tens of thousands of rows.
	n := len(c.items)
	err = runParallel(ctx, len(ids)*n, func(k int) error {
		verdicts[k/n][k%n] = c.items[k%n].judge(evs[k/n])
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep := &Checklist{Report: c.name, Title: c.title, Source: c.source, Basis: basis, Programmes: make([]ProgrammeFindings, 0, len(ids))}
	for i, id := range ids {
		pf := ProgrammeFindings{ProgrammeID: id, Name: names[id], Items: make([]ItemFinding, 0, n)}
		for j, it := range c.items {
			v := verdicts[i][j]
			// met, partly, notMet and notApplicable made the list:
			// never nil, and never changed after (see concat).
			pf.Items = append(pf.Items, ItemFinding{Item: it.Item, Status: v.status, Detail: v.detail, Evidence: v.evidence})
			pf.Summary.add(v.status)
		}
		rep.Programmes = append(rep.Programmes, pf)
	}
	return rep, nil
}

// define adds the checklist to the report catalogue.
func (c programmeChecklist) define() {
	define(Definition{Name: c.name, Title: c.title,
		Build: func(ctx context.Context, in Inputs, r Request) (Rendered, error) {
			rep, err := c.build(ctx, in.Views, r.Programme, r.AsOf, r.Now)
			return built(rep, err, RenderChecklist)
		}})
}

// Judges shared by several checklists.

// recorded judges an item met by the latest fact of a key.
func recorded(key, what string) func(e *programmeEvidence) verdict {
	return func(e *programmeEvidence) verdict {
		if f, ok := e.latest(key); ok {
			return met(what+" on "+day(f.on), f.events)
		}
		return notMet("no " + key + " recorded")
	}
}

// launched returns the programme's launch, if recorded.
func (e *programmeEvidence) launched() (fact, bool) { return e.latest("programme.launched") }

// until is the reference date, or the closure when the programme closed
// before it.
func (e *programmeEvidence) until() time.Time {
	if c, ok := e.latest("programme.closed"); ok && c.on.Before(e.ref) {
		return c.on
	}
	return e.ref
}

// daysBetween counts whole days from a to b.
func daysBetween(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

// list joins names for a detail, or says "none".
func list(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// pluralise writes "1 thing" or "n things".
func pluralise(n int64, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ItemStatuses gives each programme's item statuses, in the checklist's
// order, for the dashboards.
func (c *Checklist) ItemStatuses() map[string][]string {
	out := make(map[string][]string, len(c.Programmes))
	for _, p := range c.Programmes {
		st := make([]string, len(p.Items))
		for i, it := range p.Items {
			st[i] = it.Status
		}
		out[p.ProgrammeID] = st
	}
	return out
}

package reports

import (
	"context"
	_ "embed"
	"fmt"
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
	activity            bool // its judges read programme_activity.sql
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
	books := map[string]book{}
	if err := loadBooks(ctx, src.DB(), c.name+": programme facts", programmeBookSQL, bookArgs{f.pos, f.until, programme}, books); err != nil {
		return nil, err
	}
	if c.activity {
		if err := loadBooks(ctx, src.DB(), c.name+": programme activity", programmeActivitySQL, bookArgs{f.pos, f.until, ref, programme}, books); err != nil {
			return nil, err
		}
	}
	rep := &Checklist{Report: c.name, Title: c.title, Source: c.source, Basis: basis, Programmes: []ProgrammeFindings{}}
	for _, id := range sortedKeys(names) {
		if programme != "" && id != programme {
			continue
		}
		ev := &programmeEvidence{book: books[id], ref: ref}
		if ev.book == nil {
			ev.book = book{}
		}
		pf := ProgrammeFindings{ProgrammeID: id, Name: names[id], Items: make([]ItemFinding, 0, len(c.items))}
		for _, it := range c.items {
			v := it.judge(ev)
			pf.Items = append(pf.Items, ItemFinding{Item: it.Item, Status: v.status, Detail: v.detail, Evidence: concat(v.evidence)})
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

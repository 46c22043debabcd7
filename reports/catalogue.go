package reports

import (
	"context"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// Request is everything a caller may ask of a report. A report reads the
// fields it needs and ignores the rest.
type Request struct {
	// Programme limits the report to one programme ("" = every programme).
	Programme string
	// Period is the reporting period (zero ends = open).
	Period Period
	// AsOf asks for the ledger as it stood at a past position or time.
	AsOf AsOf
	// Thresholds given for the run replace, where not 0, every
	// programme's own early-warning thresholds (zero value: each
	// programme's own, else the guidance's).
	Thresholds Thresholds
	// Subject names what a report is about when it is about one thing (the
	// relationship of the "relationship" report).
	Subject string
	// Now is the clock: the reference date when no as-of is given.
	Now time.Time
}

// Inputs are what reports read: the views and, for the few that quote the
// ledger itself (the audit), the ledger.
type Inputs struct {
	Views  Source
	Ledger events.Reader
	// Memo, when set, keeps built reports for the next identical request
	// at the same views position (memo.go).
	Memo *Memo
}

// Rendered is a built report, ready to be written in any of Formats.
type Rendered interface {
	Render(w io.Writer, format string) error
}

// Definition is one report of the catalogue.
type Definition struct {
	Name  string
	Title string
	// Content says the report may show meeting content (topics, actions,
	// notes). Only the parties of a relationship and its co-ordinator may
	// read such a report; the others never show it.
	Content bool
	// NeedsSubject says the report is about one thing named in
	// Request.Subject.
	NeedsSubject bool
	// NeedsLedger says the report reads the ledger itself (Inputs.Ledger),
	// not only the views: a node that holds only views cannot answer it.
	NeedsLedger bool
	Build       func(ctx context.Context, in Inputs, r Request) (Rendered, error)
}

var catalogue = map[string]Definition{}

// define adds a report to the catalogue, from an init function.
func define(d Definition) {
	if _, dup := catalogue[d.Name]; dup {
		panic("reports: " + d.Name + " defined twice")
	}
	catalogue[d.Name] = d
}

// Lookup returns the named report, or an EINVALID error listing the known
// ones.
func Lookup(name string) (Definition, error) {
	d, ok := catalogue[name]
	if !ok {
		return Definition{}, events.Errorf(events.EINVALID, "report: unknown report %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	return d, nil
}

// Names lists the catalogue's reports in order.
func Names() []string {
	names := make([]string, 0, len(catalogue))
	for n := range catalogue {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return nameLess(names[i], names[j]) })
	return names
}

// nameLess orders the checklists first, by number, then the rest by name.
func nameLess(a, b string) bool {
	ca, cb := strings.HasPrefix(a, "checklist-"), strings.HasPrefix(b, "checklist-")
	if ca != cb {
		return ca
	}
	return a < b
}

// Run builds the named report and writes it in format.
func Run(ctx context.Context, in Inputs, name string, r Request, format string, w io.Writer) error {
	d, err := Lookup(name)
	if err != nil {
		return err
	}
	if err := CheckFormat(format); err != nil {
		return err
	}
	if d.NeedsLedger && in.Ledger == nil {
		return events.Errorf(events.EINVALID, "report %s: reads the ledger itself, and this node holds only the views: ask a node that serves the ledger", name)
	}
	if d.NeedsSubject && r.Subject == "" {
		return events.Errorf(events.EINVALID, "report %s: name what it is about", name)
	}
	if r.Now.IsZero() {
		r.Now = time.Now()
	}
	rep, err := Build(ctx, in, d, r)
	if err != nil {
		return err
	}
	return rep.Render(w, format)
}

// renderer adapts a report struct and its render function to Rendered.
type renderer[T any] struct {
	rep    *T
	render func(io.Writer, string, *T) error
}

func (r renderer[T]) Render(w io.Writer, format string) error { return r.render(w, format, r.rep) }

// value is the report itself.
func (r renderer[T]) value() any { return r.rep }

// built wraps a Build function's result as Rendered.
func built[T any](rep *T, err error, render func(io.Writer, string, *T) error) (Rendered, error) {
	if err != nil {
		return nil, err
	}
	return renderer[T]{rep: rep, render: render}, nil
}

func init() {
	define(Definition{Name: "checklist-6", Title: "Good practice checklist 6: mentoring meetings",
		Build: func(ctx context.Context, in Inputs, r Request) (Rendered, error) {
			rep, err := BuildChecklist6(ctx, in.Views, r.AsOf, r.Now, r.Programme)
			return built(rep, err, RenderChecklist6)
		}})
	define(Definition{Name: "monitoring", Title: "Monitoring questions (checklist 5)",
		Build: func(ctx context.Context, in Inputs, r Request) (Rendered, error) {
			rep, err := BuildMonitoring(ctx, in.Views, r.AsOf, r.Now, r.Programme)
			return built(rep, err, RenderMonitoring)
		}})
	define(Definition{Name: "pitfalls", Title: "Early warnings: the nine pitfalls",
		Build: func(ctx context.Context, in Inputs, r Request) (Rendered, error) {
			rep, err := BuildPitfalls(ctx, in.Views, r.AsOf, r.Thresholds, r.Now, r.Programme)
			return built(rep, err, RenderPitfalls)
		}})
	define(Definition{Name: "funder", Title: "Evaluation report for the funder",
		Build: func(ctx context.Context, in Inputs, r Request) (Rendered, error) {
			rep, err := BuildFunder(ctx, in.Views, r.Period, r.Programme, r.AsOf, r.Now)
			return built(rep, err, RenderFunder)
		}})
	define(Definition{Name: "audit", Title: "Accountability audit", NeedsLedger: true,
		Build: func(ctx context.Context, in Inputs, r Request) (Rendered, error) {
			rep, err := BuildAudit(ctx, in.Views, in.Ledger, r.Period, r.Programme, r.AsOf, r.Now)
			return built(rep, err, RenderAudit)
		}})
}

// ParsePeriod reads the --from and --to days ("" = open).
func ParsePeriod(from, to string) (Period, error) {
	var p Period
	for _, d := range []struct {
		flag, value string
		into        *events.Date
	}{{"from", from, &p.From}, {"to", to, &p.To}} {
		if d.value == "" {
			continue
		}
		day, err := events.ParseDate(d.value)
		if err != nil {
			return p, events.Errorf(events.EINVALID, "%s: %v", d.flag, err)
		}
		*d.into = day
	}
	if !p.From.IsZero() && !p.To.IsZero() && p.To.Before(p.From) {
		return p, events.Errorf(events.EINVALID, "to: must be on or after from %s, got %s", p.From, p.To)
	}
	return p, nil
}

// ParseAsOf reads --as-of (a date or RFC 3339 time) and --as-of-position;
// at most one may be given.
func ParseAsOf(asOf, asOfPosition string) (AsOf, error) {
	var at AsOf
	if asOf != "" && asOfPosition != "" {
		return at, events.Errorf(events.EINVALID, "as-of: give --as-of or --as-of-position, not both")
	}
	if asOf != "" {
		t, err := ParseAsOfTime(asOf)
		if err != nil {
			return at, err
		}
		at.Time = t
	}
	if asOfPosition != "" {
		n, err := strconv.ParseUint(asOfPosition, 10, 64)
		if err != nil || n == 0 {
			return at, events.Errorf(events.EINVALID, "as-of-position: must be a ledger position ≥ 1, got %q", asOfPosition)
		}
		at.Position = events.Position(n)
	}
	return at, nil
}

// ThresholdFlags names each early-warning threshold as the command line
// and the API take it.
func ThresholdFlags(th *Thresholds) []ThresholdFlag {
	out := make([]ThresholdFlag, len(thresholdFields))
	for i, f := range thresholdFields {
		out[i] = ThresholdFlag{Name: f.flag, Into: f.of(th), Usage: f.usage, Default: f.def}
	}
	return out
}

// ThresholdFlag is one early-warning threshold: its flag, where it goes,
// what it means and the guidance's value.
type ThresholdFlag struct {
	Name    string
	Into    *int
	Usage   string
	Default int
}

// CheckThreshold validates a threshold given for a run, naming its flag.
func CheckThreshold(flag string, v int) error {
	if v < 1 || v > events.MaxThresholdDays {
		return events.Errorf(events.EINVALID, "%s: must be 1..%d, got %d", flag, events.MaxThresholdDays, v)
	}
	return nil
}

// ItemStatuses is implemented by the checklist reports: for each
// programme, the status of each item in order. Dashboards draw it.
type ItemStatuses interface {
	ItemStatuses() map[string][]string
}

// Statuses returns a built report's item statuses by programme, if it has
// any.
func Statuses(r Rendered) (map[string][]string, bool) {
	if u, ok := r.(interface{ report() any }); ok {
		if s, ok := u.report().(ItemStatuses); ok {
			return s.ItemStatuses(), true
		}
	}
	return nil, false
}

func (r renderer[T]) report() any { return r.rep }

// ItemStatuses gives the programme-level statuses of a checklist judged
// per relationship (6 and 7).
func (c *RelationshipLevelChecklist) ItemStatuses() map[string][]string {
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

// Unwrap returns the report struct a Rendered holds (a *Checklist6, a
// *Pitfalls, …), for callers that draw parts of it themselves.
func Unwrap(r Rendered) any {
	if u, ok := r.(interface{ report() any }); ok {
		return u.report()
	}
	return nil
}

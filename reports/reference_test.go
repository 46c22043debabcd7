package reports_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/reports"
)

// The relationship-level checklists derive what they judge in Go from the
// rows' tokens; their reference paths derive it in SQL as they did before.
// Both must give the same report, as of every position and time.

type referencePair struct {
	name      string
	fast, ref func(ctx context.Context, src reports.Source, asOf reports.AsOf, now time.Time) (any, error)
}

var referencePairs = []referencePair{
	{"checklist-6",
		func(ctx context.Context, src reports.Source, at reports.AsOf, now time.Time) (any, error) {
			return reports.BuildChecklist6(ctx, src, at, now)
		},
		func(ctx context.Context, src reports.Source, at reports.AsOf, now time.Time) (any, error) {
			return reports.BuildChecklist6Reference(ctx, src, at, now)
		}},
	{"checklist-7",
		func(ctx context.Context, src reports.Source, at reports.AsOf, now time.Time) (any, error) {
			return reports.BuildChecklist7(ctx, src, "", at, now)
		},
		func(ctx context.Context, src reports.Source, at reports.AsOf, now time.Time) (any, error) {
			return reports.BuildChecklist7Reference(ctx, src, "", at, now)
		}},
}

// referenceLedgers are the ledgers the paths are compared on, each with
// the positions and times to compare at.
func referenceLedgers(t *testing.T) []struct {
	name  string
	l     *ledger
	asOfs []reports.AsOf
} {
	t.Helper()
	var out []struct {
		name  string
		l     *ledger
		asOfs []reports.AsOf
	}
	add := func(name string, l *ledger, times []time.Time) {
		ctx := context.Background()
		if _, err := l.views.CatchUp(ctx, l.store, projections.CatchUpOptions{}); err != nil {
			t.Fatal(err)
		}
		head, err := l.store.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		asOfs := []reports.AsOf{{}}
		steps := events.Position(23)
		if testing.Short() {
			steps = 5
		}
		for k := events.Position(1); k <= steps; k++ {
			asOfs = append(asOfs, reports.AsOf{Position: max(1, head*k/steps)})
		}
		for _, at := range times {
			asOfs = append(asOfs, reports.AsOf{Time: at})
		}
		out = append(out, struct {
			name  string
			l     *ledger
			asOfs []reports.AsOf
		}{name, l, asOfs})
	}
	n := 6000
	if testing.Short() {
		n = 2500
	}
	for _, late := range []bool{false, true} {
		l, times := fixtureLedger(t, n, late)
		add(fmt.Sprintf("fixture late=%v", late), l, times)
	}
	w := &world{ledger: goldenStore(t, digestClock)}
	w.svc = &app.Service{Store: w.store, Now: func() time.Time { return w.now }}
	demoLike(w)
	add("demo-like", w.ledger, []time.Time{time.Date(2025, 2, 2, 12, 0, 0, 0, time.UTC), time.Date(2025, 6, 30, 23, 59, 59, 0, time.UTC)})
	return out
}

func TestFastPathsEqualTheirReferenceAsOfEveryPoint(t *testing.T) {
	ctx := context.Background()
	for _, lg := range referenceLedgers(t) {
		for _, now := range []time.Time{time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} {
			for _, at := range lg.asOfs {
				for _, p := range referencePairs {
					fast, err1 := p.fast(ctx, lg.l.views, at, now)
					ref, err2 := p.ref(ctx, lg.l.views, at, now)
					if (err1 == nil) != (err2 == nil) {
						t.Fatalf("%s %s as of %+v: errors %v and %v", lg.name, p.name, at, err1, err2)
					}
					a, _ := json.Marshal(fast)
					b, _ := json.Marshal(ref)
					if string(a) != string(b) {
						t.Fatalf("%s %s as of %+v (now %s) differs from its reference:\n%s", lg.name, p.name, at, now.Format(time.DateOnly), firstJSONDiff(a, b))
					}
				}
			}
		}
	}
}

// firstJSONDiff shows where two JSON texts first differ.
func firstJSONDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-300)
	return fmt.Sprintf("fast: %s\nref:  %s", a[lo:min(len(a), i+200)], b[lo:min(len(b), i+200)])
}

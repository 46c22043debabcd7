package reports_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/reports"
)

// TestEveryAsOfReportIsIdenticalAfterARebuildFromZero is issue 4's
// point-in-time test for the whole catalogue: every report is recorded as
// of several points while the ledger grows, the views are rebuilt from
// zero, and every report asked again as of the same point must say what
// it said then (its errors included), but for the views' own position.
func TestEveryAsOfReportIsIdenticalAfterARebuildFromZero(t *testing.T) {
	ctx := context.Background()
	l := newLedgerWithViews(t)
	reqs := fixtureRequests(t, 3000)
	now := events.MustDate("2026-01-01").Time()
	type point struct {
		name string
		req  reports.Request
		out  string
	}
	var points []point
	subject := ""
	run := func(name string, r reports.Request) string {
		var b strings.Builder
		err := reports.Run(ctx, reports.Inputs{Views: l.views, Ledger: l.store}, name, r, "json", &b)
		if err != nil {
			return "error: " + err.Error()
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(b.String()), &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if basis, ok := v["basis"].(map[string]any); ok {
			delete(basis, "views_position") // the rebuilt views hold everything
		}
		out, _ := json.Marshal(v)
		return string(out)
	}
	l.grow(reqs, 3, func(at reports.AsOf) {
		if subject == "" { // the first relationship matched
			if err := l.views.DB().QueryRowContext(ctx, "SELECT relationship_id FROM relationships ORDER BY pos LIMIT 1").Scan(&subject); err != nil {
				t.Fatal(err)
			}
		}
		for _, name := range reports.Names() {
			def, _ := reports.Lookup(name)
			r := reports.Request{AsOf: at, Now: now}
			if def.NeedsSubject {
				r.Subject = subject
			}
			points = append(points, point{name, r, run(name, r)})
		}
	})
	if _, err := l.views.Rebuild(ctx, l.store, projections.CatchUpOptions{PageSize: 500}); err != nil {
		t.Fatal(err)
	}
	for _, p := range points {
		if got := run(p.name, p.req); got != p.out {
			t.Errorf("%s as of %+v differs after the ledger grew and the views were rebuilt:\nthen %s\nnow  %s", p.name, p.req.AsOf, firstDifference(p.out, got), firstDifference(got, p.out))
		}
	}
}

// firstDifference is a's text around where it first differs from b.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from, to := max(0, i-200), min(len(a), i+200)
	return "…" + a[from:to] + "…"
}

package reports_test

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/reports"
)

// TestMemoKeepsAReportUntilTheViewsMove checks the memo on a real ledger and
// real views: the same request at the same views position is answered from
// the memo with the very same output a fresh build gives; a new event (once
// the views have it), another as-of, another programme or another day each
// build again; reports that read the ledger are never kept.
func TestMemoKeepsAReportUntilTheViewsMove(t *testing.T) {
	ctx := context.Background()
	l := newLedgerWithViews(t)
	reqs := fixtureRequests(t, 4000)
	split := len(reqs) * 3 / 4
	if _, err := l.store.AppendBatch(ctx, reqs[:split]); err != nil {
		t.Fatal(err)
	}
	catchUp := func() {
		t.Helper()
		if _, err := l.views.CatchUp(ctx, l.store, projections.CatchUpOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	catchUp()
	memo := reports.NewMemo(16)
	cached := reports.Inputs{Views: l.views, Ledger: l.store, Memo: memo}
	fresh := reports.Inputs{Views: l.views, Ledger: l.store}
	now := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	run := func(in reports.Inputs, name string, r reports.Request) string {
		t.Helper()
		if r.Now.IsZero() {
			r.Now = now
		}
		var b bytes.Buffer
		if err := reports.Run(ctx, in, name, r, "json", &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	misses := func() uint64 { _, m := memo.Stats(); return m }

	first := run(cached, "checklist-6", reports.Request{})
	if misses() != 1 {
		t.Fatalf("misses = %d, want 1", misses())
	}
	if again := run(cached, "checklist-6", reports.Request{}); again != first || misses() != 1 {
		t.Fatalf("second request built again (misses %d) or differs", misses())
	}
	if f := run(fresh, "checklist-6", reports.Request{}); f != first {
		t.Fatal("the memo's answer differs from a fresh build")
	}
	// Later the same day: the same key. The next day: another.
	run(cached, "checklist-6", reports.Request{Now: now.Add(5 * time.Hour)})
	if misses() != 1 {
		t.Fatalf("same day built again: misses = %d", misses())
	}
	run(cached, "checklist-6", reports.Request{Now: now.AddDate(0, 0, 1)})
	if misses() != 2 {
		t.Fatalf("next day not built: misses = %d", misses())
	}
	head, err := l.views.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	run(cached, "checklist-6", reports.Request{AsOf: reports.AsOf{Position: head / 2}})
	if misses() != 3 {
		t.Fatalf("as-of not built: misses = %d", misses())
	}

	// A new event: nothing changes until the views have it, then the
	// report is built again and equals a fresh build.
	if _, err := l.store.AppendBatch(ctx, reqs[split:]); err != nil {
		t.Fatal(err)
	}
	run(cached, "checklist-6", reports.Request{})
	if misses() != 3 {
		t.Fatalf("built again before the views moved: misses = %d", misses())
	}
	catchUp()
	moved := run(cached, "checklist-6", reports.Request{})
	if misses() != 4 {
		t.Fatalf("not built after the views moved: misses = %d", misses())
	}
	if moved == first {
		t.Fatal("the report did not change with a quarter more events: the test proves nothing")
	}
	if f := run(fresh, "checklist-6", reports.Request{}); f != moved {
		t.Fatal("after the views moved, the memo's answer differs from a fresh build")
	}

	// The audit reads the ledger (and verifies it) every time.
	before := misses()
	run(cached, "audit", reports.Request{})
	run(cached, "audit", reports.Request{})
	if misses() != before {
		t.Fatalf("the audit went through the memo: misses %d -> %d", before, misses())
	}

	// Errors are not kept.
	if err := reports.Run(ctx, cached, "checklist-6", reports.Request{Now: now, AsOf: reports.AsOf{Position: head * 10}}, "json", &bytes.Buffer{}); err == nil {
		t.Fatal("an as-of beyond the ledger should fail")
	}
	if err := reports.Run(ctx, cached, "checklist-6", reports.Request{Now: now, AsOf: reports.AsOf{Position: head * 10}}, "json", &bytes.Buffer{}); err == nil {
		t.Fatal("a failed build was kept as a success")
	}
}

// TestMemoBuildsOnceForConcurrentRequests checks that requests arriving
// together for the same report wait for one build, and that the memo keeps
// no more entries than it was given.
func TestMemoBuildsOnceForConcurrentRequests(t *testing.T) {
	ctx := context.Background()
	l := caughtUpFixture(t, 2000)
	memo := reports.NewMemo(2)
	in := reports.Inputs{Views: l.views, Memo: memo}
	d, err := reports.Lookup("checklist-7")
	if err != nil {
		t.Fatal(err)
	}
	r := reports.Request{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Thresholds: reports.DefaultThresholds}
	var wg sync.WaitGroup
	results := make([]reports.Rendered, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep, err := reports.Build(ctx, in, d, r)
			if err != nil {
				t.Error(err)
			}
			results[i] = rep
		}()
	}
	wg.Wait()
	hits, misses := memo.Stats()
	if misses != 1 || hits != 7 {
		t.Fatalf("hits %d misses %d, want 7 and 1", hits, misses)
	}
	render := func(rep reports.Rendered) string {
		var b bytes.Buffer
		if err := rep.Render(&b, "json"); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := render(results[0])
	for _, rep := range results[1:] {
		if render(rep) != want {
			t.Fatal("concurrent requests got different reports")
		}
	}
	// Three more keys through a memo of two: the first is gone.
	for _, day := range []int{2, 3, 4} {
		r2 := r
		r2.Now = r.Now.AddDate(0, 0, day)
		if _, err := reports.Build(ctx, in, d, r2); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := reports.Build(ctx, in, d, r); err != nil {
		t.Fatal(err)
	}
	if _, misses := memo.Stats(); misses != 5 {
		t.Fatalf("misses = %d, want 5: the oldest entry should have been dropped", misses)
	}
}

package projections_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/projections"
)

func TestLiveProjectionEqualsCleanRebuild(t *testing.T) {
	ctx := context.Background()
	st := newLedger(t)
	reqs := fixtureRequests(t, 3000)
	// Half before the live projections start (caught up in bulk), the rest
	// while they run, in several bursts.
	half := len(reqs) / 2
	if _, err := st.AppendBatch(ctx, reqs[:half]); err != nil {
		t.Fatal(err)
	}
	live := newViews(t)
	l, err := projections.StartLive(ctx, st, live, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := half; i < len(reqs); i++ {
		if _, err := st.Append(ctx, reqs[i].Stream, reqs[i].Expected, reqs[i].Events...); err != nil {
			t.Fatal(err)
		}
	}
	head, err := st.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.WaitFor(ctx, head); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	clean := newViews(t)
	if _, err := clean.Rebuild(ctx, st, projections.CatchUpOptions{PageSize: 700}); err != nil {
		t.Fatal(err)
	}
	if got, want := dump(t, live), dump(t, clean); got != want {
		t.Fatalf("live views differ from a clean rebuild: %s", firstDiff(got, want))
	}
	if got := count(t, clean.DB(), "meetings_logged"); got == 0 {
		t.Fatal("no meetings projected")
	}
}

func TestRedeliveredBatchHasNoEffect(t *testing.T) {
	ctx := context.Background()
	st := newLedger(t)
	if _, err := st.AppendBatch(ctx, fixtureRequests(t, 500)); err != nil {
		t.Fatal(err)
	}
	page, err := st.ReadAll(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	batch, err := projections.DecodeAll(page)
	if err != nil {
		t.Fatal(err)
	}
	v := newViews(t)
	for _, p := range v.Projections() {
		if err := v.Apply(ctx, p, batch[:300]); err != nil {
			t.Fatal(err)
		}
	}
	before := dump(t, v)
	for _, p := range v.Projections() {
		if err := v.Apply(ctx, p, batch[:300]); err != nil {
			t.Fatal(err)
		}
	}
	if after := dump(t, v); after != before {
		t.Fatal("applying the same batch twice changed the views")
	}
	// An overlapping batch applies only what is new.
	for _, p := range v.Projections() {
		if err := v.Apply(ctx, p, batch[200:]); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := count(t, v.DB(), "ledger_events"), len(batch); got != want {
		t.Fatalf("ledger_events=%d, want %d", got, want)
	}
}

func TestLagIsHeadMinusCheckpoint(t *testing.T) {
	ctx := context.Background()
	st := newLedger(t)
	if _, err := st.AppendBatch(ctx, fixtureRequests(t, 400)); err != nil {
		t.Fatal(err)
	}
	head, _ := st.Head(ctx)
	v := newViews(t)
	lag, err := v.Lag(ctx, head)
	if err != nil {
		t.Fatal(err)
	}
	for name, n := range lag {
		if n != uint64(head) {
			t.Errorf("lag of %s before catch-up=%d, want %d", name, n, head)
		}
	}
	if _, err := v.CatchUp(ctx, st, projections.CatchUpOptions{PageSize: 64}); err != nil {
		t.Fatal(err)
	}
	lag, _ = v.Lag(ctx, head)
	for name, n := range lag {
		if n != 0 {
			t.Errorf("lag of %s after catch-up=%d, want 0", name, n)
		}
	}
	cp, _ := v.Checkpoint(ctx)
	if cp != head {
		t.Fatalf("checkpoint=%d, want head %d", cp, head)
	}
	_ = events.Position(0)
}

func TestLiveReportsABatchThatKeepsFailing(t *testing.T) {
	ctx := context.Background()
	st := newLedger(t)
	v := newViews(t)
	l, err := projections.StartLive(ctx, st, v, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := v.DB().Exec("DROP TABLE meetings_logged"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AppendBatch(ctx, fixtureRequests(t, 200)); err != nil {
		t.Fatal(err)
	}
	head, _ := st.Head(ctx)
	err = l.WaitFor(ctx, head)
	if err == nil || !strings.Contains(err.Error(), "meetings_logged") {
		t.Fatalf("WaitFor=%v, want the failing table named", err)
	}
}

func TestViewsBuiltByAnotherVersionAreDroppedAndRebuilt(t *testing.T) {
	ctx := context.Background()
	// No idle digest: one landing between the two builds would make them
	// differ for a reason this test is not about.
	st := newLedger(t, sqlite.WithIdleDigest(0))
	if _, err := st.AppendBatch(ctx, fixtureRequests(t, 300)); err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/views.duckdb"
	v, err := projections.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.CatchUp(ctx, st, projections.CatchUpOptions{}); err != nil {
		t.Fatal(err)
	}
	want := dump(t, v)
	if _, err := v.DB().Exec("UPDATE views_meta SET ddl_sha256 = 'an older schema'"); err != nil {
		t.Fatal(err)
	}
	v.Close()
	v, err = projections.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if cp, _ := v.Checkpoint(ctx); cp != 0 {
		t.Fatalf("checkpoint after a schema change=%d, want 0 (views dropped)", cp)
	}
	if _, err := v.CatchUp(ctx, st, projections.CatchUpOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, v); got != want {
		t.Fatalf("views rebuilt after a schema change differ: %s", firstDiff(got, want))
	}
}

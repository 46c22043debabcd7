package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/events/storetest"
)

// The bulk way must keep every promise of the ordinary one.
func TestConformanceBulk(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) events.Store {
		return open(tb, filepath.Join(tb.TempDir(), "ledger.db"), sqlite.WithBulkAlways(), sqlite.WithDigestEvery(50))
	}, storetest.Options{GapFree: true})
}

// importBatch is streams requests of per events each, with ids from the
// caller as an import has them.
func importBatch(tag string, streams, per int) []events.AppendRequest {
	reqs := make([]events.AppendRequest, streams)
	for i := range reqs {
		evs := make([]events.NewEvent, per)
		for k := range evs {
			evs[k] = event(k)
			evs[k].ID = fmt.Sprintf("%s-%d-%d", tag, i, k)
		}
		reqs[i] = events.AppendRequest{Stream: fmt.Sprintf("%s-%d", tag, i), Expected: events.NoStream, Events: evs}
	}
	return reqs
}

func TestBulkAppend(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"), sqlite.WithBulkMin(1000))
	defer closeStore(t, s)
	ctx := context.Background()
	wantIndexes := func() {
		t.Helper()
		got, err := s.Indexes()
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"events_id", "events_stream_version"}; !slices.Equal(got, want) {
			t.Fatalf("indexes %v, want %v", got, want)
		}
	}
	count := func() int { return len(readAll(t, s)) }
	wantBulk := func(want int64) {
		t.Helper()
		if got := s.BulkAppends(); got != want {
			t.Fatalf("%d batches appended the bulk way, want %d", got, want)
		}
	}

	first, err := s.AppendBatch(ctx, importBatch("a", 30, 100))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range first {
		if r.First != events.Position(100*i+1) || r.Last != events.Position(100*i+100) || r.Version != 100 {
			t.Fatalf("result %d: %+v", i, r)
		}
	}
	wantIndexes()
	wantBulk(1)
	if got := count(); got != 3000 {
		t.Fatalf("ledger holds %d events, want 3000", got)
	}

	again, err := s.AppendBatch(ctx, importBatch("a", 30, 100))
	if err != nil {
		t.Fatal(err)
	}
	for i := range again {
		if !again[i].Duplicate || again[i].First != first[i].First || again[i].Last != first[i].Last {
			t.Fatalf("retry %d: %+v, want the original %+v", i, again[i], first[i])
		}
	}
	anyRetry := importBatch("a", 30, 100)
	for i := range anyRetry {
		anyRetry[i].Expected = events.Any
	}
	if again, err = s.AppendBatch(ctx, anyRetry); err != nil || !again[7].Duplicate {
		t.Fatalf("retry expecting any version: %v, %+v", err, again)
	}

	reuse := importBatch("b", 40, 100)
	reuse[33].Events[50].ID = "a-2-17"
	if _, err := s.AppendBatch(ctx, reuse); !errors.Is(err, events.ErrDuplicateID) {
		t.Fatalf("bulk batch reusing an id: %v, want %v", err, events.ErrDuplicateID)
	}
	stale := importBatch("b", 40, 100)
	stale[39].Expected = events.Exact(3)
	if _, err := s.AppendBatch(ctx, stale); !errors.Is(err, events.ErrConcurrency) {
		t.Fatalf("bulk batch with a stale request: %v, want %v", err, events.ErrConcurrency)
	}
	wantIndexes()
	wantBulk(1)
	if got := count(); got != 3000 {
		t.Fatalf("after refused batches the ledger holds %d events, want 3000", got)
	}

	if _, err := s.AppendBatch(ctx, importBatch("b", 40, 100)); err != nil {
		t.Fatal(err)
	}
	wantIndexes()
	wantBulk(2)
	if _, err := s.Append(ctx, "c", events.Any, func() events.NewEvent { e := event(1); e.ID = "b-39-99"; return e }()); !errors.Is(err, events.ErrDuplicateID) {
		t.Fatalf("append reusing an id of the bulk batch: %v", err)
	}
	res := verify(t, s)
	if res.Events != 7000 {
		t.Fatalf("verify: %+v, want 7000 events", res)
	}
}

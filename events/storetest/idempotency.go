package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/mentorledger/mentorledger/events"
)

func testIdempotentRetry(t *testing.T, s events.Store, _ Options) {
	ctx := context.Background()
	a, b := newID(), newID()
	mustAppend(t, s, "before", events.NoStream, ev(seq{I: 0}))
	first := mustAppend(t, s, "order-1", events.NoStream, evID(a, seq{I: 1}), evID(b, seq{I: 2}))
	mustAppend(t, s, "after", events.NoStream, ev(seq{I: 3}))
	if first.Duplicate {
		t.Fatal("first append reported as a duplicate")
	}
	for _, exp := range []events.ExpectedVersion{events.NoStream, events.Any} {
		res, err := s.Append(ctx, "order-1", exp, evID(a, seq{I: 1}), evID(b, seq{I: 2}))
		if err != nil {
			t.Fatalf("retry expecting %d: %v", exp, err)
		}
		if !res.Duplicate {
			t.Fatalf("retry expecting %d: not reported as a duplicate", exp)
		}
		res.Duplicate = false
		if res != first {
			t.Fatalf("retry expecting %d: result %+v, want the original %+v", exp, res, first)
		}
	}
	wantVersion(t, s, "order-1", 2)
	if got, want := countUser(t, s), 4; got != want {
		t.Fatalf("ledger holds %d events after retries, want %d", got, want)
	}
	// The stream moves on; a late retry of the first append still gets its
	// original result.
	mustAppend(t, s, "order-1", events.Exact(2), ev(seq{I: 4}))
	res, err := s.Append(ctx, "order-1", events.NoStream, evID(a, seq{I: 1}), evID(b, seq{I: 2}))
	if err != nil || !res.Duplicate || res.Version != 2 || res.First != first.First || res.Last != first.Last {
		t.Fatalf("late retry: %+v, %v; want the original %+v as a duplicate", res, err, first)
	}
	wantVersion(t, s, "order-1", 3)
}

func testDuplicateID(t *testing.T, s events.Store, _ Options) {
	ctx := context.Background()
	a, b := newID(), newID()
	mustAppend(t, s, "order-1", events.NoStream, evID(a, seq{I: 1}), evID(b, seq{I: 2}))
	tries := []struct {
		what   string
		stream string
		evs    []events.NewEvent
	}{
		{"one id reused with a new one", "order-1", []events.NewEvent{evID(a, seq{}), evID(newID(), seq{})}},
		{"a new id then a reused one", "order-1", []events.NewEvent{evID(newID(), seq{}), evID(b, seq{})}},
		{"part of the earlier append", "order-1", []events.NewEvent{evID(a, seq{})}},
		{"the last part of the earlier append", "order-1", []events.NewEvent{evID(b, seq{})}},
		{"the same ids in another order", "order-1", []events.NewEvent{evID(b, seq{}), evID(a, seq{})}},
		{"the same ids on another stream", "order-2", []events.NewEvent{evID(a, seq{}), evID(b, seq{})}},
	}
	for _, try := range tries {
		_, err := s.Append(ctx, try.stream, events.Any, try.evs...)
		wantIs(t, try.what, err, events.ErrDuplicateID)
		if got := events.ErrorCode(err); got != events.ECONFLICT {
			t.Fatalf("%s: error code %q, want %q", try.what, got, events.ECONFLICT)
		}
	}
	c := newID()
	_, err := s.Append(ctx, "order-3", events.NoStream, evID(c, seq{}), evID(c, seq{}))
	if err == nil {
		t.Fatal("one append carrying the same id twice was accepted")
	}
	wantVersion(t, s, "order-1", 2)
	wantVersion(t, s, "order-2", 0)
	wantVersion(t, s, "order-3", 0)
	if got, want := countUser(t, s), 2; got != want {
		t.Fatalf("ledger holds %d events, want %d", got, want)
	}
	// An id refused along with its append is still free to use.
	mustAppend(t, s, "order-3", events.NoStream, evID(c, seq{}))
}

func testBatchAtomic(t *testing.T, s events.Store, _ Options) {
	ctx := context.Background()
	used := newID()
	mustAppend(t, s, "c", events.NoStream, evID(used, seq{I: 1}))
	good := func() []events.AppendRequest {
		return []events.AppendRequest{
			{Stream: "a", Expected: events.NoStream, Events: []events.NewEvent{ev(seq{I: 1}), ev(seq{I: 2})}},
			{Stream: "b", Expected: events.NoStream, Events: []events.NewEvent{ev(seq{I: 1})}},
			{Stream: "c", Expected: events.Exact(1), Events: []events.NewEvent{ev(seq{I: 2})}},
		}
	}
	nothing := func(what string) {
		t.Helper()
		wantVersion(t, s, "a", 0)
		wantVersion(t, s, "b", 0)
		wantVersion(t, s, "c", 1)
		if got, want := countUser(t, s), 1; got != want {
			t.Fatalf("%s: ledger holds %d events, want %d", what, got, want)
		}
	}

	stale := good()
	stale[2].Expected = events.Exact(5)
	_, err := s.AppendBatch(ctx, stale)
	wantIs(t, "batch with one stale request", err, events.ErrConcurrency)
	nothing("stale")

	stale = good()
	stale[0].Expected = events.Exact(1)
	_, err = s.AppendBatch(ctx, stale)
	wantIs(t, "batch whose first request is stale", err, events.ErrConcurrency)
	nothing("stale first")

	dup := good()
	dup[1].Events = append(dup[1].Events, evID(used, seq{}))
	_, err = s.AppendBatch(ctx, dup)
	wantIs(t, "batch reusing an id", err, events.ErrDuplicateID)
	nothing("duplicate id")

	invalid := good()
	invalid[2].Events[0].Type = ""
	_, err = s.AppendBatch(ctx, invalid)
	wantCode(t, "batch with an event without a type", err, events.EINVALID)
	nothing("invalid")

	res, err := s.AppendBatch(ctx, good())
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 {
		t.Fatalf("%d results, want 3", len(res))
	}
	for i, want := range []struct {
		stream  string
		version int64
	}{{"a", 2}, {"b", 1}, {"c", 2}} {
		if res[i].Stream != want.stream || res[i].Version != want.version || res[i].Duplicate {
			t.Fatalf("result %d: %+v, want stream %s version %d", i, res[i], want.stream, want.version)
		}
		es := readStream(t, s, want.stream, 0)
		if es[len(es)-1].Position != res[i].Last {
			t.Fatalf("result %d: last position %d, stream ends at %d", i, res[i].Last, es[len(es)-1].Position)
		}
	}
}

func testBatchRetry(t *testing.T, s events.Store, _ Options) {
	ctx := context.Background()
	batch := []events.AppendRequest{
		{Stream: "x", Expected: events.NoStream, Events: []events.NewEvent{evID(newID(), seq{I: 1})}},
		{Stream: "y", Expected: events.NoStream, Events: []events.NewEvent{evID(newID(), seq{I: 1}), evID(newID(), seq{I: 2})}},
	}
	first, err := s.AppendBatch(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.AppendBatch(ctx, batch)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	if len(again) != len(first) {
		t.Fatalf("retry: %d results, want %d", len(again), len(first))
	}
	for i := range first {
		if !again[i].Duplicate {
			t.Fatalf("retry result %d not reported as a duplicate", i)
		}
		again[i].Duplicate = false
		if again[i] != first[i] {
			t.Fatalf("retry result %d: %+v, want %+v", i, again[i], first[i])
		}
	}
	if got, want := countUser(t, s), 3; got != want {
		t.Fatalf("ledger holds %d events, want %d", got, want)
	}
}

// testConcurrentRetries sends the same append from several goroutines at
// once, as clients retrying after a timeout do: it is recorded once and
// every caller gets its result.
func testConcurrentRetries(t *testing.T, s events.Store, _ Options) {
	rounds, senders := scale(10, 40), 6
	for r := 0; r < rounds; r++ {
		stream := fmt.Sprintf("retried-%d", r)
		evs := []events.NewEvent{evID(newID(), seq{I: r}), evID(newID(), seq{I: r})}
		exp := events.NoStream
		if r%2 == 1 {
			exp = events.Any
		}
		start := make(chan struct{})
		results := make([]events.AppendResult, senders)
		errs := make([]error, senders)
		var wg sync.WaitGroup
		for i := 0; i < senders; i++ {
			wg.Go(func() {
				<-start
				results[i], errs[i] = s.Append(context.Background(), stream, exp, evs...)
			})
		}
		close(start)
		wg.Wait()
		originals := 0
		for i := range results {
			if errs[i] != nil {
				t.Fatalf("round %d sender %d: %v", r, i, errs[i])
			}
			if !results[i].Duplicate {
				originals++
			}
			if results[i].First != results[0].First || results[i].Last != results[0].Last || results[i].Version != 2 {
				t.Fatalf("round %d: results %+v and %+v differ", r, results[0], results[i])
			}
		}
		if originals != 1 {
			t.Fatalf("round %d: %d senders appended, want exactly one", r, originals)
		}
		wantVersion(t, s, stream, 2)
	}
}

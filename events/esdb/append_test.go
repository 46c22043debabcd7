package esdb

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/mentorledger/mentorledger/events"
)

func TestAnyIsSealedAgainOnTheNewHeadWhenAnotherWriterGotInFirst(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	other := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	mustAppend(t, s, "log", events.NoStream, ev(1))
	// Twice, another process appends between s reading the head and writing.
	slips, busy := 0, false
	m.slipIn(func(stream string) {
		if stream != "p:log" || slips == 2 || busy {
			return
		}
		slips++
		busy = true
		mustAppend(t, other, "log", events.Any, ev(100+slips))
		busy = false
	})
	res := mustAppend(t, s, "log", events.Any, ev(2), ev(3))
	m.slipIn(nil)
	if res.Version != 5 {
		t.Fatalf("result %+v, want version 5 after the two slipped in", res)
	}
	var sent []esdb.ExpectedRevision
	for _, c := range m.appendCalls() {
		if c.stream == "p:log" && len(c.events) == 2 {
			sent = append(sent, c.expected)
		}
	}
	if want := []esdb.ExpectedRevision{esdb.StreamRevision{Value: 0}, esdb.StreamRevision{Value: 1}, esdb.StreamRevision{Value: 2}}; !reflect.DeepEqual(sent, want) {
		t.Fatalf("tries sent at %#v, want %#v", sent, want)
	}
	es, err := s.ReadStream(context.Background(), "log", 0)
	if err != nil {
		t.Fatal(err)
	}
	prev := events.GenesisHash
	for i, e := range es {
		if e.Version != int64(i+1) || e.PrevHash != prev || events.ComputeHash(&e) != e.Hash {
			t.Fatalf("version %d does not chain: %+v", i+1, e)
		}
		prev = e.Hash
	}
}

func TestManyWritersOfAnyKeepOneChain(t *testing.T) {
	m := newMemLog()
	stores := []*Store{testStore(t, m, WithPrefix("p:")), testStore(t, m, WithPrefix("p:")), testStore(t, m, WithPrefix("p:"))}
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Go(func() {
			for i := range 20 {
				if _, err := stores[w%3].Append(context.Background(), "busy", events.Any, ev(w*100+i)); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	for _, s := range stores {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	r := testStore(t, m, WithPrefix("p:"))
	res, err := events.Verify(context.Background(), r, events.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Events != 120 {
		t.Fatalf("verify counted %d events, want 120", res.Events)
	}
}

func TestABatchWritesItsConditionalStreamsFirst(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	res, err := s.AppendBatch(context.Background(), []events.AppendRequest{
		{Stream: "own", Expected: events.Any, Events: []events.NewEvent{ev(1), ev(2)}},
		{Stream: "shared", Expected: events.NoStream, Events: []events.NewEvent{ev(3)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, c := range m.appendCalls() {
		order = append(order, c.stream)
	}
	if want := []string{"p:shared", "p:own"}; !reflect.DeepEqual(order[:2], want) {
		t.Fatalf("written in order %v, want %v", order, want)
	}
	if res[0].Stream != "own" || res[0].Version != 2 || res[1].Stream != "shared" || res[1].Version != 1 {
		t.Fatalf("results %+v, want them in the caller's order", res)
	}
	// A stale conditional request records nothing, whatever its place.
	_, err = s.AppendBatch(context.Background(), []events.AppendRequest{
		{Stream: "own", Expected: events.Any, Events: []events.NewEvent{ev(4)}},
		{Stream: "shared", Expected: events.NoStream, Events: []events.NewEvent{ev(5)}},
	})
	if !errors.Is(err, events.ErrConcurrency) || errors.Is(err, ErrPartialBatch) {
		t.Fatalf("stale batch: %v, want a conflict, nothing recorded", err)
	}
	if len(m.raw("p:own")) != 2 {
		t.Fatal("the stale batch recorded its other stream")
	}
}

func TestABatchThatLosesASecondRaceSaysWhatItRecorded(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	other := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	m.slipIn(func(stream string) {
		if stream == "p:b" {
			m.slipIn(nil)
			mustAppend(t, other, "b", events.NoStream, ev(9))
		}
	})
	_, err := s.AppendBatch(context.Background(), []events.AppendRequest{
		{Stream: "a", Expected: events.NoStream, Events: []events.NewEvent{ev(1)}},
		{Stream: "b", Expected: events.NoStream, Events: []events.NewEvent{ev(2)}},
	})
	if !errors.Is(err, ErrPartialBatch) || !errors.Is(err, events.ErrConcurrency) || events.ErrorCode(err) != events.ECONFLICT {
		t.Fatalf("batch: %v, want ErrPartialBatch wrapping ErrConcurrency", err)
	}
	if !strings.Contains(err.Error(), "a recorded, then b failed") {
		t.Fatalf("error %q does not name what was recorded", err)
	}
}

func TestARetriedBatchWithOneStreamRecordedAppendsTheRest(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	batch := []events.AppendRequest{
		{Stream: "x", Expected: events.NoStream, Events: []events.NewEvent{withID(ev(1), "x-1")}},
		{Stream: "y", Expected: events.NoStream, Events: []events.NewEvent{withID(ev(2), "y-1"), withID(ev(3), "y-2")}},
	}
	first := mustAppend(t, s, "x", events.NoStream, batch[0].Events...)
	res, err := s.AppendBatch(context.Background(), batch)
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].Duplicate || res[0].First != first.First || res[1].Duplicate || res[1].Version != 2 {
		t.Fatalf("results %+v: want x the earlier append's, y appended", res)
	}
}

func withID(e events.NewEvent, id string) events.NewEvent {
	e.ID = id
	return e
}

func TestAppendsAfterCloseAndInvalidAppendsReachNoServer(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"))
	for i, bad := range [][]events.AppendRequest{
		nil,
		{{Stream: "$ledger-digests", Expected: events.Any, Events: []events.NewEvent{ev(1)}}},
		{{Stream: "a", Expected: events.Any, Events: []events.NewEvent{{Type: "t", Payload: []byte("{")}}}},
		{{Stream: "a", Expected: events.Any, Events: []events.NewEvent{withID(ev(1), "same"), withID(ev(2), "same")}}},
	} {
		if _, err := s.AppendBatch(context.Background(), bad); events.ErrorCode(err) != events.EINVALID {
			t.Errorf("bad append %d: %v, want %q", i, err, events.EINVALID)
		}
	}
	if n := len(m.appendCalls()); n != 0 {
		t.Fatalf("%d appends reached the log", n)
	}
	s.Close()
	if _, err := s.Append(context.Background(), "a", events.Any, ev(1)); !errors.Is(err, events.ErrClosed) {
		t.Fatalf("append after close: %v", err)
	}
	if _, err := s.ReadAll(context.Background(), 0, 1); !errors.Is(err, events.ErrClosed) {
		t.Fatalf("read after close: %v", err)
	}
}

func TestEventIDsArePassedThrough(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	id := "0190c6a2-7b1e-7c3d-9f00-1234567890ab"
	mustAppend(t, s, "a", events.NoStream, withID(ev(1), id), ev(2))
	raw := m.raw("p:a")
	if raw[0].EventID.String() != id {
		t.Fatalf("EventStoreDB id %s, want the event's own %s", raw[0].EventID, id)
	}
	es, _ := s.ReadStream(context.Background(), "a", 0)
	if es[1].ID != raw[1].EventID.String() || raw[1].EventID.Version() != 7 {
		t.Fatalf("generated id %s, EventStoreDB id %s: want the same UUIDv7", es[1].ID, raw[1].EventID)
	}
}

func TestPositionsComeFromTheIndexWhenReadingBackFails(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	mustAppend(t, s, "a", events.NoStream, ev(1)) // the head of a is cached now
	m.failNext("readStream", errors.New("read refused (test)"), false)
	res, err := s.Append(context.Background(), "a", events.Exact(1), ev(2), ev(3))
	if err != nil {
		t.Fatalf("append whose read back failed: %v", err)
	}
	raw := m.raw("p:a")
	if res.First != events.Position(raw[1].Position.Commit) || res.Last != events.Position(raw[2].Position.Commit) {
		t.Fatalf("result %+v, recorded at %d..%d", res, raw[1].Position.Commit, raw[2].Position.Commit)
	}
}

package esdb

import (
	"context"
	"testing"

	"github.com/mentorledger/mentorledger/events"
)

func TestReadAllKeepsTheLedgersStreamsOnly(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("school-a:"), WithIdleDigest(0))
	neighbour := testStore(t, m, WithPrefix("school-b:"), WithIdleDigest(0))
	var want []events.AppendResult
	for i := range 6 {
		m.foreign(t, "$stats-127.0.0.1:2113", 2)
		mustAppend(t, neighbour, "relationship-r1", events.Any, ev(i))
		want = append(want, mustAppend(t, s, "relationship-r1", events.Any, ev(i)))
		m.foreign(t, "orders-7", 1)
	}
	for _, limit := range []int{1, 2, 5, 100} {
		var got []events.Envelope
		var after events.Position
		for {
			page, err := s.ReadAll(context.Background(), after, limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) > limit {
				t.Fatalf("limit %d: page of %d", limit, len(page))
			}
			got = append(got, page...)
			if len(page) < limit {
				break
			}
			after = page[len(page)-1].Position
		}
		if len(got) != len(want) {
			t.Fatalf("limit %d: read %d events, want %d", limit, len(got), len(want))
		}
		for i, e := range got {
			if e.Stream != "relationship-r1" || e.Position != want[i].First || e.Version != int64(i+1) {
				t.Fatalf("limit %d: event %d is %s v%d at %d, want relationship-r1 v%d at %d", limit, i, e.Stream, e.Version, e.Position, i+1, want[i].First)
			}
		}
	}
}

func TestHeadIsTheLedgersLastEventNotTheServers(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	if h, err := s.Head(context.Background()); err != nil || h != 0 {
		t.Fatalf("head of an empty ledger: %d, %v", h, err)
	}
	m.foreign(t, "other", 3)
	res := mustAppend(t, s, "a", events.NoStream, ev(1), ev(2))
	m.foreign(t, "other", 3)
	h, err := s.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if h != res.Last {
		t.Fatalf("head %d, want the ledger's last event at %d", h, res.Last)
	}
	if es, err := s.ReadAll(context.Background(), h, 10); err != nil || len(es) != 0 {
		t.Fatalf("read after head: %d events, %v", len(es), err)
	}
}

func TestStreamReadsWithoutPositionsGetThemFromTheIndex(t *testing.T) {
	m := newMemLog()
	m.noStreamPositions = true
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	res := mustAppend(t, s, "a", events.NoStream, ev(1), ev(2), ev(3))
	raw := m.raw("p:a")
	if res.First != events.Position(raw[0].Position.Commit) || res.Last != events.Position(raw[2].Position.Commit) {
		t.Fatalf("result %+v, log positions %d..%d", res, raw[0].Position.Commit, raw[2].Position.Commit)
	}
	es, err := s.ReadStream(context.Background(), "a", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].Position != events.Position(raw[1].Position.Commit) || es[1].Position != res.Last {
		t.Fatalf("read after version 1: %+v", es)
	}
}

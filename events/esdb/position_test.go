package esdb

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/mentorledger/mentorledger/events"
)

func ev(i int) events.NewEvent {
	return events.NewEvent{Type: "test.happened", SchemaVersion: 1, Actor: "tester", Payload: json.RawMessage(fmt.Sprintf(`{"i":%d}`, i))}
}

func mustAppend(tb testing.TB, s *Store, stream string, exp events.ExpectedVersion, evs ...events.NewEvent) events.AppendResult {
	tb.Helper()
	res, err := s.Append(context.Background(), stream, exp, evs...)
	if err != nil {
		tb.Fatalf("append %s at %d: %v", stream, exp, err)
	}
	return res
}

func TestExpectedVersionsMapToTheClientsStreamStates(t *testing.T) {
	for _, c := range []struct {
		v    events.ExpectedVersion
		want esdb.ExpectedRevision
	}{
		{events.Any, esdb.Any{}},
		{events.NoStream, esdb.NoStream{}},
		{events.Exact(1), esdb.StreamRevision{Value: 0}},
		{events.Exact(7), esdb.StreamRevision{Value: 6}},
	} {
		if got := expectedRevision(c.v); got != c.want {
			t.Errorf("expected version %d: %#v, want %#v", c.v, got, c.want)
		}
	}
	if got, want := versionOf(0), int64(1); got != want {
		t.Errorf("revision 0 is version %d, want %d", got, want)
	}
}

func TestAppendsSendTheRevisionOfTheHeadTheySealedOn(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"))
	mustAppend(t, s, "a", events.NoStream, ev(1), ev(2))
	mustAppend(t, s, "a", events.Exact(2), ev(3))
	mustAppend(t, s, "a", events.Any, ev(4))
	mustAppend(t, s, "b", events.Any, ev(5))
	want := []esdb.ExpectedRevision{esdb.NoStream{}, esdb.StreamRevision{Value: 1}, esdb.StreamRevision{Value: 2}, esdb.NoStream{}}
	var got []esdb.ExpectedRevision
	for _, c := range m.appendCalls() {
		if c.stream == "p:$ledger-digests" {
			continue
		}
		got = append(got, c.expected)
		for _, e := range c.events {
			if e.ContentType != esdb.ContentTypeJson {
				t.Errorf("%s: content type %d, want JSON", c.stream, e.ContentType)
			}
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("expected revisions sent %#v, want %#v (Any is sent as the revision sealed on, never esdb.Any{})", got, want)
	}
	if raw := m.raw("p:a"); len(raw) != 4 || raw[3].EventNumber != 3 {
		t.Fatalf("stream p:a holds %d events, want 4 at revisions 0..3", len(raw))
	}
}

func TestPositionsAreCommitPositionsAndConvertBack(t *testing.T) {
	if got := positionOf(esdb.Position{Commit: 4321, Prepare: 4321}); got != 4321 {
		t.Errorf("position of commit 4321: %d", got)
	}
	if got := positionOf(esdb.Position{Commit: noPosition, Prepare: noPosition}); got != 0 {
		t.Errorf("position the server did not give: %d, want 0", got)
	}
	if got := allFrom(0); got != (esdb.Start{}) {
		t.Errorf("$all from 0: %#v, want the start", got)
	}
	if got, want := allFrom(4321), (esdb.Position{Commit: 4321, Prepare: 4321}); got != want {
		t.Errorf("$all from 4321: %#v, want %#v", got, want)
	}

	// Through the store: positions are the log's, not consecutive, and
	// reading or subscribing after one starts $all there.
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	r1 := mustAppend(t, s, "a", events.NoStream, ev(1), ev(2))
	r2 := mustAppend(t, s, "a", events.Any, ev(3))
	raw := m.raw("p:a")
	if r1.First != events.Position(raw[0].Position.Commit) || r1.Last != events.Position(raw[1].Position.Commit) || r2.First != events.Position(raw[2].Position.Commit) {
		t.Fatalf("results %+v %+v, log positions %v %v %v", r1, r2, raw[0].Position, raw[1].Position, raw[2].Position)
	}
	if r1.Last-r1.First == 1 {
		t.Fatalf("positions %d and %d are consecutive: the log's should not be", r1.First, r1.Last)
	}
	got, err := s.ReadAll(context.Background(), r1.First, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Position != r1.Last || got[1].Position != r2.First {
		t.Fatalf("read after %d: %d events from %d, want positions %d, %d", r1.First, len(got), got[0].Position, r1.Last, r2.First)
	}
	sub, err := s.Subscribe(context.Background(), r1.Last)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if e := <-sub.Events(); e.Position != r2.First {
		t.Fatalf("subscription after %d delivered %d first, want %d", r1.Last, e.Position, r2.First)
	}
	_, froms := m.subscriptions()
	if want := (esdb.Position{Commit: uint64(r1.Last), Prepare: uint64(r1.Last)}); len(froms) != 1 || froms[0] != want {
		t.Fatalf("subscribed from %#v, want %#v", froms, want)
	}
}

package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

func testRoundTrip(t *testing.T, s events.Store, _ Options) {
	ctx := context.Background()
	at := time.Date(2024, 3, 5, 10, 11, 12, 123456789, time.FixedZone("CET", 3600))
	id1, id2 := newID(), newID()
	in := []events.NewEvent{
		{ID: id1, Type: "test.opened", SchemaVersion: 2, RecordedAt: at, Actor: "alice",
			CorrelationID: "corr-1", CausationID: "cause-1", Payload: json.RawMessage(`{"n":1,"s":"é ✓ \u003c"}`)},
		{ID: id2, Type: "test.noted", SchemaVersion: 1, RecordedAt: at.Add(time.Nanosecond), Actor: "bob",
			Payload: json.RawMessage("{ \"n\" : 2,\n \"list\": [1, 2] }")},
		{Type: "test.closed", SchemaVersion: 1, Actor: "carol", Payload: json.RawMessage(`{}`)},
	}
	res, err := s.Append(ctx, "thing-1", events.NoStream, in...)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stream != "thing-1" || res.Version != 3 || res.Duplicate {
		t.Fatalf("result %+v, want stream thing-1 version 3, not duplicate", res)
	}
	if res.First >= res.Last {
		t.Fatalf("result first %d, last %d: want first < last", res.First, res.Last)
	}

	got := readStream(t, s, "thing-1", 0)
	if got, want := len(got), 3; got != want {
		t.Fatalf("read %d events, want %d", got, want)
	}
	if got[0].Position != res.First || got[2].Position != res.Last {
		t.Fatalf("positions %d..%d, result says %d..%d", got[0].Position, got[2].Position, res.First, res.Last)
	}
	wantPayload := []json.RawMessage{compact(t, string(in[0].Payload)), compact(t, string(in[1].Payload)), json.RawMessage(`{}`)}
	for i, e := range got {
		if e.Stream != "thing-1" || e.Version != int64(i+1) {
			t.Fatalf("event %d: stream %s version %d", i, e.Stream, e.Version)
		}
		if i > 0 && e.Position <= got[i-1].Position {
			t.Fatalf("event %d: position %d after %d", i, e.Position, got[i-1].Position)
		}
		if e.Type != in[i].Type || e.SchemaVersion != in[i].SchemaVersion || e.Actor != in[i].Actor ||
			e.CorrelationID != in[i].CorrelationID || e.CausationID != in[i].CausationID {
			t.Fatalf("event %d: got %+v, appended %+v", i, e, in[i])
		}
		if !bytes.Equal(e.Payload, wantPayload[i]) {
			t.Fatalf("event %d: payload %s, want %s (compact JSON)", i, e.Payload, wantPayload[i])
		}
		if got := events.ComputeHash(&e); got != e.Hash {
			t.Fatalf("event %d: hash %s, computed %s", i, e.Hash, got)
		}
	}
	if got[0].ID != id1 || got[1].ID != id2 || got[2].ID == "" || got[2].ID == id1 || got[2].ID == id2 {
		t.Fatalf("ids %q %q %q, want %q %q and a new one", got[0].ID, got[1].ID, got[2].ID, id1, id2)
	}
	if !got[0].RecordedAt.Equal(at) || got[0].RecordedAt.Nanosecond() != at.Nanosecond() {
		t.Fatalf("recorded at %s, want %s", got[0].RecordedAt.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano))
	}
	if !got[1].RecordedAt.Equal(at.Add(time.Nanosecond)) {
		t.Fatalf("recorded at %s, want %s", got[1].RecordedAt.Format(time.RFC3339Nano), at.Add(time.Nanosecond).Format(time.RFC3339Nano))
	}
	if got[2].RecordedAt.IsZero() {
		t.Fatal("recorded at left zero, want the store's time")
	}
	if got[0].PrevHash != events.GenesisHash || got[1].PrevHash != got[0].Hash || got[2].PrevHash != got[1].Hash {
		t.Fatal("prev hashes do not chain the stream from the genesis hash")
	}

	res2 := mustAppend(t, s, "thing-1", events.Exact(3), ev(seq{I: 4}), ev(seq{I: 5}))
	if res2.Version != 5 || res2.First <= res.Last {
		t.Fatalf("second append %+v: want version 5 after position %d", res2, res.Last)
	}
	after := readStream(t, s, "thing-1", 3)
	if len(after) != 2 || after[0].Version != 4 || after[1].Version != 5 {
		t.Fatalf("read after 3: %d events, want versions 4 and 5", len(after))
	}
	if after[0].PrevHash != got[2].Hash {
		t.Fatal("version 4 does not link to version 3")
	}
	if es := readStream(t, s, "thing-1", 5); len(es) != 0 {
		t.Fatalf("read after 5: %d events, want none", len(es))
	}
	if es := readStream(t, s, "thing-404", 0); len(es) != 0 {
		t.Fatalf("missing stream: %d events, want none", len(es))
	}
	other := mustAppend(t, s, "thing-2", events.NoStream, ev(seq{I: 1}))
	if other.Version != 1 {
		t.Fatalf("another stream starts at version %d, want 1", other.Version)
	}

	// ReadAll gives the same events as ReadStream, in the same order.
	all := userEvents(readAll(t, s, 0))
	if got, want := len(all), 6; got != want {
		t.Fatalf("read all: %d events, want %d", got, want)
	}
	for i := range got {
		sameEnvelope(t, "read all vs read stream", all[i], got[i])
	}
	head, err := s.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if head < other.Last {
		t.Fatalf("head %d is before the last append's position %d", head, other.Last)
	}
}

func testStaleVersion(t *testing.T, s events.Store, _ Options) {
	ctx := context.Background()
	mustAppend(t, s, "order-1", events.NoStream, ev(seq{I: 1}), ev(seq{I: 2}))
	for _, exp := range []events.ExpectedVersion{events.Exact(1), events.Exact(3), events.Exact(100)} {
		_, err := s.Append(ctx, "order-1", exp, ev(seq{I: 9}))
		wantIs(t, "append at a wrong version", err, events.ErrConcurrency)
		if got := events.ErrorCode(err); got != events.ECONFLICT {
			t.Fatalf("error code %q, want %q", got, events.ECONFLICT)
		}
	}
	_, err := s.Append(ctx, "order-404", events.Exact(1), ev(seq{I: 1}))
	wantIs(t, "append to a missing stream at version 1", err, events.ErrConcurrency)
	wantVersion(t, s, "order-1", 2)
	wantVersion(t, s, "order-404", 0)
	if got, want := countUser(t, s), 2; got != want {
		t.Fatalf("ledger holds %d events, want %d", got, want)
	}
}

func testNoStream(t *testing.T, s events.Store, _ Options) {
	ctx := context.Background()
	mustAppend(t, s, "order-1", events.NoStream, ev(seq{I: 1}))
	_, err := s.Append(ctx, "order-1", events.NoStream, ev(seq{I: 2}))
	wantIs(t, "no stream on an existing stream", err, events.ErrConcurrency)
	wantVersion(t, s, "order-1", 1)
	if res := mustAppend(t, s, "order-2", events.NoStream, ev(seq{I: 1})); res.Version != 1 {
		t.Fatalf("new stream at version %d, want 1", res.Version)
	}
}

func testAny(t *testing.T, s events.Store, _ Options) {
	for i := 1; i <= 5; i++ {
		res := mustAppend(t, s, "log-1", events.Any, ev(seq{I: i}))
		if res.Version != int64(i) {
			t.Fatalf("append %d: version %d", i, res.Version)
		}
	}
	wantVersion(t, s, "log-1", 5)
}

func testExact(t *testing.T, s events.Store, _ Options) {
	var v int64 // Exact counts events, not appends
	for i := 0; i < 4; i++ {
		res := mustAppend(t, s, "log-1", events.Exact(v), ev(seq{I: i}), ev(seq{I: i}))
		if got, want := res.Version, v+2; got != want {
			t.Fatalf("append %d at %d: version %d, want %d", i, v, got, want)
		}
		v = res.Version
	}
	wantVersion(t, s, "log-1", 8)
}

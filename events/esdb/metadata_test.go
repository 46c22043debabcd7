package esdb

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
	"github.com/mentorledger/mentorledger/events"
)

// asRead is how EventStoreDB gives back an event written as d.
func asRead(d esdb.EventData, stream string, rev, pos uint64) esdb.RecordedEvent {
	return esdb.RecordedEvent{EventID: d.EventID, EventType: d.EventType, ContentType: "application/json", StreamID: stream,
		EventNumber: rev, Position: esdb.Position{Commit: pos, Prepare: pos}, Data: d.Data, UserMetadata: d.Metadata}
}

func sealed(id string) events.Envelope {
	e := events.Envelope{ID: id, Stream: "relationship-r1", Version: 3, Type: "relationship.meeting_logged", SchemaVersion: 2,
		RecordedAt: time.Date(2025, 3, 1, 16, 26, 0, 123456789, time.UTC), Actor: "mentor-44",
		CorrelationID: "corr-1", CausationID: "cause-1", Payload: json.RawMessage(`{"minutes":60}`)}
	events.Seal(&e, "ab12")
	return e
}

func TestMetadataCarriesEveryFieldAndDecodesToTheSameEvent(t *testing.T) {
	e := sealed("0190c6a2-7b1e-7c3d-9f00-1234567890ab")
	d, err := eventData(&e, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if d.EventID.String() != e.ID || d.EventType != e.Type || d.ContentType != esdb.ContentTypeJson || string(d.Data) != string(e.Payload) {
		t.Fatalf("event data %+v does not carry id, type, content type and payload of %+v", d, e)
	}
	var m map[string]any
	if err := json.Unmarshal(d.Metadata, &m); err != nil {
		t.Fatalf("metadata is not JSON: %v", err)
	}
	for _, k := range []string{"hash", "prev_hash", "actor", "correlation_id", "causation_id", "schema_version", "recorded_at", "append_index", "append_size"} {
		if _, ok := m[k]; !ok {
			t.Errorf("metadata %s has no %q", d.Metadata, k)
		}
	}
	if _, ok := m["id"]; ok {
		t.Errorf("metadata %s repeats an id that is the event's own", d.Metadata)
	}
	r := asRead(d, "mentorledger:relationship-r1", 2, 98765)
	got := decode(&r, "mentorledger:")
	if got.err != nil {
		t.Fatal(got.err)
	}
	want := e
	want.Position = 98765
	if !reflect.DeepEqual(got.env, want) {
		t.Fatalf("decoded\n%+v\nwant\n%+v", got.env, want)
	}
	if got.k != 1 || got.n != 3 {
		t.Fatalf("place in its append %d of %d, want 1 of 3", got.k, got.n)
	}
	if events.ComputeHash(&got.env) != e.Hash {
		t.Fatal("decoded event does not hash to its recorded hash")
	}
}

func TestIDsThatAreNotCanonicalUUIDsTravelInTheMetadata(t *testing.T) {
	for _, id := range []string{"line-17", "0190C6A2-7B1E-7C3D-9F00-1234567890AB", "{0190c6a2-7b1e-7c3d-9f00-1234567890ab}"} {
		e := sealed(id)
		d, err := eventData(&e, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		if want := uuid.NewSHA1(idSpace, []byte(id)); d.EventID != want {
			t.Errorf("id %q: EventStoreDB id %s, want the name-based %s", id, d.EventID, want)
		}
		r := asRead(d, "x:relationship-r1", 2, 1)
		got := decode(&r, "x:")
		if got.env.ID != id || events.ComputeHash(&got.env) != e.Hash {
			t.Errorf("id %q decodes as %q (hash ok: %v)", id, got.env.ID, events.ComputeHash(&got.env) == e.Hash)
		}
	}
}

func TestAnEventWithoutLedgerMetadataIsReadAndFailsVerify(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	mustAppend(t, s, "a", events.NoStream, ev(1))
	// Written to the ledger's stream behind its back.
	if _, err := m.appendEvents(context.Background(), "p:a", esdb.Any{}, []esdb.EventData{{EventID: uuid.New(), EventType: "test.happened", ContentType: esdb.ContentTypeJson, Data: []byte(`{"i":2}`), Metadata: []byte("not json")}}); err != nil {
		t.Fatal(err)
	}
	all, err := s.ReadAll(context.Background(), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[1].Hash != "" || all[1].Version != 2 {
		t.Fatalf("read %d events, the second %+v: want it read, at version 2, without a hash", len(all), all[len(all)-1])
	}
	_, err = events.Verify(context.Background(), s, events.VerifyOptions{})
	var ce *events.ChainError
	if !errors.As(err, &ce) || ce.Position != all[1].Position {
		t.Fatalf("verify: %v, want a chain error at position %d", err, all[1].Position)
	}
	// And the chain is not extended from it.
	_, err = s.Append(context.Background(), "a", events.Any, ev(3))
	if err == nil {
		t.Fatal("append after an event that is not the ledger's succeeded")
	}
}

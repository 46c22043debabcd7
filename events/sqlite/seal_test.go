package sqlite

import (
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// seal sets the previous hash and the event's hash (the Hasher itself is
// checked against the definition in package events).
func TestSealSetsPrevAndHash(t *testing.T) {
	e := events.Envelope{ID: "0190f3c4-8a8e-7c3a-9a53-2f7d61b4c1aa", Stream: "relationship-r1", Version: 12, Type: "relationship.meeting_logged",
		SchemaVersion: 2, RecordedAt: time.Date(2025, 3, 14, 9, 30, 0, 123, time.FixedZone("x", 3600)), Actor: "p-1",
		CorrelationID: "c", CausationID: "k", Payload: []byte(`{"minutes":60}`)}
	var h hasher
	h.seal(&e, events.GenesisHash)
	if e.PrevHash != events.GenesisHash {
		t.Fatalf("prev %q", e.PrevHash)
	}
	if want := events.ComputeHash(&e); e.Hash != want {
		t.Fatalf("hash %s, events.ComputeHash %s", e.Hash, want)
	}
}

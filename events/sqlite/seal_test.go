package sqlite

import (
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// The hasher hashes exactly what events.ComputeHash hashes.
func TestHasherAgreesWithComputeHash(t *testing.T) {
	e := events.Envelope{ID: "0190f3c4-8a8e-7c3a-9a53-2f7d61b4c1aa", Stream: "relationship-r1", Version: 12, Type: "relationship.meeting_logged",
		SchemaVersion: 2, RecordedAt: time.Date(2025, 3, 14, 9, 30, 0, 123, time.FixedZone("x", 3600)), Actor: "p-1",
		CorrelationID: "c", CausationID: "k", Payload: []byte(`{"minutes":60}`)}
	var h hasher
	h.seal(&e, events.GenesisHash)
	if want := events.ComputeHash(&e); e.Hash != want {
		t.Fatalf("hash %s, events.ComputeHash %s", e.Hash, want)
	}
}

func FuzzHasherAgreesWithComputeHash(f *testing.F) {
	f.Add("id", "stream", int64(1), "type", 1, int64(0), "actor", "", "", []byte(`{}`), events.GenesisHash)
	f.Add("", "é", int64(-5), "t\x00", -3, int64(1<<62), "a\nb", "c", "k", []byte(nil), "")
	f.Fuzz(func(t *testing.T, id, stream string, version int64, typ string, sv int, nanos int64, actor, corr, caus string, payload []byte, prev string) {
		e := events.Envelope{ID: id, Stream: stream, Version: version, Type: typ, SchemaVersion: sv, RecordedAt: time.Unix(0, nanos),
			Actor: actor, CorrelationID: corr, CausationID: caus, Payload: payload}
		var h hasher
		h.seal(&e, prev)
		if want := events.ComputeHash(&e); e.Hash != want {
			t.Fatalf("hash %s, events.ComputeHash %s", e.Hash, want)
		}
	})
}

func FuzzAppendTime(f *testing.F) {
	f.Add(int64(0))
	f.Add(int64(-62135596800123456))
	f.Add(int64(1<<63 - 1))
	f.Fuzz(func(t *testing.T, nanos int64) {
		for _, at := range []time.Time{time.Unix(0, nanos), time.Unix(nanos, 0), time.Unix(nanos/1000, nanos%1000)} {
			if got, want := string(appendTime([]byte("x"), at)), "x"+events.FormatTime(at); got != want {
				t.Fatalf("%v: %s, want %s", at, got, want)
			}
		}
	})
}

package events

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"testing"
	"time"
)

// referenceHash is ComputeHash's definition transcribed plainly, as it was
// written before the Hasher: the Hasher must hash exactly these bytes.
func referenceHash(e *Envelope) string {
	h := sha256.New()
	var buf [binary.MaxVarintLen64]byte
	field := func(s string) {
		n := binary.PutUvarint(buf[:], uint64(len(s)))
		h.Write(buf[:n])
		h.Write([]byte(s))
	}
	field(hashDomain)
	field(e.PrevHash)
	field(e.ID)
	field(e.Stream)
	field(strconv.FormatInt(e.Version, 10))
	field(e.Type)
	field(strconv.Itoa(e.SchemaVersion))
	field(e.RecordedAt.UTC().Format(TimeFormat))
	field(e.Actor)
	field(e.CorrelationID)
	field(e.CausationID)
	n := binary.PutUvarint(buf[:], uint64(len(e.Payload)))
	h.Write(buf[:n])
	h.Write(e.Payload)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

func TestHasherMatchesTheDefinition(t *testing.T) {
	e := Envelope{ID: "0190f3c4-8a8e-7c3a-9a53-2f7d61b4c1aa", Stream: "relationship-r1", Version: 12, Type: "relationship.meeting_logged",
		SchemaVersion: 2, RecordedAt: time.Date(2025, 3, 14, 9, 30, 0, 123, time.FixedZone("x", 3600)), Actor: "p-1",
		CorrelationID: "c", CausationID: "k", Payload: []byte(`{"minutes":60}`), PrevHash: GenesisHash}
	want := referenceHash(&e)
	if got := ComputeHash(&e); got != want {
		t.Fatalf("ComputeHash %s, definition %s", got, want)
	}
	var h Hasher
	for i := 0; i < 3; i++ { // the buffer is reused
		if got := h.Hash(&e); got != want {
			t.Fatalf("Hasher %s, definition %s", got, want)
		}
	}
	e.Hash = want
	if !h.Matches(&e) {
		t.Fatal("Matches: false for the right hash")
	}
	e.Payload = []byte(`{"minutes":61}`)
	if h.Matches(&e) {
		t.Fatal("Matches: true for an altered payload")
	}
}

func FuzzHasherMatchesTheDefinition(f *testing.F) {
	f.Add("id", "stream", int64(1), "type", 1, int64(0), "actor", "", "", []byte(`{}`), GenesisHash)
	f.Add("", "é", int64(-5), "t\x00", -3, int64(1<<62), "a\nb", "c", "k", []byte(nil), "")
	f.Fuzz(func(t *testing.T, id, stream string, version int64, typ string, sv int, nanos int64, actor, corr, caus string, payload []byte, prev string) {
		e := Envelope{ID: id, Stream: stream, Version: version, Type: typ, SchemaVersion: sv, RecordedAt: time.Unix(0, nanos),
			Actor: actor, CorrelationID: corr, CausationID: caus, Payload: payload, PrevHash: prev}
		want := referenceHash(&e)
		var h Hasher
		if got := h.Hash(&e); got != want {
			t.Fatalf("hash %s, definition %s", got, want)
		}
		e.Hash = want
		if !h.Matches(&e) {
			t.Fatal("Matches: false for the right hash")
		}
	})
}

func FuzzAppendTime(f *testing.F) {
	f.Add(int64(0))
	f.Add(int64(-62135596800123456))
	f.Add(int64(1<<63 - 1))
	f.Fuzz(func(t *testing.T, nanos int64) {
		for _, at := range []time.Time{time.Unix(0, nanos), time.Unix(nanos, 0), time.Unix(nanos/1000, nanos%1000)} {
			if got, want := string(AppendTime([]byte("x"), at)), "x"+at.UTC().Format(TimeFormat); got != want {
				t.Fatalf("%v: %s, want %s", at, got, want)
			}
		}
	})
}

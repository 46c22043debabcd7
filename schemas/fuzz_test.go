package schemas_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/schemas"
)

// seed adds every schema example, and a few near misses, to a fuzz corpus
// as (index into events.Types(), payload).
func seed(f *testing.F) {
	types := events.Types()
	index := map[string]int{}
	for i, ti := range types {
		index[ti.Name] = i
	}
	for _, ex := range examples(f) {
		i := uint8(index[ex.eventType])
		f.Add(i, ex.payload)
		f.Add(i, bytes.Replace(ex.payload, []byte(`"`), []byte(`"\u0041`), 3))
		f.Add(i, bytes.Replace(ex.payload, []byte(`-`), []byte(`/`), 2))
		f.Add(i, bytes.Replace(ex.payload, []byte(`1`), []byte(`1.0`), 1))
	}
	f.Add(uint8(0), []byte(`{"from_position":-0,"through_position":1e2,"count":1,"seq_hash":""}`))
	f.Add(uint8(0), []byte(`[]`))
	f.Add(uint8(0), []byte(``))
	f.Add(uint8(0), []byte(`{"\\`)) // goccy/go-json#604: see events.UnmarshalJSON
}

// FuzzValidate: Validate never panics; what it accepts events.Decode
// accepts; what it rejects it rejects as EINVALID with a message naming the
// type; and whatever the fast path accepts the library accepts.
func FuzzValidate(f *testing.F) {
	seed(f)
	types := events.Types()
	f.Fuzz(func(t *testing.T, i uint8, payload []byte) {
		ti := types[int(i)%len(types)]
		err := schemas.Validate(ti.Name, ti.SchemaVersion, payload)
		if valid, _ := schemas.FastValid(ti.Name, ti.SchemaVersion, payload); valid {
			if err := schemas.ValidateWithLibrary(ti.Name, ti.SchemaVersion, payload); err != nil {
				t.Fatalf("the fast path accepts %s %q, the library rejects it: %v", ti.Name, payload, err)
			}
		}
		if err != nil {
			if got := events.ErrorCode(err); got != events.EINVALID {
				t.Fatalf("Validate(%s, %q) code=%q (%v), want %q", ti.Name, payload, got, err, events.EINVALID)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, ti.Name+".") && !strings.HasPrefix(msg, ti.Name+":") {
				t.Fatalf("Validate(%s, %q) = %q: does not name the type", ti.Name, payload, msg)
			}
			return
		}
		if _, err := events.Decode(&events.Envelope{Type: ti.Name, SchemaVersion: ti.SchemaVersion, Payload: payload}); err != nil {
			t.Fatalf("Validate accepts %s %q, Decode rejects it: %v", ti.Name, payload, err)
		}
	})
}

// FuzzDecode: events.Decode never panics, and a payload it accepts
// re-encodes to a fixed point: Encode(Decode(Encode(p))) == Encode(p). For
// a payload Validate accepts, Encode must succeed.
func FuzzDecode(f *testing.F) {
	seed(f)
	types := events.Types()
	f.Fuzz(func(t *testing.T, i uint8, payload []byte) {
		ti := types[int(i)%len(types)]
		p, err := events.Decode(&events.Envelope{Type: ti.Name, SchemaVersion: ti.SchemaVersion, Payload: payload})
		if err != nil {
			if got := events.ErrorCode(err); got != events.EINVALID {
				t.Fatalf("Decode(%s, %q) code=%q, want %q", ti.Name, payload, got, events.EINVALID)
			}
			return
		}
		if got := p.EventType(); got != ti.Name {
			t.Fatalf("Decode(%s) returned a %s", ti.Name, got)
		}
		first, err := events.Encode(p)
		if err != nil {
			if schemas.Validate(ti.Name, ti.SchemaVersion, payload) == nil {
				t.Fatalf("Validate accepts %s %q, but Encode(Decode(payload)) fails: %v", ti.Name, payload, err)
			}
			return // e.g. a time.Time that decodes but does not encode
		}
		p2, err := events.Decode(&events.Envelope{Type: first.Type, SchemaVersion: first.SchemaVersion, Payload: first.Payload})
		if err != nil {
			t.Fatalf("Decode(Encode(p)) = %v\n%s", err, first.Payload)
		}
		second, err := events.Encode(p2)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Payload, second.Payload) {
			t.Fatalf("Encode is not stable:\n%s\n%s", first.Payload, second.Payload)
		}
	})
}

package storetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// deadlineMargin is how long before the test binary's deadline ctxFor ends.
func deadlineMargin(d time.Time) time.Duration {
	left := time.Until(d)
	if m := left / 10; m < 10*time.Second {
		return m
	}
	return 10 * time.Second
}

// newID returns a random UUID (version 4), the form every backend accepts.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// ev returns an event of type test.happened whose payload is body
// marshalled; the store fills in its id and time.
func ev(body any) events.NewEvent {
	b, err := json.Marshal(body)
	if err != nil {
		panic(err)
	}
	return events.NewEvent{Type: "test.happened", SchemaVersion: 1, Actor: "storetest", Payload: b}
}

// evID is ev with a caller-chosen id, as a client that may retry sends.
func evID(id string, body any) events.NewEvent {
	e := ev(body)
	e.ID = id
	return e
}

// seq is the payload most cases use: who wrote the event and its number.
type seq struct {
	W int    `json:"w"`
	I int    `json:"i"`
	B string `json:"b,omitempty"` // the append it belongs to
	N int    `json:"n,omitempty"` // how many events that append holds
}

func decodeSeq(tb testing.TB, e events.Envelope) seq {
	tb.Helper()
	var s seq
	if err := json.Unmarshal(e.Payload, &s); err != nil {
		tb.Fatalf("position %d: payload %s: %v", e.Position, e.Payload, err)
	}
	return s
}

func mustAppend(tb testing.TB, s events.Store, stream string, exp events.ExpectedVersion, evs ...events.NewEvent) events.AppendResult {
	tb.Helper()
	res, err := s.Append(context.Background(), stream, exp, evs...)
	if err != nil {
		tb.Fatalf("append %s at %d: %v", stream, exp, err)
	}
	return res
}

func readStream(tb testing.TB, s events.Store, stream string, after int64) []events.Envelope {
	tb.Helper()
	got, err := s.ReadStream(context.Background(), stream, after)
	if err != nil {
		tb.Fatalf("read stream %s after %d: %v", stream, after, err)
	}
	return got
}

// readAll reads every event after the given position, page by page.
func readAll(tb testing.TB, s events.Store, after events.Position) []events.Envelope {
	tb.Helper()
	return readAllPaged(tb, s, after, 500)
}

func readAllPaged(tb testing.TB, s events.Store, after events.Position, page int) []events.Envelope {
	tb.Helper()
	var out []events.Envelope
	for {
		got, err := s.ReadAll(context.Background(), after, page)
		if err != nil {
			tb.Fatalf("read all after %d: %v", after, err)
		}
		if len(got) > page {
			tb.Fatalf("read all after %d limit %d: got %d events", after, page, len(got))
		}
		out = append(out, got...)
		if len(got) < page {
			return out
		}
		after = got[len(got)-1].Position
	}
}

// userEvents drops the ledger's own events (digests and the like).
func userEvents(es []events.Envelope) []events.Envelope {
	var out []events.Envelope
	for _, e := range es {
		if !strings.HasPrefix(e.Stream, events.SystemStreamPrefix) {
			out = append(out, e)
		}
	}
	return out
}

// countUser is the number of callers' events in the whole ledger.
func countUser(tb testing.TB, s events.Store) int {
	tb.Helper()
	return len(userEvents(readAll(tb, s, 0)))
}

func wantCode(tb testing.TB, what string, err error, code string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("%s: no error, want a %q error", what, code)
	}
	if got := events.ErrorCode(err); got != code {
		tb.Fatalf("%s: error code %q (%v), want %q", what, got, err, code)
	}
}

func wantIs(tb testing.TB, what string, err, target error) {
	tb.Helper()
	if !errors.Is(err, target) {
		tb.Fatalf("%s: error %v, want %v", what, err, target)
	}
}

func wantVersion(tb testing.TB, s events.Store, stream string, want int64) {
	tb.Helper()
	es := readStream(tb, s, stream, 0)
	if got := int64(len(es)); got != want {
		tb.Fatalf("stream %s holds %d events, want %d", stream, got, want)
	}
}

func compact(tb testing.TB, raw string) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(raw)); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// checkChains checks the hash of every event and that each links to the
// previous event of its stream, in global order and in ReadStream.
func checkChains(tb testing.TB, s events.Store, all []events.Envelope) {
	tb.Helper()
	type head struct {
		version int64
		hash    string
	}
	heads := map[string]head{}
	var last events.Position
	for i, e := range all {
		if i > 0 && e.Position <= last {
			tb.Fatalf("position %d follows %d", e.Position, last)
		}
		last = e.Position
		h, ok := heads[e.Stream]
		if !ok {
			h.hash = events.GenesisHash
		}
		if e.Version != h.version+1 {
			tb.Fatalf("position %d: stream %s version %d follows %d", e.Position, e.Stream, e.Version, h.version)
		}
		if e.PrevHash != h.hash {
			tb.Fatalf("position %d: stream %s version %d: prev hash %s, want %s", e.Position, e.Stream, e.Version, e.PrevHash, h.hash)
		}
		if got := events.ComputeHash(&e); got != e.Hash {
			tb.Fatalf("position %d: hash %s, computed %s", e.Position, e.Hash, got)
		}
		heads[e.Stream] = head{e.Version, e.Hash}
	}
	for stream, h := range heads {
		es := readStream(tb, s, stream, 0)
		// The ledger may have added to its own streams since ReadAll.
		grown := strings.HasPrefix(stream, events.SystemStreamPrefix) && int64(len(es)) > h.version
		if int64(len(es)) != h.version && !grown {
			tb.Fatalf("stream %s: ReadStream gives %d events, ReadAll %d", stream, len(es), h.version)
		}
		if es[h.version-1].Hash != h.hash {
			tb.Fatalf("stream %s: ReadStream has hash %s at version %d, ReadAll %s", stream, es[h.version-1].Hash, h.version, h.hash)
		}
	}
}

// sameEnvelope fails unless a and b are the same recorded event.
func sameEnvelope(tb testing.TB, what string, a, b events.Envelope) {
	tb.Helper()
	if a.ID != b.ID || a.Stream != b.Stream || a.Version != b.Version || a.Position != b.Position ||
		a.Type != b.Type || a.SchemaVersion != b.SchemaVersion || !a.RecordedAt.Equal(b.RecordedAt) ||
		a.Actor != b.Actor || a.CorrelationID != b.CorrelationID || a.CausationID != b.CausationID ||
		!bytes.Equal(a.Payload, b.Payload) || a.PrevHash != b.PrevHash || a.Hash != b.Hash {
		tb.Fatalf("%s: events differ:\n%+v\n%+v", what, a, b)
	}
}

func scale(short, long int) int {
	if testing.Short() {
		return short
	}
	return long
}

package events_test

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/mentorledger/mentorledger/events"
)

// goccy/go-json v0.10.5 reads past the end of its input on an object key
// that ends in a dangling backslash (goccy/go-json#604): it skips the
// terminating NUL as if it were the escaped character and goes on reading
// whatever lies next on the heap. CI's FuzzDecode found it as a panic. The
// test lays quotes where the over-read lands — freed objects of the
// input's size class — so that the bug shows every time, not only when
// the heap happens to hold a quote there.
func TestDecodeRejectsADanglingEscapeInAKey(t *testing.T) {
	inputs := [][]byte{
		[]byte(`{"\`),
		[]byte(`{"a\`),
		[]byte(`{"minutes":1,"\`),
		[]byte(`{"relationship_id\`),
		[]byte(`{"\x":1}`),
	}
	for _, in := range inputs {
		for _, ti := range events.Types() {
			for round := 0; round < 20; round++ {
				litter(len(in) + 1)
				_, err := events.Decode(&events.Envelope{Type: ti.Name, SchemaVersion: ti.SchemaVersion, Payload: in})
				if err == nil {
					t.Fatalf("Decode(%s, %q) accepted malformed JSON", ti.Name, in)
				}
				if got := events.ErrorCode(err); got != events.EINVALID {
					t.Fatalf("Decode(%s, %q) code=%q (%v), want %q", ti.Name, in, got, err, events.EINVALID)
				}
			}
		}
	}
}

// litter fills freed heap slots of n bytes' size class with quotes.
func litter(n int) {
	keep := make([][]byte, 0, 4096)
	for i := 0; i < 4096; i++ {
		keep = append(keep, bytes.Repeat([]byte{'"'}, n))
	}
	for i := range keep {
		if i%2 == 0 {
			keep[i] = nil
		}
	}
	runtime.GC()
	runtime.KeepAlive(keep)
}

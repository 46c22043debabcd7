package events

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// sliceReader is a ledger held in memory.
type sliceReader []Envelope

func (s sliceReader) ReadAll(_ context.Context, after Position, limit int) ([]Envelope, error) {
	var out []Envelope
	for _, e := range s {
		if e.Position > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

// chained builds n events over a few streams, sealed in order.
func chained(n int) sliceReader {
	heads := map[string]StreamHead{}
	out := make(sliceReader, n)
	for i := range out {
		stream := fmt.Sprintf("relationship-%d", i%7)
		h := heads[stream]
		if h.Hash == "" {
			h.Hash = GenesisHash
		}
		e := Envelope{ID: fmt.Sprintf("ev-%d", i), Stream: stream, Version: h.Version + 1, Position: Position(i + 1),
			Type: "relationship.contact_made", SchemaVersion: 1, RecordedAt: time.Unix(int64(i), 0), Actor: "test",
			Payload: []byte(fmt.Sprintf(`{"n":%d}`, i))}
		Seal(&e, h.Hash)
		heads[stream] = StreamHead{Stream: stream, Version: e.Version, Hash: e.Hash}
		out[i] = e
	}
	return out
}

// TestVerifyNamesTheFirstAlteredEventWhereverItIs alters events in every
// part of a page that is hashed on several goroutines, and one and two at a
// time: Verify names the first altered event in ledger order.
func TestVerifyNamesTheFirstAlteredEventWhereverItIs(t *testing.T) {
	ctx := context.Background()
	const n = 5000
	intact := chained(n)
	res, err := Verify(ctx, intact, VerifyOptions{GapFree: true, PageSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	if res.Events != n || res.Last != n {
		t.Fatalf("result %+v", res)
	}
	for _, alter := range [][]int{{0}, {1}, {2047}, {2048}, {3000}, {4095}, {4096}, {4999}, {3500, 100}, {4500, 4200}} {
		led := append(sliceReader{}, intact...)
		for _, i := range alter {
			led[i].Payload = []byte(`{"n":-1}`)
		}
		first := alter[0]
		for _, i := range alter {
			first = min(first, i)
		}
		_, err := Verify(ctx, led, VerifyOptions{GapFree: true, PageSize: 4096})
		var ce *ChainError
		if !errors.As(err, &ce) {
			t.Fatalf("altered %v: err = %v, want a ChainError", alter, err)
		}
		if ce.Position != Position(first+1) || ce.EventID != led[first].ID {
			t.Fatalf("altered %v: named position %d (%s), want %d", alter, ce.Position, ce.EventID, first+1)
		}
	}
}

// TestVerifyThroughAPositionSaysWhatItSaidThen: verified through a
// position, a ledger gives the result a verification gave when that
// position was its last, on a page boundary or inside a page; an event
// altered after it is not read, one altered before it is named.
func TestVerifyThroughAPositionSaysWhatItSaidThen(t *testing.T) {
	ctx := context.Background()
	full := chained(3000)
	for _, through := range []Position{1, 999, 1000, 1001, 2500, 3000, 4000} {
		last := min(through, 3000)
		then, err := Verify(ctx, full[:last], VerifyOptions{GapFree: true, PageSize: 1000})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Verify(ctx, full, VerifyOptions{GapFree: true, PageSize: 1000, Through: through})
		if err != nil {
			t.Fatalf("through %d: %v", through, err)
		}
		if got != then {
			t.Fatalf("through %d: %+v, want what the ledger of %d events gave: %+v", through, got, last, then)
		}
	}
	led := append(sliceReader{}, full...)
	led[2000].Payload = []byte(`{"n":-1}`) // position 2001
	if _, err := Verify(ctx, led, VerifyOptions{GapFree: true, PageSize: 1000, Through: 2000}); err != nil {
		t.Fatalf("altered after the position: %v", err)
	}
	var ce *ChainError
	if _, err := Verify(ctx, led, VerifyOptions{GapFree: true, PageSize: 1000, Through: 2001}); !errors.As(err, &ce) || ce.Position != 2001 {
		t.Fatalf("altered at the position: %v, want a ChainError at 2001", err)
	}
}

// The events after the last digest are kept in chunks; dropping a digest's
// range must leave exactly the events after it, in order, across chunks.
func TestPendingListDropsAcrossChunks(t *testing.T) {
	var l pendingList
	total := 3*pendingChunk + 17
	for i := 1; i <= total; i++ {
		l.add(pending{pos: Position(i)})
	}
	for _, n := range []int{0, 5, pendingChunk - 5, pendingChunk + 1, 1} {
		first := Position(0)
		l.each(func(p *pending) bool { first = p.pos; return false })
		l.drop(n)
		total -= n
		if l.len() != total {
			t.Fatalf("after dropping %d: len %d, want %d", n, l.len(), total)
		}
		want := first + Position(n)
		seen := 0
		l.each(func(p *pending) bool {
			if p.pos != want {
				t.Fatalf("after dropping %d: position %d, want %d", n, p.pos, want)
			}
			want++
			seen++
			return true
		})
		if seen != total {
			t.Fatalf("after dropping %d: saw %d events, want %d", n, seen, total)
		}
	}
	l.add(pending{pos: 1 << 40})
	last := Position(0)
	l.each(func(p *pending) bool { last = p.pos; return true })
	if last != 1<<40 || l.len() != total+1 {
		t.Fatalf("added after drops: last %d len %d", last, l.len())
	}
}

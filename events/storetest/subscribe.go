package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/mentorledger/mentorledger/events"
)

func testSubscription(t *testing.T, s events.Store, _ Options) {
	ctx := ctxFor(t)
	for i := 0; i < 20; i++ {
		mustAppend(t, s, fmt.Sprintf("pre-%d", i%3), events.Any, ev(seq{I: i}))
	}
	pre := userEvents(readAll(t, s, 0))
	from := pre[9].Position

	sub, err := s.Subscribe(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()

	// Writers append while the subscriber reads.
	writers, per := 4, scale(15, 60)
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Go(func() {
			for i := 0; i < per; i++ {
				evs := []events.NewEvent{ev(seq{W: w, I: i})}
				if i%4 == 0 {
					evs = append(evs, ev(seq{W: w, I: i}), ev(seq{W: w, I: i}))
				}
				if _, err := s.Append(context.Background(), fmt.Sprintf("live-%d", w), events.Any, evs...); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	var got []events.Envelope
	receive := func(until events.Position) {
		t.Helper()
		for len(got) == 0 || got[len(got)-1].Position < until {
			select {
			case e, ok := <-sub.Events():
				if !ok {
					t.Fatalf("subscription ended after %d events: %v", len(got), sub.Err())
				}
				if len(got) > 0 && e.Position <= got[len(got)-1].Position {
					t.Fatalf("position %d delivered after %d: not in order or not exactly once", e.Position, got[len(got)-1].Position)
				}
				if e.Position <= from {
					t.Fatalf("position %d delivered to a subscription from %d", e.Position, from)
				}
				got = append(got, e)
			case <-ctx.Done():
				t.Fatalf("subscription stalled after %d events, waiting for position %d", len(got), until)
			}
		}
	}
	// Take part of the stream while writers are still busy.
	receive(pre[len(pre)-1].Position)
	wg.Wait()
	if t.Failed() {
		return
	}
	want := readAll(t, s, from)
	receive(want[len(want)-1].Position)
	if len(got) < len(want) {
		t.Fatalf("%d events delivered, want %d", len(got), len(want))
	}
	for i := range want {
		sameEnvelope(t, fmt.Sprintf("delivered event %d", i), got[i], want[i])
	}
	if n, wantN := len(userEvents(want)), 10+writers*(per+2*((per+3)/4)); n != wantN {
		t.Fatalf("%d events after position %d, want %d", n, from, wantN)
	}
}

func testSubscriptionEnds(t *testing.T, s events.Store, _ Options) {
	mustAppend(t, s, "x", events.NoStream, ev(seq{I: 1}))
	drain := func(sub events.Subscription) int {
		n := 0
		for range sub.Events() {
			n++
		}
		return n
	}

	ctx, cancel := context.WithCancel(ctxFor(t))
	sub, err := s.Subscribe(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := <-sub.Events(); !ok || e.Stream != "x" {
		t.Fatalf("first event: %+v (open %v), want the one of stream x", e, ok)
	}
	cancel()
	drain(sub) // returns only once the channel is closed
	if err := sub.Err(); err != nil {
		t.Fatalf("subscription ended by its context: err %v, want nil", err)
	}
	sub.Close()

	sub, err = s.Subscribe(ctxFor(t), 0)
	if err != nil {
		t.Fatal(err)
	}
	sub.Close()
	drain(sub)
	if err := sub.Err(); err != nil {
		t.Fatalf("subscription closed: err %v, want nil", err)
	}
}

package esdb

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/mentorledger/mentorledger/events"
)

// receive takes n events from a subscription, failing after a while.
func receive(tb testing.TB, sub events.Subscription, n int) []events.Envelope {
	tb.Helper()
	var out []events.Envelope
	timeout := time.After(10 * time.Second)
	for len(out) < n {
		select {
		case e, ok := <-sub.Events():
			if !ok {
				tb.Fatalf("subscription ended after %d events: %v", len(out), sub.Err())
			}
			out = append(out, e)
		case <-timeout:
			tb.Fatalf("subscription stalled after %d of %d events", len(out), n)
		}
	}
	return out
}

func TestSubscriptionIsFilteredOnThePrefixByTheServer(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	m.foreign(t, "other", 2)
	mustAppend(t, s, "a", events.NoStream, ev(1))
	sub, err := s.Subscribe(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	m.foreign(t, "p-not-quite", 1)
	mustAppend(t, s, "b", events.NoStream, ev(2))
	got := receive(t, sub, 2)
	if got[0].Stream != "a" || got[1].Stream != "b" {
		t.Fatalf("delivered %s, %s; want a, b", got[0].Stream, got[1].Stream)
	}
	prefixes, froms := m.subscriptions()
	if len(prefixes) != 1 || prefixes[0] != "p:" || froms[0] != (esdb.Start{}) {
		t.Fatalf("subscribed with prefixes %v from %v, want p: from the start", prefixes, froms)
	}
}

func TestSubscriptionResubscribesAfterTheLastEventWhenTheConnectionDrops(t *testing.T) {
	m := newMemLog()
	var waits waitLog
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0), waits.option())
	for i := range 5 {
		mustAppend(t, s, "a", events.Any, ev(i))
	}
	sub, err := s.Subscribe(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	first := receive(t, sub, 5)
	m.failNext("subscribeAll", unavailable("server restarting"), false) // the first try to resubscribe fails too
	m.dropFeeds(unavailable("connection reset"))
	for i := range 5 {
		mustAppend(t, s, "a", events.Any, ev(5+i))
	}
	second := receive(t, sub, 5)
	all := append(first, second...)
	for i, e := range all {
		if e.Version != int64(i+1) {
			t.Fatalf("event %d delivered is version %d: lost or delivered twice", i, e.Version)
		}
	}
	_, froms := m.subscriptions()
	last := uint64(first[4].Position)
	if len(froms) != 2 || froms[1] != (esdb.Position{Commit: last, Prepare: last}) {
		t.Fatalf("subscribed from %v, want the start, then after %d", froms, last)
	}
	if len(waits.get()) == 0 {
		t.Fatal("resubscribed without waiting")
	}
}

func TestSubscriptionEndsOnAFailureThatIsNotTransient(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	sub, err := s.Subscribe(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	waitSubscribed(t, m, 1)
	m.dropFeeds(errDenied)
	for range sub.Events() {
	}
	if err := sub.Err(); !errors.Is(err, errDenied) {
		t.Fatalf("subscription ended with %v, want access denied", err)
	}
	sub2, err := s.Subscribe(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for range sub2.Events() {
	}
	if err := sub2.Err(); !errors.Is(err, events.ErrClosed) {
		t.Fatalf("subscription of a closed store ended with %v, want ErrClosed", err)
	}
}

// waitSubscribed waits until n subscriptions were made to m.
func waitSubscribed(tb testing.TB, m *memLog, n int) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if p, _ := m.subscriptions(); len(p) >= n {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("fewer than %d subscriptions made", n)
		}
		time.Sleep(time.Millisecond)
	}
}

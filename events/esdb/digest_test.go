package esdb

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// digests decodes the ledger's digest events, as stored.
func digests(tb testing.TB, m *memLog, prefix string) []events.Digest {
	tb.Helper()
	var out []events.Digest
	for _, r := range m.raw(prefix + events.DigestStream) {
		var d events.Digest
		if err := json.Unmarshal(r.Data, &d); err != nil {
			tb.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

func TestDigestsAreRecordedEveryNEventsAndOnClose(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithDigestEvery(5), WithIdleDigest(0))
	for i := range 23 {
		mustAppend(t, s, "a", events.Any, ev(i))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ds := digests(t, m, "p:")
	if len(ds) < 2 {
		t.Fatalf("%d digests after 23 events at one every 5 and a final one", len(ds))
	}
	for i, d := range ds[:len(ds)-1] {
		if d.Count < 5 {
			t.Fatalf("digest %d covers %d events, before 5 were recorded", i, d.Count)
		}
	}
	r := testStore(t, m, WithPrefix("p:"))
	res, err := events.Verify(context.Background(), r, events.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Events != 23 || res.Digests != int64(len(ds)) || res.Unanchored != 1 {
		t.Fatalf("verify: %+v; want 23 events, %d digests, only the last digest after the last range", res, len(ds))
	}
}

func TestADigestIsRecordedWhenIdle(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(time.Millisecond))
	mustAppend(t, s, "a", events.NoStream, ev(1), ev(2))
	deadline := time.Now().Add(10 * time.Second)
	for len(m.raw("p:"+events.DigestStream)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no digest recorded while idle")
		}
		time.Sleep(time.Millisecond)
	}
	res, err := events.Verify(context.Background(), s, events.VerifyOptions{})
	if err != nil || res.Unanchored != 1 {
		t.Fatalf("verify: %+v, %v; want every event anchored", res, err)
	}
}

func TestAStoreThatOnlyReadsRecordsNoDigest(t *testing.T) {
	m := newMemLog()
	w := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	mustAppend(t, w, "a", events.NoStream, ev(1))
	r := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	if _, err := r.ReadAll(context.Background(), 0, 10); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Head(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(m.raw("p:" + events.DigestStream)); n != 0 {
		t.Fatalf("a reader recorded %d digests", n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(m.raw("p:" + events.DigestStream)); n != 1 {
		t.Fatalf("the writer recorded %d digests on close, want 1", n)
	}
}

func TestTwoProcessesDigestingOneLedgerKeepItIntact(t *testing.T) {
	m := newMemLog()
	a := testStore(t, m, WithPrefix("p:"), WithDigestEvery(3), WithIdleDigest(time.Millisecond))
	b := testStore(t, m, WithPrefix("p:"), WithDigestEvery(3), WithIdleDigest(time.Millisecond))
	var wg sync.WaitGroup
	for w, s := range []*Store{a, b, a, b} {
		wg.Go(func() {
			for i := range 30 {
				if _, err := s.Append(context.Background(), "shared", events.Any, ev(w*100+i)); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	r := testStore(t, m, WithPrefix("p:"))
	res, err := events.Verify(context.Background(), r, events.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Events != 120 || res.Digests < 2 || res.Unanchored != 1 {
		t.Fatalf("verify: %+v; want 120 events under several digests", res)
	}
}

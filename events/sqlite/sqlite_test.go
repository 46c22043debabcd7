package sqlite_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/events/storetest"
)

func open(tb testing.TB, path string, opts ...sqlite.Option) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(path, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func closeStore(tb testing.TB, s *sqlite.Store) {
	tb.Helper()
	if err := s.Close(); err != nil {
		tb.Fatalf("close: %v", err)
	}
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) events.Store {
		return open(tb, filepath.Join(tb.TempDir(), "ledger.db"))
	}, storetest.Options{GapFree: true})
	// Digests every few events land between the suite's own.
	t.Run("frequent digests", func(t *testing.T) {
		storetest.Run(t, func(tb testing.TB) events.Store {
			return open(tb, filepath.Join(tb.TempDir(), "ledger.db"), sqlite.WithDigestEvery(7), sqlite.WithIdleDigest(time.Millisecond))
		}, storetest.Options{GapFree: true})
	})
}

func event(i int) events.NewEvent {
	return events.NewEvent{Type: "test.happened", SchemaVersion: 1, Actor: "test", Payload: json.RawMessage(fmt.Sprintf(`{"i":%d}`, i))}
}

func mustAppend(tb testing.TB, s events.Store, stream string, evs ...events.NewEvent) events.AppendResult {
	tb.Helper()
	res, err := s.Append(context.Background(), stream, events.Any, evs...)
	if err != nil {
		tb.Fatalf("append %s: %v", stream, err)
	}
	return res
}

func readAll(tb testing.TB, s events.Store) []events.Envelope {
	tb.Helper()
	es, err := s.ReadAll(context.Background(), 0, 1<<30)
	if err != nil {
		tb.Fatal(err)
	}
	return es
}

func verify(tb testing.TB, s events.Store) events.VerifyResult {
	tb.Helper()
	res, err := events.Verify(context.Background(), s, events.VerifyOptions{GapFree: true})
	if err != nil {
		tb.Fatalf("verify: %v", err)
	}
	return res
}

func digests(es []events.Envelope) []events.Digest {
	var out []events.Digest
	for _, e := range es {
		if e.Stream == events.DigestStream {
			var d events.Digest
			if err := json.Unmarshal(e.Payload, &d); err != nil {
				panic(err)
			}
			out = append(out, d)
		}
	}
	return out
}

func TestWriterIsDurable(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"))
	defer closeStore(t, s)
	for name, want := range map[string]string{"synchronous": "2", "journal_mode": "wal"} { // 2 is FULL
		got, err := s.WriterPragma(name)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("pragma %s = %s, want %s", name, got, want)
		}
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	s := open(t, path)
	for i := 0; i < 30; i++ {
		mustAppend(t, s, fmt.Sprintf("s-%d", i%4), event(i), event(i))
	}
	if _, err := s.AppendBatch(context.Background(), []events.AppendRequest{
		{Stream: "b-1", Expected: events.NoStream, Events: []events.NewEvent{event(1), event(2)}},
		{Stream: "b-2", Expected: events.NoStream, Events: []events.NewEvent{event(3)}},
	}); err != nil {
		t.Fatal(err)
	}
	before := readAll(t, s)
	closeStore(t, s)

	s = open(t, path)
	after := readAll(t, s)
	// Close recorded a final digest; everything else is as it was.
	if len(after) != len(before)+1 || after[len(after)-1].Stream != events.DigestStream {
		t.Fatalf("reopened: %d events, want the %d before and a digest", len(after), len(before))
	}
	for i := range before {
		if a, b := after[i], before[i]; a.ID != b.ID || a.Hash != b.Hash || a.Position != b.Position || !a.RecordedAt.Equal(b.RecordedAt) || string(a.Payload) != string(b.Payload) {
			t.Fatalf("event %d changed across reopen:\n%+v\n%+v", i, b, a)
		}
	}
	res := verify(t, s)
	if res.Events != 63 || res.Unanchored != 1 {
		t.Fatalf("verify: %+v, want 63 events and only the last digest unanchored", res)
	}
	// Appends carry on from the file's stream heads and last position.
	r := mustAppend(t, s, "s-0", event(99))
	if r.Version != 17 || r.First != after[len(after)-1].Position+1 {
		t.Fatalf("append after reopen: %+v, want version 17 at position %d", r, after[len(after)-1].Position+1)
	}
	if _, err := s.Append(context.Background(), "s-1", events.Exact(15), event(100)); !errors.Is(err, events.ErrConcurrency) {
		t.Fatalf("stale append after reopen: %v, want a concurrency error", err)
	}
	closeStore(t, s)
	s = open(t, path)
	defer closeStore(t, s)
	verify(t, s)
}

func TestDigestResumesAfterReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	opts := []sqlite.Option{sqlite.WithDigestEvery(10), sqlite.WithIdleDigest(0)}
	appendN := func(s *sqlite.Store, from, n int) {
		for i := from; i < from+n; i++ {
			mustAppend(t, s, fmt.Sprintf("s-%d", i%3), event(i))
		}
	}
	s := open(t, path, opts...)
	appendN(s, 0, 25)
	closeStore(t, s) // final digest

	s = open(t, path, opts...)
	appendN(s, 25, 13)
	if err := s.CloseWithoutDigest(); err != nil { // as after a crash: 3 events not covered
		t.Fatal(err)
	}

	s = open(t, path, opts...)
	appendN(s, 38, 14)
	closeStore(t, s)

	s = open(t, path, opts...)
	defer closeStore(t, s)
	all := readAll(t, s)
	res := verify(t, s)
	if res.Events != 52 || res.Unanchored != 1 {
		t.Fatalf("verify: %+v, want 52 events and only the last digest unanchored", res)
	}
	ds := digests(all)
	var through events.Position
	var covered int64
	for i, d := range ds {
		if d.FromPosition != through {
			t.Fatalf("digest %d starts after %d, the one before ended at %d", i, d.FromPosition, through)
		}
		if d.Count > 10 {
			t.Fatalf("digest %d covers %d events, want at most 10", i, d.Count)
		}
		through = d.ThroughPosition
		covered += d.Count
	}
	if last := all[len(all)-1]; last.Stream != events.DigestStream || through != last.Position-1 {
		t.Fatalf("last digest covers through %d, the ledger ends at %d with %s", through, last.Position, last.Stream)
	}
	if covered != int64(len(all)-1) {
		t.Fatalf("digests cover %d events, want all %d but the last digest", covered, len(all)-1)
	}
}

func TestIdleDigest(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"), sqlite.WithIdleDigest(time.Millisecond))
	defer closeStore(t, s)
	mustAppend(t, s, "x", event(1), event(2))
	sub, err := s.Subscribe(t.Context(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	for e := range sub.Events() {
		if e.Stream == events.DigestStream {
			var d events.Digest
			if err := json.Unmarshal(e.Payload, &d); err != nil {
				t.Fatal(err)
			}
			if d.FromPosition != 0 || d.ThroughPosition != 2 || d.Count != 2 || e.Actor != "ledger" || e.Type != "ledger.digest" {
				t.Fatalf("idle digest %+v in %+v", d, e)
			}
			return
		}
	}
	t.Fatalf("subscription ended without a digest: %v", sub.Err())
}

func TestClock(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"), sqlite.WithClock(func() time.Time { return at }), sqlite.WithDigestEvery(2))
	defer closeStore(t, s)
	mustAppend(t, s, "x", event(1), event(2))
	for _, e := range readAll(t, s) {
		if !e.RecordedAt.Equal(at) {
			t.Fatalf("%s recorded at %s, want the store's clock %s", e.Stream, e.RecordedAt, at)
		}
	}
}

func TestLargeBatchRetry(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"))
	defer closeStore(t, s)
	ctx := context.Background()
	n := 3000
	if testing.Short() {
		n = 1200
	}
	batch := func() []events.AppendRequest {
		big := make([]events.NewEvent, n)
		for i := range big {
			big[i] = event(i)
			big[i].ID = fmt.Sprintf("big-%d", i)
		}
		small := []events.NewEvent{event(0), event(1)}
		small[0].ID, small[1].ID = "small-0", "small-1"
		return []events.AppendRequest{
			{Stream: "big", Expected: events.NoStream, Events: big},
			{Stream: "small", Expected: events.NoStream, Events: small},
		}
	}
	first, err := s.AppendBatch(ctx, batch())
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.AppendBatch(ctx, batch())
	if err != nil {
		t.Fatal(err)
	}
	for i := range first {
		if !again[i].Duplicate || again[i].First != first[i].First || again[i].Last != first[i].Last {
			t.Fatalf("retry %d: %+v, want the original %+v", i, again[i], first[i])
		}
	}
	// One id deep in a new batch is recorded already.
	reuse := batch()
	for i := range reuse[0].Events {
		reuse[0].Events[i].ID = fmt.Sprintf("new-%d", i)
	}
	reuse[0].Stream, reuse[1].Stream = "big-2", "small-2"
	reuse[0].Events[n-7].ID = "big-17"
	_, err = s.AppendBatch(ctx, reuse)
	if !errors.Is(err, events.ErrDuplicateID) {
		t.Fatalf("batch reusing one id: %v, want %v", err, events.ErrDuplicateID)
	}
	if got := len(readAll(t, s)); got != n+2 {
		t.Fatalf("ledger holds %d events, want %d", got, n+2)
	}
	verify(t, s)
}

func TestCancelledAppendRecordsNothing(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"))
	defer closeStore(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Append(ctx, "x", events.Any, event(1)); !errors.Is(err, context.Canceled) {
		t.Fatalf("append with a cancelled context: %v", err)
	}
	if got := len(readAll(t, s)); got != 0 {
		t.Fatalf("ledger holds %d events, want none", got)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no-such-dir", "ledger.db")
	_, err := sqlite.Open(missing)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Fatalf("open in a missing directory: %v, want a not-exist error naming %s", err, missing)
	}
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 500)), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the failed open let go of its lock: the second fails the same way
		_, err = sqlite.Open(garbage)
		if err == nil || !strings.Contains(err.Error(), garbage) || errors.Is(err, sqlite.ErrInUse) {
			t.Fatalf("open a file that is not a ledger: %v, want an error naming %s", err, garbage)
		}
	}
	other := filepath.Join(dir, "other.db")
	rawExec(t, other, `CREATE TABLE accounts (id INTEGER PRIMARY KEY)`)
	if _, err := sqlite.Open(other); err == nil || !strings.Contains(err.Error(), "not a ledger") {
		t.Fatalf("open another application's database: %v, want a not-a-ledger error", err)
	}
	// The lock of the failed open is released.
	good := filepath.Join(dir, "ledger.db")
	s := open(t, good)
	closeStore(t, s)
}

func TestSecondOpenFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	s := open(t, path)
	_, err := sqlite.Open(path)
	if !errors.Is(err, sqlite.ErrInUse) {
		t.Fatalf("second open: %v, want %v", err, sqlite.ErrInUse)
	}
	if got, want := err.Error(), "ledger "+path+" is in use by another process"; got != want {
		t.Fatalf("second open: %q, want %q", got, want)
	}
	closeStore(t, s)
	s = open(t, path) // free again
	closeStore(t, s)
}

func TestFailedCommit(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"), sqlite.WithDigestEvery(5), sqlite.WithIdleDigest(0))
	defer closeStore(t, s)
	ctx := context.Background()
	for i := 0; i < 7; i++ {
		mustAppend(t, s, "a", event(i))
	}
	before := readAll(t, s)
	s.FailNextCommit()
	if _, err := s.Append(ctx, "a", events.Exact(7), event(7), event(8)); err == nil {
		t.Fatal("append whose commit failed reported success")
	}
	// The writer starts again from the file: same version, next position.
	res, err := s.Append(ctx, "a", events.Exact(7), event(7), event(8))
	if err != nil {
		t.Fatal(err)
	}
	if res.Version != 9 || res.First != before[len(before)-1].Position+1 {
		t.Fatalf("append after a failed commit: %+v, want version 9 from position %d", res, before[len(before)-1].Position+1)
	}
	// Concurrent appends while commits fail now and then.
	var failed, ok atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Go(func() {
			for i := 0; i < 30; i++ {
				if i%10 == w%10 {
					s.FailNextCommit()
				}
				if _, err := s.Append(ctx, fmt.Sprintf("w-%d", w), events.Any, event(i)); err != nil {
					failed.Add(1)
				} else {
					ok.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if failed.Load() == 0 {
		t.Fatal("no commit failed")
	}
	v := verify(t, s)
	if v.Events != 9+ok.Load() {
		t.Fatalf("verify counts %d events; %d were acknowledged", v.Events, 9+ok.Load())
	}
}

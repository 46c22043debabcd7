package sqlite_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
)

var fixedClock = sqlite.WithClock(func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) })

// bulkAppend appends reqs in one bulk append, parts requests at a time,
// committing if check passes.
func bulkAppend(tb testing.TB, s *sqlite.Store, reqs []events.AppendRequest, parts int, check func() error) ([]events.AppendResult, error) {
	tb.Helper()
	b, err := s.BeginBulk(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < len(reqs); i += parts {
		if err := b.Add(reqs[i:min(i+parts, len(reqs))]); err != nil {
			b.Abort()
			return nil, err
		}
	}
	return b.Commit(check)
}

// userEvents leaves the ledger's digests out.
func userEvents(es []events.Envelope) []events.Envelope {
	var out []events.Envelope
	for _, e := range es {
		if e.Stream != events.DigestStream {
			out = append(out, e)
		}
	}
	return out
}

func sameEvents(tb testing.TB, got, want []events.Envelope) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.ID != w.ID || g.Stream != w.Stream || g.Version != w.Version || g.Position != w.Position || g.Hash != w.Hash ||
			g.PrevHash != w.PrevHash || !g.RecordedAt.Equal(w.RecordedAt) || string(g.Payload) != string(w.Payload) {
			tb.Fatalf("event %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

// A bulk append records exactly what one AppendBatch of its requests
// records, whether the ledger is empty (a new file) or not (a transaction),
// and whether the unique indexes are built again or grown.
func TestBulkRecordsWhatAppendBatchRecords(t *testing.T) {
	for _, tc := range []struct {
		name    string
		earlier int // events in the ledger first
		bulkMin int
	}{
		{"into an empty ledger", 0, 1000},
		{"into a ledger, indexes grown", 500, 1 << 30},
		{"into a ledger, indexes built again", 500, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			opts := []sqlite.Option{fixedClock, sqlite.WithIdleDigest(0), sqlite.WithDigestEvery(1000), sqlite.WithBulkMin(tc.bulkMin)}
			viaBatch := open(t, filepath.Join(dir, "batch.db"), opts...)
			defer closeStore(t, viaBatch)
			viaBulk := open(t, filepath.Join(dir, "bulk.db"), opts...)
			defer closeStore(t, viaBulk)
			if tc.earlier > 0 {
				for _, s := range []*sqlite.Store{viaBatch, viaBulk} {
					if _, err := s.AppendBatch(context.Background(), importBatch("e", tc.earlier/10, 10)); err != nil {
						t.Fatal(err)
					}
				}
			}
			// Streams old and new, one event or many, an expected version
			// met.
			withID := func(id string, e events.NewEvent) events.NewEvent { e.ID = id; return e }
			reqs := append(importBatch("a", 20, 3), importBatch("b", 900, 2)...)
			reqs = append(reqs, events.AppendRequest{Stream: "c", Expected: events.NoStream, Events: []events.NewEvent{withID("c1", event(1)), withID("c2", event(2))}})
			reqs = append(reqs, events.AppendRequest{Stream: "c", Expected: events.Exact(2), Events: []events.NewEvent{withID("c3", event(3))}})
			if tc.earlier > 0 {
				reqs = append(reqs, events.AppendRequest{Stream: "e-3", Expected: events.Exact(10), Events: []events.NewEvent{withID("e3", event(3))}})
				reqs = append(reqs, events.AppendRequest{Stream: "e-4", Expected: events.Any, Events: []events.NewEvent{withID("e4", event(4))}})
			}
			want, err := viaBatch.AppendBatch(context.Background(), reqs)
			if err != nil {
				t.Fatal(err)
			}
			got, err := bulkAppend(t, viaBulk, reqs, 7, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("results differ:\n got %+v\nwant %+v", got[:3], want[:3])
			}
			sameEvents(t, userEvents(readAll(t, viaBulk)), userEvents(readAll(t, viaBatch)))
			a, b := verify(t, viaBatch), verify(t, viaBulk)
			if a != b {
				t.Fatalf("verify: bulk %+v, batch %+v", b, a)
			}
			if got, err := viaBulk.Indexes(); err != nil || !reflect.DeepEqual(got, []string{"events_id", "events_stream_version"}) {
				t.Fatalf("indexes %v, %v", got, err)
			}
			// Appends go on where the bulk ended.
			r, err := viaBulk.Append(context.Background(), "c", events.Exact(3), event(4))
			if err != nil || r.Version != 4 {
				t.Fatalf("append after the bulk: %+v, %v", r, err)
			}
		})
	}
}

// Nothing of a bulk append is visible before it commits, nothing of an
// aborted one ever, and an empty ledger stays the file it was.
func TestBulkIsInvisibleUntilCommitted(t *testing.T) {
	for _, earlier := range []int{0, 40} {
		t.Run(map[int]string{0: "empty ledger", 40: "ledger"}[earlier], func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ledger.db")
			s := open(t, path, sqlite.WithIdleDigest(0), sqlite.WithBulkMin(100))
			defer closeStore(t, s)
			if earlier > 0 {
				if _, err := s.AppendBatch(context.Background(), importBatch("a", 4, 10)); err != nil {
					t.Fatal(err)
				}
			}
			before := readAll(t, s)
			for _, end := range []string{"abort", "failed check", "bad request"} {
				b, err := s.BeginBulk(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if err := b.Add(importBatch("x", 300, 2)); err != nil {
					t.Fatal(err)
				}
				if got := readAll(t, s); len(got) != len(before) {
					t.Fatalf("%s: a reader sees %d events during the bulk, want %d", end, len(got), len(before))
				}
				switch end {
				case "abort":
					b.Abort()
				case "failed check":
					notOK := errors.New("line 17: not ok")
					if _, err := b.Commit(func() error { return notOK }); !errors.Is(err, notOK) {
						t.Fatalf("commit with a failed check: %v", err)
					}
				case "bad request":
					if err := b.Add([]events.AppendRequest{{Stream: "$ledger-x", Events: []events.NewEvent{event(1)}}}); events.ErrorCode(err) != events.EINVALID {
						t.Fatalf("add of a bad request: %v", err)
					}
					if _, err := b.Commit(nil); events.ErrorCode(err) != events.EINVALID {
						t.Fatalf("commit after a bad request: %v", err)
					}
				}
				sameEvents(t, readAll(t, s), before)
				if _, err := os.Stat(path + ".bulk"); !errors.Is(err, os.ErrNotExist) {
					t.Fatalf("%s: the new file is left behind: %v", end, err)
				}
			}
			// And the ledger still takes appends, and a bulk.
			mustAppend(t, s, "after", event(1))
			if _, err := bulkAppend(t, s, importBatch("y", 10, 10), 3, nil); err != nil {
				t.Fatal(err)
			}
			if got, want := len(userEvents(readAll(t, s))), len(before)+101; got != want {
				t.Fatalf("%d events, want %d", got, want)
			}
			verify(t, s)
		})
	}
}

// What AppendBatch refuses, a bulk append refuses, appending nothing; what
// it takes as a retry, a bulk append takes as a retry.
func TestBulkRefusesAndRetriesAsAppendBatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	s := open(t, path, sqlite.WithIdleDigest(0), sqlite.WithBulkMin(100))
	defer closeStore(t, s)
	first, err := bulkAppend(t, s, importBatch("a", 50, 4), 9, nil)
	if err != nil {
		t.Fatal(err)
	}
	before := readAll(t, s)

	again, err := bulkAppend(t, s, importBatch("a", 50, 4), 9, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range again {
		if !again[i].Duplicate || again[i].First != first[i].First || again[i].Last != first[i].Last {
			t.Fatalf("retry %d: %+v, want the original %+v", i, again[i], first[i])
		}
	}
	reuse := importBatch("b", 50, 4)
	reuse[33].Events[1].ID = "a-2-3"
	stale := importBatch("b", 50, 4)
	stale[40].Expected = events.Exact(3)
	twice := importBatch("b", 50, 4)
	twice[45].Events[2].ID = "b-1-1"
	for _, tc := range []struct {
		name string
		reqs []events.AppendRequest
		want func(error) bool
	}{
		{"an id recorded before", reuse, func(err error) bool { return errors.Is(err, events.ErrDuplicateID) }},
		{"a stale expected version", stale, func(err error) bool { return errors.Is(err, events.ErrConcurrency) }},
		{"an id twice", twice, func(err error) bool {
			return events.ErrorCode(err) == events.EINVALID && strings.Contains(err.Error(), "b-1-1 appears twice")
		}},
	} {
		if _, err := bulkAppend(t, s, tc.reqs, 9, nil); !tc.want(err) {
			t.Errorf("%s: %v", tc.name, err)
		}
		sameEvents(t, readAll(t, s), before)
	}
	if _, err := bulkAppend(t, s, importBatch("b", 50, 4), 9, nil); err != nil {
		t.Fatal(err)
	}
	if res := verify(t, s); res.Events != int64(400+len(digests(readAll(t, s)))) {
		t.Fatalf("verify: %+v", res)
	}
}

// Appends made while a bulk append is open wait for it, and land after it
// — on the new file, when the ledger was empty.
func TestAppendsWaitForABulk(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"), sqlite.WithIdleDigest(0))
	defer closeStore(t, s)
	b, err := s.BeginBulk(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Add(importBatch("a", 10, 10)); err != nil {
		t.Fatal(err)
	}
	done := make(chan events.AppendResult)
	go func() {
		r, err := s.Append(context.Background(), "other", events.NoStream, event(1))
		if err != nil {
			t.Error(err)
		}
		done <- r
	}()
	select {
	case r := <-done:
		t.Fatalf("an append went through during the bulk: %+v", r)
	case <-time.After(50 * time.Millisecond):
	}
	if _, err := b.Commit(nil); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.First != 101 {
		t.Fatalf("append after the bulk at %d, want 101", r.First)
	}
	if res := verify(t, s); res.Events != 101 {
		t.Fatalf("verify: %+v", res)
	}
}

// A new file left behind by a bulk append that did not finish is removed
// when the ledger is opened; the ledger is the file it was.
func TestLeftoverBulkFileIsRemoved(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	s := open(t, path, sqlite.WithIdleDigest(0))
	mustAppend(t, s, "a", event(1))
	closeStore(t, s)
	if err := os.WriteFile(path+".bulk", []byte("half a ledger"), 0o644); err != nil {
		t.Fatal(err)
	}
	s = open(t, path, sqlite.WithIdleDigest(0))
	defer closeStore(t, s)
	if _, err := os.Stat(path + ".bulk"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("left over: %v", err)
	}
	if got := len(userEvents(readAll(t, s))); got != 1 {
		t.Fatalf("%d events, want 1", got)
	}
}

func TestClosingAbortsAnOpenBulk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	s := open(t, path, sqlite.WithIdleDigest(0))
	b, err := s.BeginBulk(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Add(importBatch("a", 10, 10)); err != nil {
		t.Fatal(err)
	}
	closeStore(t, s)
	if _, err := b.Commit(nil); !errors.Is(err, events.ErrClosed) {
		t.Fatalf("commit after close: %v", err)
	}
	s = open(t, path)
	defer closeStore(t, s)
	if got := len(readAll(t, s)); got != 0 {
		t.Fatalf("%d events, want none", got)
	}
}

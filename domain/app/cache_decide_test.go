package app_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
)

// countingStore counts the streams read; it still hands back what it
// records (events.Recorder, from the SQLite store).
type countingStore struct {
	*sqlite.Store
	reads atomic.Int64
}

func (c *countingStore) ReadStream(ctx context.Context, stream string, after int64) ([]events.Envelope, error) {
	c.reads.Add(1)
	return c.Store.ReadStream(ctx, stream, after)
}

// cachedService is s with a stream cache, on a store that counts reads.
func cachedService(tb testing.TB, s *app.Service) (*app.Service, *countingStore) {
	tb.Helper()
	st := &countingStore{Store: s.Store.(*sqlite.Store)}
	cached := *s
	cached.Store, cached.Cache = st, app.NewStreamCache(16)
	return &cached, st
}

// While a cached service is the only one recording in a stream, its
// commands are decided on the cache and the events they appended, and read
// nothing; what they record is what an uncached service decides on the
// stream as read.
func TestCachedCommandsReadNothingWhileTheStreamIsTheirs(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	setUp(t, s)
	cached, st := cachedService(t, s)
	ok(t)(cached.Match(ctx, "coord", match("rel-1")))
	before := st.reads.Load()
	for _, id := range []string{"mtg-1", "mtg-2", "mtg-3"} {
		ok(t)(cached.LogMeeting(ctx, "m1", logMeeting(id, d("2025-01-06"))))
	}
	if got := st.reads.Load() - before; got != 0 {
		t.Fatalf("three meetings logged through the cache read %d streams, want 0", got)
	}
	// The folded aggregate the cache carries knows every meeting.
	_, err := cached.LogMeeting(ctx, "m1", logMeeting("mtg-2", d("2025-01-06")))
	wantCode(t, err, events.ECONFLICT, "already logged")
	_, err = s.LogMeeting(ctx, "m1", logMeeting("mtg-2", d("2025-01-06")))
	wantCode(t, err, events.ECONFLICT, "already logged")
	if got, want := streamVersion(t, s, domain.RelationshipStream("rel-1")), int64(4); got != want {
		t.Fatalf("rel-1 at version %d, want %d", got, want)
	}
}

// A command that fails after the domain recorded (here: the application's
// check that a meeting is not in the future) leaves nothing of itself in
// the cache.
func TestCachedAggregateOfAFailedCommandIsDropped(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	setUp(t, s)
	cached, _ := cachedService(t, s)
	ok(t)(cached.Match(ctx, "coord", match("rel-1")))
	ok(t)(cached.LogMeeting(ctx, "m1", logMeeting("mtg-1", d("2025-01-06"))))
	_, err := cached.LogMeeting(ctx, "m1", logMeeting("mtg-2", d("2025-02-01")))
	wantCode(t, err, events.EINVALID, "must not be in the future")
	ok(t)(cached.LogMeeting(ctx, "m1", logMeeting("mtg-2", d("2025-01-06"))))
}

// A cached service decides afresh when the stream moved behind it: an
// If-Match on the stream's true version passes, one on the version it
// cached fails, and a rule broken only by what others recorded is caught.
func TestCachedCommandsSeeTheStreamMoveBehindThem(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	setUp(t, s)
	cached, _ := cachedService(t, s)
	ok(t)(cached.Match(ctx, "coord", match("rel-1")))
	res, err := cached.LogMeeting(ctx, "m1", logMeeting("mtg-1", d("2025-01-06")))
	if err != nil {
		t.Fatal(err)
	}
	seen := res.Version
	ok(t)(s.LogMeeting(ctx, "m1", logMeeting("mtg-2", d("2025-01-06"))))
	_, err = cached.LogMeeting(app.WithConditions(ctx, app.Conditions{IfVersion: &seen}), "m1", logMeeting("mtg-3", d("2025-01-06")))
	if !errors.Is(err, events.ErrConcurrency) {
		t.Fatalf("If-Match on the cached version %d after another append: %v, want a concurrency conflict", seen, err)
	}
	now := seen + 1
	ok(t)(cached.LogMeeting(app.WithConditions(ctx, app.Conditions{IfVersion: &now}), "m1", logMeeting("mtg-3", d("2025-01-06"))))
	ok(t)(s.LogMeeting(ctx, "m1", logMeeting("mtg-4", d("2025-01-06"))))
	_, err = cached.LogMeeting(ctx, "m1", logMeeting("mtg-4", d("2025-01-06")))
	wantCode(t, err, events.ECONFLICT, "already logged")
}

// The HTTP layer learns what a command recorded without reading it back.
func TestRecordedHoldsWhatTheCommandAppended(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	setUp(t, s)
	ok(t)(s.Match(ctx, "coord", match("rel-1")))
	var rec app.Recorded
	res, err := s.LogMeeting(app.WithRecorded(ctx, &rec), "m1", logMeeting("mtg-1", d("2025-01-06")))
	if err != nil {
		t.Fatal(err)
	}
	stored, err := s.Store.ReadStream(ctx, domain.RelationshipStream("rel-1"), res.Version-1)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Envelopes) != 1 || len(stored) != 1 || rec.Envelopes[0].Hash != stored[0].Hash || rec.Envelopes[0].Position != res.First {
		t.Fatalf("recorded %+v, stored %+v", rec.Envelopes, stored)
	}
}

// Commands racing on one stream through one cache each land once, and the
// cache (extended in place) stays the stream's history: every meeting is
// then known to it, as to a service that reads.
func TestCachedCommandsRacingOnOneStream(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	setUp(t, s)
	cached, _ := cachedService(t, s)
	ok(t)(cached.Match(ctx, "coord", match("rel-1")))
	const workers, each = 6, 5
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				id := fmt.Sprintf("mtg-%d-%d", w, i)
				for {
					_, err := cached.LogMeeting(ctx, "m1", logMeeting(id, d("2025-01-06")))
					if app.IsConflict(err) {
						continue // lost the race: decided again on the new state
					}
					if err != nil {
						errs <- fmt.Errorf("%s: %w", id, err)
					}
					break
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, want := streamVersion(t, s, domain.RelationshipStream("rel-1")), int64(1+workers*each); got != want {
		t.Fatalf("rel-1 at version %d, want %d", got, want)
	}
	for w := range workers {
		id := fmt.Sprintf("mtg-%d-%d", w, each-1)
		_, err := cached.LogMeeting(ctx, "m1", logMeeting(id, d("2025-01-06")))
		wantCode(t, err, events.ECONFLICT, "already logged")
	}
}

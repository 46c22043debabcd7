package app_test

import (
	"context"
	"testing"

	"github.com/mentorledger/mentorledger/domain/app"
)

// A cached service still sees what others recorded after it last read a
// stream, and keeps idempotency working from its cache.
func TestStreamCacheSeesEventsRecordedByOthers(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	setUp(t, s)
	cached := *s
	cached.Cache = app.NewStreamCache(2)
	ok(t)(cached.Match(ctx, "coord", match("rel-1")))
	ok(t)(cached.LogMeeting(ctx, "m1", logMeeting("mtg-1", d("2025-01-06"))))
	// Another process (no cache) logs a meeting in the same relationship.
	ok(t)(s.LogMeeting(ctx, "m1", logMeeting("mtg-2", d("2025-01-06"))))
	if _, err := cached.LogMeeting(ctx, "m1", logMeeting("mtg-2", d("2025-01-06"))); err == nil {
		t.Fatal("the cached service accepted a meeting another service had already logged")
	}
	res, err := cached.LogMeeting(ctx, "m1", logMeeting("mtg-3", d("2025-01-06")))
	if err != nil {
		t.Fatal(err)
	}
	if want := streamVersion(t, s, "relationship-rel-1"); res.Version != want {
		t.Fatalf("cached service appended at version %d, the stream is at %d", res.Version, want)
	}
	keyed := app.WithConditions(ctx, app.Conditions{IdempotencyKey: "k"})
	first, err := cached.LogMeeting(keyed, "m1", logMeeting("mtg-4", d("2025-01-06")))
	if err != nil {
		t.Fatal(err)
	}
	// Matching rel-2 reads the programme, m1, e1 and rel-2 through the
	// cache, which holds two streams: rel-1 is evicted. Then replay.
	ok(t)(cached.Match(ctx, "coord", match("rel-2")))
	again, err := cached.LogMeeting(keyed, "m1", logMeeting("mtg-4", d("2025-01-06")))
	if err != nil || !again.Duplicate || again.First != first.First {
		t.Fatalf("replay through the cache = %+v, %v; want the original %+v", again, err, first)
	}
}

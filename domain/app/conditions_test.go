package app_test

import (
	"context"
	"errors"
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
)

func streamVersion(tb testing.TB, s *app.Service, stream string) int64 {
	tb.Helper()
	envs, err := s.Store.ReadStream(context.Background(), stream, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return int64(len(envs))
}

func TestIfVersionRunsACommandOnlyAtThatVersion(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	setUp(t, s)
	ok(t)(s.Match(ctx, "coord", match("rel-1")))
	stream := domain.RelationshipStream("rel-1")
	version := streamVersion(t, s, stream)
	stale := version - 1
	_, err := s.LogMeeting(app.WithConditions(ctx, app.Conditions{IfVersion: &stale}), "m1", logMeeting("mtg-1", d("2025-01-06")))
	if !errors.Is(err, events.ErrConcurrency) || events.ErrorCode(err) != events.ECONFLICT {
		t.Fatalf("stale version: got %v, want a concurrency conflict", err)
	}
	if v := streamVersion(t, s, stream); v != version {
		t.Fatalf("a refused conditional command recorded something: version %d, want %d", v, version)
	}
	res, err := s.LogMeeting(app.WithConditions(ctx, app.Conditions{IfVersion: &version}), "m1", logMeeting("mtg-1", d("2025-01-06")))
	if err != nil {
		t.Fatal(err)
	}
	if res.Version != version+1 {
		t.Fatalf("version after the conditional command = %d, want %d", res.Version, version+1)
	}
}

func TestIdempotencyKeyMakesARetryReturnTheOriginalResult(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	setUp(t, s)
	ok(t)(s.Match(ctx, "coord", match("rel-1")))
	keyed := app.WithConditions(ctx, app.Conditions{IdempotencyKey: "key-1"})
	first, err := s.LogMeeting(keyed, "m1", logMeeting("mtg-1", d("2025-01-06")))
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.LogMeeting(keyed, "m1", logMeeting("mtg-1", d("2025-01-06")))
	if err != nil {
		t.Fatalf("retry with the same key: %v", err)
	}
	if !again.Duplicate || again.First != first.First || again.Last != first.Last || again.Version != first.Version {
		t.Fatalf("retry = %+v, want the original %+v marked duplicate", again, first)
	}
	if head, _ := s.Store.Head(ctx); head != first.Last {
		t.Fatalf("a retry appended: head %d, want %d", head, first.Last)
	}
	// The same key from another actor is another command, judged afresh:
	// the meeting is already logged, so the domain refuses it.
	if _, err := s.LogMeeting(keyed, "e1", logMeeting("mtg-1", d("2025-01-06"))); err == nil {
		t.Fatal("another actor's command with the same key was taken as a retry")
	}
	// Without a key, the same command is a second, refused, command too.
	if _, err := s.LogMeeting(ctx, "m1", logMeeting("mtg-1", d("2025-01-06"))); err == nil {
		t.Fatal("a repeated meeting id without a key was accepted")
	}
}

func TestCommandsListsEveryCommandOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range app.Commands() {
		if c.Name == "" || seen[c.EventType] {
			t.Fatalf("command %+v: empty name or event type listed twice", c)
		}
		if _, ok := events.Lookup(c.EventType); !ok {
			t.Fatalf("command %s records an unregistered type %s", c.Name, c.EventType)
		}
		seen[c.EventType] = true
	}
	for _, ti := range events.Types() {
		if !seen[ti.Name] && ti.Name != "ledger.digest" {
			t.Errorf("no command records %s", ti.Name)
		}
	}
}

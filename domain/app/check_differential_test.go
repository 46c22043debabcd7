package app_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/domain/demo"
	"github.com/mentorledger/mentorledger/events"
)

// The Checker keeps the histories and aggregates it has built from one
// event to the next; the same check without that cache reads and folds
// every stream again for each event, as Check first did. On the demo's
// whole history, mutated at random (lines dropped, moved later, repeated
// under a new id), both must find the same errors at the same lines.
func TestCheckerFindsWhatTheUncachedCheckFinds(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the demo")
	}
	ctx := context.Background()
	src, _ := newService(t)
	withKeys(t, src)
	svc, clock := demo.NewService(src.Store, demo.Options{Keys: src.Keys})
	if _, err := demo.Generate(ctx, svc, clock, demo.Options{Keys: src.Keys}); err != nil {
		t.Fatal(err)
	}
	envs, err := src.Store.ReadAll(ctx, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var reqs []events.AppendRequest
	for _, e := range envs {
		if e.Stream == events.DigestStream {
			continue // the ledger's own
		}
		reqs = append(reqs, events.AppendRequest{Stream: e.Stream, Expected: events.Any, Events: []events.NewEvent{{
			ID: e.ID, Type: e.Type, SchemaVersion: e.SchemaVersion, RecordedAt: e.RecordedAt, Actor: e.Actor,
			CorrelationID: e.CorrelationID, CausationID: e.CausationID, Payload: e.Payload}}})
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for round := range 8 {
		mutated, what := mutate(rng, reqs, 1+round%3)
		t.Run(fmt.Sprintf("%d", round), func(t *testing.T) {
			a, _ := fresh(t)
			cached := a.NewChecker()
			cached.Add(ctx, mutated)
			b, _ := fresh(t)
			plain := b.NewCheckerUncached()
			plain.Add(ctx, mutated)
			got, want := render(cached.Errors()), render(plain.Errors())
			if !slices.Equal(got, want) {
				t.Fatalf("%s:\ncached %q\nuncached %q", what, got, want)
			}
			t.Logf("%s: %d errors either way", what, len(want))
		})
	}
}

// mutate applies n random changes to a copy of reqs, and says which.
func mutate(rng *rand.Rand, reqs []events.AppendRequest, n int) ([]events.AppendRequest, string) {
	out := slices.Clone(reqs)
	var what string
	for range n {
		i := rng.IntN(len(out))
		switch rng.IntN(3) {
		case 0:
			what += fmt.Sprintf("dropped %d (%s); ", i, out[i].Events[0].Type)
			out = slices.Delete(out, i, i+1)
		case 1:
			j := i + 1 + rng.IntN(len(out)-i)
			what += fmt.Sprintf("moved %d (%s) to %d; ", i, out[i].Events[0].Type, j)
			r := out[i]
			out = slices.Insert(slices.Delete(out, i, i+1), j-1, r)
		default:
			j := i + 1 + rng.IntN(len(out)-i)
			r := out[i]
			r.Events = []events.NewEvent{r.Events[0]}
			r.Events[0].ID = ""
			what += fmt.Sprintf("repeated %d (%s) at %d; ", i, r.Events[0].Type, j)
			out = slices.Insert(out, j, r)
		}
	}
	return out, what
}

func render(errs []app.EventError) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = fmt.Sprintf("%d: %v", e.Index, e.Err)
	}
	return out
}

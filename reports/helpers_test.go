package reports_test

import (
	"context"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/fixture"
	"github.com/mentorledger/mentorledger/projections"
)

func fixtureRequests(tb testing.TB, n int) []events.AppendRequest {
	tb.Helper()
	reqs, err := fixture.Requests(n)
	if err != nil {
		tb.Fatal(err)
	}
	return reqs
}

// caughtUpFixture is a real ledger holding about n fixture events, its views
// caught up.
func caughtUpFixture(tb testing.TB, n int) *ledger {
	tb.Helper()
	ctx := context.Background()
	l := newLedgerWithViews(tb)
	if _, err := l.store.AppendBatch(ctx, fixtureRequests(tb, n)); err != nil {
		tb.Fatal(err)
	}
	if _, err := l.views.CatchUp(ctx, l.store, projections.CatchUpOptions{}); err != nil {
		tb.Fatal(err)
	}
	return l
}

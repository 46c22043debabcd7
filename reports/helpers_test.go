package reports_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/fixture"
)

func fixtureRequests(tb testing.TB, n int) []events.AppendRequest {
	tb.Helper()
	reqs, err := fixture.Requests(n)
	if err != nil {
		tb.Fatal(err)
	}
	return reqs
}

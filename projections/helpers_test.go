package projections_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/fixture"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/projections"
)

func newLedger(tb testing.TB, opts ...sqlite.Option) *sqlite.Store {
	tb.Helper()
	st, err := sqlite.Open(filepath.Join(tb.TempDir(), "ledger.db"), opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func newViews(tb testing.TB) *projections.Views {
	tb.Helper()
	v, err := projections.Open(filepath.Join(tb.TempDir(), "views.duckdb"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { v.Close() })
	return v
}

func fixtureRequests(tb testing.TB, n int) []events.AppendRequest {
	tb.Helper()
	reqs, err := fixture.Requests(n)
	if err != nil {
		tb.Fatal(err)
	}
	return reqs
}

func dump(tb testing.TB, v *projections.Views) string {
	tb.Helper()
	s, err := v.Snapshot(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func count(tb testing.TB, db *sql.DB, table string) int {
	tb.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// firstDiff shows the first line where two snapshots differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}

package reports_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/reports"
)

// BenchmarkChecklist6 times the report over MENTORLEDGER_BENCH_VIEWS (a
// views.duckdb, e.g. from `mentorledger bench --keep`) or, without it, over
// 20,000 fixture events.
func BenchmarkChecklist6(b *testing.B) {
	ctx := context.Background()
	var src reports.Source
	if path := os.Getenv("MENTORLEDGER_BENCH_VIEWS"); path != "" {
		v, err := projections.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer v.Close()
		src = v
	} else {
		l := newLedgerWithViews(b)
		if _, err := l.store.AppendBatch(ctx, fixtureRequests(b, 20000)); err != nil {
			b.Fatal(err)
		}
		if _, err := l.views.CatchUp(ctx, l.store, projections.CatchUpOptions{}); err != nil {
			b.Fatal(err)
		}
		src = l.views
	}
	head, err := src.Checkpoint(ctx)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		asOf reports.AsOf
	}{{"now", reports.AsOf{}}, {"as-of", reports.AsOf{Position: head / 2}}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := reports.BuildChecklist6(ctx, src, tc.asOf, now); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

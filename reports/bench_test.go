package reports_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/reports"
)

// benchSource is what the report benchmarks read: the data directory
// MENTORLEDGER_BENCH_DATA (ledger.db and views.duckdb, e.g. DIR/data of
// `mentorledger bench --keep`) caught up, or, without it, 20,000 fixture
// events.
func benchSource(b *testing.B) (reports.Source, events.Reader) {
	b.Helper()
	ctx := context.Background()
	if dir := os.Getenv("MENTORLEDGER_BENCH_DATA"); dir != "" {
		st, err := sqlite.Open(filepath.Join(dir, "ledger.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		v, err := projections.Open(filepath.Join(dir, "views.duckdb"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { v.Close() })
		if _, err := v.CatchUp(ctx, st, projections.CatchUpOptions{}); err != nil {
			b.Fatal(err)
		}
		return v, st
	}
	l := newLedgerWithViews(b)
	if _, err := l.store.AppendBatch(ctx, fixtureRequests(b, 20000)); err != nil {
		b.Fatal(err)
	}
	if _, err := l.views.CatchUp(ctx, l.store, projections.CatchUpOptions{}); err != nil {
		b.Fatal(err)
	}
	return l.views, l.store
}

// BenchmarkReport builds every report of the catalogue now and as of the
// middle of the ledger, as `mentorledger bench` times them.
func BenchmarkReport(b *testing.B) {
	ctx := context.Background()
	src, ledger := benchSource(b)
	head, err := src.Checkpoint(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var subject string
	if err := src.DB().QueryRow(`SELECT arg_min(relationship_id, pos) FROM relationships WHERE pos >= $1`, uint64(head/4)).Scan(&subject); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	in := reports.Inputs{Views: src, Ledger: ledger}
	for _, name := range reports.Names() {
		d, err := reports.Lookup(name)
		if err != nil {
			b.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			asOf reports.AsOf
		}{{"now", reports.AsOf{}}, {"as-of", reports.AsOf{Position: head / 2}}} {
			b.Run(name+"/"+tc.name, func(b *testing.B) {
				req := reports.Request{AsOf: tc.asOf, Thresholds: reports.DefaultThresholds, Now: now, Subject: subject}
				cpu := processCPU()
				for b.Loop() {
					if _, err := d.Build(ctx, in, req); err != nil {
						b.Fatal(err)
					}
				}
				// CPU time of the whole process (Go and DuckDB's threads):
				// on a shared machine it moves much less than wall time.
				b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

// processCPU is the user and system time the process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

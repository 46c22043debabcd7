package natsbus

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/projections"
)

// BenchmarkNATSProjection measures projection throughput, in ledger events
// per second, over one fixture ledger (MENTORLEDGER_BENCH_EVENTS events,
// default 100,000) in a real SQLite file and an in-process NATS server:
//
//   - embedded-rebuild: Views.Rebuild straight from the ledger into a
//     fresh DuckDB (the embedded path, pages of 20,000 events);
//   - embedded-rebuild-pages-of-1000: the same in pages the size of a
//     bus message, one DuckDB transaction each (the cost of small batches
//     without the bus);
//   - nats-publish: the publisher putting the whole ledger into an empty
//     stream;
//   - nats-2-workers: two workers, each with a fresh DuckDB, applying the
//     whole stream (already published) — events/s is ledger events over
//     the time until both hold all of them;
//   - nats-end-to-end: an empty stream, the publisher and two workers
//     started together, until both workers hold the whole ledger.
func BenchmarkNATSProjection(b *testing.B) {
	n := 100_000
	if s := os.Getenv("MENTORLEDGER_BENCH_EVENTS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("MENTORLEDGER_BENCH_EVENTS: %v", err)
		}
	}
	ctx := context.Background()
	st := newLedger(b, n)
	h := head(b, st)
	url := startNATS(b)
	perSecond := func(b *testing.B) {
		b.ReportMetric(float64(h)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	}

	for _, page := range []int{0, projections.MaxMessageEvents} {
		name := "embedded-rebuild"
		if page > 0 {
			name = fmt.Sprintf("embedded-rebuild-pages-of-%d", page)
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				v := openViews(b, b.TempDir())
				b.StartTimer()
				if _, err := v.Rebuild(ctx, st, projections.CatchUpOptions{PageSize: page}); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				v.Close()
				b.StartTimer()
			}
			perSecond(b)
		})
	}

	b.Run("nats-publish", func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			deleteStream(b, url)
			b.StartTimer()
			publishAll(b, st, url)
		}
		perSecond(b)
		b.StopTimer()
		msgs, bytes := streamSize(b, url)
		b.ReportMetric(float64(h)/float64(msgs), "events/msg")
		b.ReportMetric(float64(bytes)/float64(h), "bytes/event")
	})

	b.Run("nats-2-workers", func(b *testing.B) {
		b.StopTimer()
		publishAll(b, st, url)
		b.StartTimer()
		for i := range b.N {
			b.StopTimer()
			va, vb := openViews(b, b.TempDir()), openViews(b, b.TempDir())
			b.StartTimer()
			wa := startWorker(b, ctx, va, url, fmt.Sprintf("bench-%d-a", i), nil)
			wb := startWorker(b, ctx, vb, url, fmt.Sprintf("bench-%d-b", i), nil)
			waitAndClose(b, h, wa, wb)
			b.StopTimer()
			va.Close()
			vb.Close()
			b.StartTimer()
		}
		perSecond(b)
	})

	b.Run("nats-end-to-end", func(b *testing.B) {
		for i := range b.N {
			b.StopTimer()
			deleteStream(b, url)
			va, vb := openViews(b, b.TempDir()), openViews(b, b.TempDir())
			b.StartTimer()
			stop := runPublisher(b, st, url, nil)
			wa := startWorker(b, ctx, va, url, fmt.Sprintf("e2e-%d-a", i), nil)
			wb := startWorker(b, ctx, vb, url, fmt.Sprintf("e2e-%d-b", i), nil)
			waitAndClose(b, h, wa, wb)
			b.StopTimer()
			stop()
			va.Close()
			vb.Close()
			b.StartTimer()
		}
		perSecond(b)
	})
}

// waitAndClose times the workers until they hold every event up to h,
// then closes them with the timer stopped.
func waitAndClose(b *testing.B, h events.Position, ws ...*Worker) {
	b.Helper()
	for _, w := range ws {
		if err := w.WaitFor(context.Background(), h); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	defer b.StartTimer()
	for _, w := range ws {
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

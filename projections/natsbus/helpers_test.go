package natsbus

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/fixture"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/projections"
)

// startNATS runs a NATS server with JetStream in the test process, on a
// random port with its store in a temporary directory, and returns its URL.
func startNATS(tb testing.TB) string {
	tb.Helper()
	return startNATSWith(tb, func(*server.Options) {})
}

// startNATSWith is startNATS with options changed by set.
func startNATSWith(tb testing.TB, set func(*server.Options)) string {
	tb.Helper()
	opts := natsOptions(tb)
	set(opts)
	return runNATS(tb, opts).ClientURL()
}

func natsOptions(tb testing.TB) *server.Options {
	return &server.Options{
		Host:      "127.0.0.1",
		Port:      server.RANDOM_PORT,
		JetStream: true,
		StoreDir:  tb.TempDir(),
		NoLog:     true,
		NoSigs:    true,
	}
}

// runNATS starts a server, shut down when the test ends if not before.
func runNATS(tb testing.TB, opts *server.Options) *server.Server {
	tb.Helper()
	s, err := server.NewServer(opts)
	if err != nil {
		tb.Fatal(err)
	}
	s.Start()
	tb.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
	})
	if !s.ReadyForConnections(30 * time.Second) {
		tb.Fatal("nats server not ready for connections")
	}
	return s
}

// newLedger is a real SQLite ledger holding n fixture events.
func newLedger(tb testing.TB, n int) *sqlite.Store {
	tb.Helper()
	st := emptyLedger(tb)
	reqs, err := fixture.Requests(n)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := st.AppendBatch(context.Background(), reqs); err != nil {
		tb.Fatal(err)
	}
	return st
}

// emptyLedger is a real SQLite ledger that records digests only every
// 4,096 events (not when idle), so its head moves only when the test
// appends.
func emptyLedger(tb testing.TB) *sqlite.Store {
	tb.Helper()
	st, err := sqlite.Open(filepath.Join(tb.TempDir(), "ledger.db"), sqlite.WithIdleDigest(0))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func head(tb testing.TB, st events.Store) events.Position {
	tb.Helper()
	h, err := st.Head(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// openViews opens DIR/views.duckdb, as `mentorledger project --data DIR`
// does; the caller closes it.
func openViews(tb testing.TB, dir string) *projections.Views {
	tb.Helper()
	v, err := projections.Open(filepath.Join(dir, "views.duckdb"))
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func checkpoint(tb testing.TB, v *projections.Views) events.Position {
	tb.Helper()
	cp, err := v.Checkpoint(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return cp
}

// rebuilt is a clean rebuild of the ledger's views in a fresh DuckDB.
func rebuilt(tb testing.TB, st events.Store) string {
	tb.Helper()
	v := openViews(tb, tb.TempDir())
	defer v.Close()
	if _, err := v.Rebuild(context.Background(), st, projections.CatchUpOptions{}); err != nil {
		tb.Fatal(err)
	}
	return snapshot(tb, v)
}

func snapshot(tb testing.TB, v *projections.Views) string {
	tb.Helper()
	s, err := v.Snapshot(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return s
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

func testLog(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tb.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// runPublisher runs Publish until the test ends or stop is called; stop
// waits for it to return and fails the test if it returned an error.
func runPublisher(tb testing.TB, st events.Store, url string, onPublished func(after, last events.Position)) (stop func()) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Publish(ctx, st, PublisherConfig{URL: url, Log: testLog(tb), OnPublished: onPublished})
	}()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("publisher: %v", err)
		}
	}
	tb.Cleanup(stop)
	return stop
}

// publishAll publishes the whole ledger, unless the stream holds it
// already, and stops the publisher.
func publishAll(tb testing.TB, st events.Store, url string) {
	tb.Helper()
	h := head(tb, st)
	if streamLast(tb, url) >= h {
		return
	}
	var published reached
	stop := runPublisher(tb, st, url, published.record)
	published.wait(h)
	stop()
}

// reached tracks the furthest position publishers have published.
type reached struct {
	mu      sync.Mutex
	last    events.Position
	changed events.Broadcast
}

func (r *reached) record(_, last events.Position) {
	r.mu.Lock()
	r.last = max(r.last, last)
	r.mu.Unlock()
	r.changed.Signal()
}

// wait blocks until a batch up to pos has been published.
func (r *reached) wait(pos events.Position) {
	for {
		changed := r.changed.Changed()
		r.mu.Lock()
		done := r.last >= pos
		r.mu.Unlock()
		if done {
			return
		}
		<-changed
	}
}

// startWorker starts a worker on views; Close is the caller's.
func startWorker(tb testing.TB, ctx context.Context, v *projections.Views, url, name string, onBatch func(BatchDone)) *Worker {
	tb.Helper()
	w, err := StartWorker(ctx, v, WorkerConfig{URL: url, Name: name, Log: testLog(tb), OnBatch: onBatch})
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

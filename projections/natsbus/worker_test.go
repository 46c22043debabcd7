package natsbus

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/fixture"
	"github.com/mentorledger/mentorledger/projections"
)

// Two workers take the ledger from the bus while it grows. One is killed
// twice while batches are in flight — once just after committing a batch
// and before acknowledging it, once at whatever moment a cancel from
// outside lands — and started again on the same directory each time; the
// publisher is stopped and started again in between. Both workers' views
// must equal a clean rebuild, and the stream must hold every position once.
func TestWorkersKilledMidStreamEqualCleanRebuild(t *testing.T) {
	n := 6000
	if testing.Short() {
		n = 3000
	}
	ctx := context.Background()
	url := startNATS(t)
	st := emptyLedger(t)
	reqs, err := fixture.Requests(n)
	if err != nil {
		t.Fatal(err)
	}
	half := len(reqs) / 2
	if _, err := st.AppendBatch(ctx, reqs[:half]); err != nil {
		t.Fatal(err)
	}
	stopPublisher := runPublisher(t, st, url, nil)

	dirA, dirB := t.TempDir(), t.TempDir()
	va := openViews(t, dirA)
	defer va.Close()
	a := startWorker(t, ctx, va, url, "a", nil)
	defer a.Close()

	// B's first life ends inside its handler, after its second batch is
	// committed and before it is acknowledged.
	vb := openViews(t, dirB)
	ctxB, killB := context.WithCancel(ctx)
	defer killB()
	var (
		mu        sync.Mutex
		applied   int
		committed events.Position
	)
	b := startWorker(t, ctxB, vb, url, "b", func(d BatchDone) {
		mu.Lock()
		defer mu.Unlock()
		if d.Applied > 0 {
			applied++
			if applied == 2 {
				committed = d.Last
				killB()
			}
		}
	})
	<-b.Done()
	if err := b.Close(); err != nil {
		t.Fatalf("worker b, killed: %v", err)
	}
	if err := vb.Close(); err != nil {
		t.Fatal(err)
	}

	// The rest of the ledger arrives in many small appends while the
	// publisher is down, then while it runs again.
	stopPublisher()
	quarter := half + (len(reqs)-half)/2
	appendInBursts(t, st, reqs[half:quarter])
	runPublisher(t, st, url, nil)

	// B's second life, on the same directory, is cancelled from outside
	// as soon as it has applied a batch, wherever it then is.
	vb = openViews(t, dirB)
	if got := checkpoint(t, vb); got < committed {
		t.Fatalf("worker b restarted at position %d, before the batch it committed up to %d", got, committed)
	}
	ctxB, killB2 := context.WithCancel(ctx)
	defer killB2()
	first := make(chan struct{})
	var once sync.Once
	b = startWorker(t, ctxB, vb, url, "b", func(d BatchDone) {
		if d.Applied > 0 {
			once.Do(func() { close(first) })
		}
	})
	rest := reqs[quarter:]
	appendInBursts(t, st, rest[:len(rest)/4])
	go func() { <-first; killB2() }()
	appendInBursts(t, st, rest[len(rest)/4:])
	<-b.Done()
	if err := b.Close(); err != nil {
		t.Fatalf("worker b, killed again: %v", err)
	}
	if err := vb.Close(); err != nil {
		t.Fatal(err)
	}

	// B's third life finishes the job.
	vb = openViews(t, dirB)
	defer vb.Close()
	b = startWorker(t, ctx, vb, url, "b", nil)
	defer b.Close()

	h := head(t, st)
	for _, w := range []*Worker{a, b} {
		if err := w.WaitFor(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	checkChain(t, url, h)
	want := rebuilt(t, st)
	for name, v := range map[string]*projections.Views{"a": va, "b": vb} {
		if got := snapshot(t, v); got != want {
			t.Fatalf("worker %s's views differ from a clean rebuild: %s", name, firstDiff(got, want))
		}
	}
}

// Two publishers running at once on the same ledger cannot interleave
// their batches: each continues the stream's last message or is refused
// and resumes from it.
func TestTwoPublishersKeepTheStreamAChain(t *testing.T) {
	ctx := context.Background()
	url := startNATS(t)
	st := emptyLedger(t)
	reqs, err := fixture.Requests(2000)
	if err != nil {
		t.Fatal(err)
	}
	var published reached
	stop1 := runPublisher(t, st, url, published.record)
	stop2 := runPublisher(t, st, url, published.record)
	for _, r := range reqs {
		if _, err := st.Append(ctx, r.Stream, r.Expected, r.Events...); err != nil {
			t.Fatal(err)
		}
	}
	h := head(t, st)
	published.wait(h)
	stop1()
	stop2()
	checkChain(t, url, h)
}

// appendInBursts appends requests a few at a time, so that the publisher
// sees the ledger grow while it runs.
func appendInBursts(tb testing.TB, st events.Store, reqs []events.AppendRequest) {
	tb.Helper()
	for len(reqs) > 0 {
		k := min(len(reqs), 7)
		if _, err := st.AppendBatch(context.Background(), reqs[:k]); err != nil {
			tb.Fatal(err)
		}
		reqs = reqs[k:]
	}
}

// A worker whose views were replaced by an empty database, under the name
// it had, reads the stream from its first batch instead of resuming where
// its consumer had got to.
func TestWorkerWithEmptyViewsUnderAnOldNameStartsFromTheFirstBatch(t *testing.T) {
	ctx := context.Background()
	url := startNATS(t)
	st := newLedger(t, 2500)
	h := head(t, st)
	publishAll(t, st, url)

	old := openViews(t, t.TempDir())
	defer old.Close()
	w := startWorker(t, ctx, old, url, "reused", nil)
	if err := w.WaitFor(ctx, h); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	fresh := openViews(t, t.TempDir())
	defer fresh.Close()
	w = startWorker(t, ctx, fresh, url, "reused", nil)
	defer w.Close()
	if got := consumerConfig(t, url, "reused"); got.DeliverPolicy != jetstream.DeliverAllPolicy {
		t.Fatalf("consumer of a worker with empty views: deliver policy %v from %d, want all", got.DeliverPolicy, got.OptStartSeq)
	}
	if err := w.WaitFor(ctx, h); err != nil {
		t.Fatal(err)
	}
	if got, want := snapshot(t, fresh), rebuilt(t, st); got != want {
		t.Fatalf("views differ from a clean rebuild: %s", firstDiff(got, want))
	}
}

// A worker whose views are behind the first batch the stream still holds
// stops with an error instead of leaving a hole in its views.
func TestWorkerStopsOnAGapInTheStream(t *testing.T) {
	ctx := context.Background()
	url := startNATS(t)
	st := newLedger(t, 2500)
	publishAll(t, st, url)
	stream := openStream(t, url)
	if err := stream.DeleteMsg(ctx, 1); err != nil {
		t.Fatal(err)
	}
	v := openViews(t, t.TempDir())
	defer v.Close()
	w := startWorker(t, ctx, v, url, "gap", nil)
	<-w.Done()
	if err := w.Err(); err == nil || !strings.Contains(err.Error(), "does not follow the views at position 0") {
		t.Fatalf("worker stopped with %v, want it to name the gap", err)
	}
	if got := checkpoint(t, v); got != 0 {
		t.Fatalf("views at position %d, want nothing applied", got)
	}
}

// consumerConfig is the configuration of a worker's consumer.
func consumerConfig(tb testing.TB, url, worker string) jetstream.ConsumerConfig {
	tb.Helper()
	c, err := openStream(tb, url).Consumer(context.Background(), ConsumerName(worker))
	if err != nil {
		tb.Fatal(err)
	}
	return c.CachedInfo().Config
}

// A worker and a publisher keep going across a restart of the bus: the
// ledger grows while NATS is down, and once it is back the worker's views
// still end equal to a clean rebuild.
func TestWorkerAndPublisherRideOutABusRestart(t *testing.T) {
	ctx := context.Background()
	opts := natsOptions(t)
	s := runNATS(t, opts)
	url := s.ClientURL()
	opts.Port = s.Addr().(*net.TCPAddr).Port
	st := emptyLedger(t)
	reqs, err := fixture.Requests(3000)
	if err != nil {
		t.Fatal(err)
	}
	half := len(reqs) / 2
	if _, err := st.AppendBatch(ctx, reqs[:half]); err != nil {
		t.Fatal(err)
	}
	runPublisher(t, st, url, nil)
	v := openViews(t, t.TempDir())
	defer v.Close()
	w := startWorker(t, ctx, v, url, "steady", nil)
	defer w.Close()
	if err := w.WaitFor(ctx, head(t, st)); err != nil {
		t.Fatal(err)
	}

	s.Shutdown()
	s.WaitForShutdown()
	appendInBursts(t, st, reqs[half:])
	runNATS(t, opts)

	h := head(t, st)
	if err := w.WaitFor(ctx, h); err != nil {
		t.Fatal(err)
	}
	checkChain(t, url, h)
	if got, want := snapshot(t, v), rebuilt(t, st); got != want {
		t.Fatalf("views differ from a clean rebuild: %s", firstDiff(got, want))
	}
}

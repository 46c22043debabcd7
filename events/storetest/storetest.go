// Package storetest is the conformance suite every events.Store backend
// passes: one set of titled cases, each against a fresh store.
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(tb testing.TB) events.Store {
//			s, err := sqlite.Open(filepath.Join(tb.TempDir(), "ledger.db"))
//			if err != nil {
//				tb.Fatal(err)
//			}
//			return s
//		}, storetest.Options{GapFree: true})
//	}
//
// Run closes every store it is given. The suite tolerates the ledger's own
// events (streams starting with events.SystemStreamPrefix, such as digests)
// appearing anywhere in the global order: it checks them only where it says
// so. Heavy cases shrink under testing.Short(); nothing is timed.
package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/mentorledger/mentorledger/events"
)

// Options tells the suite what a backend promises beyond the Store contract.
type Options struct {
	// GapFree says positions are consecutive integers from 1 (the embedded
	// backend), so the suite checks there are no gaps and Verify is run
	// with GapFree.
	GapFree bool
}

type suiteCase struct {
	name string
	run  func(t *testing.T, s events.Store, opt Options)
}

// Run runs every case of the suite, each as a subtest with a fresh store
// from newStore, which Run closes. After each case the whole ledger must
// pass events.Verify (and, when opt.GapFree, have no gaps), whatever the
// case did to it.
func Run(t *testing.T, newStore func(t testing.TB) events.Store, opt Options) {
	cases := []suiteCase{
		{"appends and reads back a stream", testRoundTrip},
		{"rejects append at a stale expected version", testStaleVersion},
		{"no stream expectation fails on an existing stream", testNoStream},
		{"any expectation always appends", testAny},
		{"exact expectation appends at the current version", testExact},
		{"two writers at the same version, exactly one wins", testTwoWriters},
		{"idempotent retry of the same event ids", testIdempotentRetry},
		{"concurrent retries of the same append record it once", testConcurrentRetries},
		{"reusing an event id in a different append is refused", testDuplicateID},
		{"AppendBatch is all or nothing", testBatchAtomic},
		{"AppendBatch retried returns the original results", testBatchRetry},
		{"global order matches commit order", testGlobalOrder},
		{"concurrent writers keep their own order", testConcurrentOrder},
		{"ReadAll pages agree with one read", testPaging},
		{"a reader never sees a partial batch", testNoPartialBatch},
		{"subscription from position N delivers every later event exactly once and in order, including ones appended while it runs", testSubscription},
		{"subscription ends when its context is cancelled or it is closed", testSubscriptionEnds},
		{"system streams are refused", testSystemStreams},
		{"invalid appends are refused and record nothing", testValidation},
		{"hash chain intact after all of it", testHashChain},
		{"appends after Close fail with ErrClosed", testClosed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			t.Cleanup(func() { _ = s.Close() })
			c.run(t, s, opt)
			if !t.Failed() {
				checkLedger(t, s, opt)
			}
		})
	}
}

// ctxFor returns a context that ends shortly before the test's deadline, so
// that a case waiting for an event that never comes fails with a message
// instead of the whole binary panicking on its timeout.
func ctxFor(t *testing.T) context.Context {
	t.Helper()
	ctx := t.Context()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-deadlineMargin(d)))
		t.Cleanup(cancel)
	}
	return ctx
}

// checkLedger runs after every case: whatever the case did, the ledger
// verifies and, on a gap-free backend, has no gaps.
func checkLedger(t *testing.T, s events.Store, opt Options) {
	t.Helper()
	if _, err := s.Head(context.Background()); errors.Is(err, events.ErrClosed) {
		return
	}
	all := readAll(t, s, 0)
	if opt.GapFree {
		for i, e := range all {
			if e.Position != events.Position(i+1) {
				t.Fatalf("after the case: event %d is at position %d: positions must be 1..n without gaps", i, e.Position)
			}
		}
	}
	if _, err := events.Verify(context.Background(), s, events.VerifyOptions{GapFree: opt.GapFree}); err != nil {
		t.Fatalf("after the case: verify: %v", err)
	}
}

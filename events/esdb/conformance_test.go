package esdb

import (
	"context"
	"log"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/storetest"
)

// testServerEnv names a reachable EventStoreDB (a connection string, such
// as esdb://localhost:2113?tls=false) for TestConformance.
const testServerEnv = "MENTORLEDGER_TEST_ESDB"

// unsupported are the suite's cases that EventStoreDB cannot pass, by
// subtest name, with the reason: it has no transaction over several
// streams, so a reader can see a multi-stream batch while it is written.
var unsupported = map[string]string{
	"a_reader_never_sees_a_partial_batch": "EventStoreDB appends to one stream at a time: a reader can see a multi-stream batch half written (see the package comment)",
}

// skipUnsupported skips a case of the suite that the backend cannot pass,
// saying why.
func skipUnsupported(tb testing.TB) {
	tb.Helper()
	name := tb.Name()
	if reason, ok := unsupported[name[strings.LastIndex(name, "/")+1:]]; ok {
		tb.Skip("not supported on EventStoreDB: " + reason)
	}
}

// TestConformance runs the shared suite against the EventStoreDB named by
// MENTORLEDGER_TEST_ESDB, each case in a ledger of its own (a fresh stream
// prefix). Without it the suite does not run, and says so.
func TestConformance(t *testing.T) {
	conn := os.Getenv(testServerEnv)
	if conn == "" {
		log.Printf("esdb: CONFORMANCE SUITE NOT RUN against EventStoreDB: set %s to a connection string (esdb://localhost:2113?tls=false) of a reachable server", testServerEnv)
		t.Skipf("conformance suite not run against EventStoreDB: %s is not set", testServerEnv)
	}
	open := func(opts ...Option) func(testing.TB) events.Store {
		return func(tb testing.TB) events.Store {
			skipUnsupported(tb)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			opts := append([]Option{WithPrefix("storetest-" + uuid.NewString()[:8] + ":")}, opts...)
			s, err := Open(ctx, conn, opts...)
			if err != nil {
				tb.Fatalf("open %s: %v", redact(conn), err)
			}
			return s
		}
	}
	storetest.Run(t, open(), storetest.Options{})
	t.Run("frequent digests", func(t *testing.T) {
		storetest.Run(t, open(WithDigestEvery(7), WithIdleDigest(time.Millisecond)), storetest.Options{})
	})
}

// TestStoreLogicPassesTheSuiteInMemory runs the shared suite on the store
// over memLog: the store's own logic end to end, with every case's ledger
// sharing one log with the others (as ledgers may share a server), under
// its own prefix. It says nothing of how a real server behaves.
func TestStoreLogicPassesTheSuiteInMemory(t *testing.T) {
	open := func(m *memLog, opts ...Option) func(testing.TB) events.Store {
		return func(tb testing.TB) events.Store {
			skipUnsupported(tb)
			opts := append([]Option{WithPrefix("suite-" + uuid.NewString()[:8] + ":")}, opts...)
			return testStore(tb, m, opts...)
		}
	}
	m := newMemLog()
	storetest.Run(t, open(m), storetest.Options{})
	t.Run("frequent digests", func(t *testing.T) {
		storetest.Run(t, open(m, WithDigestEvery(7), WithIdleDigest(time.Millisecond)), storetest.Options{})
	})
	t.Run("server without positions on stream reads", func(t *testing.T) {
		m := newMemLog()
		m.noStreamPositions = true
		storetest.Run(t, open(m), storetest.Options{})
	})
}

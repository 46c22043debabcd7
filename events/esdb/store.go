package esdb

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
	"github.com/mentorledger/mentorledger/events"
)

// Store is a ledger in EventStoreDB. It implements events.Store.
type Store struct {
	c      logClient
	prefix string
	cfg    config

	heads  headCache
	scan   *ledgerScan
	claims idClaims

	ctx    context.Context // ends at Close: subscriptions and the digester stop
	cancel context.CancelFunc

	mu          sync.RWMutex // held for reading while an append is let in
	closed      bool
	inflight    sync.WaitGroup // appends under way
	appended    atomic.Bool    // this store appended: it keeps digests
	digestMu    sync.Mutex     // one digest decided and written at a time
	sinceDigest atomic.Int64   // events this store appended since it last checked for a digest
	kick        chan struct{}  // an append was recorded
	done        chan struct{}  // closed by the digester when it has stopped
	closeErr    error          // the final digest's error
}

var _ events.Store = (*Store)(nil)

type config struct {
	prefix      string
	now         func() time.Time
	digestEvery int64
	idleDigest  time.Duration
	attempts    int           // tries of a call that fails transiently
	backoff     time.Duration // wait after the first failed try, doubled each time
	maxBackoff  time.Duration
	wait        func(ctx context.Context, d time.Duration) error
	clientLog   esdb.LoggingFunc
}

func defaults() config {
	return config{prefix: DefaultPrefix, now: time.Now, digestEvery: 4096, idleDigest: time.Second,
		attempts: 8, backoff: 50 * time.Millisecond, maxBackoff: 2 * time.Second, wait: sleep, clientLog: esdb.NoopLogging()}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Option changes how Open sets up a store.
type Option func(*config)

// WithPrefix sets the prefix of the ledger's EventStoreDB streams
// (default DefaultPrefix, or the connection string's ledgerPrefix).
func WithPrefix(p string) Option { return func(c *config) { c.prefix = p } }

// WithClock sets the clock that stamps events appended without a
// RecordedAt, and digests.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithDigestEvery sets after how many events a digest is recorded
// (default 4096).
func WithDigestEvery(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.digestEvery = int64(n)
		}
	}
}

// WithIdleDigest sets how long the store waits after its last append before
// it records a digest of the events not covered yet (default 1s; zero or
// less leaves DigestEvery and Close).
func WithIdleDigest(d time.Duration) Option { return func(c *config) { c.idleDigest = d } }

// WithRetry sets how many times a call failing transiently is tried
// (default 8) and the wait after the first failure, doubled after each
// (default 50ms, at most 2s).
func WithRetry(attempts int, first time.Duration) Option {
	return func(c *config) {
		if attempts > 0 {
			c.attempts = attempts
		}
		if first > 0 {
			c.backoff = first
		}
	}
}

// WithClientLog passes the client library's own log lines to f (by default
// they are dropped: the store's errors say what failed).
func WithClientLog(f func(level, format string, args ...any)) Option {
	return func(c *config) { c.clientLog = f }
}

// Open connects to the EventStoreDB named by a connection string
// (esdb://host:2113?tls=false, esdb+discover://…; the ledgerPrefix
// parameter names the ledger's stream prefix) and checks that it answers.
func Open(ctx context.Context, conn string, opts ...Option) (*Store, error) {
	cfg := defaults()
	clientCfg, prefix, err := parseConnection(conn)
	if err != nil {
		return nil, err
	}
	if prefix != "" {
		cfg.prefix = prefix
	}
	for _, o := range opts {
		o(&cfg)
	}
	if err := checkPrefix(cfg.prefix); err != nil {
		return nil, err
	}
	clientCfg.Logger = cfg.clientLog
	client, err := newGRPCClient(clientCfg)
	if err != nil {
		return nil, events.Errorf(events.EINVALID, "ledger %s: %v", redact(conn), err)
	}
	s := newStore(client, cfg)
	if err := s.ping(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open ledger %s: %w", redact(conn), err)
	}
	return s, nil
}

// newStore starts a store on a client.
func newStore(c logClient, cfg config) *Store {
	s := &Store{c: c, prefix: cfg.prefix, cfg: cfg, kick: make(chan struct{}, 1), done: make(chan struct{})}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.heads.m = map[string]streamHead{}
	s.claims.m = map[uuid.UUID]chan struct{}{}
	s.scan = newLedgerScan(s)
	go s.runDigester()
	return s
}

// ping reads the last event of $all: it fails when the server cannot be
// reached or the user may not read $all, which the store needs.
func (s *Store) ping(ctx context.Context) error {
	return s.retrying(ctx, "connect", func() error {
		_, err := s.c.readAll(ctx, esdb.End{}, 1, esdb.Backwards)
		return err
	})
}

// Close waits for the appends under way, records a final digest (when this
// store appended anything not yet covered by one), ends the subscriptions
// and closes the connection. Calls after Close fail with events.ErrClosed;
// closing twice does nothing.
// GapFree is false: positions are offsets in EventStoreDB's log, ordered
// but never consecutive, so verification must not expect them to be.
func (s *Store) GapFree() bool { return false }

func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.inflight.Wait()
	s.cancel() // the digester writes its final digest on its own context
	<-s.done
	return errors.Join(s.closeErr, s.c.close())
}

// enter lets an append in unless the store is closed; the caller calls
// s.inflight.Done when it is through.
func (s *Store) enter() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return events.ErrClosed
	}
	s.inflight.Add(1)
	return nil
}

func (s *Store) isClosed() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.closed
}

// retrying runs op, again after a growing wait while it fails transiently,
// up to the configured number of tries.
func (s *Store) retrying(ctx context.Context, what string, op func() error) error {
	for try := 1; ; try++ {
		err := op()
		if err == nil || !errors.Is(err, ErrUnavailable) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if try >= s.cfg.attempts {
			return fmt.Errorf("%s: gave up after %d tries: %w", what, try, err)
		}
		if werr := s.cfg.wait(ctx, s.backoff(try)); werr != nil {
			return werr
		}
	}
}

// backoff is the wait after the given failed try.
func (s *Store) backoff(try int) time.Duration {
	d := s.cfg.backoff
	for i := 1; i < try && d < s.cfg.maxBackoff; i++ {
		d *= 2
	}
	return min(d, s.cfg.maxBackoff)
}

// stream is the EventStoreDB stream of a ledger stream.
func (s *Store) stream(name string) string { return s.prefix + name }

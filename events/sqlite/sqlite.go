// Package sqlite is the embedded ledger: one SQLite file in WAL mode,
// written by one goroutine that commits appends in groups.
//
// Every append is fsynced (synchronous=FULL) before it is acknowledged.
// Concurrent appends share a commit: the writer takes every request already
// queued, checks each against the stream heads it keeps in memory, inserts
// only those that will succeed and commits them together, so many appends
// cost one fsync. Positions are consecutive integers from 1. The writer also
// keeps a running digest of everything it commits and records it in the
// ledger (stream events.DigestStream) every DigestEvery events, when idle and
// on Close, so that Verify notices removed or reordered events.
//
// A large append is hashed on one core while another inserts it, and, when
// it is large next to the ledger, is inserted with the unique indexes
// dropped and built again in the same transaction. An import appends in a
// Bulk instead, fed while its file is still being validated; into an empty
// ledger a Bulk writes a new file, without a journal, that replaces the
// empty one when it commits.
//
// A ledger file is used by one process at a time: Open takes an exclusive
// lock on path + ".lock".
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"golang.org/x/sys/unix"
)

// Group commit bounds: the writer stops taking queued requests into one
// transaction past either.
const (
	maxGroupRequests = 1024
	maxGroupEvents   = 64 << 10
)

// writerCacheKiB is the writer's page cache, enough for a large append to
// build up its changes without spilling them early.
const writerCacheKiB = 64 << 10

// Store is a ledger in one SQLite file. It implements events.Store.
type Store struct {
	path   string
	cfg    config
	lock   *os.File
	wdb    *sql.DB // one connection, owned by the writer goroutine
	rdb    *sql.DB // readers; WAL lets them run beside the writer
	read   readStmts
	w      *writer
	notify events.Broadcast
	// committed is the last position this process has committed or found
	// on opening: readers size their pages by it (capacityFor).
	committed atomic.Int64

	jobs  chan *job
	bulks chan *Bulk
	quit  chan struct{} // closed by Close: the writer flushes and stops
	done  chan struct{} // closed by the writer when it has stopped

	mu       sync.RWMutex // held for reading while a job is handed over
	rmu      sync.RWMutex // held for reading by readers; for writing while the file is replaced
	closed   bool
	closeErr error // the writer's last word: the final digest's error

	skipFinalDigest bool // tests: stop as a crash would, without a final digest
}

var _ events.Store = (*Store)(nil)

type config struct {
	now         func() time.Time
	digestEvery int64
	idleDigest  time.Duration
	bulkMin     int
	bulkAlways  bool
}

// Option changes how Open sets up a store.
type Option func(*config)

// WithClock sets the clock that stamps events appended without a
// RecordedAt, and digests.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithDigestEvery sets after how many events the writer records a digest
// (default 4096).
func WithDigestEvery(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.digestEvery = int64(n)
		}
	}
}

// WithIdleDigest sets how long the writer waits without appends before it
// records a digest of the events not yet covered by one (default 1s; zero
// or less turns it off, leaving DigestEvery and Close).
func WithIdleDigest(d time.Duration) Option { return func(c *config) { c.idleDigest = d } }

// Open opens the ledger at path, creating it if needed, and locks it
// against other processes.
func Open(path string, opts ...Option) (*Store, error) {
	cfg := config{now: time.Now, digestEvery: 4096, idleDigest: time.Second, bulkMin: defaultBulkMin}
	for _, o := range opts {
		o(&cfg)
	}
	lock, err := lockFile(path)
	if err != nil {
		return nil, err
	}
	s := &Store{path: path, cfg: cfg, lock: lock, jobs: make(chan *job, maxGroupRequests), bulks: make(chan *Bulk),
		quit: make(chan struct{}), done: make(chan struct{})}
	// A bulk append into an empty ledger that did not finish left its new
	// file behind; the ledger is the file at path, as it was.
	if err := os.Remove(freshPath(path)); err != nil && !errors.Is(err, os.ErrNotExist) {
		s.closeDBs()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	if err := s.open(); err != nil {
		s.closeDBs()
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	go s.run()
	return s, nil
}

func (s *Store) open() error {
	conn, err := s.openWriter()
	if err != nil {
		return err
	}
	s.w, err = newWriter(conn, s.cfg) // closes conn if it fails
	if err != nil {
		return err
	}
	if err := s.w.reload(); err != nil {
		return err
	}
	s.committed.Store(int64(s.w.next) - 1)
	return s.openReaders()
}

// openWriter opens the writer's database and its one connection, and
// brings the file's tables up to date.
func (s *Store) openWriter() (*sql.Conn, error) {
	ctx := context.Background()
	var err error
	s.wdb, err = openDB(s.path,
		"journal_mode = WAL",
		"synchronous = FULL", // fsync the WAL at every commit: acknowledged means on disk
		"busy_timeout = 5000",
		fmt.Sprintf("cache_size = -%d", writerCacheKiB),
	)
	if err != nil {
		return nil, err
	}
	s.wdb.SetMaxOpenConns(1)
	conn, err := s.wdb.Conn(ctx)
	if err != nil {
		return nil, err
	}
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		conn.Close()
		return nil, err
	}
	if mode != "wal" {
		conn.Close()
		return nil, fmt.Errorf("journal mode is %q, not wal", mode)
	}
	if err := migrate(ctx, conn); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

func (s *Store) openReaders() error {
	var err error
	s.rdb, err = openDB(s.path, "busy_timeout = 5000", "query_only = 1")
	if err != nil {
		return err
	}
	s.rdb.SetMaxOpenConns(4)
	s.rdb.SetMaxIdleConns(4)
	return s.read.prepare(s.rdb)
}

// Close stops taking appends, commits those already handed over, records
// a final digest and releases the file. Appends after Close fail with
// events.ErrClosed; closing twice does nothing.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	close(s.quit)
	<-s.done
	s.notify.Signal() // subscriptions read once more and find the store closed
	return errors.Join(s.closeErr, s.closeDBs())
}

func (s *Store) closeDBs() error {
	var errs []error
	s.read.close()
	if s.rdb != nil {
		errs = append(errs, s.rdb.Close())
	}
	if s.w != nil && s.w.conn != nil {
		errs = append(errs, s.w.close())
	}
	if s.wdb != nil {
		errs = append(errs, s.wdb.Close())
	}
	if s.lock != nil {
		errs = append(errs, unix.Flock(int(s.lock.Fd()), unix.LOCK_UN), s.lock.Close())
	}
	return errors.Join(errs...)
}

func (s *Store) isClosed() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.closed
}

// Subscribe delivers every event after the given position, then new ones
// as they are committed.
func (s *Store) Subscribe(ctx context.Context, after events.Position) (events.Subscription, error) {
	if s.isClosed() {
		return nil, events.ErrClosed
	}
	return events.CatchUp(ctx, s, &s.notify, after), nil
}

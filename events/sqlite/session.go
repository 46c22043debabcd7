package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// Bulk is one append fed in parts, such as an import that appends while it
// is still reading and validating its file. Its events are written as they
// are added, where no reader sees them — an open transaction, or, when the
// ledger is empty, a new file — and recorded all at once by Commit. Abort,
// a failed Add or a failed Commit leave the ledger as it was. What Commit
// records, and the results and errors it returns, are those of one
// AppendBatch of every request added, in order: a bulk append that meets a
// stale expected version or a recorded id is appended the ordinary way at
// the end, from the top.
//
// Add and Commit are for one goroutine. While a bulk append is open, other
// appends wait; every Bulk must end with Commit or Abort.
type Bulk struct {
	s   *Store
	ctx context.Context

	// Set by the writer before it closes started.
	started  chan struct{}
	startErr error
	next     events.Position // position of the next event added
	empty    bool            // the ledger had no events: a new file is written
	now      time.Time
	digest   *events.DigestBuilder // the writer's, fed by Add while the bulk is open

	// The caller's, in Add and Commit.
	given    [][]events.AppendRequest // every request added, for the ordinary way
	results  [][]events.AppendResult  // theirs, the bulk way
	n        int                      // events added
	heads    map[string]streamHead    // heads of the streams added to
	hasher   hasher
	ordinary bool  // the bulk way is off: Commit appends the ordinary way
	addErr   error // a failed Add: Commit aborts
	ended    bool

	chunks chan []request // sealed requests, to the writer
	decide chan bool      // to the writer: commit or not
	done   chan struct{}  // the writer is finished with the bulk

	// Set by the writer.
	writeErr  atomic.Pointer[error] // the bulk way failed: Add stops sealing
	commitErr error                 // read after done
	final     []events.AppendResult // when the ordinary way was taken
}

// errBulkAborted is what a Bulk's writer returns when the bulk was aborted.
var errBulkAborted = errors.New("bulk append aborted")

// BeginBulk starts a bulk append. ctx bounds the whole of it: when ctx ends
// before Commit, nothing is recorded.
func (s *Store) BeginBulk(ctx context.Context) (*Bulk, error) {
	b := &Bulk{s: s, ctx: ctx, started: make(chan struct{}), heads: map[string]streamHead{},
		chunks: make(chan []request, 16), decide: make(chan bool, 1), done: make(chan struct{})}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil, events.ErrClosed
	}
	select {
	case s.bulks <- b:
		s.mu.RUnlock()
	case <-ctx.Done():
		s.mu.RUnlock()
		return nil, ctx.Err()
	}
	<-b.started
	if b.startErr != nil {
		<-b.done
		return nil, fmt.Errorf("append: %w", b.startErr)
	}
	return b, nil
}

// Add appends requests, validated as AppendBatch validates them. It keeps
// reqs until the bulk ends: the caller must not change them. An error
// means the bulk append failed: the caller must Abort it.
func (b *Bulk) Add(reqs []events.AppendRequest) error {
	switch {
	case b.ended:
		return errors.New("append: the bulk append has ended")
	case b.addErr != nil:
		return b.addErr
	}
	if err := b.add(reqs); err != nil {
		b.addErr = err
		return err
	}
	return nil
}

func (b *Bulk) add(reqs []events.AppendRequest) error {
	if err := b.ctx.Err(); err != nil {
		return err
	}
	if len(reqs) == 0 {
		return nil
	}
	j, err := prepareRequests(reqs)
	if err != nil {
		return err
	}
	b.given = append(b.given, reqs)
	b.n += j.n
	if b.writeErr.Load() != nil {
		b.ordinary = true
	}
	if b.ordinary {
		return nil
	}
	// Versions, positions and hashes, as the writer would give them. The
	// envelopes are the writer's once sent: nothing here keeps them.
	res := make([]events.AppendResult, len(j.reqs))
	for i := range j.reqs {
		r := &j.reqs[i]
		h, ok := b.heads[r.stream]
		if !ok {
			h = streamHead{hash: events.GenesisHash}
			if !b.empty {
				// The writer has written nothing else since the bulk
				// began, so what readers see is the head before it.
				if h, err = b.s.committedHead(b.ctx, r.stream); err != nil {
					return err
				}
			}
		}
		if r.expected != events.Any && int64(r.expected) != h.version {
			b.ordinary = true // a conflict, or a retry: the ordinary way decides
			return nil
		}
		first := b.next
		h = b.hasher.chain(r.envs, h, first, b.now)
		b.heads[r.stream] = h
		b.next += events.Position(len(r.envs))
		res[i] = events.AppendResult{Stream: r.stream, Version: h.version, First: first, Last: b.next - 1}
		for k := range r.envs {
			e := &r.envs[k]
			b.digest.Add(e.Position, e.Stream, e.Version, e.Hash)
		}
	}
	b.results = append(b.results, res)
	select {
	case b.chunks <- j.reqs:
		return nil
	case <-b.done:
		return b.commitErr
	case <-b.ctx.Done():
		return b.ctx.Err()
	}
}

// Commit records everything added, once check (if not nil) returns nil.
// check runs while the ledger finishes writing the bulk (building its
// indexes); if it fails, nothing is recorded and Commit returns its
// error.
func (b *Bulk) Commit(check func() error) ([]events.AppendResult, error) {
	if b.ended {
		return nil, errors.New("append: the bulk append has ended")
	}
	b.ended = true
	close(b.chunks)
	err := b.addErr
	if err == nil && b.n == 0 {
		err = events.Errorf(events.EINVALID, "append: at least one request is required")
	}
	if err == nil && check != nil {
		err = check()
	}
	if err == nil {
		err = b.ctx.Err()
	}
	b.decide <- err == nil
	<-b.done
	if err != nil {
		return nil, err
	}
	if b.commitErr != nil {
		return nil, b.commitErr
	}
	if b.final != nil {
		return b.final, nil
	}
	n := 0
	for _, p := range b.results {
		n += len(p)
	}
	res := make([]events.AppendResult, 0, n)
	for _, p := range b.results {
		res = append(res, p...)
	}
	return res, nil
}

// Abort drops everything added. Aborting an ended bulk does nothing.
func (b *Bulk) Abort() {
	if b.ended {
		return
	}
	b.ended = true
	close(b.chunks)
	b.decide <- false
	<-b.done
}

// runBulk is the writer's side of a bulk append. It reports whether it
// recorded anything.
func (s *Store) runBulk(b *Bulk) (wrote bool) {
	w := s.w
	defer close(b.done)
	defer func() {
		if !wrote {
			w.stale = true // the digest was fed; the caches may be wrong
		}
	}()
	fail := func(err error) bool {
		b.commitErr = fmt.Errorf("append: %w", err)
		return false
	}
	if w.stale {
		if err := w.reload(); err != nil {
			b.startErr = err
			close(b.started)
			return false
		}
	}
	b.next, b.empty, b.now, b.digest = w.next, w.next == 1, w.now(), w.digest
	var t *target
	var err error
	if b.empty {
		t, err = s.openFresh()
	} else {
		t, err = w.openInPlace()
	}
	if err != nil {
		b.startErr = err
		close(b.started)
		return false
	}
	close(b.started)

	// Write what comes, until the caller ends the input.
	var written int
	ok := true // the bulk way still holds
	record := func(err error) {
		if ok {
			ok = false
			b.writeErr.Store(&err)
		}
	}
	for input := true; input; {
		select {
		case reqs, more := <-b.chunks:
			if !more {
				input = false
				break
			}
			if !ok {
				continue
			}
			if err := t.write(reqs); err != nil {
				record(err)
				continue
			}
			for _, r := range reqs {
				written += len(r.envs)
			}
			if err := t.grew(written); err != nil {
				record(err)
			}
		case <-b.ctx.Done():
			t.discard(w)
			return fail(b.ctx.Err())
		case <-s.quit:
			t.discard(w)
			return fail(events.ErrClosed)
		}
	}
	// Add has returned for good: what it set is ours to read.
	ok = ok && !b.ordinary && b.addErr == nil && b.n > 0
	if ok {
		if err := t.finish(); err != nil {
			record(err)
		}
	}
	var commit bool
	select {
	case commit = <-b.decide:
	case <-s.quit:
		t.discard(w)
		return fail(events.ErrClosed)
	}
	if !commit {
		t.discard(w)
		b.commitErr = errBulkAborted
		return false
	}
	if !ok {
		// The ordinary way, from the top, as one AppendBatch would.
		t.discard(w)
		if err := w.reload(); err != nil {
			return fail(err)
		}
		return s.appendOrdinary(b)
	}
	if err := t.commit(s, b); err != nil {
		return fail(err)
	}
	w.bulks.Add(1)
	return true
}

// appendOrdinary appends every request of a bulk the ordinary way, in one
// transaction, as AppendBatch would.
func (s *Store) appendOrdinary(b *Bulk) bool {
	var all []events.AppendRequest
	for _, p := range b.given {
		all = append(all, p...)
	}
	j, err := prepare(all)
	if err != nil {
		b.commitErr = err
		return false
	}
	j.ctx, j.ordinary = b.ctx, true
	wrote := s.w.commitGroup([]*job{j})
	b.final, b.commitErr = j.res, j.err
	return wrote
}

// target is where a bulk append writes: the ledger, in an open
// transaction, or a new file that replaces the empty ledger on commit.
type target struct {
	conn    *sql.Conn
	ins     *inserter
	dropped bool // the unique indexes are dropped until finish

	// A new file.
	db   *sql.DB
	path string

	// Into the ledger: drop the indexes once the bulk is this large.
	dropAt int
}

// freshPath is where a bulk append into an empty ledger writes the new
// file. Open removes one left behind.
func freshPath(path string) string { return path + ".bulk" }

// freshPageSize is the page size of a new file written by a bulk append.
const freshPageSize = 8192

// openFresh starts a new ledger file beside the empty one. It needs no
// journal: until it replaces the ledger, a crash only leaves it behind to
// be removed.
func (s *Store) openFresh() (*target, error) {
	ctx := context.Background()
	path := freshPath(s.path)
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	db, err := openDB(path,
		// Pages twice the usual size: a tenth fewer CPU seconds for an
		// import, whose rows (~450 bytes) fill pages better.
		fmt.Sprintf("page_size = %d", freshPageSize),
		"journal_mode = OFF",
		"synchronous = OFF", // synced once, whole, before it replaces the ledger
		"locking_mode = EXCLUSIVE",
		fmt.Sprintf("cache_size = -%d", writerCacheKiB),
	)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	t := &target{db: db, path: path, dropped: true}
	fail := func(err error) (*target, error) {
		t.close()
		os.Remove(path)
		return nil, err
	}
	if t.conn, err = db.Conn(ctx); err != nil {
		return fail(err)
	}
	for _, q := range schema {
		if q == createIDIndex || q == createStreamIndex {
			continue // built once at the end: faster than growing them
		}
		if _, err := t.conn.ExecContext(ctx, q); err != nil {
			return fail(err)
		}
	}
	if _, err := t.conn.ExecContext(ctx, "BEGIN"); err != nil {
		return fail(err)
	}
	if t.ins, err = newInserter(ctx, t.conn); err != nil {
		return fail(err)
	}
	return t, nil
}

// openInPlace starts a bulk append into the ledger's own file.
func (w *writer) openInPlace() (*target, error) {
	if err := exec(w.st.begin); err != nil {
		return nil, err
	}
	// As in applyBulk: past this size, next to the ledger, building the
	// unique indexes again beats growing them row by row.
	return &target{conn: w.conn, ins: w.ins, dropAt: max(w.bulkMin, int(w.next-1)/2)}, nil
}

func (t *target) fresh() bool { return t.db != nil }

// write inserts sealed requests and records the ranges of appends of
// several events.
func (t *target) write(reqs []request) error { return t.ins.requests(reqs) }

// grew drops the ledger's unique indexes once the bulk is large enough.
func (t *target) grew(written int) error {
	if t.fresh() || t.dropped || written < t.dropAt {
		return nil
	}
	for _, q := range []string{dropIDIndex, dropStreamIndex} {
		if _, err := t.conn.ExecContext(bg, q); err != nil {
			return err
		}
	}
	t.dropped = true
	return nil
}

// finish builds the unique indexes if they were dropped: an id recorded
// twice fails here.
func (t *target) finish() error {
	if !t.dropped {
		return nil
	}
	for _, q := range []string{createIDIndex, createStreamIndex} {
		if _, err := t.conn.ExecContext(bg, q); err != nil {
			return err
		}
	}
	t.dropped = false
	return nil
}

// discard drops what the bulk wrote.
func (t *target) discard(w *writer) {
	w.stale = true
	if t.fresh() {
		t.close()
		os.Remove(t.path)
		return
	}
	_ = exec(w.st.rollback)
}

func (t *target) close() {
	if !t.fresh() {
		return
	}
	t.ins.close()
	t.ins = nil
	if t.conn != nil {
		t.conn.Close()
		t.conn = nil
	}
	t.db.Close()
}

// commit records the bulk: a digest if one is due, then the commit, or for
// a new file, its replacing the empty ledger.
func (t *target) commit(s *Store, b *Bulk) error {
	w := s.w
	w.next = b.next
	w.uncovered += int64(b.n)
	clear(w.heads)
	var digest *events.Envelope
	if w.uncovered > 0 && w.digest.Count() >= w.digestEvery {
		h := streamHead{hash: events.GenesisHash}
		if !t.fresh() {
			var err error
			if h, err = w.head(events.DigestStream); err != nil {
				t.discard(w)
				return err
			}
		}
		e, err := w.digestEvent(h, b.now)
		if err != nil {
			t.discard(w)
			return err
		}
		if err := t.ins.rows([]events.Envelope{e}); err != nil {
			t.discard(w)
			return err
		}
		digest = &e
	}
	if !t.fresh() {
		if err := w.commit(); err != nil {
			t.discard(w)
			return err
		}
	} else if err := t.replace(s); err != nil {
		return err
	}
	if digest != nil {
		w.digested(digest)
		w.heads[digest.Stream] = streamHead{digest.Version, digest.Hash}
	}
	return nil
}

// replace makes the new file the ledger: it is synced, and renamed over
// the empty ledger once every connection to that is closed, so that no
// write-ahead log of the old file is ever applied to the new one. Until the
// rename the ledger is the empty file; after it, the whole bulk.
func (t *target) replace(s *Store) error {
	w := s.w
	_, err := t.conn.ExecContext(bg, "COMMIT")
	t.close()
	if err == nil {
		err = syncFile(t.path)
	}
	if err != nil {
		os.Remove(t.path)
		w.stale = true
		return err
	}
	crashPoint("written")
	s.rmu.Lock()
	defer s.rmu.Unlock()
	s.read.close()
	errs := []error{s.rdb.Close(), w.detach(), s.wdb.Close()}
	s.rdb, s.wdb = nil, nil
	if err := errors.Join(errs...); err != nil {
		os.Remove(t.path)
		return errors.Join(err, s.reopen())
	}
	// Closing the last connection checkpointed the log and removed it; one
	// left over belongs to the empty ledger.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(s.path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Remove(t.path)
			return errors.Join(err, s.reopen())
		}
	}
	crashPoint("closed")
	if err := os.Rename(t.path, s.path); err != nil {
		os.Remove(t.path)
		return errors.Join(err, s.reopen())
	}
	crashPoint("renamed")
	if err := syncFile(filepath.Dir(s.path)); err != nil {
		return errors.Join(err, s.reopen())
	}
	return s.reopen()
}

// crashAt, set by tests, is called at each step of replacing the ledger
// file, to stop the process there as a crash would.
var crashAt func(step string)

func crashPoint(step string) {
	if crashAt != nil {
		crashAt(step)
	}
}

// reopen opens the writer's connection and the readers again after the
// file was replaced. The writer's caches stay: they describe the new file.
func (s *Store) reopen() error {
	conn, err := s.openWriter()
	if err != nil {
		return err
	}
	if err := s.w.attach(conn); err != nil {
		return err
	}
	return s.openReaders()
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

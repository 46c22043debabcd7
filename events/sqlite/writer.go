package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// maxCachedStreams bounds the writer's cache of stream heads; past it the
// cache is emptied and refilled from the file on demand.
const maxCachedStreams = 1 << 17

// streamHead is what an append needs to know about a stream.
type streamHead struct {
	version int64
	hash    string
}

// headMap maps streams to their heads.
type headMap map[string]streamHead

// writer owns the write connection. Only the writer goroutine uses it.
type writer struct {
	conn *sql.Conn
	ins  *inserter
	st   struct {
		head, last                                            *sql.Stmt
		begin, commit, rollback, saveJob, releaseJob, undoJob *sql.Stmt
		saveReq, releaseReq, undoReq                          *sql.Stmt
	}
	now         func() time.Time
	digestEvery int64
	bulkMin     int
	bulkAlways  bool         // tests: every job goes the bulk way first
	bulks       atomic.Int64 // jobs appended the bulk way, for tests
	failCommit  atomic.Bool  // tests: the next commit fails

	next      events.Position // position of the next event
	heads     headMap         // committed stream heads, filled on demand
	digest    *events.DigestBuilder
	uncovered int64 // events after the last digest's range, that digest aside
	stale     bool  // the caches may be wrong: reload before the next group
	hasher    hasher
}

func newWriter(conn *sql.Conn, cfg config) (*writer, error) {
	w := &writer{now: cfg.now, digestEvery: cfg.digestEvery, bulkMin: cfg.bulkMin, bulkAlways: cfg.bulkAlways}
	if err := w.attach(conn); err != nil {
		return nil, err
	}
	return w, nil
}

// attach makes conn the writer's connection and prepares its statements;
// if that fails it closes conn.
func (w *writer) attach(conn *sql.Conn) error {
	w.conn = conn
	ctx := context.Background()
	var err error
	if w.ins, err = newInserter(ctx, conn); err != nil {
		w.detach()
		return err
	}
	for _, p := range []struct {
		st **sql.Stmt
		q  string
	}{
		{&w.st.head, `SELECT version, hash FROM events WHERE stream = ? ORDER BY version DESC LIMIT 1`},
		{&w.st.last, `SELECT COALESCE(MAX(position), 0) FROM events`},
		{&w.st.begin, `BEGIN IMMEDIATE`},
		{&w.st.commit, `COMMIT`},
		{&w.st.rollback, `ROLLBACK`},
		{&w.st.saveJob, `SAVEPOINT job`},
		{&w.st.releaseJob, `RELEASE job`},
		{&w.st.undoJob, `ROLLBACK TO job`},
		{&w.st.saveReq, `SAVEPOINT req`},
		{&w.st.releaseReq, `RELEASE req`},
		{&w.st.undoReq, `ROLLBACK TO req`},
	} {
		st, err := conn.PrepareContext(ctx, p.q)
		if err != nil {
			w.detach()
			return fmt.Errorf("prepare %.40s: %w", p.q, err)
		}
		*p.st = st
	}
	return nil
}

// detach closes the writer's statements and connection.
func (w *writer) detach() error {
	w.ins.close()
	w.ins = nil
	for _, st := range []*sql.Stmt{w.st.head, w.st.last,
		w.st.begin, w.st.commit, w.st.rollback, w.st.saveJob, w.st.releaseJob, w.st.undoJob,
		w.st.saveReq, w.st.releaseReq, w.st.undoReq} {
		if st != nil {
			st.Close()
		}
	}
	w.st = struct {
		head, last                                            *sql.Stmt
		begin, commit, rollback, saveJob, releaseJob, undoJob *sql.Stmt
		saveReq, releaseReq, undoReq                          *sql.Stmt
	}{}
	if w.conn == nil {
		return nil
	}
	err := w.conn.Close()
	w.conn = nil
	return err
}

func (w *writer) close() error { return w.detach() }

// errCommitFailed is what a commit fails with when a test asks it to.
var errCommitFailed = errors.New("commit failed (test)")

func (w *writer) commit() error {
	if w.failCommit.CompareAndSwap(true, false) {
		return errCommitFailed
	}
	return exec(w.st.commit)
}

// exec runs a statement without arguments, such as COMMIT.
func exec(st *sql.Stmt) error {
	_, err := st.Exec()
	return err
}

// reload rebuilds the caches from the file: the next position, the running
// digest, and an empty set of stream heads.
func (w *writer) reload() error {
	var last int64
	if err := w.st.last.QueryRow().Scan(&last); err != nil {
		return fmt.Errorf("last position: %w", err)
	}
	w.next = events.Position(last + 1)
	w.heads = headMap{}
	if err := w.resumeDigest(); err != nil {
		return err
	}
	w.stale = false
	return nil
}

// head returns a stream's head as this transaction sees it: from the job's
// and group's own appends first, then the cache, then the file.
func (w *writer) head(stream string, layers ...headMap) (streamHead, error) {
	for _, l := range layers {
		if h, ok := l[stream]; ok {
			return h, nil
		}
	}
	if h, ok := w.heads[stream]; ok {
		return h, nil
	}
	// Not in the group's layers, so the transaction holds no new events of
	// this stream: what the file says is the committed head.
	h := streamHead{hash: events.GenesisHash}
	err := w.st.head.QueryRow(stream).Scan(&h.version, &h.hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("head of %s: %w", stream, err)
	}
	if len(w.heads) >= maxCachedStreams {
		clear(w.heads)
	}
	w.heads[stream] = h
	return h, nil
}

// commitGroup appends a group of jobs in one transaction and sets every
// job's result or error. It reports whether anything was committed.
func (w *writer) commitGroup(group []*job) bool {
	fail := func(err error) {
		for _, j := range group {
			if j.err == nil {
				j.res, j.err = nil, err
			}
		}
	}
	if w.stale {
		if err := w.reload(); err != nil {
			fail(fmt.Errorf("append: %w", err))
			return false
		}
	}
	if err := exec(w.st.begin); err != nil {
		fail(fmt.Errorf("append: begin: %w", err))
		return false
	}
	abort := func(err error) bool {
		_ = exec(w.st.rollback)
		w.stale = true
		fail(err)
		return false
	}
	now := w.now()
	group0 := headMap{}
	wrote := false
	for _, j := range group {
		if err := j.ctx.Err(); err != nil {
			j.err = err
			continue
		}
		n, err := w.applyJob(j, group0, now)
		if err != nil {
			return abort(fmt.Errorf("append: %w", err))
		}
		wrote = wrote || n > 0
	}
	if w.uncovered > 0 && w.digest.Count() >= w.digestEvery {
		if err := w.appendDigest(group0, now); err != nil {
			return abort(fmt.Errorf("append: digest: %w", err))
		}
		wrote = true
	}
	if err := w.commit(); err != nil {
		return abort(fmt.Errorf("append: commit: %w", err))
	}
	for s, h := range group0 {
		w.heads[s] = h
	}
	return wrote
}

// applyJob inserts one job's requests under a savepoint. A request that
// cannot be appended (stale version, id recorded) fails the job, undoes its
// other requests and leaves the group alone; the returned error is one that
// leaves the transaction unusable. It returns how many events it inserted.
func (w *writer) applyJob(j *job, group headMap, now time.Time) (int, error) {
	if w.bulkWorthIt(j) {
		n, ok, err := w.applyBulk(j, group, now)
		if err != nil || ok {
			return n, err
		}
	}
	multi := len(j.reqs) > 1
	if multi {
		if err := exec(w.st.saveJob); err != nil {
			return 0, err
		}
	}
	start := w.next
	local := headMap{}
	j.res = make([]events.AppendResult, len(j.reqs))
	for i := range j.reqs {
		res, err, fatal := w.applyRequest(&j.reqs[i], now, local, group)
		if fatal != nil {
			return 0, fatal
		}
		if err != nil {
			if multi {
				if err := exec(w.st.undoJob); err != nil {
					return 0, err
				}
				if err := exec(w.st.releaseJob); err != nil {
					return 0, err
				}
			}
			w.next = start
			j.res, j.err = nil, err
			return 0, nil
		}
		j.res[i] = res
	}
	if multi {
		if err := exec(w.st.releaseJob); err != nil {
			return 0, err
		}
	}
	for s, h := range local {
		group[s] = h
	}
	n := 0
	for i, r := range j.reqs {
		if j.res[i].Duplicate {
			continue
		}
		for k := range r.envs {
			e := &r.envs[k]
			w.digest.Add(e.Position, e.Stream, e.Version, e.Hash)
		}
		n += len(r.envs)
	}
	w.uncovered += int64(n)
	return n, nil
}

// applyRequest appends one stream's events, recording its new head in
// local. err is the request's own failure; fatal means the transaction can
// no longer be trusted.
func (w *writer) applyRequest(r *request, now time.Time, local, group headMap) (res events.AppendResult, err, fatal error) {
	h, fatal := w.head(r.stream, local, group)
	if fatal != nil {
		return res, nil, fatal
	}
	if r.expected != events.Any && int64(r.expected) != h.version {
		if !r.supplied {
			return res, conflict(r, h.version), nil
		}
		// Perhaps a retry of an append that was recorded.
		res, v, fatal := w.earlier(r)
		switch {
		case fatal != nil:
			return res, nil, fatal
		case v == retried:
			return res, nil, nil
		case v == reused:
			return res, reusedID(r), nil
		}
		return res, conflict(r, h.version), nil
	}
	// Ids the ledger made up are new; ids from the caller may be recorded,
	// which the insert finds out cheaply through the unique index, undoing
	// itself back to the savepoint.
	if r.supplied {
		if err := exec(w.st.saveReq); err != nil {
			return res, nil, err
		}
	}
	first := w.next
	h, ierr := w.sealAndInsert(r.envs, h, first, now)
	w.next = first + events.Position(len(r.envs))
	if ierr == nil && len(r.envs) > 1 {
		ierr = w.ins.appended(first, w.next-1)
	}
	if ierr != nil {
		w.next = first
		if !r.supplied {
			return res, nil, ierr
		}
		if err := exec(w.st.undoReq); err != nil {
			return res, nil, err
		}
		if err := exec(w.st.releaseReq); err != nil {
			return res, nil, err
		}
		res, v, fatal := w.earlier(r)
		switch {
		case fatal != nil:
			return res, nil, fatal
		case v == retried:
			return res, nil, nil
		case v == reused:
			return res, reusedID(r), nil
		}
		// No id of the request was recorded: the insert failed for another
		// reason, and the cached head may be wrong.
		w.stale = true
		return res, fmt.Errorf("append %s: %w", r.stream, ierr), nil
	}
	if r.supplied {
		if err := exec(w.st.releaseReq); err != nil {
			return res, nil, err
		}
	}
	local[r.stream] = h
	return events.AppendResult{Stream: r.stream, Version: h.version, First: first, Last: w.next - 1}, nil, nil
}

func conflict(r *request, version int64) error {
	return fmt.Errorf("append %s: expected version %d, stream is at version %d: %w", r.stream, r.expected, version, events.ErrConcurrency)
}

// Requests of at least sealPipeline events are sealed on a goroutine of
// their own, sealChunk events at a time, while the writer inserts the
// chunks already sealed: hashing and SQLite each get a core.
const (
	sealPipeline = 4096
	sealChunk    = 32 * rowsPerInsert
)

// sealAndInsert gives a stream's new events their versions, positions from
// first, times and hashes, chained from head h, and inserts them. It
// returns the stream's new head.
func (w *writer) sealAndInsert(envs []events.Envelope, h streamHead, first events.Position, now time.Time) (streamHead, error) {
	if len(envs) < sealPipeline {
		h = w.hasher.chain(envs, h, first, now)
		return h, w.insert(envs)
	}
	sealed := make(chan int, 8) // envs[:n] are sealed
	var last streamHead         // written before sealed is closed
	go func() {
		defer close(sealed)
		h := h
		var hs hasher
		for from := 0; from < len(envs); from += sealChunk {
			to := min(from+sealChunk, len(envs))
			h = hs.chain(envs[from:to], h, first+events.Position(from), now)
			sealed <- to
		}
		last = h
	}()
	var err error
	done := 0
	for to := range sealed {
		if err == nil {
			err = w.insert(envs[done:to])
		}
		done = to
	}
	return last, err
}

// insert writes envelopes, several rows per statement.
func (w *writer) insert(envs []events.Envelope) error { return w.ins.rows(envs) }

package projections

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/mentorledger/mentorledger/events"
)

// RebuildSuffix names the file a rebuild writes beside the views
// (views.duckdb.rebuild) until it replaces them. Open removes one left by
// a rebuild that did not finish.
const RebuildSuffix = ".rebuild"

// ErrViewsInUse is matched (errors.Is) by RebuildFile's error when the
// views are open elsewhere.
var ErrViewsInUse = errors.New("views are in use")

// RebuildFile builds every view from the ledger's first event into a new
// DuckDB file beside path (path + RebuildSuffix) and, once it is complete
// and on disk, renames it over path. The old views are neither read nor
// changed until then, so a rebuild that fails or is killed leaves them as
// they were (and its file for Open to remove). The whole rebuild is one
// DuckDB transaction: no commit per page, and its row groups are written
// once, straight into the new file.
//
// path must not be open, in this process or another: RebuildFile locks it
// as DuckDB does and fails with ErrViewsInUse when it cannot.
func RebuildFile(ctx context.Context, path string, r events.Reader, opt CatchUpOptions) (events.Position, error) {
	unlock, err := lockViews(path)
	if err != nil {
		return 0, err
	}
	defer unlock()
	tmp := path + RebuildSuffix
	if err := removeFiles(tmp, tmp+".wal"); err != nil {
		return 0, fmt.Errorf("rebuild views: %w", err)
	}
	reached, err := buildFile(ctx, tmp, r, opt)
	if err != nil {
		_ = removeFiles(tmp, tmp+".wal")
		return 0, err
	}
	if err := replaceFile(tmp, path); err != nil {
		return 0, fmt.Errorf("rebuild views: %w", err)
	}
	return reached, nil
}

// rebuildCheckpointThreshold is the views' checkpoint_threshold while a
// rebuild writes them: so small that each group's commit checkpoints at
// once, writing the rows of its last, partly filled row groups (45 MB on
// 1,000,000 events) straight into the file rather than into the
// write-ahead log, to be copied into the file again by the checkpoint
// after. A file being rebuilt needs no log: a rebuild that fails is thrown
// away. Measured on 1,000,000 events: the final checkpoint took ~0.43 s
// with CheckpointThreshold, under 1 ms after commits like these, and the
// rebuild as a whole ~0.1–0.25 s less.
const rebuildCheckpointThreshold = "1MB"

// rebuildThreads is DuckDB's thread count while a rebuild writes the views:
// one, the connection's own. The rebuild's goroutines (one reading, one
// per writing connection) already keep both cores busy, and DuckDB's
// appends and commits run on the connection that makes them; its own
// workers only competed with them. Measured on the bench's 1,000,000
// events, three rounds alternating (BENCHMARKS.md, session 8): DuckDB's
// default of a thread per core 3.51–3.72 s and 4.9–5.4 user CPU-s, one
// thread 3.35–3.49 s and 4.75–4.94.
const rebuildThreads = "1"

// buildFile writes a new views file at path from the whole ledger and
// closes it checkpointed, without a write-ahead log.
func buildFile(ctx context.Context, path string, r events.Reader, opt CatchUpOptions) (reached events.Position, err error) {
	v, err := open(path, url.Values{
		"memory_limit":         {CatchUpMemoryLimit},
		"checkpoint_threshold": {rebuildCheckpointThreshold},
		"threads":              {rebuildThreads},
	})
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := v.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("rebuild views: close: %w", cerr)
		}
		if err == nil {
			if _, serr := os.Stat(path + ".wal"); serr == nil {
				err = fmt.Errorf("rebuild views: %s.wal left after close", path)
			}
		}
	}()
	if reached, err = v.applyAllOnce(ctx, r, opt); err != nil {
		return 0, err
	}
	if _, err = v.db.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return 0, fmt.Errorf("rebuild views: checkpoint: %w", err)
	}
	return reached, nil
}

// applyAllOnce applies the whole ledger to every projection of an empty
// database. The projections are split in two groups (the first — in All
// the ledger's, a row for every event — and the rest), each written on its own
// connection and goroutine in one transaction, through one appender per
// table, while a third goroutine reads and decodes the ledger: DuckDB's
// appends, the larger part of the cost, then use both cores.
func (v *Views) applyAllOnce(ctx context.Context, r events.Reader, opt CatchUpOptions) (events.Position, error) {
	if opt.PageSize <= 0 {
		opt.PageSize = rebuildPageSize
	}
	groups := [][]Projection{v.projections}
	if len(v.projections) > 1 {
		groups = [][]Projection{v.projections[:1], v.projections[1:]}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	ins := make([]chan []Decoded, len(groups))
	errs := make(chan error, len(groups))
	for i, ps := range groups {
		ins[i] = make(chan []Decoded, 1)
		go func() {
			err := v.applyGroup(ctx, ps, ins[i])
			if err != nil {
				cancel(err)
			}
			errs <- err
		}()
	}
	var reached events.Position
	var applied int64
	var readErr error
	for pg := range readPages(ctx, r, 0, opt.PageSize) {
		if pg.err != nil {
			readErr = pg.err
			cancel(readErr)
			break
		}
		for _, in := range ins {
			select {
			case in <- pg.batch:
			case <-ctx.Done():
			}
		}
		reached = pg.batch[len(pg.batch)-1].Envelope.Position
		applied += int64(len(pg.batch))
		if opt.Progress != nil {
			opt.Progress(reached, applied)
		}
	}
	for _, in := range ins {
		close(in)
	}
	var err error
	for range groups {
		if gerr := <-errs; gerr != nil && err == nil {
			err = gerr
		}
	}
	if readErr != nil {
		return 0, readErr
	}
	if err != nil {
		return 0, err
	}
	if cerr := context.Cause(ctx); cerr != nil {
		return 0, cerr
	}
	return reached, nil
}

// rebuildPageSize is how many events a rebuild reads and decodes at once:
// with no commit per page, small pages cost nothing and keep little in
// memory.
const rebuildPageSize = 5000

// applyGroup applies every page it is given to the projections ps in one
// transaction on its own connection, through appenders kept open from the
// first page to the last (each flushed every flushRows rows), and commits
// with every projection's checkpoint at the last position once in is
// closed.
func (v *Views) applyGroup(ctx context.Context, ps []Projection, in <-chan []Decoded) (err error) {
	defer func() {
		for range in { // let the reader finish after an error
		}
	}()
	conn, err := v.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("rebuild views: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return fmt.Errorf("rebuild views: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	var last events.Position
	err = conn.Raw(func(dc any) error {
		w := newTableWriter(dc.(driver.Conn))
		defer w.close()
		for batch := range in {
			if err := ctx.Err(); err != nil {
				return context.Cause(ctx)
			}
			for i := range batch {
				d := &batch[i]
				tail := rowTail(d.Envelope)
				for _, p := range ps {
					if err := w.write(p, d, tail); err != nil {
						return fmt.Errorf("rebuild %s: %w", p.Name, err)
					}
				}
			}
			last = batch[len(batch)-1].Envelope.Position
		}
		return w.close()
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return context.Cause(ctx)
	}
	if last > 0 {
		for _, p := range ps {
			_, err = conn.ExecContext(ctx, "INSERT INTO checkpoints VALUES (?, ?, ?)", p.Name, uint64(last), v.now().UTC())
			if err != nil {
				return fmt.Errorf("rebuild %s: write checkpoint: %w", p.Name, err)
			}
		}
	}
	if _, err = conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("rebuild views: commit: %w", err)
	}
	return nil
}

// lockViews takes the lock DuckDB takes on a database file, so that no
// process opens the views while they are rebuilt and a rebuild does not
// start while they are open. The views are created first if missing, so
// that there is a file to lock.
func lockViews(path string) (unlock func(), err error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		v, err := Open(path)
		if err != nil {
			return nil, err
		}
		if err := v.Close(); err != nil {
			return nil, fmt.Errorf("rebuild views: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("rebuild views: %w", err)
	}
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: 0, Len: 0}
	if err := unix.FcntlFlock(f.Fd(), setLockCmd, &lk); err != nil {
		f.Close()
		if errors.Is(err, unix.EAGAIN) || errors.Is(err, unix.EACCES) {
			return nil, fmt.Errorf("rebuild views %s: %w", path, ErrViewsInUse)
		}
		return nil, fmt.Errorf("rebuild views: lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}

// replaceFile makes the complete, closed database at tmp the views at
// path: tmp is synced, the old views' write-ahead log removed (it must
// never be applied to the new file; without it the old file is still a
// consistent, older state of the views), tmp renamed over path and the
// directory synced.
func replaceFile(tmp, path string) error {
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if _, err := os.Stat(path + ".wal"); err == nil {
		if err := removeFiles(path + ".wal"); err != nil {
			return err
		}
		if err := syncDir(path); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(path)
}

// syncDir syncs the directory holding path.
func syncDir(path string) error {
	dir, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}

func removeFiles(paths ...string) error {
	for _, p := range paths {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

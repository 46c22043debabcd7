package projections

import (
	"context"
	"fmt"

	"github.com/mentorledger/mentorledger/events"
)

// CatchUpOptions tunes a catch-up.
type CatchUpOptions struct {
	// PageSize is how many events are read, decoded and applied at once
	// (default 20,000): one DuckDB transaction per page. RebuildFile reads
	// pages of 5,000 by default and commits once.
	PageSize int
	// Progress, when set, is called after each page with the position reached
	// and the number of events applied so far.
	Progress func(pos events.Position, applied int64)
}

// defaultPageSize is CatchUpOptions.PageSize when it is not set.
const defaultPageSize = 20000

// ProjectionReader is a ledger that can read events with only the fields
// projections use (events/sqlite's Store: no hashes, no correlation or
// causation ids), more cheaply than ReadAll. A catch-up uses it when the
// reader it is given has it; the envelopes it returns are only ever
// handed to projections. A wrapper that changes what ReadAll returns (a
// reader stopping at a position, say) must not have it: embed
// events.Reader, not the store.
type ProjectionReader interface {
	ReadForProjection(ctx context.Context, after events.Position, limit int) ([]events.Envelope, error)
}

// page is one page of decoded events, or the error that ended reading.
type page struct {
	batch []Decoded
	err   error
}

// readPages reads and decodes the ledger after from, page by page, on its
// own goroutine, keeping at most two pages ahead of the consumer. The
// channel closes after the last page, after an error, or when ctx is done.
func readPages(ctx context.Context, r events.Reader, from events.Position, pageSize int) <-chan page {
	read := r.ReadAll
	if pr, ok := r.(ProjectionReader); ok {
		read = pr.ReadForProjection
	}
	pages := make(chan page, 2)
	go func() {
		defer close(pages)
		after := from
		for {
			evs, err := read(ctx, after, pageSize)
			if err != nil {
				select {
				case pages <- page{err: fmt.Errorf("catch up: read after %d: %w", after, err)}:
				case <-ctx.Done():
				}
				return
			}
			if len(evs) == 0 {
				return
			}
			batch, err := DecodeAll(evs)
			select {
			case pages <- page{batch: batch, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil || len(evs) < pageSize {
				return
			}
			after = evs[len(evs)-1].Position
		}
	}()
	return pages
}

// CatchUp applies every event after each projection's checkpoint, reading
// the ledger in pages. Reading and decoding the next page overlaps with
// writing the current one. It returns the position reached.
func (v *Views) CatchUp(ctx context.Context, r events.Reader, opt CatchUpOptions) (reached events.Position, err error) {
	err = v.withMemoryLimit(ctx, CatchUpMemoryLimit, func() error {
		reached, err = v.catchUp(ctx, r, opt)
		return err
	})
	return reached, err
}

func (v *Views) catchUp(ctx context.Context, r events.Reader, opt CatchUpOptions) (events.Position, error) {
	if opt.PageSize <= 0 {
		opt.PageSize = defaultPageSize
	}
	from, err := v.Checkpoint(ctx)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	reached := from
	var applied int64
	for pg := range readPages(ctx, r, from, opt.PageSize) {
		if pg.err != nil {
			return reached, pg.err
		}
		if err := v.ApplyAll(ctx, v.projections, pg.batch); err != nil {
			return reached, err
		}
		reached = pg.batch[len(pg.batch)-1].Envelope.Position
		applied += int64(len(pg.batch))
		if opt.Progress != nil {
			opt.Progress(reached, applied)
		}
	}
	return reached, ctx.Err()
}

// Rebuild drops every view and rebuilds it from the ledger's first event,
// in place, a page a transaction. RebuildFile is faster and leaves the
// views as they were until it is complete.
func (v *Views) Rebuild(ctx context.Context, r events.Reader, opt CatchUpOptions) (events.Position, error) {
	if err := v.Reset(ctx); err != nil {
		return 0, err
	}
	return v.CatchUp(ctx, r, opt)
}

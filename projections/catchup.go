package projections

import (
	"context"
	"fmt"

	"github.com/mentorledger/mentorledger/events"
)

// CatchUpOptions tunes a catch-up.
type CatchUpOptions struct {
	// PageSize is how many events are read, decoded and applied at once
	// (default 20,000): one DuckDB transaction per page.
	PageSize int
	// Progress, when set, is called after each page with the position reached
	// and the number of events applied so far.
	Progress func(pos events.Position, applied int64)
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
		opt.PageSize = 20000
	}
	from, err := v.Checkpoint(ctx)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type page struct {
		batch []Decoded
		err   error
	}
	pages := make(chan page, 2)
	go func() {
		defer close(pages)
		after := from
		for {
			evs, err := r.ReadAll(ctx, after, opt.PageSize)
			if err != nil {
				pages <- page{err: fmt.Errorf("catch up: read after %d: %w", after, err)}
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
			if err != nil || len(evs) < opt.PageSize {
				return
			}
			after = evs[len(evs)-1].Position
		}
	}()
	reached := from
	var applied int64
	for pg := range pages {
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

// Rebuild drops every view and rebuilds it from the ledger's first event.
func (v *Views) Rebuild(ctx context.Context, r events.Reader, opt CatchUpOptions) (events.Position, error) {
	if err := v.Reset(ctx); err != nil {
		return 0, err
	}
	return v.CatchUp(ctx, r, opt)
}

package main

import (
	"context"
	"runtime/debug"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/projections"
)

// rebuildHeap is the Go heap a rebuild lets grow before it collects
// garbage. A rebuild's live heap stays near 35 MiB whatever the ledger's
// size (it holds a few pages of 5,000 events); collecting each time the
// heap doubles ran ~80 collections on 1,000,000 events. Collecting only
// at this size took `mentorledger rebuild` of the bench's 1M events from
// 4.05–4.11 s to 3.59–3.67 s, its peak resident memory from 396–410 to
// 458–463 MiB (BENCHMARKS.md, session 7); DuckDB's memory is bounded
// apart (projections.CatchUpMemoryLimit).
const rebuildHeap = 128 << 20

// rebuildFile is projections.RebuildFile with the garbage collector set
// for a rebuild, as it was before once it returns.
func rebuildFile(ctx context.Context, path string, r events.Reader, opt projections.CatchUpOptions) (events.Position, error) {
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(rebuildHeap)
	defer func() {
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(percent)
	}()
	return projections.RebuildFile(ctx, path, r, opt)
}

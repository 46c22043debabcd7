package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/projections"
)

func cmdRebuild(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("rebuild", "usage: mentorledger rebuild [--data DIR]", e.stderr)
	ledger := ledgerFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(*data, *ledger, false, false) // RebuildFile replaces the views without opening them
	if err != nil {
		return err
	}
	defer s.Close()
	head, err := s.ledger.Head(ctx)
	if err != nil {
		return err
	}
	p := newProgress(e.stderr, "rebuild", int64(head), e.now)
	var applied int64
	pos, err := rebuildFile(ctx, filepath.Join(s.dir, ViewsFile), s.ledger, projections.CatchUpOptions{
		Progress: func(_ events.Position, n int64) { applied = n; p.update(n) },
	})
	if err != nil {
		return err
	}
	p.done(applied)
	if kib := peakRSSKiB(); kib > 0 {
		fmt.Fprintf(e.stderr, "rebuild: peak resident memory %d MiB\n", kib/1024)
	}
	fmt.Fprintf(e.stdout, "rebuilt %d projections to position %d\n", len(projections.All), pos)
	return nil
}

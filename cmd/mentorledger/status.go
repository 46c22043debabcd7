package main

import (
	"context"
	"fmt"
	"sort"
)

// cmdStatus prints the ledger's head and each projection's checkpoint and
// lag (head minus checkpoint), without updating the views.
func cmdStatus(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("status", "usage: mentorledger status [--data DIR]", e.stderr)
	ledger := ledgerFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(*data, *ledger, false, true)
	if err != nil {
		return err
	}
	defer s.Close()
	head, err := s.ledger.Head(ctx)
	if err != nil {
		return err
	}
	cps, err := s.views.Checkpoints(ctx)
	if err != nil {
		return err
	}
	lag, err := s.views.Lag(ctx, head)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "head: %d\n", head)
	names := make([]string, 0, len(cps))
	for n := range cps {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(e.stdout, "projection %s: checkpoint %d, lag %d\n", n, cps[n], lag[n])
	}
	return nil
}

package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/mentorledger/mentorledger/events"
)

func cmdVerify(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("verify", "usage: mentorledger verify [--data DIR]", e.stderr)
	ledger := ledgerFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(*data, *ledger, false, false)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := events.Verify(ctx, s.ledger, events.VerifyOptions{GapFree: s.gapFree, ReadAhead: 2})
	var ce *events.ChainError
	if errors.As(err, &ce) {
		return &exitError{code: 1, msg: fmt.Sprintf("broken: position %d, event %s: %s", ce.Position, ce.EventID, ce.Reason)}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "ok: %d events, head %s\n", res.Events, res.Head)
	fmt.Fprintf(e.stdout, "streams: %d, digests: %d, last position: %d, events after the last digest: %d\n",
		res.Streams, res.Digests, res.Last, res.Unanchored)
	return nil
}

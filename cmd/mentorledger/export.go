package main

import (
	"context"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/jsonl"
)

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("export", "usage: mentorledger export [--data DIR] > ledger.jsonl", e.stderr)
	ledger := ledgerFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(*data, *ledger, false, false)
	if err != nil {
		return err
	}
	defer s.Close()
	w := jsonl.NewWriter(e.stdout)
	var after events.Position
	for {
		page, err := s.ledger.ReadAll(ctx, after, 10000)
		if err != nil {
			return err
		}
		for i := range page {
			if err := w.Write(&page[i]); err != nil {
				return err
			}
		}
		if len(page) < 10000 {
			break
		}
		after = page[len(page)-1].Position
	}
	return w.Flush()
}

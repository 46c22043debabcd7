package main

import (
	"bytes"
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
	// Each page is read and written as JSON Lines on a goroutine of its
	// own, two pages ahead; this one writes them out in order.
	pages := &events.Prefetcher[encodedPage]{R: s.ledger, GapFree: s.gapFree, Ahead: 2, Each: encodePage}
	defer pages.Close()
	var after events.Position
	for {
		page, enc, err := pages.ReadPage(ctx, after, exportPage)
		if err == nil {
			err = enc.err
		}
		if err != nil {
			return err
		}
		if _, err := e.stdout.Write(enc.lines); err != nil {
			return err
		}
		if len(page) < exportPage {
			return nil
		}
		after = page[len(page)-1].Position
	}
}

// exportPage is how many events export reads at once.
const exportPage = 10000

// encodedPage is a page of events as JSON Lines.
type encodedPage struct {
	lines []byte
	err   error
}

func encodePage(page []events.Envelope) encodedPage {
	var buf bytes.Buffer
	w := jsonl.NewWriter(&buf)
	for i := range page {
		if err := w.Write(&page[i]); err != nil {
			return encodedPage{err: err}
		}
	}
	if err := w.Flush(); err != nil {
		return encodedPage{err: err}
	}
	return encodedPage{lines: buf.Bytes()}
}

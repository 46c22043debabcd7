package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events/jsonl"
)

func cmdImport(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("import", "usage: mentorledger import [--data DIR] [--actor NAME] FILE.jsonl   (FILE may be - for standard input)", e.stderr)
	ledger := ledgerFlag(fs)
	actor := fs.String("actor", "import", "actor recorded for lines that name none")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{code: 2, msg: "mentorledger import: name one JSON Lines file"}
	}
	var in io.Reader = os.Stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	// Validate the whole file before opening the ledger for writing.
	reqs, err := jsonl.Parse(in, jsonl.Options{Actor: *actor})
	if err != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("mentorledger import: %s: rejected, nothing appended\n%v", fs.Arg(0), err)}
	}
	s, err := openStore(*data, *ledger, true, true)
	if err != nil {
		return err
	}
	defer s.Close()
	// Then run every event through the command that records it, against
	// the ledger as it is, so the file keeps the domain's rules too. The
	// check seals, opens and destroys nothing, so no key store is opened.
	svc := &app.Service{Store: s.ledger, Now: e.now}
	if bad := svc.Check(ctx, reqs); len(bad) > 0 {
		lines := make([]string, len(bad))
		for i, b := range bad {
			lines[i] = fmt.Sprintf("line %d: %v", b.Index+1, b.Err)
		}
		return &exitError{code: 1, msg: fmt.Sprintf("mentorledger import: %s: rejected, nothing appended\n%s", fs.Arg(0), strings.Join(lines, "\n"))}
	}
	res, err := s.ledger.AppendBatch(ctx, reqs)
	if err != nil {
		return fmt.Errorf("%s: nothing appended: %w", fs.Arg(0), err)
	}
	n, first, last := 0, res[0].First, res[len(res)-1].Last
	dups := 0
	for i, r := range res {
		if r.Duplicate {
			dups += len(reqs[i].Events)
			continue
		}
		n += len(reqs[i].Events)
	}
	if _, err := s.catchUp(ctx); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported %d events (positions %d..%d)", n, first, last)
	if dups > 0 {
		fmt.Fprintf(e.stdout, ", %d already recorded", dups)
	}
	fmt.Fprintln(e.stdout)
	return nil
}

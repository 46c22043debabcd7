package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/jsonl"
	"github.com/mentorledger/mentorledger/events/sqlite"
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
	name := fs.Arg(0)
	var in io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	rejected := func(detail string) error {
		return &exitError{code: 1, msg: fmt.Sprintf("mentorledger import: %s: rejected, nothing appended\n%s", name, detail)}
	}
	var s *store
	defer func() {
		if s != nil {
			s.Close()
		}
	}()
	open := func() (*store, error) {
		var err error
		s, err = openStore(*data, *ledger, true, true)
		return s, err
	}
	// Every event runs through the command that records it, against the
	// ledger as it is, so the file keeps the domain's rules too. The check
	// seals, opens and destroys nothing, so no key store is opened.
	reqs, res, err := importFile(ctx, in, jsonl.Options{Actor: *actor}, *ledger == "", open,
		importHooks{checker: func() *app.Checker { return domainChecker(s, e.now) }})
	var fe *jsonl.FileError
	var ce *checkError
	var oe *openError
	var ae *appendError
	switch {
	case errors.As(err, &fe):
		return rejected(fe.Error())
	case errors.As(err, &ce):
		return rejected(ce.Error())
	case errors.As(err, &oe):
		return oe.err
	case errors.As(err, &ae):
		return fmt.Errorf("%s: nothing appended: %w", name, ae.err)
	case err != nil: // the file could not be read
		return rejected(err.Error())
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

// domainChecker checks every event of an import through the command that
// records it, against the ledger as it is (app.Service.Check), so the file
// keeps the domain's rules too. It seals, opens and destroys nothing, so
// no key store is needed.
func domainChecker(s *store, now func() time.Time) *app.Checker {
	return (&app.Service{Store: s.ledger, Now: now}).NewChecker()
}

// checkError is an import that breaks the domain's rules.
type checkError struct{ bad []app.EventError }

func (e *checkError) Error() string {
	lines := make([]string, len(e.bad))
	for i, b := range e.bad {
		lines[i] = fmt.Sprintf("line %d: %v", b.Index+1, b.Err)
	}
	return strings.Join(lines, "\n")
}

// openError is a failure to open the ledger, appendError one to append.
type (
	openError   struct{ err error }
	appendError struct{ err error }
)

func (e *openError) Error() string   { return e.err.Error() }
func (e *openError) Unwrap() error   { return e.err }
func (e *appendError) Error() string { return e.err.Error() }
func (e *appendError) Unwrap() error { return e.err }

// importHooks are what importFile calls besides the ledger, each if not
// nil: checker, once the ledger is open, for the domain check of the
// file's events in order (nothing is committed unless it finds none);
// validated, once the whole file is valid; checked, with the time the
// check was busy, once it is done.
type importHooks struct {
	checker   func() *app.Checker
	validated func()
	checked   func(busy time.Duration)
}

// checkBeside runs a domain check on its own goroutine over the parts of a
// file it is given, in order, while the file is still being read. Another
// goroutine decodes the parts' payloads ahead of it (app.DecodeAll): the
// check is an import's critical path, and decoding needs nothing it holds.
type checkBeside struct {
	parts   chan []events.AppendRequest
	decoded chan decodedPart
	done    chan struct{}
	cancel  context.CancelFunc
	c       *app.Checker
	busy    time.Duration
	stopped atomic.Bool // the check has stopped: nothing more to decode
}

type decodedPart struct {
	part []events.AppendRequest
	d    *app.Decoded
}

// checkDecodedAhead is how many parts the decoding goroutine may run ahead
// of the check.
const checkDecodedAhead = 64

func startCheck(ctx context.Context, c *app.Checker) *checkBeside {
	ctx, cancel := context.WithCancel(ctx)
	cb := &checkBeside{parts: make(chan []events.AppendRequest, 1<<12), decoded: make(chan decodedPart, checkDecodedAhead),
		done: make(chan struct{}), cancel: cancel, c: c}
	go func() {
		defer close(cb.decoded)
		for part := range cb.parts {
			if cb.stopped.Load() || ctx.Err() != nil {
				continue // drained, so that the reader never waits
			}
			cb.decoded <- decodedPart{part, app.DecodeAll(part)}
		}
	}()
	go func() {
		defer close(cb.done)
		stopped := false
		for dp := range cb.decoded {
			if stopped || ctx.Err() != nil {
				continue // drained, so that the decoder never waits
			}
			t0 := time.Now()
			stopped = c.AddDecoded(ctx, dp.part, dp.d)
			cb.busy += time.Since(t0)
			cb.stopped.Store(stopped)
		}
	}()
	return cb
}

func (cb *checkBeside) add(part []events.AppendRequest) { cb.parts <- part }

// wait waits for the check of every part given and returns its errors.
func (cb *checkBeside) wait() []app.EventError {
	close(cb.parts)
	<-cb.done
	cb.cancel()
	return cb.c.Errors()
}

// abort stops the check where it is, and waits until it has.
func (cb *checkBeside) abort() {
	cb.cancel()
	close(cb.parts)
	<-cb.done
}

// runCheck checks all of reqs at once.
func runCheck(ctx context.Context, hooks importHooks, reqs []events.AppendRequest) error {
	if hooks.checker == nil {
		return nil
	}
	t0 := time.Now()
	c := hooks.checker()
	c.Add(ctx, reqs)
	if hooks.checked != nil {
		hooks.checked(time.Since(t0))
	}
	if bad := c.Errors(); len(bad) > 0 {
		return &checkError{bad}
	}
	return nil
}

// importFile validates a JSON Lines file and appends it as one atomic
// append. open opens the ledger, only once the file's first lines are
// valid; the domain check (hooks.checker) judges every event before
// anything is committed. The whole file is validated before anything is
// visible, and any bad line, or an event the check rejects, appends
// nothing; a bad line is reported before anything the check found. Its
// errors are the file's (*jsonl.FileError, or reading it), the check's
// (*checkError), an *openError or an *appendError.
//
// Into the embedded ledger (bulk) the append and the check overlap
// validation: a bulk append takes the requests as soon as the lines up to
// them are valid, writes them where no reader sees them, and is committed
// only when the whole file is valid and the check, which has been judging
// the same requests in order beside it, found nothing; otherwise it is
// aborted. Any other ledger gets one AppendBatch after the whole file is
// validated and checked.
func importFile(ctx context.Context, in io.Reader, opt jsonl.Options, bulk bool, open func() (*store, error),
	hooks importHooks) ([]events.AppendRequest, []events.AppendResult, error) {
	if !bulk {
		reqs, err := jsonl.Parse(in, opt)
		if err != nil {
			return nil, nil, err
		}
		if hooks.validated != nil {
			hooks.validated()
		}
		s, err := open()
		if err != nil {
			return nil, nil, &openError{err}
		}
		if err := runCheck(ctx, hooks, reqs); err != nil {
			return nil, nil, err
		}
		res, err := s.ledger.AppendBatch(ctx, reqs)
		if err != nil {
			return nil, nil, &appendError{err}
		}
		return reqs, res, nil
	}
	// While it reads the file, a bulk import keeps the file and its events
	// in memory and allocates fast: collecting garbage less often takes a
	// tenth of its CPU time off, for a tenth more memory (BENCHMARKS.md).
	// What is left of the check once the file is read runs with the usual
	// pace.
	gcPercent := debug.SetGCPercent(400)
	gcRestored := false
	restoreGC := func() {
		if !gcRestored {
			debug.SetGCPercent(gcPercent)
			gcRestored = true
		}
	}
	defer restoreGC()
	var b *sqlite.Bulk
	var check *checkBeside
	stopCheck := func() []app.EventError {
		if check == nil {
			return nil
		}
		bad := check.wait()
		if hooks.checked != nil {
			hooks.checked(check.busy)
		}
		check = nil
		return bad
	}
	defer func() {
		if check != nil { // the file was rejected, or the append failed
			check.abort()
		}
	}()
	begin := func() error {
		s, err := open()
		if err != nil {
			return &openError{err}
		}
		led, ok := s.ledger.(*sqlite.Store)
		if !ok {
			return &openError{errors.New("a bulk import needs the embedded ledger")}
		}
		if b, err = led.BeginBulk(ctx); err != nil {
			return &appendError{err}
		}
		if hooks.checker != nil {
			check = startCheck(ctx, hooks.checker())
		}
		return nil
	}
	reqs, err := jsonl.Stream(in, opt, func(part []events.AppendRequest) error {
		if b == nil {
			if err := begin(); err != nil {
				return err
			}
		}
		if err := b.Add(part); err != nil {
			return &appendError{err}
		}
		if check != nil {
			check.add(part)
		}
		return nil
	})
	if err != nil {
		if b != nil {
			b.Abort()
		}
		return nil, nil, err
	}
	if hooks.validated != nil {
		hooks.validated()
	}
	restoreGC()
	gate := func() error {
		if bad := stopCheck(); len(bad) > 0 {
			return &checkError{bad}
		}
		return nil
	}
	res, err := b.Commit(gate)
	var ce *checkError
	switch {
	case errors.As(err, &ce):
		return nil, nil, err
	case err != nil:
		return nil, nil, &appendError{err}
	}
	return reqs, res, nil
}

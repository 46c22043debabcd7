package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
)

const migrateUsage = `usage: mentorledger migrate --from DIR --to esdb://HOST:2113[?tls=false&ledgerPrefix=P]

Copies the embedded ledger in DIR (` + LedgerFile + `) into another ledger, event
by event with the same ids, times and hashes, the ledger's own streams
(digests) left out: the target records its own. A rerun appends nothing
new; an interrupted copy continues where each stream stopped. The copy is
then checked by the hash chain: ok: N events copied, head <hash>.`

func cmdMigrate(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, migrateUsage)
		fs.PrintDefaults()
	}
	from := fs.String("from", "", "data directory holding the embedded ledger to copy ("+LedgerFile+")")
	to := fs.String("to", os.Getenv(LedgerEnv), "ledger to copy into: esdb://… or esdb+discover://… (env "+LedgerEnv+")")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		fs.Usage()
		return &exitError{code: 2, msg: "mentorledger migrate: name the ledger to copy (--from DIR) and the one to copy into (--to esdb://…)"}
	}
	dir, err := dataDir(*from, false)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, LedgerFile)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("--from %s: no ledger: %w", dir, err)
	}
	src, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := openLedgerURL(ctx, *to)
	if err != nil {
		return err
	}
	p := newProgress(e.stderr, "migrate", 0, e.now)
	rep, err := migrateLedger(ctx, src, dst, migrateOptions{
		SourceVerify: events.VerifyOptions{GapFree: true},
		Progress: func(done, total int64) {
			p.total = total
			p.update(done)
		},
	})
	// Closing the target records its final digest.
	if cerr := dst.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close the target: %w", cerr)
	}
	var mf *migrateFailure
	if errors.As(err, &mf) {
		return &exitError{code: 1, msg: "failed: " + mf.msg}
	}
	if err != nil {
		return err
	}
	p.done(rep.Copied + rep.Present)
	fmt.Fprintf(e.stdout, "ok: %d events copied, head %s\n", rep.Copied, rep.Head)
	fmt.Fprintf(e.stdout, "source: %d events in %d streams, %d of them already in the target; target verified: %d events, %d digests so far\n",
		rep.Events, rep.Streams, rep.Present, rep.Target.Events, rep.Target.Digests)
	return nil
}

// migrateOptions tunes a copy.
type migrateOptions struct {
	// SourceVerify is how the source is verified before anything is
	// copied (GapFree for an embedded ledger).
	SourceVerify events.VerifyOptions
	// Page is how many source events are read at once (default 1000).
	Page int
	// Progress is told how many of the source's events are in the target.
	Progress func(done, total int64)
}

// A run of one stream's consecutive events is copied as one append of at
// most these many events and payload bytes.
const (
	maxRunEvents = 1000
	maxRunBytes  = 512 << 10
)

// migrateReport is what a copy found and did.
type migrateReport struct {
	Events  int64 // the source's events, its own streams left out
	Streams int   // the source's streams, its own left out
	Copied  int64 // events this run appended to the target
	Present int64 // events already in the target
	// Head is the root over every stream's head (what verify prints), the
	// same for source and target.
	Head   string
	Target events.VerifyResult
}

// migrateFailure is a copy the hash chain does not confirm, or a target
// that holds something else.
type migrateFailure struct{ msg string }

func (f *migrateFailure) Error() string { return f.msg }

func failure(format string, args ...any) error {
	return &migrateFailure{msg: fmt.Sprintf(format, args...)}
}

// migrateLedger copies every event of src outside the ledger's own streams
// into dst, in src's global order, each at the version it has in src and
// with its id, time, actor, correlation and payload, so dst computes the
// same hash. Events dst already holds at their versions are checked, not
// copied again, which makes a rerun append nothing and an interrupted copy
// continue where each stream stopped. Afterwards both ledgers are verified
// and every stream's head compared.
func migrateLedger(ctx context.Context, src, dst events.Store, opt migrateOptions) (migrateReport, error) {
	var rep migrateReport
	if opt.Page <= 0 {
		opt.Page = 1000
	}
	srcHeads, srcRes, err := verifyHeads(ctx, src, opt.SourceVerify)
	if err != nil {
		return rep, fmt.Errorf("the source: %w", err)
	}
	rep.Events, rep.Streams = srcRes.Events, len(srcHeads)
	progress := func() {
		if opt.Progress != nil {
			opt.Progress(rep.Copied+rep.Present, rep.Events)
		}
	}

	c := copier{dst: dst, targets: map[string]*target{}}
	var after events.Position
	for {
		page, err := src.ReadAll(ctx, after, opt.Page)
		if err != nil {
			return rep, fmt.Errorf("read the source after %d: %w", after, err)
		}
		for i := range page {
			e := &page[i]
			after = e.Position
			if strings.HasPrefix(e.Stream, events.SystemStreamPrefix) {
				continue
			}
			if err := c.add(ctx, e, &rep); err != nil {
				return rep, err
			}
			progress()
		}
		if len(page) < opt.Page {
			break
		}
	}
	if err := c.flush(ctx, &rep); err != nil {
		return rep, err
	}
	progress()

	dstHeads, dstRes, err := verifyHeads(ctx, dst, events.VerifyOptions{})
	if err != nil {
		return rep, fmt.Errorf("the target: %w", err)
	}
	rep.Target = dstRes
	if err := sameHeads(srcHeads, dstHeads); err != nil {
		return rep, err
	}
	if srcRes.Head != dstRes.Head {
		return rep, failure("the target's head %s differs from the source's %s", dstRes.Head, srcRes.Head)
	}
	rep.Head = dstRes.Head
	return rep, nil
}

// copier appends the source's events to the target in runs of one
// stream's consecutive events.
type copier struct {
	dst     events.Store
	targets map[string]*target
	run     []*events.Envelope
	bytes   int
}

// target is what the target holds of a stream: its version and the hashes
// of the events it held when first read.
type target struct {
	version int64
	hashes  []string
}

func (c *copier) target(ctx context.Context, stream string) (*target, error) {
	if t, ok := c.targets[stream]; ok {
		return t, nil
	}
	es, err := c.dst.ReadStream(ctx, stream, 0)
	if err != nil {
		return nil, fmt.Errorf("read %s in the target: %w", stream, err)
	}
	t := &target{version: int64(len(es)), hashes: make([]string, len(es))}
	for i, e := range es {
		t.hashes[i] = e.Hash
	}
	c.targets[stream] = t
	return t, nil
}

// add takes the source's next event: already in the target (checked), or
// to be copied.
func (c *copier) add(ctx context.Context, e *events.Envelope, rep *migrateReport) error {
	if len(c.run) > 0 && (c.run[0].Stream != e.Stream || len(c.run) == maxRunEvents || c.bytes+len(e.Payload) > maxRunBytes) {
		if err := c.flush(ctx, rep); err != nil {
			return err
		}
	}
	t, err := c.target(ctx, e.Stream)
	if err != nil {
		return err
	}
	next := t.version + 1 + int64(len(c.run))
	switch {
	case e.Version <= t.version:
		if e.Version > int64(len(t.hashes)) {
			return failure("stream %s version %d: the source holds it twice", e.Stream, e.Version)
		}
		if h := t.hashes[e.Version-1]; h != e.Hash {
			return failure("stream %s version %d: the target holds another event (hash %s) than the source (hash %s)", e.Stream, e.Version, h, e.Hash)
		}
		rep.Present++
	case e.Version == next:
		c.run = append(c.run, e)
		c.bytes += len(e.Payload)
	default:
		return failure("stream %s: the target is at version %d, the source's next event is version %d", e.Stream, next-1, e.Version)
	}
	return nil
}

// flush appends the run at the version the target is expected to be at.
func (c *copier) flush(ctx context.Context, rep *migrateReport) error {
	if len(c.run) == 0 {
		return nil
	}
	first := c.run[0]
	evs := make([]events.NewEvent, len(c.run))
	for i, e := range c.run {
		evs[i] = events.NewEvent{ID: e.ID, Type: e.Type, SchemaVersion: e.SchemaVersion, RecordedAt: e.RecordedAt, Actor: e.Actor,
			CorrelationID: e.CorrelationID, CausationID: e.CausationID, Payload: e.Payload}
	}
	res, err := c.dst.Append(ctx, first.Stream, events.Exact(first.Version-1), evs...)
	if err != nil {
		return fmt.Errorf("copy %s versions %d..%d: %w", first.Stream, first.Version, first.Version+int64(len(evs))-1, err)
	}
	if res.Duplicate {
		rep.Present += int64(len(evs))
	} else {
		rep.Copied += int64(len(evs))
	}
	c.targets[first.Stream].version = res.Version
	c.run, c.bytes = c.run[:0], 0
	return nil
}

// verifyHeads verifies a ledger and returns every stream's head, the
// ledger's own streams left out.
func verifyHeads(ctx context.Context, r events.Reader, opt events.VerifyOptions) (map[string]events.StreamHead, events.VerifyResult, error) {
	hr := &headReader{r: r, heads: map[string]events.StreamHead{}}
	res, err := events.Verify(ctx, hr, opt)
	var ce *events.ChainError
	if errors.As(err, &ce) {
		return nil, res, failure("the hash chain is broken: position %d, event %s: %s", ce.Position, ce.EventID, ce.Reason)
	}
	return hr.heads, res, err
}

// headReader notes the last event of each stream as Verify reads.
type headReader struct {
	r     events.Reader
	heads map[string]events.StreamHead
}

func (h *headReader) ReadAll(ctx context.Context, after events.Position, limit int) ([]events.Envelope, error) {
	page, err := h.r.ReadAll(ctx, after, limit)
	for _, e := range page {
		if !strings.HasPrefix(e.Stream, events.SystemStreamPrefix) {
			h.heads[e.Stream] = events.StreamHead{Stream: e.Stream, Version: e.Version, Hash: e.Hash}
		}
	}
	return page, err
}

// sameHeads fails unless both ledgers end every stream on the same event.
func sameHeads(src, dst map[string]events.StreamHead) error {
	names := make([]string, 0, len(src))
	for s := range src {
		names = append(names, s)
	}
	slices.Sort(names)
	for _, s := range names {
		a, b := src[s], dst[s]
		if a != b {
			return failure("stream %s: the target ends at version %d (hash %s), the source at version %d (hash %s)", s, b.Version, b.Hash, a.Version, a.Hash)
		}
	}
	var extra []string
	for s := range dst {
		if _, ok := src[s]; !ok {
			extra = append(extra, s)
		}
	}
	if len(extra) > 0 {
		slices.Sort(extra)
		return failure("the target holds %d streams the source does not, %s first", len(extra), extra[0])
	}
	return nil
}

package app

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// EventError is an event that breaks a rule of the domain. Index counts
// the events of every request in order, from 0, so an import maps it to
// the line Index+1 of its file.
type EventError struct {
	Index int
	Err   error
}

func (e EventError) Error() string { return fmt.Sprintf("event %d: %v", e.Index, e.Err) }
func (e EventError) Unwrap() error { return e.Err }

// checkCacheStreams is how many streams' decoded histories Check keeps:
// an import file's streams are interleaved over its whole span, so it
// keeps all of them (their envelopes are held by the staging overlay
// anyway).
const checkCacheStreams = 1 << 30

// maxCheckErrors is how many bad events Check reports before it stops.
const maxCheckErrors = 20

// Check runs every event of reqs through the command that records it, in
// order, as if each were appended after those before it, and returns the
// events that break a rule (at most 20). It appends nothing: the commands
// run against a staging overlay of s.Store, and no key is created or
// destroyed. Each command runs at the event's recorded time (the clock
// decides what is "in the future") and with its actor; what it records is
// then replaced by the event itself, so later events are checked against
// exactly what would be appended. A request whose event ids are already in
// its stream is left to the store to judge as a retry.
func (s *Service) Check(ctx context.Context, reqs []events.AppendRequest) []EventError {
	c := s.NewChecker()
	c.Add(ctx, reqs)
	return c.Errors()
}

// Checker is Check taking the requests in parts, in order: an import
// checks the lines it has read while it reads the rest. Not safe for
// concurrent use.
type Checker struct {
	s       *Service
	svc     Service // s on the overlay, at the clock of the event checked
	o       *staging
	at      time.Time
	errs    []EventError
	idx     int  // index of the next event
	stopped bool // maxCheckErrors reached, or a stream could not be read
}

// NewChecker returns a Checker of requests appended to s.Store.
func (s *Service) NewChecker() *Checker {
	c := &Checker{s: s, o: &staging{base: s.Store, streams: map[string]*stagedStream{}}}
	c.svc = *s
	c.svc.Store, c.svc.Keys = c.o, nil // commands that would seal or destroy are not run
	// Staged events must not reach a shared cache; a cache of the check's
	// own decodes each event once, where reading a stream's whole history
	// for every command decoded it once per later event of its stream.
	c.svc.Cache = NewStreamCache(checkCacheStreams)
	c.svc.Now = func() time.Time { return c.at }
	c.svc.NewID = func() string { return "00000000-0000-4000-8000-000000000000" } // replaced by the event's own
	return c
}

// Errors returns the events found to break a rule so far (at most 20),
// indexed from the first event of the first part.
func (c *Checker) Errors() []EventError { return c.errs }

// Add checks the next requests, after those of earlier calls, and
// reports whether checking has stopped: 20 errors found, or a stream
// could not be read. Once stopped, Add checks nothing more.
func (c *Checker) Add(ctx context.Context, reqs []events.AppendRequest) (stopped bool) {
	return c.AddDecoded(ctx, reqs, nil)
}

// Decoded is the payloads of a part's events, decoded ahead of the check
// (DecodeAll). Decoding needs nothing the check holds, so an import decodes
// the next parts on another goroutine while the check works through
// earlier ones: it was a fifth of the check's time, on its critical path.
type Decoded struct {
	payloads []events.Payload
	errs     []error
}

// DecodeAll decodes the payload of every event of reqs, in order. It is
// safe to call from any goroutine.
func DecodeAll(reqs []events.AppendRequest) *Decoded {
	n := 0
	for _, req := range reqs {
		n += len(req.Events)
	}
	d := &Decoded{payloads: make([]events.Payload, 0, n), errs: make([]error, 0, n)}
	for _, req := range reqs {
		for _, ev := range req.Events {
			p, err := decodePayload(ev)
			d.payloads = append(d.payloads, p)
			d.errs = append(d.errs, err)
		}
	}
	return d
}

func decodePayload(ev events.NewEvent) (events.Payload, error) {
	return events.Decode(&events.Envelope{Type: ev.Type, SchemaVersion: ev.SchemaVersion, Payload: ev.Payload})
}

// AddDecoded is Add with the payloads of reqs already decoded (d is
// DecodeAll(reqs); nil: Add decodes them itself).
func (c *Checker) AddDecoded(ctx context.Context, reqs []events.AppendRequest, d *Decoded) (stopped bool) {
	at := 0 // the index of the next event of reqs in d
	fail := func(i int, err error) bool {
		c.errs = append(c.errs, EventError{Index: i, Err: err})
		c.stopped = c.stopped || len(c.errs) >= maxCheckErrors
		return c.stopped
	}
	for _, req := range reqs {
		if c.stopped {
			return true
		}
		first, base := c.idx, at
		c.idx += len(req.Events)
		at += len(req.Events)
		st, err := c.o.load(ctx, req.Stream)
		if err != nil {
			fail(first, err)
			c.stopped = true
			return true
		}
		if st.recordedAny(req.Events) {
			continue
		}
		if v := st.version(); req.Expected != events.Any && int64(req.Expected) != v {
			err := fmt.Errorf("stream %s: expected version %d, but it is at version %d: %w", req.Stream, req.Expected, v, events.ErrConcurrency)
			if fail(first, err) {
				return true
			}
			for _, ev := range req.Events {
				st.stage(req.Stream, ev)
			}
			continue
		}
		for k, ev := range req.Events {
			c.at = ev.RecordedAt
			if c.at.IsZero() {
				c.at = c.s.now() // the store stamps it when appended
			}
			var p events.Payload
			var perr error
			if d != nil {
				p, perr = d.payloads[base+k], d.errs[base+k]
			} else {
				p, perr = decodePayload(ev)
			}
			err := c.svc.checkEvent(ctx, c.o, req.Stream, ev, p, perr)
			st.stage(req.Stream, ev) // later events see it, good or bad
			if err != nil && fail(first+k, err) {
				return true
			}
		}
	}
	return c.stopped
}

// checkEvent runs one event's command against the overlay and checks it
// records exactly that event, in that stream, by that actor. p is the
// event's payload decoded, or perr why it could not be.
func (s *Service) checkEvent(ctx context.Context, o *staging, stream string, ev events.NewEvent, p events.Payload, perr error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c, ok := commands[ev.Type]
	if !ok {
		return events.Errorf(events.EINVALID, "type: %s is recorded by the ledger itself, not by a command", ev.Type)
	}
	if perr != nil {
		return perr
	}
	o.appended = o.appended[:0]
	o.capturing, o.checking, o.checkingStream, o.checkingPayload = true, &ev, stream, p
	_, err := c.run(ctx, s, ev.Actor, p)
	o.capturing, o.checking, o.checkingPayload = false, nil, nil
	if err != nil {
		return err
	}
	if len(o.appended) != 1 || len(o.appended[0].evs) != 1 || o.appended[0].evs[0].Type != ev.Type {
		return events.Errorf(events.EINVALID, "type: %s is not what command %s records here", ev.Type, c.name)
	}
	got := o.appended[0]
	if got.stream != stream {
		return events.Errorf(events.EINVALID, "stream: must be %s, where command %s records %s, got %s", got.stream, c.name, ev.Type, stream)
	}
	if actor := got.evs[0].Actor; actor != ev.Actor {
		return events.Errorf(events.EINVALID, "actor: must be %q, as command %s records %s, got %q", actor, c.name, ev.Type, ev.Actor)
	}
	return nil
}

// command is the Service method that records one event type.
type command struct {
	name string
	run  func(ctx context.Context, s *Service, actor string, p events.Payload) (events.AppendResult, error)
}

// run adapts a Service method taking command C to a command run with the
// payload P it records (C is P converted: type C events.P).
func run[P events.Payload, C any](method func(*Service, context.Context, string, C) (events.AppendResult, error), conv func(P) C) func(context.Context, *Service, string, events.Payload) (events.AppendResult, error) {
	return func(ctx context.Context, s *Service, actor string, p events.Payload) (events.AppendResult, error) {
		return method(s, ctx, actor, conv(p.(P)))
	}
}

// staging is an events.Store over a base store whose appends are staged in
// memory: reads see the base's events followed by those staged, and
// nothing reaches the base. While a command runs (capturing), its appends
// are only noted, for Check to compare with the event it checks.
type staging struct {
	base      events.Store
	baseEmpty int8 // 1: the base held no event when first asked, -1: it did, 0: not asked yet
	streams   map[string]*stagedStream
	capturing bool
	appended  []appendCall
	// checking is the event whose command runs, to be staged in
	// checkingStream once it has run.
	checking        *events.NewEvent
	checkingStream  string
	checkingPayload events.Payload // checking's payload, decoded
}

type appendCall struct {
	stream string
	evs    []events.NewEvent
}

// stagedStream is one stream: its base events, read once, and those
// staged after them.
type stagedStream struct {
	envs []events.Envelope
	base int // how many of envs the base store holds
	ids  map[string]bool
}

var errStaging = errors.New("not available while checking")

func (o *staging) load(ctx context.Context, stream string) (*stagedStream, error) {
	if st, ok := o.streams[stream]; ok {
		return st, nil
	}
	if o.baseEmpty == 0 {
		head, err := o.base.Head(ctx)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", stream, err)
		}
		o.baseEmpty = -1
		if head == 0 {
			o.baseEmpty = 1
		}
	}
	var envs []events.Envelope
	if o.baseEmpty < 0 { // an empty ledger (an import restoring an export) has no stream to read
		var err error
		if envs, err = o.base.ReadStream(ctx, stream, 0); err != nil {
			return nil, fmt.Errorf("read %s: %w", stream, err)
		}
	}
	st := &stagedStream{envs: envs, base: len(envs), ids: make(map[string]bool, len(envs))}
	for i := range envs {
		st.ids[envs[i].ID] = true
	}
	o.streams[stream] = st
	return st, nil
}

func (st *stagedStream) version() int64 {
	if len(st.envs) == 0 {
		return 0
	}
	return st.envs[len(st.envs)-1].Version
}

// recordedAny reports whether the base stream already holds one of the
// event ids: the request is a retry, or reuses an id, and the store says
// which.
func (st *stagedStream) recordedAny(evs []events.NewEvent) bool {
	for i := range evs {
		if evs[i].ID != "" && st.ids[evs[i].ID] {
			return true
		}
	}
	return false
}

func (st *stagedStream) stage(stream string, ev events.NewEvent) {
	st.envs = append(st.envs, stagedEnvelope(stream, st.version()+1, ev))
}

// stagedEnvelope is ev as staged at version in stream.
func stagedEnvelope(stream string, version int64, ev events.NewEvent) events.Envelope {
	return events.Envelope{ID: ev.ID, Stream: stream, Version: version,
		Type: ev.Type, SchemaVersion: ev.SchemaVersion, RecordedAt: ev.RecordedAt, Actor: ev.Actor,
		CorrelationID: ev.CorrelationID, CausationID: ev.CausationID, Payload: ev.Payload}
}

func (o *staging) ReadStream(ctx context.Context, stream string, after int64) ([]events.Envelope, error) {
	st, err := o.load(ctx, stream)
	if err != nil {
		return nil, err
	}
	// Handed out capped, so that staging more events does not write into
	// what a reader holds.
	n := len(st.envs)
	i := st.after(after)
	if i == n {
		return nil, nil
	}
	return st.envs[i:n:n], nil
}

// after is the index of the first event after version v: a stream's
// versions run without gaps, so it is found by subtraction (and by
// search, should they not).
func (st *stagedStream) after(v int64) int {
	n := len(st.envs)
	if n == 0 {
		return 0
	}
	i := v - st.envs[0].Version + 1
	switch {
	case i <= 0:
		return 0
	case i >= int64(n):
		if st.envs[n-1].Version <= v {
			return n
		}
	case st.envs[i].Version > v && st.envs[i-1].Version <= v:
		return int(i)
	}
	j, _ := slices.BinarySearchFunc(st.envs, v+1, func(e events.Envelope, want int64) int { return cmp.Compare(e.Version, want) })
	return j
}

func (o *staging) Append(ctx context.Context, stream string, expected events.ExpectedVersion, evs ...events.NewEvent) (events.AppendResult, error) {
	st, err := o.load(ctx, stream)
	if err != nil {
		return events.AppendResult{}, err
	}
	v := st.version()
	if expected != events.Any && int64(expected) != v {
		return events.AppendResult{}, events.ErrConcurrency
	}
	if !o.capturing {
		return events.AppendResult{}, fmt.Errorf("append %s: %w", stream, errStaging)
	}
	o.appended = append(o.appended, appendCall{stream: stream, evs: evs})
	return events.AppendResult{Stream: stream, Version: v + int64(len(evs))}, nil
}

// AppendRecorded is Append, also handing back, when the command's one
// event is the event checked (same stream, type and actor, and the same
// payload), that event as it will be staged: the command's cache then
// keeps the history and the aggregate the command folded, and the next
// command on the stream folds nothing again. Any other append is
// captured and hands nothing back, and the next command reads the stream.
func (o *staging) AppendRecorded(ctx context.Context, stream string, expected events.ExpectedVersion, evs ...events.NewEvent) (events.AppendResult, []events.Envelope, error) {
	first := o.capturing && len(o.appended) == 0
	res, err := o.Append(ctx, stream, expected, evs...)
	if err != nil || !first || o.checking == nil || stream != o.checkingStream || len(evs) != 1 {
		return res, nil, err
	}
	ev, got := o.checking, &evs[0]
	if got.Type != ev.Type || got.Actor != ev.Actor || !samePayload(got, ev) {
		return res, nil, nil
	}
	return res, []events.Envelope{stagedEnvelope(stream, res.Version, *ev)}, nil
}

// samePayload reports whether a command recorded the payload of the event
// checked: the same bytes, or the same once the event's are encoded as a
// command encodes them.
func samePayload(got, ev *events.NewEvent) bool {
	if bytes.Equal(got.Payload, ev.Payload) {
		return true
	}
	p, err := events.Decode(&events.Envelope{Type: ev.Type, SchemaVersion: ev.SchemaVersion, Payload: ev.Payload})
	if err != nil {
		return false
	}
	enc, err := events.Encode(p)
	return err == nil && enc.SchemaVersion == got.SchemaVersion && bytes.Equal(enc.Payload, got.Payload)
}

// decoded hands back the decoded payload of the event checked when it is
// what AppendRecorded has just handed back.
func (o *staging) decoded(recorded []events.Envelope) []events.Payload {
	if o.checking == nil || len(recorded) != 1 || recorded[0].ID != o.checking.ID || recorded[0].Type != o.checking.Type {
		return nil
	}
	return []events.Payload{o.checkingPayload}
}

func (o *staging) AppendBatch(context.Context, []events.AppendRequest) ([]events.AppendResult, error) {
	return nil, fmt.Errorf("append batch: %w", errStaging)
}

func (o *staging) ReadAll(context.Context, events.Position, int) ([]events.Envelope, error) {
	return nil, fmt.Errorf("read all: %w", errStaging)
}

func (o *staging) Head(context.Context) (events.Position, error) {
	return 0, fmt.Errorf("head: %w", errStaging)
}

func (o *staging) Subscribe(context.Context, events.Position) (events.Subscription, error) {
	return nil, fmt.Errorf("subscribe: %w", errStaging)
}

func (o *staging) Close() error { return nil }

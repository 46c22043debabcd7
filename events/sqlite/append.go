package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/google/uuid"
	"github.com/mentorledger/mentorledger/events"
)

// job is one Append or AppendBatch call on its way through the writer.
type job struct {
	ctx      context.Context
	reqs     []request
	n        int  // events in all requests
	ordinary bool // never the bulk way: a Bulk that could not go that way

	// Set by the writer before it closes done.
	res  []events.AppendResult
	err  error
	done chan struct{}
}

// request is one stream's part of a job, validated, with ids and payloads
// ready; the writer fills in versions, positions, times and hashes.
type request struct {
	stream   string
	expected events.ExpectedVersion
	envs     []events.Envelope
	supplied bool // some ids came from the caller, so they may be recorded already
}

// Append appends events to one stream if it is at the expected version.
func (s *Store) Append(ctx context.Context, stream string, expected events.ExpectedVersion, evs ...events.NewEvent) (events.AppendResult, error) {
	res, err := s.AppendBatch(ctx, []events.AppendRequest{{Stream: stream, Expected: expected, Events: evs}})
	if err != nil {
		return events.AppendResult{}, err
	}
	return res[0], nil
}

// AppendRecorded is Append, also returning the envelopes it recorded as
// ReadStream would return them (nil for a Duplicate): the writer has just
// sealed and inserted them, so nothing is read back (events.Recorder).
func (s *Store) AppendRecorded(ctx context.Context, stream string, expected events.ExpectedVersion, evs ...events.NewEvent) (events.AppendResult, []events.Envelope, error) {
	j, err := prepare([]events.AppendRequest{{Stream: stream, Expected: expected, Events: evs}})
	if err != nil {
		return events.AppendResult{}, nil, err
	}
	j.ctx = ctx
	if err := s.submit(ctx, j); err != nil {
		return events.AppendResult{}, nil, err
	}
	res := j.res[0]
	if res.Duplicate {
		return res, nil, nil
	}
	envs := j.reqs[0].envs
	for k := range envs {
		// As stored and read back: UTC, no monotonic reading.
		envs[k].RecordedAt = envs[k].RecordedAt.UTC()
	}
	return res, envs, nil
}

// AppendBatch appends to several streams in one transaction: every request
// is recorded or none is. A request whose ids were all recorded by one
// earlier identical append is not appended again: its result is that
// append's, with Duplicate set.
func (s *Store) AppendBatch(ctx context.Context, reqs []events.AppendRequest) ([]events.AppendResult, error) {
	j, err := prepare(reqs)
	if err != nil {
		return nil, err
	}
	j.ctx = ctx
	if err := s.submit(ctx, j); err != nil {
		return nil, err
	}
	return j.res, nil
}

// submit hands a job to the writer and waits for its verdict. If ctx ends
// first the append may or may not be recorded; a retry with the same event
// ids is safe.
func (s *Store) submit(ctx context.Context, j *job) error {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return events.ErrClosed
	}
	select {
	case s.jobs <- j:
		s.mu.RUnlock()
	case <-ctx.Done():
		s.mu.RUnlock()
		return ctx.Err()
	}
	select {
	case <-j.done:
		return j.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// prepareChunk is how many events one goroutine of prepare takes at a
// time; appends of fewer than parallelPrepare events use one goroutine.
const (
	prepareChunk    = 2048
	parallelPrepare = 4 * prepareChunk
)

// prepare validates an append and builds its envelopes: ids are filled
// with UUIDv7s and payloads compacted. It runs on the caller's goroutines,
// several for a large batch, so the writer does only what must be serial.
func prepare(reqs []events.AppendRequest) (*job, error) {
	j, err := prepareRequests(reqs)
	if err != nil {
		return nil, err
	}
	// Ids from the caller may be recorded already, which the writer finds
	// out; one append may not carry the same id twice.
	if err := uniqueIDs(reqs); err != nil {
		return nil, err
	}
	return j, nil
}

// prepareRequests is prepare without the check that no id appears twice.
func prepareRequests(reqs []events.AppendRequest) (*job, error) {
	if len(reqs) == 0 {
		return nil, events.Errorf(events.EINVALID, "append: at least one request is required")
	}
	j := &job{reqs: make([]request, len(reqs)), done: make(chan struct{})}
	type span struct{ req, from, to int }
	var spans []span
	total := 0
	for _, r := range reqs {
		total += len(r.Events)
	}
	all := make([]events.Envelope, total) // one allocation for every request's envelopes
	for i, r := range reqs {
		if r.Stream == "" {
			return nil, events.Errorf(events.EINVALID, "append: stream: must not be empty")
		}
		if strings.HasPrefix(r.Stream, events.SystemStreamPrefix) {
			return nil, events.Errorf(events.EINVALID, "append %s: stream: names starting with %q are the ledger's own", r.Stream, events.SystemStreamPrefix)
		}
		if r.Expected < events.Any {
			return nil, events.Errorf(events.EINVALID, "append %s: expected version: must be -1 (any), 0 (no stream) or a version, got %d", r.Stream, r.Expected)
		}
		if len(r.Events) == 0 {
			return nil, events.Errorf(events.EINVALID, "append %s: events: at least one is required", r.Stream)
		}
		n := len(r.Events)
		j.reqs[i] = request{stream: r.Stream, expected: r.Expected, envs: all[j.n : j.n+n : j.n+n]}
		j.n += n
		for from := 0; from < len(r.Events); from += prepareChunk {
			spans = append(spans, span{i, from, min(from+prepareChunk, len(r.Events))})
		}
		for _, e := range r.Events {
			if e.ID != "" {
				j.reqs[i].supplied = true
				break
			}
		}
	}
	errs := make([]error, len(spans))
	work := func(k int) {
		sp := spans[k]
		errs[k] = prepareEvents(reqs[sp.req], j.reqs[sp.req].envs, sp.from, sp.to)
	}
	if workers := min(runtime.GOMAXPROCS(0), len(spans)); j.n < parallelPrepare || workers < 2 {
		for k := range spans {
			if work(k); errs[k] != nil {
				return nil, errs[k]
			}
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for k := int(next.Add(1) - 1); k < len(spans); k = int(next.Add(1) - 1) {
					work(k)
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return nil, err
			}
		}
	}
	return j, nil
}

// uniqueIDs fails when an id appears twice among the requests.
func uniqueIDs(reqs []events.AppendRequest) error {
	var ids map[string]struct{}
	for _, r := range reqs {
		for k, e := range r.Events {
			if e.ID == "" {
				continue
			}
			if ids == nil {
				ids = map[string]struct{}{}
			}
			if _, dup := ids[e.ID]; dup {
				return events.Errorf(events.EINVALID, "append %s: events[%d].id: %s appears twice in one append", r.Stream, k, e.ID)
			}
			ids[e.ID] = struct{}{}
		}
	}
	return nil
}

// prepareEvents builds the envelopes of events [from, to) of a request.
func prepareEvents(r events.AppendRequest, envs []events.Envelope, from, to int) error {
	var buf bytes.Buffer
	for k := from; k < to; k++ {
		e := &r.Events[k]
		if e.Type == "" {
			return events.Errorf(events.EINVALID, "append %s: events[%d].type: must not be empty", r.Stream, k)
		}
		payload := e.Payload
		if !compactJSON(payload) {
			buf.Reset()
			if err := json.Compact(&buf, e.Payload); err != nil {
				return events.Errorf(events.EINVALID, "append %s: events[%d].payload: must be valid JSON: %v", r.Stream, k, err)
			}
			if buf.Len() != len(payload) { // Compact only removes bytes: same length, same bytes
				payload = bytes.Clone(buf.Bytes())
			}
		}
		id := e.ID
		if id == "" {
			id = uuid.Must(uuid.NewV7()).String()
		}
		envs[k] = events.Envelope{
			ID: id, Stream: r.Stream, Type: e.Type, SchemaVersion: e.SchemaVersion, RecordedAt: e.RecordedAt,
			Actor: e.Actor, CorrelationID: e.CorrelationID, CausationID: e.CausationID, Payload: payload,
		}
	}
	return nil
}

var _ events.Recorder = (*Store)(nil)

package esdb

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
)

// memLog is an in-memory logClient: streams whose revisions count from 0,
// one log whose positions grow with gaps (commit = prepare), optimistic
// concurrency on the expected revision, an append of ids already recorded
// right after the expected revision answered as done, missing and deleted
// streams, $all read from a position (inclusive), subscriptions after one
// (exclusive) filtered on a stream prefix. Tests make calls fail, lose the
// answer of an append, slip writes in before an append and drop feeds.
// It stands in for the server only as far as the store relies on it.
type memLog struct {
	mu      sync.Mutex
	log     []esdb.RecordedEvent // in position order
	streams map[string][]int     // indices into log, by revision
	deleted map[string]bool
	next    uint64
	changed chan struct{} // closed and replaced at every append

	noStreamPositions bool // stream reads carry no $all position (servers before 22.6)
	faults            []fault
	beforeAppend      func(stream string) // run unlocked before every append until cleared
	calls             []appendCall
	filters           []string
	subFroms          []esdb.AllPosition
	drops             int // feeds opened before the drops-th drop are dropped
	dropErr           error
}

type fault struct {
	op    string // appendEvents, readStream, readAll, subscribeAll
	err   error
	apply bool // appendEvents: the append is recorded, its answer lost
}

type appendCall struct {
	stream   string
	expected esdb.ExpectedRevision
	events   []esdb.EventData
}

func newMemLog() *memLog {
	return &memLog{streams: map[string][]int{}, deleted: map[string]bool{}, next: 1000, changed: make(chan struct{})}
}

// failNext makes the next call of op fail with err.
func (m *memLog) failNext(op string, err error, apply bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.faults = append(m.faults, fault{op, err, apply})
}

func (m *memLog) takeFault(op string) (fault, bool) {
	for i, f := range m.faults {
		if f.op == op {
			m.faults = append(m.faults[:i], m.faults[i+1:]...)
			return f, true
		}
	}
	return fault{}, false
}

// slipIn runs f before every append is applied, until f is nil: f may
// append itself (it is called without the lock), as another writer does.
func (m *memLog) slipIn(f func(stream string)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.beforeAppend = f
}

// dropFeeds drops every open subscription with err.
func (m *memLog) dropFeeds(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.drops++
	m.dropErr = err
	m.signal()
}

func (m *memLog) tombstone(stream string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.deleted[stream] = true
}

func (m *memLog) appendCalls() []appendCall {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]appendCall(nil), m.calls...)
}

func (m *memLog) signal() {
	close(m.changed)
	m.changed = make(chan struct{})
}

func unavailable(what string) error {
	return fmt.Errorf("%w: %s", ErrUnavailable, what)
}

func (m *memLog) appendEvents(ctx context.Context, stream string, expected esdb.ExpectedRevision, evs []esdb.EventData) (esdb.WriteResult, error) {
	if err := ctx.Err(); err != nil {
		return esdb.WriteResult{}, err
	}
	m.mu.Lock()
	hook := m.beforeAppend
	m.mu.Unlock()
	if hook != nil {
		hook(stream)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, appendCall{stream, expected, evs})
	f, failing := m.takeFault("appendEvents")
	if failing && !f.apply {
		return esdb.WriteResult{}, f.err
	}
	res, err := m.appendLocked(stream, expected, evs)
	if failing && err == nil {
		return esdb.WriteResult{}, f.err
	}
	return res, err
}

func (m *memLog) appendLocked(stream string, expected esdb.ExpectedRevision, evs []esdb.EventData) (esdb.WriteResult, error) {
	if m.deleted[stream] {
		return esdb.WriteResult{}, fmt.Errorf("%w: stream '%s' is deleted", ErrStreamDeleted, stream)
	}
	revs := m.streams[stream]
	cur := int64(len(revs)) - 1 // -1: no stream
	want, check := int64(0), true
	switch x := expected.(type) {
	case esdb.Any:
		check = false
	case esdb.NoStream:
		want = -1
	case esdb.StreamRevision:
		want = int64(x.Value)
	default:
		return esdb.WriteResult{}, fmt.Errorf("memlog: expected revision %T not supported", expected)
	}
	if check && want != cur {
		if want < cur && want+int64(len(evs)) <= cur {
			same := true
			for k, e := range evs {
				same = same && m.log[revs[want+1+int64(k)]].EventID == e.EventID
			}
			if same {
				last := m.log[revs[want+int64(len(evs))]]
				return esdb.WriteResult{CommitPosition: last.Position.Commit, PreparePosition: last.Position.Prepare, NextExpectedVersion: last.EventNumber}, nil
			}
		}
		return esdb.WriteResult{}, fmt.Errorf("%w: expecting %d but got %d", errWrongVersion, want, cur)
	}
	for _, e := range evs {
		ct := "application/octet-stream"
		if e.ContentType == esdb.ContentTypeJson {
			ct = "application/json"
		}
		rev := uint64(len(m.streams[stream]))
		m.log = append(m.log, esdb.RecordedEvent{
			EventID: e.EventID, EventType: e.EventType, ContentType: ct, StreamID: stream, EventNumber: rev,
			Position: esdb.Position{Commit: m.next, Prepare: m.next}, CreatedDate: time.Now().UTC(),
			Data: bytes.Clone(e.Data), UserMetadata: bytes.Clone(e.Metadata),
			SystemMetadata: map[string]string{"type": e.EventType, "content-type": ct},
		})
		m.streams[stream] = append(m.streams[stream], len(m.log)-1)
		m.next += 100 + uint64(len(e.Data)+len(e.Metadata)) // positions are byte offsets: gaps between them
	}
	last := m.log[len(m.log)-1]
	m.signal()
	return esdb.WriteResult{CommitPosition: last.Position.Commit, PreparePosition: last.Position.Prepare, NextExpectedVersion: last.EventNumber}, nil
}

func (m *memLog) readStream(ctx context.Context, stream string, from esdb.StreamPosition, count uint64, dir esdb.Direction) ([]esdb.RecordedEvent, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if f, ok := m.takeFault("readStream"); ok {
		return nil, f.err
	}
	if m.deleted[stream] {
		return nil, fmt.Errorf("%w: stream '%s' is deleted", ErrStreamDeleted, stream)
	}
	revs, ok := m.streams[stream]
	if !ok {
		return nil, fmt.Errorf("%w: stream '%s' is not found", errNoStream, stream)
	}
	var pick []int
	switch x := from.(type) {
	case esdb.End:
		if dir != esdb.Backwards {
			return nil, errors.New("memlog: reads from the end go backwards")
		}
		for i := len(revs) - 1; i >= 0 && uint64(len(pick)) < count; i-- {
			pick = append(pick, revs[i])
		}
	case esdb.StreamRevision, esdb.Start:
		if dir != esdb.Forwards {
			return nil, errors.New("memlog: reads from a revision go forwards")
		}
		start := uint64(0)
		if r, ok := x.(esdb.StreamRevision); ok {
			start = r.Value
		}
		for i := start; i < uint64(len(revs)) && uint64(len(pick)) < count; i++ {
			pick = append(pick, revs[i])
		}
	default:
		return nil, fmt.Errorf("memlog: stream position %T not supported", from)
	}
	out := make([]esdb.RecordedEvent, len(pick))
	for i, at := range pick {
		out[i] = m.log[at]
		if m.noStreamPositions {
			out[i].Position = esdb.Position{Commit: noPosition, Prepare: noPosition}
		}
	}
	return out, nil
}

func (m *memLog) readAll(ctx context.Context, from esdb.AllPosition, count uint64, dir esdb.Direction) ([]esdb.RecordedEvent, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if f, ok := m.takeFault("readAll"); ok {
		return nil, f.err
	}
	var out []esdb.RecordedEvent
	switch x := from.(type) {
	case esdb.End:
		if dir != esdb.Backwards {
			return nil, errors.New("memlog: reads from the end go backwards")
		}
		for i := len(m.log) - 1; i >= 0 && uint64(len(out)) < count; i-- {
			out = append(out, m.log[i])
		}
	case esdb.Start, esdb.Position:
		if dir != esdb.Forwards {
			return nil, errors.New("memlog: reads from a position go forwards")
		}
		i := 0
		if p, ok := x.(esdb.Position); ok {
			i = sort.Search(len(m.log), func(i int) bool { return !before(m.log[i].Position, p) })
		}
		for ; i < len(m.log) && uint64(len(out)) < count; i++ {
			out = append(out, m.log[i])
		}
	default:
		return nil, fmt.Errorf("memlog: $all position %T not supported", from)
	}
	return out, nil
}

func (m *memLog) subscribeAll(ctx context.Context, from esdb.AllPosition, prefix string) (feed, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f, ok := m.takeFault("subscribeAll"); ok {
		return nil, f.err
	}
	m.filters = append(m.filters, prefix)
	m.subFroms = append(m.subFroms, from)
	f := &memFeed{m: m, ctx: ctx, prefix: prefix, gen: m.drops}
	switch x := from.(type) {
	case esdb.Start:
	case esdb.Position:
		f.after, f.begun = x, true
	default:
		return nil, fmt.Errorf("memlog: subscription from %T not supported", from)
	}
	return f, nil
}

// memClient is one connection to a memLog: a logClient that fails once
// closed. Several stores can share one log, as they can share a server.
type memClient struct {
	*memLog
	closed atomic.Bool
}

func (c *memClient) appendEvents(ctx context.Context, stream string, expected esdb.ExpectedRevision, evs []esdb.EventData) (esdb.WriteResult, error) {
	if c.closed.Load() {
		return esdb.WriteResult{}, errClientClosed
	}
	return c.memLog.appendEvents(ctx, stream, expected, evs)
}

func (c *memClient) readStream(ctx context.Context, stream string, from esdb.StreamPosition, count uint64, dir esdb.Direction) ([]esdb.RecordedEvent, error) {
	if c.closed.Load() {
		return nil, errClientClosed
	}
	return c.memLog.readStream(ctx, stream, from, count, dir)
}

func (c *memClient) readAll(ctx context.Context, from esdb.AllPosition, count uint64, dir esdb.Direction) ([]esdb.RecordedEvent, error) {
	if c.closed.Load() {
		return nil, errClientClosed
	}
	return c.memLog.readAll(ctx, from, count, dir)
}

func (c *memClient) subscribeAll(ctx context.Context, from esdb.AllPosition, prefix string) (feed, error) {
	if c.closed.Load() {
		return nil, errClientClosed
	}
	return c.memLog.subscribeAll(ctx, from, prefix)
}

func (c *memClient) close() error {
	c.closed.Store(true)
	return nil
}

// memFeed delivers the log's events after a position, in streams with a
// prefix, as they are appended.
type memFeed struct {
	m      *memLog
	ctx    context.Context
	prefix string
	gen    int
	after  esdb.Position
	begun  bool
}

func (f *memFeed) next() (*esdb.RecordedEvent, error) {
	m := f.m
	for {
		m.mu.Lock()
		if f.gen < m.drops {
			err := m.dropErr
			m.mu.Unlock()
			return nil, err
		}
		i := 0
		if f.begun {
			i = sort.Search(len(m.log), func(i int) bool { return before(f.after, m.log[i].Position) })
		}
		for ; i < len(m.log); i++ {
			f.after, f.begun = m.log[i].Position, true
			if strings.HasPrefix(m.log[i].StreamID, f.prefix) {
				ev := m.log[i]
				m.mu.Unlock()
				return &ev, nil
			}
		}
		ch := m.changed
		m.mu.Unlock()
		select {
		case <-ch:
		case <-f.ctx.Done():
			return nil, f.ctx.Err()
		}
	}
}

func (f *memFeed) close() {}

// foreign appends n events that are not the ledger's to a stream, as other
// applications and the server's own statistics do.
func (m *memLog) foreign(tb testing.TB, stream string, n int) {
	tb.Helper()
	evs := make([]esdb.EventData, n)
	for i := range evs {
		evs[i] = esdb.EventData{EventID: uuid.New(), EventType: "$statsCollected", ContentType: esdb.ContentTypeJson, Data: []byte(`{"n":1}`)}
	}
	if _, err := m.appendEvents(context.Background(), stream, esdb.Any{}, evs); err != nil {
		tb.Fatal(err)
	}
}

// testStore is a store on a memLog that never sleeps: waits return at once
// (and are recorded in waits, when given).
func testStore(tb testing.TB, m *memLog, opts ...Option) *Store {
	tb.Helper()
	cfg := defaults()
	cfg.wait = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	for _, o := range opts {
		o(&cfg)
	}
	s := newStore(&memClient{memLog: m}, cfg)
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// waitLog records the waits of a testStore.
type waitLog struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waitLog) option() Option {
	return func(c *config) {
		c.wait = func(ctx context.Context, d time.Duration) error {
			w.mu.Lock()
			w.d = append(w.d, d)
			w.mu.Unlock()
			return ctx.Err()
		}
	}
}

func (w *waitLog) get() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

// subscriptions returns the prefix and start of every subscription made.
func (m *memLog) subscriptions() ([]string, []esdb.AllPosition) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.filters...), append([]esdb.AllPosition(nil), m.subFroms...)
}

// raw returns the events of one of the log's streams (its full name,
// prefix included), as stored.
func (m *memLog) raw(stream string) []esdb.RecordedEvent {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []esdb.RecordedEvent
	for _, i := range m.streams[stream] {
		out = append(out, m.log[i])
	}
	return out
}

package reports

import (
	lru "container/list"
	"context"
	"sync"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// Memo keeps reports already built, so that the same report asked for again
// before the views move on is not built again: a dashboard reloading its
// overview, several people opening the same report.
//
// It is exact, not a guess: the ledger is append-only and the views are a
// function of the ledger up to their checkpoint, so a report is decided by
// its definition, its request (programme, period, as-of, thresholds,
// subject, and the reference day when no as-of is given) and the views'
// checkpoint — the key. When the views reach a new position the old entries
// are simply never asked for again and fall out of the memo (least recently
// used first). Reports that read the ledger itself (NeedsLedger: the audit,
// which verifies the hash chain each time, and the relationship timeline)
// are never kept. Errors are not kept. Concurrent requests for the same key
// wait for one build.
type Memo struct {
	mu      sync.Mutex
	max     int
	entries map[memoKey]*lru.Element
	order   *lru.List // of *memoEntry, most recent first
	hits    uint64
	misses  uint64
}

type memoKey struct {
	name, programme, subject string
	from, to                 string
	asOfPosition             events.Position
	asOfTime                 int64 // Unix nanoseconds, 0 when none
	thresholds               Thresholds
	refDay                   string // the reference day when no as-of time is given
	views                    events.Position
}

type memoEntry struct {
	key  memoKey
	done chan struct{}
	rep  Rendered
	err  error
}

// NewMemo returns a memo keeping at most entries reports (at least 1).
func NewMemo(entries int) *Memo {
	return &Memo{max: max(entries, 1), entries: map[memoKey]*lru.Element{}, order: lru.New()}
}

// Stats returns how many builds the memo answered and how many it ran.
func (m *Memo) Stats() (hits, misses uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits, m.misses
}

// Build is d.Build through the memo held by in (built directly when in has
// none, or when d reads the ledger itself). r must be complete (Run fills in
// its defaults).
func Build(ctx context.Context, in Inputs, d Definition, r Request) (Rendered, error) {
	if in.Memo == nil || d.NeedsLedger {
		return d.Build(ctx, in, r)
	}
	return in.Memo.build(ctx, in, d, r)
}

func (m *Memo) build(ctx context.Context, in Inputs, d Definition, r Request) (Rendered, error) {
	cp, err := in.Views.Checkpoint(ctx)
	if err != nil {
		return nil, err
	}
	k := memoKey{name: d.Name, programme: r.Programme, subject: r.Subject,
		from: r.Period.From.String(), to: r.Period.To.String(),
		asOfPosition: r.AsOf.Position, thresholds: r.Thresholds, views: cp}
	if r.AsOf.Time.IsZero() {
		k.refDay = r.Now.UTC().Format(time.DateOnly)
	} else {
		k.asOfTime = r.AsOf.Time.UnixNano()
	}

	m.mu.Lock()
	if el, ok := m.entries[k]; ok {
		m.order.MoveToFront(el)
		e := el.Value.(*memoEntry)
		m.hits++
		m.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.err != nil {
			return nil, e.err
		}
		return e.rep, nil
	}
	e := &memoEntry{key: k, done: make(chan struct{})}
	m.entries[k] = m.order.PushFront(e)
	m.misses++
	for m.order.Len() > m.max {
		old := m.order.Back()
		m.order.Remove(old)
		delete(m.entries, old.Value.(*memoEntry).key)
	}
	m.mu.Unlock()

	e.rep, e.err = d.Build(ctx, in, r)
	if e.err != nil {
		m.forget(e)
	}
	close(e.done)
	return e.rep, e.err
}

// forget drops an entry that failed, so the next request builds again.
func (m *Memo) forget(e *memoEntry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.entries[e.key]; ok && el.Value.(*memoEntry) == e {
		m.order.Remove(el)
		delete(m.entries, e.key)
	}
}

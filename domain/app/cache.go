package app

import (
	"container/list"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/mentorledger/mentorledger/events"
)

// StreamCache keeps the decoded history of recently used streams, so a
// command reads only the events recorded since it last saw the stream
// instead of reading and decoding the whole stream again. Streams only
// grow, so a cached prefix is never wrong, only perhaps short: a read
// asks the ledger for what came after it, and a command decided on the
// cache alone (handle) appends at the cached version, which fails if the
// stream moved. What a command appends is added to it (when the ledger
// hands back what it recorded). It holds at most max streams, dropping
// the least recently used. Safe for concurrent use.
type StreamCache struct {
	max     int
	mu      sync.Mutex
	entries map[string]*list.Element
	order   *list.List // front: most recently used
}

// cachedStream is one stream's history: its events' positions, versions
// and correlation ids (what idempotency needs) and their payloads; and,
// when the last command on it succeeded, the aggregate that command left,
// folded up to aggVersion, so the next one need not fold the history
// again.
type cachedStream struct {
	stream     string
	marks      []mark
	payloads   []events.Payload
	agg        any
	aggVersion int64
}

// mark is what the application keeps of an event besides its payload.
type mark struct {
	position    events.Position
	version     int64
	correlation string
}

// NewStreamCache returns a cache of at most max streams.
func NewStreamCache(max int) *StreamCache {
	if max < 1 {
		max = 1
	}
	return &StreamCache{max: max, entries: map[string]*list.Element{}, order: list.New()}
}

// get returns the cached history of stream (sharing its backing arrays,
// capped so that appending to them copies), and whether it holds one.
func (c *StreamCache) get(stream string) ([]mark, []events.Payload, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[stream]
	if !ok {
		return nil, nil, false
	}
	c.order.MoveToFront(el)
	cs := el.Value.(*cachedStream)
	return cs.marks[:len(cs.marks):len(cs.marks)], cs.payloads[:len(cs.payloads):len(cs.payloads)], true
}

// take is get, also handing over the folded aggregate when it has one
// of the whole cached history: the caller owns it (a command mutates it),
// and gives it back with keep if its command succeeds.
func (c *StreamCache) take(stream string) ([]mark, []events.Payload, any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[stream]
	if !ok {
		return nil, nil, nil, false
	}
	c.order.MoveToFront(el)
	cs := el.Value.(*cachedStream)
	var agg any
	if cs.agg != nil && cs.aggVersion == version(cs.marks) {
		agg = cs.agg
	}
	cs.agg = nil
	return cs.marks[:len(cs.marks):len(cs.marks)], cs.payloads[:len(cs.payloads):len(cs.payloads)], agg, true
}

// keep caches agg, the stream's aggregate folded up to version, if the
// cached history ends there.
func (c *StreamCache) keep(stream string, v int64, agg any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[stream]; ok {
		if cs := el.Value.(*cachedStream); version(cs.marks) == v {
			cs.agg, cs.aggVersion = agg, v
		}
	}
}

// put records a stream's history if it is longer than what is cached.
func (c *StreamCache) put(stream string, marks []mark, payloads []events.Payload) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[stream]; ok {
		cs := el.Value.(*cachedStream)
		if len(marks) > len(cs.marks) {
			cs.marks, cs.payloads = marks, payloads
		}
		c.order.MoveToFront(el)
		return
	}
	c.entries[stream] = c.order.PushFront(&cachedStream{stream: stream, marks: marks, payloads: payloads})
	for c.order.Len() > c.max {
		old := c.order.Back()
		c.order.Remove(old)
		delete(c.entries, old.Value.(*cachedStream).stream)
	}
}

// history returns a stream's marks and payloads: the cached prefix, if
// any, followed by whatever the ledger holds after it.
func (s *Service) history(ctx context.Context, stream string) ([]mark, []events.Payload, error) {
	var marks []mark
	var payloads []events.Payload
	if s.Cache != nil {
		marks, payloads, _ = s.Cache.get(stream)
	}
	var after int64
	if n := len(marks); n > 0 {
		after = marks[n-1].version
	}
	envs, err := s.Store.ReadStream(ctx, stream, after)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", stream, err)
	}
	if len(envs) == 0 {
		return marks, payloads, nil // capped by get, or nil
	}
	newMarks := make([]mark, 0, len(envs))
	newPayloads := make([]events.Payload, 0, len(envs))
	for i := range envs {
		p, err := events.Decode(&envs[i])
		if err != nil {
			// A stored event that does not decode is the ledger's fault,
			// not the caller's: report it as internal.
			return nil, nil, fmt.Errorf("read %s: version %d: %s", stream, envs[i].Version, err.Error())
		}
		newMarks = append(newMarks, mark{position: envs[i].Position, version: envs[i].Version, correlation: envs[i].CorrelationID})
		newPayloads = append(newPayloads, p)
	}
	if s.Cache == nil {
		return newMarks, newPayloads, nil
	}
	// Added to the cached arrays in place where they still end at the
	// prefix read, rather than copied whole for every command.
	if len(marks) > 0 {
		if m, p, ok := s.Cache.extend(stream, after, newMarks, newPayloads); ok {
			return m, p, nil
		}
	}
	marks, payloads = append(marks, newMarks...), append(payloads, newPayloads...)
	s.Cache.put(stream, marks, payloads)
	// Capped: the cache may extend these arrays in place.
	return slices.Clip(marks), slices.Clip(payloads), nil
}

// decodedRecorder is a store that can hand back the payloads of what it
// has just recorded already decoded (nil where it cannot), so that
// remember need not decode them again: Check's staging overlay, which
// records the event it checks, decoded before its command ran.
type decodedRecorder interface {
	decoded(recorded []events.Envelope) []events.Payload
}

// remember adds the events an append recorded to the cached history the
// command was decided on, so the next command on the stream finds them
// without reading them back. The append was at the version the history
// reached, so together they are the stream's history. It reports whether
// the cache now ends with them.
func (s *Service) remember(stream string, marks []mark, payloads []events.Payload, recorded []events.Envelope) bool {
	if s.Cache == nil || recorded[0].Version != version(marks)+1 {
		return false
	}
	var known []events.Payload
	if d, ok := s.Store.(decodedRecorder); ok {
		known = d.decoded(recorded)
	}
	newMarks := make([]mark, 0, len(recorded))
	newPayloads := make([]events.Payload, 0, len(recorded))
	for i := range recorded {
		if i < len(known) && known[i] != nil {
			newMarks = append(newMarks, mark{position: recorded[i].Position, version: recorded[i].Version, correlation: recorded[i].CorrelationID})
			newPayloads = append(newPayloads, known[i])
			continue
		}
		p, err := events.Decode(&recorded[i])
		if err != nil {
			return false // the next read decodes it and reports the error
		}
		newMarks = append(newMarks, mark{position: recorded[i].Position, version: recorded[i].Version, correlation: recorded[i].CorrelationID})
		newPayloads = append(newPayloads, p)
	}
	if _, _, ok := s.Cache.extend(stream, version(marks), newMarks, newPayloads); ok {
		return true
	}
	// Not cached at that version (evicted, or never read through the
	// cache): cache the whole history, in arrays of its own.
	s.Cache.put(stream, append(slices.Clip(marks), newMarks...), append(slices.Clip(payloads), newPayloads...))
	return true
}

// extend appends events to a stream's cached history if it ends at
// version v. It appends in place: every slice handed out (get, take) is
// capped at its length, so no holder sees, or writes over, what is added
// past it, and only extend, under the lock, writes past the end.
func (c *StreamCache) extend(stream string, v int64, marks []mark, payloads []events.Payload) ([]mark, []events.Payload, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[stream]
	if !ok {
		return nil, nil, false
	}
	cs := el.Value.(*cachedStream)
	if version(cs.marks) != v {
		return nil, nil, false
	}
	cs.marks, cs.payloads = append(cs.marks, marks...), append(cs.payloads, payloads...)
	c.order.MoveToFront(el)
	return slices.Clip(cs.marks), slices.Clip(cs.payloads), true
}

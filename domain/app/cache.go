package app

import (
	"container/list"
	"context"
	"fmt"
	"sync"

	"github.com/mentorledger/mentorledger/events"
)

// StreamCache keeps the decoded history of recently used streams, so a
// command reads only the events recorded since it last saw the stream
// instead of reading and decoding the whole stream again. Streams only
// grow, so a cached prefix is never stale: every read still asks the
// ledger for what came after it. It holds at most Max streams, dropping
// the least recently used. Safe for concurrent use.
type StreamCache struct {
	max     int
	mu      sync.Mutex
	entries map[string]*list.Element
	order   *list.List // front: most recently used
}

// cachedStream is one stream's history: its events' positions, versions
// and correlation ids (what idempotency needs) and their payloads.
type cachedStream struct {
	stream   string
	marks    []mark
	payloads []events.Payload
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
// capped so that appending to them copies).
func (c *StreamCache) get(stream string) ([]mark, []events.Payload) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[stream]
	if !ok {
		return nil, nil
	}
	c.order.MoveToFront(el)
	cs := el.Value.(*cachedStream)
	return cs.marks[:len(cs.marks):len(cs.marks)], cs.payloads[:len(cs.payloads):len(cs.payloads)]
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
		marks, payloads = s.Cache.get(stream)
	}
	var after int64
	if n := len(marks); n > 0 {
		after = marks[n-1].version
	}
	envs, err := s.Store.ReadStream(ctx, stream, after)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", stream, err)
	}
	for i := range envs {
		p, err := events.Decode(&envs[i])
		if err != nil {
			// A stored event that does not decode is the ledger's fault,
			// not the caller's: report it as internal.
			return nil, nil, fmt.Errorf("read %s: version %d: %s", stream, envs[i].Version, err.Error())
		}
		marks = append(marks, mark{position: envs[i].Position, version: envs[i].Version, correlation: envs[i].CorrelationID})
		payloads = append(payloads, p)
	}
	if s.Cache != nil && len(envs) > 0 {
		s.Cache.put(stream, marks, payloads)
	}
	return marks, payloads, nil
}

package esdb

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/mentorledger/mentorledger/events"
)

// streamHead is what an append needs to know of a stream: its version and
// the hash of its last event.
type streamHead struct {
	version int64
	hash    string
}

var genesis = streamHead{hash: events.GenesisHash}

// maxCachedHeads bounds the cache of stream heads; past it the cache is
// emptied and refilled on demand.
const maxCachedHeads = 1 << 16

// headCache remembers the heads this store appended, so that the next
// append to a stream need not read its head first. A head may be stale
// (another process appended): the append then fails on its expected
// revision and reads the head.
type headCache struct {
	mu sync.Mutex
	m  map[string]streamHead
}

func (c *headCache) get(stream string) (streamHead, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.m[stream]
	return h, ok
}

func (c *headCache) put(stream string, h streamHead) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCachedHeads {
		clear(c.m)
	}
	c.m[stream] = h
}

func (c *headCache) forget(stream string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, stream)
}

// head returns a stream's head, from the cache unless fresh is set; cached
// reports where it came from.
func (s *Store) head(ctx context.Context, stream string, fresh bool) (h streamHead, cached bool, err error) {
	if !fresh {
		if h, ok := s.heads.get(stream); ok {
			return h, true, nil
		}
	}
	h, err = s.readHead(ctx, stream)
	if err != nil {
		return h, false, err
	}
	s.heads.put(stream, h)
	return h, false, nil
}

// readHead reads the last event of a stream.
func (s *Store) readHead(ctx context.Context, stream string) (streamHead, error) {
	var recs []esdb.RecordedEvent
	err := s.retrying(ctx, "read head of "+stream, func() error {
		var err error
		recs, err = s.c.readStream(ctx, s.stream(stream), esdb.End{}, 1, esdb.Backwards)
		return err
	})
	switch {
	case errors.Is(err, errNoStream):
		return genesis, nil
	case errors.Is(err, ErrStreamDeleted):
		return streamHead{}, deleted("append", stream, err)
	case err != nil:
		return streamHead{}, fmt.Errorf("read head of %s: %w", stream, err)
	case len(recs) == 0:
		return genesis, nil
	}
	r := decode(&recs[0], s.prefix)
	if r.err != nil || r.env.Hash == "" {
		return streamHead{}, fmt.Errorf("append %s: its last event (version %d) is not a ledger event, so the chain cannot be extended: %v", stream, r.env.Version, r.err)
	}
	return streamHead{version: r.env.Version, hash: r.env.Hash}, nil
}

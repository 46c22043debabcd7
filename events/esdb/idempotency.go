package esdb

import (
	"context"
	"sync"

	"github.com/google/uuid"
	"github.com/mentorledger/mentorledger/events"
)

// verdict is what the ledger knows of a request's event ids.
type verdict int

const (
	notRecorded verdict = iota // none of the ids is recorded
	retried                    // one identical earlier append recorded them all
	reused                     // some are recorded, but not as this append
)

// idLoc is where an event id is recorded.
type idLoc struct {
	stream  string
	version int64
	pos     events.Position
	k, n    int // the event's index in the append that recorded it, of n
}

// judge decides whether a request's ids were recorded, given where each
// recorded id is. The request is a retry when its ids were recorded by one
// append to the same stream, in the same order, as a whole (the append's
// size matches) and at the version it expected, if it named one.
func judge(r *request, lookup func(uuid.UUID) (idLoc, bool)) (events.AppendResult, verdict) {
	locs := make([]idLoc, len(r.eids))
	found := 0
	for k, id := range r.eids {
		if l, ok := lookup(id); ok {
			locs[k] = l
			found++
		}
	}
	switch {
	case found == 0:
		return events.AppendResult{}, notRecorded
	case found < len(locs):
		return events.AppendResult{}, reused
	}
	first, n := locs[0], len(locs)
	if r.expected != events.Any && first.version != int64(r.expected)+1 {
		return events.AppendResult{}, reused
	}
	for k, l := range locs {
		if l.stream != r.stream || l.version != first.version+int64(k) || l.k != k || l.n != n || (k > 0 && l.pos <= locs[k-1].pos) {
			return events.AppendResult{}, reused
		}
	}
	return events.AppendResult{Stream: r.stream, Version: first.version + int64(n-1), First: first.pos, Last: locs[n-1].pos, Duplicate: true}, retried
}

// resolve looks up the ids of the requests not yet done that may be
// recorded: those with ids from the caller, and every one when ours says a
// write of this call may have been recorded though its answer was lost. A
// request found recorded by an identical append is done, with that
// append's result: a duplicate unless ours. A request whose ids were
// recorded otherwise fails the call with events.ErrDuplicateID.
func (s *Store) resolve(ctx context.Context, rs []*request, ours bool) error {
	var check []*request
	for _, r := range rs {
		if !r.done && (r.supplied || ours) {
			check = append(check, r)
		}
	}
	if len(check) == 0 {
		return nil
	}
	return s.scan.lookup(ctx, func(lookup func(uuid.UUID) (idLoc, bool)) error {
		for _, r := range check {
			res, v := judge(r, lookup)
			switch v {
			case retried:
				res.Duplicate = !ours
				r.res, r.done = res, true
			case reused:
				return reusedID(r.stream)
			}
		}
		return nil
	})
}

// idClaims holds the ids that appends of this store are recording, so two
// calls carrying the same id are decided one after the other.
type idClaims struct {
	mu sync.Mutex
	m  map[uuid.UUID]chan struct{}
}

// claim marks ids as being appended, first waiting for every other call
// appending any of them to finish. release gives them back.
func (c *idClaims) claim(ctx context.Context, ids []uuid.UUID) (release func(), err error) {
	if len(ids) == 0 {
		return func() {}, nil
	}
	for {
		c.mu.Lock()
		var busy chan struct{}
		for _, id := range ids {
			if ch, ok := c.m[id]; ok {
				busy = ch
				break
			}
		}
		if busy == nil {
			mine := make(chan struct{})
			for _, id := range ids {
				c.m[id] = mine
			}
			c.mu.Unlock()
			return func() {
				c.mu.Lock()
				for _, id := range ids {
					delete(c.m, id)
				}
				c.mu.Unlock()
				close(mine)
			}, nil
		}
		c.mu.Unlock()
		select {
		case <-busy:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

package esdb

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
	"github.com/mentorledger/mentorledger/events"
)

// maxConflicts bounds how often one append of any version is sealed again
// because another writer got to its stream first.
const maxConflicts = 100

// Append appends events to one stream, atomically, if the stream is at the
// expected version.
func (s *Store) Append(ctx context.Context, stream string, expected events.ExpectedVersion, evs ...events.NewEvent) (events.AppendResult, error) {
	res, err := s.AppendBatch(ctx, []events.AppendRequest{{Stream: stream, Expected: expected, Events: evs}})
	if err != nil {
		return events.AppendResult{}, err
	}
	return res[0], nil
}

// AppendBatch appends to several streams. Each stream's requests are one
// atomic append; across streams see the package comment. A request whose
// ids were all recorded by one earlier identical append is not appended
// again: its result is that append's, with Duplicate set.
func (s *Store) AppendBatch(ctx context.Context, reqs []events.AppendRequest) ([]events.AppendResult, error) {
	rs, err := prepareBatch(reqs, s.cfg.now())
	if err != nil {
		return nil, err
	}
	if err := s.enter(); err != nil {
		return nil, err
	}
	defer s.inflight.Done()
	release, err := s.claims.claim(ctx, suppliedIDs(rs))
	if err != nil {
		return nil, err
	}
	defer release()
	if err := s.resolve(ctx, rs, false); err != nil {
		return nil, err
	}
	groups := writeOrder(groupsOf(rs))
	if len(groups) > 1 {
		if err := s.precheck(ctx, groups); err != nil {
			return nil, err
		}
	}
	var written []string
	for _, g := range groups {
		wrote, err := s.writeGroup(ctx, g)
		if err != nil {
			if len(written) > 0 {
				return nil, fmt.Errorf("append batch: %w: %s recorded, then %s failed: %w", ErrPartialBatch, strings.Join(written, ", "), g.stream, err)
			}
			return nil, err
		}
		if wrote {
			written = append(written, g.stream)
		}
	}
	if len(written) > 0 {
		s.recorded(ctx, rs)
	}
	out := make([]events.AppendResult, len(rs))
	for i, r := range rs {
		out[i] = r.res
	}
	return out, nil
}

// precheck checks every group's expectations against the streams' heads
// (and the batch's earlier groups) before anything is written.
func (s *Store) precheck(ctx context.Context, groups []*group) error {
	running := map[string]int64{}
	for _, g := range groups {
		v, seen := running[g.stream]
		if !seen {
			h, cached, err := s.head(ctx, g.stream, false)
			if err != nil {
				return err
			}
			if _, err := g.check(h.version); err != nil && cached {
				if h, _, err = s.head(ctx, g.stream, true); err != nil {
					return err
				}
			}
			v = h.version
		}
		after, err := g.check(v)
		if err != nil {
			return err
		}
		running[g.stream] = after
	}
	return nil
}

// writeGroup writes a group's pending requests as one append, sealed
// against the stream's head, and sets their results. It reports whether it
// recorded anything.
func (s *Store) writeGroup(ctx context.Context, g *group) (bool, error) {
	var (
		ours      bool // a write of ours may be recorded though its answer was lost
		recheck   bool // a concurrent append may have recorded the ids
		fresh     bool // read the head, do not take the cached one
		conflicts int
		failures  int
	)
	for {
		if ours || recheck {
			if err := s.resolve(ctx, g.reqs, ours); err != nil {
				return false, err
			}
		}
		pend := g.pending()
		if len(pend) == 0 {
			return ours, nil
		}
		h, cached, err := s.head(ctx, g.stream, fresh)
		if err != nil {
			return false, err
		}
		if _, err := g.check(h.version); err != nil {
			if !cached {
				return false, err
			}
			fresh = true // the cache may be behind the stream
			continue
		}
		envs, data, err := seal(pend, h)
		if err != nil {
			return false, err
		}
		_, err = s.c.appendEvents(ctx, s.stream(g.stream), expectedRevision(events.Exact(h.version)), data)
		switch {
		case err == nil:
			return true, s.settle(ctx, g.stream, pend, h, envs)
		case errors.Is(err, errWrongVersion):
			// Another writer appended since the head was read: a
			// conditional request now fails the check, one of any version is
			// sealed again on the new head.
			s.heads.forget(g.stream)
			fresh, recheck = true, true
			if conflicts++; conflicts >= maxConflicts {
				return false, fmt.Errorf("append %s: the stream changed under %d tries in a row: %w", g.stream, conflicts, events.ErrConcurrency)
			}
			if conflicts > 2 {
				if err := s.cfg.wait(ctx, time.Duration(rand.Int64N(int64(conflicts)*int64(time.Millisecond)))); err != nil {
					return false, err
				}
			}
		case errors.Is(err, ErrUnavailable) && ctx.Err() == nil:
			s.heads.forget(g.stream)
			ours, fresh = true, true
			if failures++; failures >= s.cfg.attempts {
				return false, fmt.Errorf("append %s: gave up after %d tries: %w", g.stream, failures, err)
			}
			if err := s.cfg.wait(ctx, s.backoff(failures)); err != nil {
				return false, err
			}
		case errors.Is(err, ErrStreamDeleted):
			return false, deleted("append", g.stream, err)
		case ctx.Err() != nil:
			return false, ctx.Err()
		default:
			return false, fmt.Errorf("append %s: %w", g.stream, err)
		}
	}
}

// settle finds the positions of a group's events, recorded from the
// version after h, and sets the results of its requests.
func (s *Store) settle(ctx context.Context, stream string, pend []*request, h streamHead, envs []*events.Envelope) error {
	pos, err := s.positions(ctx, stream, h.version, envs)
	if err != nil {
		// Recorded: the caller must not append again with new ids.
		return fmt.Errorf("append %s: recorded at versions %d..%d, but %w", stream, h.version+1, h.version+int64(len(envs)), err)
	}
	i := 0
	for _, r := range pend {
		n := len(r.envs)
		r.res = events.AppendResult{Stream: stream, Version: r.envs[n-1].Version, First: pos[i], Last: pos[i+n-1]}
		r.done = true
		i += n
	}
	last := envs[len(envs)-1]
	s.heads.put(stream, streamHead{last.Version, last.Hash})
	return nil
}

// positions returns the $all positions of events just recorded in a
// stream after version from: read back from the stream or, where that
// fails or the server does not report positions on stream reads, from the
// index.
func (s *Store) positions(ctx context.Context, stream string, from int64, envs []*events.Envelope) ([]events.Position, error) {
	out, readErr := s.readBack(ctx, stream, from, envs)
	if readErr == nil && !slices.Contains(out, 0) {
		return out, nil
	}
	out = make([]events.Position, len(envs))
	err := s.scan.lookup(ctx, func(lookup func(uuid.UUID) (idLoc, bool)) error {
		for i, e := range envs {
			eid, _ := eventID(e.ID)
			l, ok := lookup(eid)
			if !ok || l.stream != stream || l.version != e.Version {
				return fmt.Errorf("event %s is not in $all at version %d", e.ID, e.Version)
			}
			out[i] = l.pos
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("their positions are unknown: %w", errors.Join(readErr, err))
	}
	return out, nil
}

// readBack reads events just recorded from their stream and returns their
// positions, 0 where the server did not give one.
func (s *Store) readBack(ctx context.Context, stream string, from int64, envs []*events.Envelope) ([]events.Position, error) {
	var recs []esdb.RecordedEvent
	err := s.retrying(ctx, "read back", func() error {
		var err error
		recs, err = s.c.readStream(ctx, s.stream(stream), esdb.StreamRevision{Value: uint64(from)}, uint64(len(envs)), esdb.Forwards)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading them back: %w", err)
	}
	if len(recs) != len(envs) {
		return nil, fmt.Errorf("reading them back gave %d events, not %d", len(recs), len(envs))
	}
	out := make([]events.Position, len(envs))
	for i := range recs {
		if eid, _ := eventID(envs[i].ID); recs[i].EventID != eid {
			return nil, fmt.Errorf("version %d reads back as event %s, not %s", envs[i].Version, recs[i].EventID, envs[i].ID)
		}
		out[i] = positionOf(recs[i].Position)
	}
	return out, nil
}

// recorded follows an append: every DigestEvery events this store
// appends, the append that reaches the count records the digest itself (the
// range also holds what other writers appended); otherwise the digester is
// told, to keep its idle timer.
func (s *Store) recorded(ctx context.Context, rs []*request) {
	s.appended.Store(true)
	var n int64
	for _, r := range rs {
		if !r.res.Duplicate {
			n += int64(len(r.envs))
		}
	}
	if s.sinceDigest.Add(n) >= s.cfg.digestEvery {
		s.sinceDigest.Store(0)
		// A digest that fails now is recorded later: when idle, at the
		// next count or at Close.
		_, _ = s.writeDigest(ctx, false)
	}
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

package esdb

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
	"github.com/mentorledger/mentorledger/events"
)

// streamPage is how many events of a stream one read returns at most.
const streamPage = 4096

// ReadStream returns the events of a stream with version > after, in
// version order. A stream that does not exist reads as empty; one deleted
// in EventStoreDB fails with code ENOTFOUND.
func (s *Store) ReadStream(ctx context.Context, stream string, after int64) ([]events.Envelope, error) {
	if s.isClosed() {
		return nil, events.ErrClosed
	}
	var out []events.Envelope
	var unplaced []int // events the server gave no position
	for from := max(after, 0); ; {
		var recs []esdb.RecordedEvent
		err := s.retrying(ctx, "read stream "+stream, func() error {
			var err error
			recs, err = s.c.readStream(ctx, s.stream(stream), esdb.StreamRevision{Value: uint64(from)}, streamPage, esdb.Forwards)
			return err
		})
		switch {
		case errors.Is(err, errNoStream):
			return out, nil
		case errors.Is(err, ErrStreamDeleted):
			return nil, deleted("read stream", stream, err)
		case err != nil:
			return nil, fmt.Errorf("read stream %s: %w", stream, err)
		}
		for i := range recs {
			r := decode(&recs[i], s.prefix)
			if r.env.Position == 0 {
				unplaced = append(unplaced, len(out))
			}
			out = append(out, r.env)
		}
		if len(recs) < streamPage {
			break
		}
		from += len64(recs)
	}
	if len(unplaced) > 0 {
		if err := s.place(ctx, out, unplaced); err != nil {
			return nil, fmt.Errorf("read stream %s: %w", stream, err)
		}
	}
	return out, nil
}

func len64[T any](s []T) int64 { return int64(len(s)) }

// place fills in the positions of events read from a server that does not
// report $all positions on stream reads, from the scan's index.
func (s *Store) place(ctx context.Context, envs []events.Envelope, idx []int) error {
	return s.scan.lookup(ctx, func(lookup func(uuid.UUID) (idLoc, bool)) error {
		for _, i := range idx {
			eid, _ := eventID(envs[i].ID)
			l, ok := lookup(eid)
			if !ok {
				return fmt.Errorf("version %d (event %s): no $all position", envs[i].Version, envs[i].ID)
			}
			envs[i].Position = l.pos
		}
		return nil
	})
}

// ReadAll returns up to limit events of the ledger with position > after,
// in global order: it reads $all from that position and keeps the
// ledger's streams.
func (s *Store) ReadAll(ctx context.Context, after events.Position, limit int) ([]events.Envelope, error) {
	if limit <= 0 {
		return nil, events.Errorf(events.EINVALID, "read all: limit: must be positive, got %d", limit)
	}
	if s.isClosed() {
		return nil, events.ErrClosed
	}
	page := uint64(min(max(limit, 256), scanPage))
	out := make([]events.Envelope, 0, min(limit, 1024))
	var from esdb.AllPosition = allFrom(after)
	var at esdb.Position // the last $all event read
	read := false
	for {
		var recs []esdb.RecordedEvent
		err := s.retrying(ctx, "read all", func() error {
			var err error
			recs, err = s.c.readAll(ctx, from, page, esdb.Forwards)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("read all after %d: %w", after, err)
		}
		for i := range recs {
			r := &recs[i]
			if read && !before(at, r.Position) {
				continue // the event this page started from
			}
			at, read = r.Position, true
			if positionOf(r.Position) <= after || !strings.HasPrefix(r.StreamID, s.prefix) {
				continue
			}
			out = append(out, decode(r, s.prefix).env)
			if len(out) == limit {
				return out, nil
			}
		}
		if uint64(len(recs)) < page {
			return out, nil
		}
		from = at
	}
}

// Head returns the position of the ledger's last event (0 when empty).
func (s *Store) Head(ctx context.Context) (events.Position, error) {
	if s.isClosed() {
		return 0, events.ErrClosed
	}
	p, err := s.scan.head(ctx)
	if err != nil {
		return 0, fmt.Errorf("head: %w", err)
	}
	return p, nil
}

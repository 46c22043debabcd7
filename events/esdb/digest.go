package esdb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
	"github.com/mentorledger/mentorledger/events"
)

// finalDigestTimeout bounds the digest Close records.
const finalDigestTimeout = 30 * time.Second

var digestType = events.Digest{}.EventType()

var digestSchemaVersion = func() int {
	t, ok := events.Lookup(digestType)
	if !ok {
		panic("esdb: events.Digest is not registered")
	}
	return t.SchemaVersion
}()

// pending is an event after the last digest's range.
type pending struct {
	pos     events.Position
	stream  string
	version int64
	hash    string
}

// digestState is the running digest of the ledger as read from $all,
// maintained exactly as events.Verify checks it: the range of the next
// digest starts after the last digest's range, and holds every event since,
// digest events included, in $all order.
type digestState struct {
	through   events.Position // the last digest's range ends here
	head      streamHead      // of the digest stream
	since     []pending       // events after through, in order
	b         *events.DigestBuilder
	uncovered int64 // events in since that are not digests
}

func newDigestState() digestState {
	return digestState{head: genesis, b: events.NewDigestBuilder(0)}
}

// add feeds the next event of the ledger.
func (d *digestState) add(e *events.Envelope, stream string) {
	p := pending{e.Position, stream, e.Version, e.Hash}
	var dg events.Digest
	if e.Stream != events.DigestStream || e.Type != digestType || json.Unmarshal(e.Payload, &dg) != nil {
		d.since = append(d.since, p)
		d.b.Add(p.pos, p.stream, p.version, p.hash)
		if e.Stream != events.DigestStream {
			d.uncovered++
		}
		return
	}
	// A digest: the next range starts after its range, with the events
	// already read beyond it and the digest itself.
	d.head = streamHead{e.Version, e.Hash}
	d.through = dg.ThroughPosition
	kept := d.since[:0]
	for _, q := range d.since {
		if q.pos > dg.ThroughPosition {
			kept = append(kept, q)
		}
	}
	d.since = append(kept, p)
	d.b = events.NewDigestBuilder(d.through)
	d.uncovered = 0
	for _, q := range d.since {
		d.b.Add(q.pos, q.stream, q.version, q.hash)
		if q.stream != events.DigestStream {
			d.uncovered++
		}
	}
}

// due reports whether a digest should be recorded now: every events or,
// when force, as soon as an event is not covered.
func (d *digestState) due(every int64, force bool) bool {
	return d.uncovered > 0 && (force || d.b.Count() >= every)
}

// runDigester records digests as appends come in, when the store has been
// idle for a while, and a final one when it closes.
func (s *Store) runDigester() {
	defer close(s.done)
	idle := time.NewTimer(time.Hour)
	idle.Stop()
	for {
		select {
		case <-s.kick:
			// A digest that fails now is tried again at the next append,
			// when idle and at Close, whose error Close returns.
			_, _ = s.writeDigest(s.ctx, false)
			if s.cfg.idleDigest > 0 {
				idle.Reset(s.cfg.idleDigest)
			}
		case <-idle.C:
			_, _ = s.writeDigest(s.ctx, true)
		case <-s.ctx.Done():
			idle.Stop()
			if s.appended.Load() {
				ctx, cancel := context.WithTimeout(context.Background(), finalDigestTimeout)
				_, s.closeErr = s.writeDigest(ctx, true)
				cancel()
			}
			return
		}
	}
}

// writeDigest records a digest of the events not covered yet, when one is
// due. Another process recording a digest first makes it read that one and
// decide again.
func (s *Store) writeDigest(ctx context.Context, force bool) (bool, error) {
	s.digestMu.Lock()
	defer s.digestMu.Unlock()
	for try := 1; ; try++ {
		sc := s.scan
		sc.mu.Lock()
		err := sc.catchUpLocked(ctx)
		due := err == nil && sc.dg.due(s.cfg.digestEvery, force)
		d, head := sc.dg.b.Digest(), sc.dg.head
		sc.mu.Unlock()
		if err != nil || !due {
			return false, err
		}
		payload, err := json.Marshal(d)
		if err != nil {
			return false, err
		}
		e := events.Envelope{ID: uuid.Must(uuid.NewV7()).String(), Stream: events.DigestStream, Version: head.version + 1,
			Type: digestType, SchemaVersion: digestSchemaVersion, RecordedAt: s.cfg.now(), Actor: "ledger", Payload: payload}
		events.Seal(&e, head.hash)
		data, err := eventData(&e, 0, 1)
		if err != nil {
			return false, err
		}
		_, err = s.c.appendEvents(ctx, s.stream(events.DigestStream), expectedRevision(events.Exact(head.version)), []esdb.EventData{data})
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, errWrongVersion) && try < maxConflicts:
			// Another process recorded a digest: read it and decide again.
		case errors.Is(err, ErrUnavailable) && try < s.cfg.attempts && ctx.Err() == nil:
			// A digest recorded though its answer was lost is found by
			// the next catch-up, which then finds no digest due.
			if err := s.cfg.wait(ctx, s.backoff(try)); err != nil {
				return false, err
			}
		default:
			return false, fmt.Errorf("digest: %w", err)
		}
	}
}

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/mentorledger/mentorledger/events"
)

var bg = context.Background()

// resumeDigest rebuilds the running digest from the file: it starts after
// the last digest's range and re-feeds every event recorded since, that
// digest event included.
func (w *writer) resumeDigest() error {
	var through events.Position
	var payload []byte
	err := w.conn.QueryRowContext(bg, `SELECT payload FROM events WHERE stream = ? ORDER BY version DESC LIMIT 1`, events.DigestStream).Scan(&payload)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return fmt.Errorf("last digest: %w", err)
	default:
		var d events.Digest
		if err := json.Unmarshal(payload, &d); err != nil {
			return fmt.Errorf("last digest: %w", err)
		}
		through = d.ThroughPosition
	}
	b := events.NewDigestBuilder(through)
	var uncovered int64
	rows, err := w.conn.QueryContext(bg, `SELECT position, stream, version, hash FROM events WHERE position > ? ORDER BY position`, int64(through))
	if err != nil {
		return fmt.Errorf("events after the last digest: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pos, version int64
		var stream, hash string
		if err := rows.Scan(&pos, &stream, &version, &hash); err != nil {
			return fmt.Errorf("events after the last digest: %w", err)
		}
		b.Add(events.Position(pos), stream, version, hash)
		if stream != events.DigestStream {
			uncovered++
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("events after the last digest: %w", err)
	}
	w.digest, w.uncovered = b, uncovered
	return nil
}

// appendDigest records the running digest as the next event of the
// transaction and starts a new range after it; the digest event is the
// first event of the new range.
func (w *writer) appendDigest(group headMap, now time.Time) error {
	h, err := w.head(events.DigestStream, group)
	if err != nil {
		return err
	}
	e, err := w.digestEvent(h, now)
	if err != nil {
		return err
	}
	if err := w.insert([]events.Envelope{e}); err != nil {
		return err
	}
	group[e.Stream] = streamHead{e.Version, e.Hash}
	w.digested(&e)
	return nil
}

// digestEvent seals the running digest as the next event, at position
// w.next, of the digest stream, whose head is h.
func (w *writer) digestEvent(h streamHead, now time.Time) (events.Envelope, error) {
	payload, err := json.Marshal(w.digest.Digest())
	if err != nil {
		return events.Envelope{}, err
	}
	e := events.Envelope{
		ID: uuid.Must(uuid.NewV7()).String(), Stream: events.DigestStream, Version: h.version + 1, Position: w.next,
		Type: events.Digest{}.EventType(), SchemaVersion: digestSchemaVersion, RecordedAt: now, Actor: "ledger", Payload: payload,
	}
	events.Seal(&e, h.hash)
	return e, nil
}

// digested starts a new range after the digest event e, now written: e is
// its first event.
func (w *writer) digested(e *events.Envelope) {
	w.next = e.Position + 1
	w.digest = events.NewDigestBuilder(w.digest.Digest().ThroughPosition)
	w.digest.Add(e.Position, e.Stream, e.Version, e.Hash)
	w.uncovered = 0
}

var digestSchemaVersion = func() int {
	t, ok := events.Lookup(events.Digest{}.EventType())
	if !ok {
		panic("sqlite: events.Digest is not registered")
	}
	return t.SchemaVersion
}()

// writeDigest records a digest in a transaction of its own, if any event
// is not covered yet.
func (w *writer) writeDigest() (bool, error) {
	if w.uncovered == 0 {
		return false, nil
	}
	if w.stale {
		if err := w.reload(); err != nil {
			return false, err
		}
	}
	if err := exec(w.st.begin); err != nil {
		return false, err
	}
	group := headMap{}
	err := w.appendDigest(group, w.now())
	if err == nil {
		err = w.commit()
	}
	if err != nil {
		_ = exec(w.st.rollback)
		w.stale = true
		return false, fmt.Errorf("digest: %w", err)
	}
	for s, h := range group {
		w.heads[s] = h
	}
	return true, nil
}

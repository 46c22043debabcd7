package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/mentorledger/mentorledger/events"
)

const columns = `position, id, stream, version, type, schema_version, recorded_at, actor, correlation_id, causation_id, payload, prev_hash, hash`

type readStmts struct {
	stream, head, streamHead *sql.Stmt // ReadAll reads below database/sql (read_raw.go)
}

func (r *readStmts) prepare(db *sql.DB) error {
	var err error
	if r.stream, err = db.Prepare(`SELECT ` + columns + ` FROM events WHERE stream = ? AND version > ? ORDER BY version`); err != nil {
		return err
	}
	if r.head, err = db.Prepare(`SELECT COALESCE(MAX(position), 0) FROM events`); err != nil {
		return err
	}
	r.streamHead, err = db.Prepare(`SELECT version, hash FROM events WHERE stream = ? ORDER BY version DESC LIMIT 1`)
	return err
}

func (r *readStmts) close() {
	for _, st := range []*sql.Stmt{r.stream, r.head, r.streamHead} {
		if st != nil {
			st.Close()
		}
	}
	*r = readStmts{}
}

// ReadAll returns up to limit events after the given position in global
// order. It is one SQL statement, so it sees whole transactions only: never
// part of an append.
func (s *Store) ReadAll(ctx context.Context, after events.Position, limit int) ([]events.Envelope, error) {
	if limit <= 0 {
		return nil, events.Errorf(events.EINVALID, "read all: limit: must be positive, got %d", limit)
	}
	if s.isClosed() {
		return nil, events.ErrClosed
	}
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	out, err := s.readRaw(ctx, allQuery, 8, after, limit, s.capacityFor(after, limit)) // read_raw.go
	if err != nil {
		return nil, fmt.Errorf("read all after %d: %w", after, err)
	}
	return out, nil
}

// ReadStream returns the events of a stream after the given version.
func (s *Store) ReadStream(ctx context.Context, stream string, after int64) ([]events.Envelope, error) {
	if s.isClosed() {
		return nil, events.ErrClosed
	}
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	rows, err := s.read.stream.QueryContext(ctx, stream, after)
	if err != nil {
		return nil, fmt.Errorf("read stream %s: %w", stream, err)
	}
	out, err := scanEnvelopes(rows, 16)
	if err != nil {
		return nil, fmt.Errorf("read stream %s: %w", stream, err)
	}
	return out, nil
}

// Head returns the position of the last event, 0 when the ledger is empty.
func (s *Store) Head(ctx context.Context) (events.Position, error) {
	if s.isClosed() {
		return 0, events.ErrClosed
	}
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	var p int64
	if err := s.read.head.QueryRowContext(ctx).Scan(&p); err != nil {
		return 0, fmt.Errorf("head: %w", err)
	}
	return events.Position(p), nil
}

func scanEnvelopes(rows *sql.Rows, capacity int) ([]events.Envelope, error) {
	defer rows.Close()
	out := make([]events.Envelope, 0, capacity)
	for rows.Next() {
		var e events.Envelope
		var pos int64
		var at string
		var payload []byte
		if err := rows.Scan(&pos, &e.ID, &e.Stream, &e.Version, &e.Type, &e.SchemaVersion, &at,
			&e.Actor, &e.CorrelationID, &e.CausationID, &payload, &e.PrevHash, &e.Hash); err != nil {
			return nil, err
		}
		t, err := events.ParseTime(at)
		if err != nil {
			return nil, fmt.Errorf("position %d: recorded_at: %w", pos, err)
		}
		e.Position, e.RecordedAt, e.Payload = events.Position(pos), t, payload
		out = append(out, e)
	}
	return out, rows.Err()
}

// committedHead returns a stream's last committed version and hash, as a
// reader sees them: version 0 and the genesis hash for a new stream.
func (s *Store) committedHead(ctx context.Context, stream string) (streamHead, error) {
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	h := streamHead{hash: events.GenesisHash}
	err := s.read.streamHead.QueryRowContext(ctx, stream).Scan(&h.version, &h.hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("head of %s: %w", stream, err)
	}
	return h, nil
}

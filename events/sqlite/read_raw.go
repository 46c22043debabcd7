package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"github.com/mentorledger/mentorledger/events"
)

// allQuery reads whole events in global order, as ReadAll returns them,
// with the text columns as one string (one allocation a row instead of
// nine) cut by the byte lengths beside it; recorded_at is what is left.
const allQuery = `SELECT position, version, schema_version, payload,
	octet_length(id), octet_length(stream), octet_length(type), octet_length(actor),
	octet_length(correlation_id), octet_length(causation_id), octet_length(prev_hash), octet_length(hash),
	id || stream || type || actor || correlation_id || causation_id || prev_hash || hash || recorded_at
	FROM events WHERE position > ? ORDER BY position LIMIT ?`

// readAllRaw is ReadAll below database/sql, as ReadForProjection reads:
// verification, the audit and export read the whole ledger through it, and
// database/sql's per-column conversions were most of their cost.
func (s *Store) readAllRaw(ctx context.Context, after events.Position, limit int) ([]events.Envelope, error) {
	conn, err := s.rdb.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var out []events.Envelope
	err = conn.Raw(func(dc any) error {
		q, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("sqlite driver %T cannot query directly", dc)
		}
		// As in ReadForProjection: no cancellable context for the driver
		// (it would register and clear the statement around every row);
		// ctx is checked every few thousand rows instead.
		rows, err := q.QueryContext(context.Background(), allQuery,
			[]driver.NamedValue{{Ordinal: 1, Value: int64(after)}, {Ordinal: 2, Value: int64(limit)}})
		if err != nil {
			return err
		}
		defer rows.Close()
		// Small to start: the live subscription reads a page after every
		// group commit, usually a few events.
		out, err = scanAll(ctx, rows, min(limit, 32))
		return err
	})
	return out, err
}

func scanAll(ctx context.Context, rows driver.Rows, capacity int) ([]events.Envelope, error) {
	out := make([]events.Envelope, 0, capacity)
	dest := make([]driver.Value, 13)
	for n := 0; ; n++ {
		if n&4095 == 4095 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if err := rows.Next(dest); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, err
		}
		var e events.Envelope
		pos, ok1 := dest[0].(int64)
		ver, ok2 := dest[1].(int64)
		sv, ok3 := dest[2].(int64)
		text, ok4 := dest[12].(string)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, fmt.Errorf("unexpected column types %T %T %T %T", dest[0], dest[1], dest[2], dest[12])
		}
		switch p := dest[3].(type) {
		case []byte:
			e.Payload = p
		case string:
			e.Payload = []byte(p)
		case nil:
			e.Payload = []byte{}
		default:
			return nil, fmt.Errorf("position %d: payload: unexpected type %T", pos, dest[3])
		}
		var cut [8]int
		total := 0
		for i := range cut {
			l, ok := dest[4+i].(int64)
			if !ok || l < 0 {
				return nil, fmt.Errorf("position %d: unexpected column length %v", pos, dest[4+i])
			}
			cut[i] = int(l)
			total += cut[i]
		}
		if total > len(text) {
			return nil, fmt.Errorf("position %d: text columns shorter than their lengths", pos)
		}
		fields := [8]*string{&e.ID, &e.Stream, &e.Type, &e.Actor, &e.CorrelationID, &e.CausationID, &e.PrevHash, &e.Hash}
		for i, f := range fields {
			*f, text = text[:cut[i]], text[cut[i]:]
		}
		t, err := parseStoredTime(text)
		if err != nil {
			return nil, fmt.Errorf("position %d: recorded_at: %w", pos, err)
		}
		e.Position, e.Version, e.SchemaVersion, e.RecordedAt = events.Position(pos), ver, int(sv), t
		out = append(out, e)
	}
}

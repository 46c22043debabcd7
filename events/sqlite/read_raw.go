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

// readRaw reads events in global order below database/sql, one row at a
// time into reused values: query has allQuery's shape with only the first
// texts of its text columns (id, stream, type, actor, correlation id,
// causation id, previous hash, hash; projectQuery reads the first four).
// Verification, the audit, export and catch-up read the whole ledger this
// way, and database/sql's per-column conversions were most of their cost.
func (s *Store) readRaw(ctx context.Context, query string, texts int, after events.Position, limit, capacity int) ([]events.Envelope, error) {
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
		// The driver gets no cancellable context: it would then register
		// and clear the statement around every row. ctx is checked every
		// few thousand rows instead.
		rows, err := q.QueryContext(context.Background(), query,
			[]driver.NamedValue{{Ordinal: 1, Value: int64(after)}, {Ordinal: 2, Value: int64(limit)}})
		if err != nil {
			return err
		}
		defer rows.Close()
		out, err = scanRaw(ctx, rows, texts, capacity)
		return err
	})
	return out, err
}

// scanRaw reads rows of readRaw's shape: position, version, schema
// version, payload, the byte lengths of the first texts text columns, and
// those columns and recorded_at as one string.
func scanRaw(ctx context.Context, rows driver.Rows, texts, capacity int) ([]events.Envelope, error) {
	out := make([]events.Envelope, 0, capacity)
	dest := make([]driver.Value, 5+texts)
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
		text, ok4 := dest[4+texts].(string)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, fmt.Errorf("unexpected column types %T %T %T %T", dest[0], dest[1], dest[2], dest[4+texts])
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
		fields := [...]*string{&e.ID, &e.Stream, &e.Type, &e.Actor, &e.CorrelationID, &e.CausationID, &e.PrevHash, &e.Hash}
		for i, f := range fields[:texts] {
			l, ok := dest[4+i].(int64)
			if !ok || l < 0 || int(l) > len(text) {
				return nil, fmt.Errorf("position %d: unexpected column length %v", pos, dest[4+i])
			}
			*f, text = text[:l], text[l:]
		}
		t, err := parseStoredTime(text)
		if err != nil {
			return nil, fmt.Errorf("position %d: recorded_at: %w", pos, err)
		}
		e.Position, e.Version, e.SchemaVersion, e.RecordedAt = events.Position(pos), ver, int(sv), t
		out = append(out, e)
	}
}

package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// projectQuery reads what a projection needs of an event and nothing more:
// no hashes, no correlation or causation ids. The short text columns come
// as one string (one allocation a row instead of five), cut by the byte
// lengths beside it.
const projectQuery = `SELECT position, version, schema_version, payload,
	octet_length(id), octet_length(stream), octet_length(type), octet_length(actor),
	id || stream || type || actor || recorded_at
	FROM events WHERE position > ? ORDER BY position LIMIT ?`

// ReadForProjection returns up to limit events after the given position in
// global order, as ReadAll does, but with only the fields projections read:
// ID, Stream, Version, Position, Type, SchemaVersion, RecordedAt, Actor and
// Payload. PrevHash, Hash, CorrelationID and CausationID are left empty. It
// reads below database/sql, one row at a time into reused values, for
// catch-up and rebuild, where reading the ledger is a large part of the
// cost.
func (s *Store) ReadForProjection(ctx context.Context, after events.Position, limit int) ([]events.Envelope, error) {
	if limit <= 0 {
		return nil, events.Errorf(events.EINVALID, "read for projection: limit: must be positive, got %d", limit)
	}
	if s.isClosed() {
		return nil, events.ErrClosed
	}
	s.rmu.RLock()
	defer s.rmu.RUnlock()
	out, err := s.readRaw(ctx, projectQuery, 4, after, limit, s.capacityFor(after, limit)) // read_raw.go
	if err != nil {
		return nil, fmt.Errorf("read for projection after %d: %w", after, err)
	}
	return out, nil
}

// parseStoredTime reads a time as the ledger stores it (events.TimeFormat,
// "2006-01-02T15:04:05.000000000Z") without time.Parse, and anything else
// through events.ParseTime.
func parseStoredTime(s string) (time.Time, error) {
	if len(s) != len(events.TimeFormat) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
		s[16] != ':' || s[19] != '.' || s[29] != 'Z' {
		return events.ParseTime(s)
	}
	num := func(from, to int) (int, bool) {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 7)
	day, ok3 := num(8, 10)
	hour, ok4 := num(11, 13)
	minute, ok5 := num(14, 16)
	sec, ok6 := num(17, 19)
	nsec, ok7 := num(20, 29)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 || !ok7 ||
		month < 1 || month > 12 || day < 1 || (day > 28 && day > daysIn(year, month)) || hour > 23 || minute > 59 || sec > 59 {
		return events.ParseTime(s) // its error, or its reading of a leap second
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), nil
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// verdict is what the ledger knows of a request's event ids.
type verdict int

const (
	notRecorded verdict = iota // none of the ids is recorded
	retried                    // one identical earlier append recorded them all
	reused                     // some are recorded, but not as this append
)

// idsPerQuery bounds the ids looked up by one SELECT … WHERE id IN (…).
const idsPerQuery = 500

type recorded struct {
	stream   string
	version  int64
	position events.Position
}

// earlier looks a request's ids up in the transaction, so it sees earlier
// jobs of the same group too. The request is a retry when its ids were
// recorded by one append to the same stream, in the same order, at the
// version it expected (if it named one), and by nothing else: an append of
// several events is matched against its range in the appends table.
func (w *writer) earlier(r *request) (events.AppendResult, verdict, error) {
	var none events.AppendResult
	found := make(map[string]recorded, len(r.envs))
	for i := 0; i < len(r.envs); i += idsPerQuery {
		chunk := r.envs[i:min(i+idsPerQuery, len(r.envs))]
		args := make([]any, len(chunk))
		for k := range chunk {
			args[k] = chunk[k].ID
		}
		q := `SELECT id, stream, version, position FROM events WHERE id IN (?` + strings.Repeat(", ?", len(chunk)-1) + `)`
		rows, err := w.conn.QueryContext(bg, q, args...)
		if err != nil {
			return none, notRecorded, fmt.Errorf("look up ids: %w", err)
		}
		for rows.Next() {
			var id string
			var e recorded
			if err := rows.Scan(&id, &e.stream, &e.version, &e.position); err != nil {
				rows.Close()
				return none, notRecorded, fmt.Errorf("look up ids: %w", err)
			}
			found[id] = e
		}
		if err := rows.Close(); err != nil {
			return none, notRecorded, fmt.Errorf("look up ids: %w", err)
		}
	}
	switch {
	case len(found) == 0:
		return none, notRecorded, nil
	case len(found) < len(r.envs):
		return none, reused, nil
	}
	first := found[r.envs[0].ID]
	if r.expected != events.Any && first.version != int64(r.expected)+1 {
		return none, reused, nil
	}
	for k, e := range r.envs {
		got := found[e.ID]
		if got.stream != r.stream || got.version != first.version+int64(k) || got.position != first.position+events.Position(k) {
			return none, reused, nil
		}
	}
	last := first.position + events.Position(len(r.envs)-1)
	// The append of several events that covers the last position, if any.
	var from, to int64
	err := w.conn.QueryRowContext(bg, `SELECT first, last FROM appends WHERE first <= ? ORDER BY first DESC LIMIT 1`, int64(last)).Scan(&from, &to)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		from, to = 0, 0
	case err != nil:
		return none, notRecorded, fmt.Errorf("look up append: %w", err)
	}
	single := len(r.envs) == 1 && (to < int64(last))
	whole := len(r.envs) > 1 && from == int64(first.position) && to == int64(last)
	if !single && !whole {
		return none, reused, nil
	}
	return events.AppendResult{Stream: r.stream, Version: first.version + int64(len(r.envs)-1), First: first.position, Last: last, Duplicate: true}, retried, nil
}

func reusedID(r *request) error {
	return fmt.Errorf("append %s: %w", r.stream, events.ErrDuplicateID)
}

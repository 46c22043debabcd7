package reports

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// fact is one row of evidence a checklist judges: a programme or
// relationship fact as the views hold it, or a figure derived from them,
// with the events behind it. The queries that gather evidence
// (programme_book.sql, programme_activity.sql, and checklist 7's reference,
// testdata/checklist7_reference.sql) all return
// rows of this shape: owner, key, on_date, until_date, subject, detail, n,
// events (space-separated ids), pos.
type fact struct {
	key             string
	on, until       time.Time // zero when the row has none
	subject, detail string
	n               int64
	hasN            bool
	events          []string
	pos             uint64
}

// book is the evidence of one programme or relationship, by key, each
// key's rows in ledger order.
type book map[string][]fact

// all returns the rows of a key.
func (b book) all(key string) []fact { return b[key] }

// has reports whether any row of the key exists.
func (b book) has(key string) bool { return len(b[key]) > 0 }

// latest returns the last row of a key in ledger order: the fact in force.
func (b book) latest(key string) (fact, bool) {
	rows := b[key]
	if len(rows) == 0 {
		return fact{}, false
	}
	return rows[len(rows)-1], true
}

// earliest returns the row of a key with the earliest date (ledger order
// among equal dates).
func (b book) earliest(key string) (fact, bool) {
	rows := b[key]
	if len(rows) == 0 {
		return fact{}, false
	}
	best := rows[0]
	for _, r := range rows[1:] {
		if r.on.Before(best.on) {
			best = r
		}
	}
	return best, true
}

// n returns the number of the latest row of a key (0 when none).
func (b book) n(key string) int64 {
	f, _ := b.latest(key)
	return f.n
}

// count returns how many rows a key has.
func (b book) count(key string) int { return len(b[key]) }

// items returns the list entries (details) that the event of f recorded in
// the field of its fact (programme_fact_items).
func (b book) items(f fact, field string) []string {
	var out []string
	for _, r := range b[f.key+":"+field] {
		if len(r.events) > 0 && len(f.events) > 0 && r.events[0] == f.events[0] && r.detail != "" {
			out = append(out, r.detail)
		}
	}
	return out
}

// value returns the number f's event recorded in a field of its fact.
func (b book) value(f fact, field string) (int64, bool) {
	for _, r := range b[f.key+":"+field] {
		if len(r.events) > 0 && len(f.events) > 0 && r.events[0] == f.events[0] && r.hasN {
			return r.n, true
		}
	}
	return 0, false
}

// evidence lists the events of the rows given, without repeats.
func evidenceOf(rows ...fact) []string {
	n := 0
	for _, r := range rows {
		n += len(r.events)
	}
	out := make([]string, 0, n)
	if n <= 32 { // few: look back rather than hash
		for _, r := range rows {
			for _, id := range r.events {
				if !slices.Contains(out, id) {
					out = append(out, id)
				}
			}
		}
		return out
	}
	seen := make(map[string]bool, n)
	for _, r := range rows {
		for _, id := range r.events {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

// bookArgs are a query's positional arguments.
type bookArgs []any

// loadBooks runs an evidence query and groups its rows by owner, each
// key's rows in ledger order (ties in the order the query gave them).
func loadBooks(ctx context.Context, db *sql.DB, name, query string, args bookArgs, into map[string]book) error {
	return loadBooksOrdered(ctx, db, name, query, args, into, false)
}

// loadBooksOrdered is loadBooks; with tieBreak, rows of a key at the same
// position are ordered by subject, detail and events.
func loadBooksOrdered(ctx context.Context, db *sql.DB, name, query string, args bookArgs, into map[string]book, tieBreak bool) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var owner, key string
		var on, until sql.NullTime
		var subject, detail, evs sql.NullString
		var n sql.NullInt64
		var pos sql.NullInt64
		if err := rows.Scan(&owner, &key, &on, &until, &subject, &detail, &n, &evs, &pos); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		f := fact{key: key, subject: subject.String, detail: detail.String, n: n.Int64, hasN: n.Valid,
			events: strings.Fields(evs.String), pos: uint64(pos.Int64)}
		if on.Valid {
			f.on = on.Time
		}
		if until.Valid {
			f.until = until.Time
		}
		b := into[owner]
		if b == nil {
			b = book{}
			into[owner] = b
		}
		b[key] = append(b[key], f)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, b := range into {
		for _, rows := range b {
			if !tieBreak {
				sort.SliceStable(rows, func(i, j int) bool { return rows[i].pos < rows[j].pos })
				continue
			}
			// Not a stable sort: rows equal in all four came from the
			// query in no set order anyway, and the stable one took
			// O(n log² n) moves of the rows (14,616 mentors, all at
			// position 0, were a tenth of checklist 5's time in Go).
			slices.SortFunc(rows, func(a, b fact) int {
				if a.pos != b.pos {
					return cmp.Compare(a.pos, b.pos)
				}
				if c := strings.Compare(a.subject, b.subject); c != 0 {
					return c
				}
				if c := strings.Compare(a.detail, b.detail); c != 0 {
					return c
				}
				return strings.Compare(strings.Join(a.events, " "), strings.Join(b.events, " "))
			})
		}
	}
	return nil
}

// covers reports whether the periods [on, until] of the rows together
// cover every day from from to to.
func covers(rows []fact, from, to time.Time) bool {
	type span struct{ a, b time.Time }
	var spans []span
	for _, r := range rows {
		if !r.on.IsZero() && !r.until.IsZero() {
			spans = append(spans, span{r.on, r.until})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].a.Before(spans[j].a) })
	at := from
	for _, s := range spans {
		if s.a.After(at) {
			break
		}
		if !s.b.Before(at) {
			at = s.b.AddDate(0, 0, 1)
		}
		if at.After(to) {
			return true
		}
	}
	return at.After(to)
}

// within reports whether t falls in [on, until] of a row.
func within(f fact, t time.Time) bool {
	return !f.on.IsZero() && !t.Before(f.on) && (f.until.IsZero() || !t.After(f.until))
}

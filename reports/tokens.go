package reports

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mentorledger/mentorledger/projections"
)

// The relationship-level checklists (6 and 7) read every row of every
// relationship. The projections keep each such row as a token (see
// projections/token.go and schemas/views.sql); relTokens gathers them per
// relationship with one string_agg, and the checklists derive what they
// judge in Go from those rows. Everything is filtered by position and
// recorded time in SQL, so what a checklist sees is exactly the rows of
// the ledger as of the report.

// tokenRow is one row read back from its token.
type tokenRow struct {
	tag      byte
	fields   string // the table's own fields, still separated
	recorded int64  // the day the event was recorded (days since 1970-01-01)
	pos      uint64
	ev       string // event id
}

// parseToken splits a token into its tag, its fields and its trailer.
func parseToken(tok string) (tokenRow, error) {
	var r tokenRow
	if len(tok) < 2 {
		return r, fmt.Errorf("token %q: too short", tok)
	}
	r.tag = tok[0]
	s := tok[1:]
	// The trailer is the last three fields: recorded day, position, id.
	i := strings.LastIndexByte(s, projections.TokenField)
	if i < 0 {
		return r, fmt.Errorf("token %q: no trailer", tok)
	}
	r.ev = s[i+1:]
	s = s[:i]
	i = strings.LastIndexByte(s, projections.TokenField)
	if i < 0 {
		return r, fmt.Errorf("token %q: no position", tok)
	}
	pos, ok := parseDecimal(s[i+1:])
	if !ok || pos < 0 {
		return r, fmt.Errorf("token %q: position: not a whole number", tok)
	}
	r.pos = uint64(pos)
	s = s[:i]
	i = strings.LastIndexByte(s, projections.TokenField)
	if i < 0 {
		return r, fmt.Errorf("token %q: no recorded time", tok)
	}
	if r.recorded, ok = parseDecimal(s[i+1:]); !ok {
		return r, fmt.Errorf("token %q: recorded time: not a whole number", tok)
	}
	r.fields = s[:i]
	if len(r.fields) > 0 && r.fields[0] == projections.TokenField {
		r.fields = r.fields[1:]
	}
	return r, nil
}

// parseDecimal reads a whole number written by the projections' tokens
// (strconv.AppendInt: an optional minus and at most 19 digits), without
// strconv's generality: the reports read hundreds of thousands of them.
// TestParseDecimalAgreesWithStrconv keeps the two equal.
func parseDecimal(s string) (int64, bool) {
	digits := s
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 18 { // none, or perhaps beyond int64: strconv decides
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	}
	var n int64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if len(digits) < len(s) {
		n = -n
	}
	return n, true
}

// recordedDay is the day (days since 1970-01-01, UTC) the row's event was
// recorded.
func (r tokenRow) recordedDay() int64 { return r.recorded }

// fieldReader reads a token's fields in order. A malformed number reads as
// 0 and is reported by err.
type fieldReader struct {
	s   string
	err error
}

func (r *tokenRow) reader() *fieldReader { return &fieldReader{s: r.fields} }

func (f *fieldReader) str() string {
	i := strings.IndexByte(f.s, projections.TokenField)
	if i < 0 {
		v := f.s
		f.s = ""
		return v
	}
	v := f.s[:i]
	f.s = f.s[i+1:]
	return v
}

// opt reads a number, and whether there was one.
func (f *fieldReader) opt() (int64, bool) {
	s := f.str()
	if s == "" {
		return 0, false
	}
	n, ok := parseDecimal(s)
	if !ok && f.err == nil {
		f.err = fmt.Errorf("field %q: not a whole number", s)
	}
	return n, true
}

func (f *fieldReader) num() int64 { n, _ := f.opt(); return n }

func (f *fieldReader) flag() bool { return f.num() != 0 }

// day reads a date as days since 1970-01-01 (ok false when empty).
func (f *fieldReader) day() (int64, bool) { return f.opt() }

// dayTime converts a day number to midnight UTC of that day.
func dayTime(d int64) time.Time { return time.Unix(d*86400, 0).UTC() }

// dayOf is the day number of a date.
func dayOf(t time.Time) int64 { return projections.DayNumber(t) }

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// relTokenRow is one relationship as of a report with the tokens of its
// rows.
type relTokenRow struct {
	id     string   // relationship id
	match  tokenRow // its relationships row
	tokens string   // the other rows' tokens, joined by TokenSep
}

// each calls fn with every token of the relationship's other rows.
func (r *relTokenRow) each(fn func(tokenRow) error) error {
	s := r.tokens
	for s != "" {
		var tok string
		if i := strings.IndexByte(s, projections.TokenSep); i >= 0 {
			tok, s = s[:i], s[i+1:]
		} else {
			tok, s = s, ""
		}
		t, err := parseToken(tok)
		if err != nil {
			return fmt.Errorf("relationship %s: %w", r.id, err)
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	return nil
}

// relTokenQuery is the query gathering, for every relationship matched as
// of the report ($1 position, $2 recorded time; $3 programme, ” = all),
// the tokens of its rows in tables, each with an optional extra condition.
// It comes in two forms: for one programme, the tokens are aggregated only
// for that programme's relationships (a semi-join); for all programmes the
// semi-join is left out, since the final join from the relationships drops
// any other rows anyway, and it costs a hash join over every token (measured
// on 1,000,000 events: ~110 ms against ~130-260 ms for the query).
type relTokenQuery struct{ all, programme string }

func newRelTokenQuery(tables ...string) relTokenQuery {
	return relTokenQuery{all: relTokenSQL(false, tables), programme: relTokenSQL(true, tables)}
}

// text is the query's form for programme (” = all).
func (q relTokenQuery) text(programme string) string {
	if programme == "" {
		return q.all
	}
	return q.programme
}

func relTokenSQL(semiJoin bool, tables []string) string {
	var b strings.Builder
	b.WriteString("WITH rel AS (\n    SELECT rel_key, relationship_id, token, event_id FROM relationships\n" +
		"    WHERE pos <= $1 AND recorded_at <= $2 AND ($3 = '' OR programme_id = $3)\n),\nt AS (\n")
	for i, t := range tables {
		if i > 0 {
			b.WriteString("    UNION ALL\n")
		}
		if strings.HasPrefix(t, "SELECT ") {
			b.WriteString("    " + t + "\n")
			continue
		}
		table, cond, _ := strings.Cut(t, " WHERE ")
		b.WriteString("    SELECT rel_key, token FROM " + table + " WHERE pos <= $1 AND recorded_at <= $2")
		if cond != "" {
			b.WriteString(" AND " + cond)
		}
		b.WriteString("\n")
	}
	b.WriteString("),\ng AS (SELECT rel_key, string_agg(token, chr(30)) AS tokens FROM t ")
	if semiJoin {
		b.WriteString("WHERE rel_key IN (SELECT rel_key FROM rel) ")
	}
	b.WriteString("GROUP BY rel_key)\n" +
		"SELECT rel.relationship_id, rel.token, g.tokens FROM rel LEFT JOIN g USING (rel_key)")
	return b.String()
}

// loadRelTokens runs a relTokenQuery with its arguments ($1 position, $2
// recorded time, $3 programme, then any its members use) and hands each
// relationship to fn on one of workers goroutines (worker is its index),
// in no set order.
func loadRelTokens(ctx context.Context, db *sql.DB, name string, query relTokenQuery, args []any, workers int,
	fn func(worker int, rt *relTokenRow) error) error {
	programme, _ := args[2].(string)
	rows, err := db.QueryContext(ctx, query.text(programme), args...)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rows.Close()
	workers = max(workers, 1)
	batches := make(chan []relTokenRow, 2*workers)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var failed error
			for batch := range batches {
				for i := range batch {
					if failed == nil {
						failed = fn(w, &batch[i])
					}
				}
			}
			errs <- failed
		}()
	}
	finish := func(err error) error {
		close(batches)
		wg.Wait()
		close(errs)
		for e := range errs {
			if err == nil && e != nil {
				err = fmt.Errorf("%s: %w", name, e)
			}
		}
		return err
	}
	batch := make([]relTokenRow, 0, 256)
	for rows.Next() {
		var id, match string
		var toks sql.NullString // the driver's own copy: no second one
		if err := rows.Scan(&id, &match, &toks); err != nil {
			return finish(fmt.Errorf("%s: %w", name, err))
		}
		m, err := parseToken(match)
		if err != nil {
			return finish(fmt.Errorf("%s: relationship %s: %w", name, id, err))
		}
		batch = append(batch, relTokenRow{id: id, match: m, tokens: toks.String})
		if len(batch) == cap(batch) {
			batches <- batch
			batch = make([]relTokenRow, 0, 256)
		}
	}
	if len(batch) > 0 {
		batches <- batch
	}
	if err := rows.Err(); err != nil {
		return finish(fmt.Errorf("%s: %w", name, err))
	}
	return finish(nil)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

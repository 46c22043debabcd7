// Package reports answers the guidance's questions from the DuckDB views:
// read-only queries returning plain report structs, and their renderers
// (JSON, CSV, HTML). Every report states the ledger position it reflects
// and links each finding to the events that are its evidence.
package reports

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// Statuses of a checklist item.
const (
	Met           = "met"
	Partly        = "partly"
	NotMet        = "not_met"
	NotApplicable = "not_applicable"
)

// AsOf asks for the ledger as it stood at a past position or time; the zero
// value means "everything the views hold".
type AsOf struct {
	Position events.Position // 0: no limit
	Time     time.Time       // zero: no limit
}

// ParseAsOfTime reads --as-of: a date (the end of that day, UTC) or an RFC
// 3339 time.
func ParseAsOfTime(s string) (time.Time, error) {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d.Add(24*time.Hour - time.Nanosecond), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, events.Errorf(events.EINVALID, "as-of: must be a date YYYY-MM-DD or an RFC 3339 time, got %q", s)
	}
	return t.UTC(), nil
}

// Basis says what a report reflects.
type Basis struct {
	// Position is the last ledger position the report reflects.
	Position uint64 `json:"position"`
	// AsOfPosition and AsOfTime echo what was asked for.
	AsOfPosition uint64 `json:"as_of_position,omitempty"`
	AsOfTime     string `json:"as_of_time,omitempty"`
	// ReferenceDate is the day the report's timing rules are judged on
	// ("no meeting for over a month" counts up to this day).
	ReferenceDate string `json:"reference_date"`
	// ViewsPosition is the position the views had reached.
	ViewsPosition uint64 `json:"views_position"`
}

// Source is what reports read: the views database and its checkpoint.
type Source interface {
	DB() *sql.DB
	Checkpoint(ctx context.Context) (events.Position, error)
}

// resolve turns an AsOf into the filter every query applies (pos <= P and
// recorded_at <= T) and the reference date.
func resolve(ctx context.Context, src Source, asOf AsOf, now time.Time) (Basis, filter, error) {
	cp, err := src.Checkpoint(ctx)
	if err != nil {
		return Basis{}, filter{}, err
	}
	b := Basis{ViewsPosition: uint64(cp)}
	f := filter{pos: uint64(cp), until: farFuture}
	if asOf.Position > 0 {
		if asOf.Position > cp {
			return b, f, events.Errorf(events.EINVALID, "as-of-position: %d is beyond the ledger's last position %d", asOf.Position, cp)
		}
		f.pos = uint64(asOf.Position)
		b.AsOfPosition = f.pos
	}
	if !asOf.Time.IsZero() {
		f.until = asOf.Time.UTC()
		b.AsOfTime = f.until.Format(time.RFC3339Nano)
	}
	// The position actually reflected: the last event inside both limits.
	// The limits are written into the query rather than bound: DuckDB then
	// prunes ledger_events by its statistics, where bound values make it
	// test every row (a million events: 0.3 ms instead of 3.5 as of now,
	// 1.3 instead of 3.5 as of the middle). They are our own numbers, and
	// the time is written to the microsecond, truncated, as binding it
	// would store it.
	var last sql.NullInt64
	var lastAt sql.NullTime
	err = src.DB().QueryRowContext(ctx, fmt.Sprintf(
		`SELECT max(pos)::BIGINT, max(recorded_at) FROM ledger_events WHERE pos <= %d AND recorded_at <= TIMESTAMP '%s'`,
		f.pos, f.until.UTC().Format(timestampLiteral))).Scan(&last, &lastAt)
	if err != nil {
		return b, f, fmt.Errorf("resolve as-of: %w", err)
	}
	b.Position = uint64(last.Int64)
	switch {
	case !asOf.Time.IsZero():
		f.ref = asOf.Time.UTC()
	case asOf.Position > 0 && lastAt.Valid:
		f.ref = lastAt.Time.UTC()
	default:
		f.ref = now.UTC()
	}
	b.ReferenceDate = f.ref.Format(time.DateOnly)
	return b, f, nil
}

var farFuture = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// timestampLiteral writes a time as a DuckDB TIMESTAMP literal, to the
// microsecond (Go truncates the fraction, as binding a time.Time does).
const timestampLiteral = "2006-01-02 15:04:05.999999"

type filter struct {
	pos   uint64
	until time.Time
	ref   time.Time
}

func (f filter) args() []any {
	return []any{f.pos, f.until, events.NewDate(f.ref).Time()}
}

func ids(s sql.NullString) []string {
	if !s.Valid || s.String == "" {
		return nil
	}
	return strings.Fields(s.String)
}

// runParallel runs task(0) … task(n-1), at most as many at once as there
// are processors (the queries of one report that do not depend on each
// other, each on its own connection), and returns the first error.
func runParallel(ctx context.Context, n int, task func(i int) error) error {
	workers := min(n, max(2, runtime.GOMAXPROCS(0)))
	next := make(chan int)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var first error
			for i := range next {
				if first == nil && ctx.Err() == nil {
					first = task(i)
				}
			}
			errs <- first
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

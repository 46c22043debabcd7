package projections

import (
	"strconv"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// The token column of the relationship and meeting tables is the row
// itself, written once by the projection in a compact text form, so that
// a report that reads every row of every relationship (checklists 6 and 7)
// gathers a relationship's rows with one string_agg of ready-made tokens
// rather than formatting each column of each row as it runs: measured on
// 340,000 relationship facts, aggregating tokens takes about a third of
// the time of aggregating the formatted columns. A token is a pure
// function of its event, like every other column.
//
// A token is fields separated by TokenField: a one-letter tag naming the
// table, the row's own fields in the order each table documents in
// schemas/views.sql, then the day the event was recorded, its position
// and its id.
// Dates are days since 1970-01-01, times microseconds since the Unix epoch
// (both in decimal), booleans 0 or 1, a missing value empty. Reports join
// tokens with TokenSep.
const (
	TokenField = '\x1f'
	TokenSep   = '\x1e'
)

// Token tags, one per table.
const (
	TagRelationship = 'R'
	TagAgreement    = 'A'
	TagContact      = 'C'
	TagActionPlan   = 'L'
	TagEnding       = 'E'
	TagScheduled    = 'S'
	TagPostponed    = 'Q'
	TagLogged       = 'M'
	TagFact         = 'F'
)

// token builds one token. It is passed by value, so that a token being
// built stays on its builder's stack: done copies it out as a string.
type token struct{ b []byte }

func newToken(tag byte) token {
	t := token{b: make([]byte, 0, 128)}
	t.b = append(t.b, tag)
	return t
}

func (t token) str(s string) token {
	t.b = append(t.b, TokenField)
	for i := 0; i < len(s); i++ { // ids and enumerations: never a separator, but be sure
		c := s[i]
		if c == TokenField || c == TokenSep {
			c = '?'
		}
		t.b = append(t.b, c)
	}
	return t
}

func (t token) int(n int64) token {
	t.b = append(t.b, TokenField)
	t.b = strconv.AppendInt(t.b, n, 10)
	return t
}

func (t token) bool(v bool) token {
	if v {
		return t.int(1)
	}
	return t.int(0)
}

// optInt writes n, or nothing when it is 0 (a column stored as NULL).
func (t token) optInt(n int) token {
	if n == 0 {
		t.b = append(t.b, TokenField)
		return t
	}
	return t.int(int64(n))
}

// num writes v, or nothing when it is nil.
func (t token) num(v *int64) token {
	if v == nil {
		t.b = append(t.b, TokenField)
		return t
	}
	return t.int(*v)
}

// date writes a day as days since 1970-01-01 (nothing for the zero date).
func (t token) date(d events.Date) token {
	if d.IsZero() {
		t.b = append(t.b, TokenField)
		return t
	}
	return t.int(DayNumber(d.Time()))
}

// time writes a time in microseconds since the Unix epoch (nothing for
// the zero time).
func (t token) time(at time.Time) token {
	if at.IsZero() {
		t.b = append(t.b, TokenField)
		return t
	}
	return t.int(at.UnixMicro())
}

// done ends the token with the day the event was recorded, its position
// and its id.
func (t token) done(e *events.Envelope) string {
	return string(t.int(DayNumber(e.RecordedAt)).int(int64(e.Position)).str(e.ID).b)
}

// DayNumber is the number of days from 1970-01-01 to the day of t (UTC),
// as tokens write dates.
func DayNumber(t time.Time) int64 {
	return floorDiv(t.UTC().Unix(), 86400)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

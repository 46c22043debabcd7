package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// rowsPerInsert is how many events one multi-row INSERT carries.
const rowsPerInsert = 32

// eventColumns is the number of columns of an events row.
const eventColumns = 13

// inserter writes rows with the statements of one connection: the
// ledger's, or during a bulk append into an empty ledger, the new file's.
//
// It works below database/sql, on the driver's connection (sql.Conn.Raw):
// for every statement database/sql converts and copies each argument,
// which for an import costs as much as SQLite's own work. Its statements
// run through Query rather than Exec: the driver (mattn/go-sqlite3) then
// copies every argument into one C buffer and resets, binds and steps the
// statement in a single cgo call, where Exec makes one call per argument.
type inserter struct {
	conn                   *sql.Conn
	one, many, appendRange driver.StmtQueryContext
	args                   []driver.NamedValue // of the next multi-row statement
	pending                int                 // rows in args
	oneArgs                []driver.NamedValue
	last                   lastValues
}

// lastValues keeps the last row's values of the columns that repeat from
// row to row, boxed, so that a repeated value is neither formatted nor
// boxed again.
type lastValues struct {
	at                 time.Time
	atVal              any
	stream, typ, actor string
	streamVal, typeVal any
	actorVal           any
}

func newInserter(ctx context.Context, conn *sql.Conn) (*inserter, error) {
	values := "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	insert := `INSERT INTO events (` + columns + `) VALUES `
	in := &inserter{conn: conn, args: make([]driver.NamedValue, eventColumns*rowsPerInsert), oneArgs: make([]driver.NamedValue, eventColumns)}
	for i := range in.args {
		in.args[i].Ordinal = i + 1
	}
	for i := range in.oneArgs {
		in.oneArgs[i].Ordinal = i + 1
	}
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("sqlite driver connection %T cannot prepare statements", dc)
		}
		for _, p := range []struct {
			st *driver.StmtQueryContext
			q  string
		}{
			{&in.one, insert + values},
			{&in.many, insert + strings.Repeat(values+", ", rowsPerInsert-1) + values},
			{&in.appendRange, `INSERT INTO appends (first, last) VALUES (?, ?)`},
		} {
			st, err := c.PrepareContext(ctx, p.q)
			if err != nil {
				return fmt.Errorf("prepare %.40s: %w", p.q, err)
			}
			q, ok := st.(driver.StmtQueryContext)
			if !ok {
				st.Close()
				return fmt.Errorf("sqlite driver statement %T cannot query", st)
			}
			*p.st = q
		}
		return nil
	})
	if err != nil {
		in.close()
		return nil, err
	}
	return in, nil
}

// close finalizes the statements; the connection stays open.
func (in *inserter) close() error {
	if in == nil {
		return nil
	}
	var errs []error
	err := in.conn.Raw(func(any) error {
		for _, st := range []driver.StmtQueryContext{in.one, in.many, in.appendRange} {
			if c, ok := st.(driver.Stmt); ok {
				errs = append(errs, c.Close())
			}
		}
		return nil
	})
	in.one, in.many, in.appendRange = nil, nil, nil
	return errors.Join(append(errs, err)...)
}

// rows writes envelopes.
func (in *inserter) rows(envs []events.Envelope) error {
	return in.conn.Raw(func(any) error {
		in.pending = 0
		for i := range envs {
			if err := in.row(&envs[i]); err != nil {
				return err
			}
		}
		return in.flush()
	})
}

// requests writes the envelopes of requests and records the ranges of
// those of several events.
func (in *inserter) requests(reqs []request) error {
	return in.conn.Raw(func(any) error {
		in.pending = 0
		for i := range reqs {
			r := &reqs[i]
			for k := range r.envs {
				if err := in.row(&r.envs[k]); err != nil {
					return err
				}
			}
			if n := len(r.envs); n > 1 {
				if err := in.appendedRaw(r.envs[0].Position, r.envs[n-1].Position); err != nil {
					return err
				}
			}
		}
		return in.flush()
	})
}

// appended records the position range of an append of several events.
func (in *inserter) appended(first, last events.Position) error {
	return in.conn.Raw(func(any) error { return in.appendedRaw(first, last) })
}

// The methods below run inside conn.Raw.

func (in *inserter) appendedRaw(first, last events.Position) error {
	return query(in.appendRange, []driver.NamedValue{{Ordinal: 1, Value: int64(first)}, {Ordinal: 2, Value: int64(last)}})
}

// row adds one row to the next statement, running it once it holds
// rowsPerInsert rows; flush writes the rest.
func (in *inserter) row(e *events.Envelope) error {
	in.setArgs(in.args[in.pending*eventColumns:(in.pending+1)*eventColumns], e)
	if in.pending++; in.pending < rowsPerInsert {
		return nil
	}
	in.pending = 0
	return query(in.many, in.args)
}

func (in *inserter) flush() error {
	n := in.pending
	in.pending = 0
	for k := 0; k < n; k++ {
		for c := range in.oneArgs {
			in.oneArgs[c].Value = in.args[k*eventColumns+c].Value
		}
		if err := query(in.one, in.oneArgs); err != nil {
			return err
		}
	}
	return nil
}

// query runs a statement that returns no rows.
func query(st driver.StmtQueryContext, args []driver.NamedValue) error {
	rows, err := st.QueryContext(bg, args)
	if err != nil {
		return err
	}
	return rows.Close()
}

// setArgs sets the values of one row, in the order of columns.
func (in *inserter) setArgs(args []driver.NamedValue, e *events.Envelope) {
	l := &in.last
	if l.atVal == nil || !e.RecordedAt.Equal(l.at) {
		l.at, l.atVal = e.RecordedAt, string(appendTime(nil, e.RecordedAt))
	}
	if l.streamVal == nil || e.Stream != l.stream {
		l.stream, l.streamVal = e.Stream, e.Stream
	}
	if l.typeVal == nil || e.Type != l.typ {
		l.typ, l.typeVal = e.Type, e.Type
	}
	if l.actorVal == nil || e.Actor != l.actor {
		l.actor, l.actorVal = e.Actor, e.Actor
	}
	args[0].Value = int64(e.Position)
	args[1].Value = e.ID
	args[2].Value = l.streamVal
	args[3].Value = e.Version
	args[4].Value = l.typeVal
	args[5].Value = int64(e.SchemaVersion)
	args[6].Value = l.atVal
	args[7].Value = l.actorVal
	args[8].Value = e.CorrelationID
	args[9].Value = e.CausationID
	args[10].Value = []byte(e.Payload)
	args[11].Value = e.PrevHash
	args[12].Value = e.Hash
}

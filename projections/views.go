package projections

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/schemas"
)

// Views is the DuckDB database the projections write and reports read.
type Views struct {
	db          *sql.DB
	projections []Projection
	now         func() time.Time
}

// DuckDB settings of the views database. MemoryLimit bounds the buffer
// pool for queries; CatchUpMemoryLimit bounds it while a catch-up or
// rebuild writes, where DuckDB spills to disk rather than grow, which keeps
// a rebuild of millions of events in a few hundred MiB. CheckpointThreshold
// lets the write-ahead log grow to that size before DuckDB folds it into
// the file: a rebuild then writes its row groups once instead of
// checkpointing every few pages (measured: 53k → 98k events/s on a
// 1,000,000-event rebuild).
const (
	MemoryLimit         = "1GB"
	CatchUpMemoryLimit  = "224MB"
	CheckpointThreshold = "1GB"
)

// withMemoryLimit runs fn with DuckDB's buffer pool bounded by limit.
func (v *Views) withMemoryLimit(ctx context.Context, limit string, fn func() error) error {
	if _, err := v.db.ExecContext(ctx, "SET memory_limit = '"+limit+"'"); err != nil {
		return fmt.Errorf("set memory limit: %w", err)
	}
	err := fn()
	if _, rerr := v.db.ExecContext(context.Background(), "SET memory_limit = '"+MemoryLimit+"'"); rerr != nil && err == nil {
		err = fmt.Errorf("reset memory limit: %w", rerr)
	}
	return err
}

// Open opens (creating if needed) the DuckDB file at path and its tables,
// and removes what a rebuild that did not finish left beside it
// (RebuildFile).
func Open(path string) (*Views, error) {
	v, err := open(path, url.Values{"memory_limit": {MemoryLimit}, "checkpoint_threshold": {CheckpointThreshold}})
	if err != nil {
		return nil, err
	}
	// DuckDB now holds its lock on path, which a running rebuild would
	// hold too: what is left beside it is no running rebuild's.
	if err := removeFiles(path+RebuildSuffix, path+RebuildSuffix+".wal"); err != nil {
		v.Close()
		return nil, fmt.Errorf("open views %s: remove an unfinished rebuild: %w", path, err)
	}
	return v, nil
}

// open opens the DuckDB file at path with settings (DuckDB's names and
// values: memory_limit, checkpoint_threshold, threads), and its tables.
func open(path string, settings url.Values) (*Views, error) {
	db, err := sql.Open("duckdb", path+"?"+settings.Encode())
	if err != nil {
		return nil, fmt.Errorf("open views %s: %w", path, err)
	}
	v := &Views{db: db, projections: All, now: time.Now}
	if err := v.ensureSchema(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open views %s: %w", path, err)
	}
	return v, nil
}

// DB is the database for read-only queries.
func (v *Views) DB() *sql.DB { return v.db }

// Close closes the database.
func (v *Views) Close() error { return v.db.Close() }

// Projections returns the projections this database holds.
func (v *Views) Projections() []Projection { return v.projections }

// Checkpoints returns each projection's checkpoint: the position of the last
// event it has applied (0 when it has applied none).
func (v *Views) Checkpoints(ctx context.Context) (map[string]events.Position, error) {
	out := make(map[string]events.Position, len(v.projections))
	for _, p := range v.projections {
		out[p.Name] = 0
	}
	rows, err := v.db.QueryContext(ctx, "SELECT projection, position FROM checkpoints")
	if err != nil {
		return nil, fmt.Errorf("read checkpoints: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var pos uint64
		if err := rows.Scan(&name, &pos); err != nil {
			return nil, fmt.Errorf("read checkpoints: %w", err)
		}
		if _, ok := out[name]; ok {
			out[name] = events.Position(pos)
		}
	}
	return out, rows.Err()
}

// Checkpoint is the lowest checkpoint of all projections: every view
// reflects the ledger at least up to it.
func (v *Views) Checkpoint(ctx context.Context) (events.Position, error) {
	cps, err := v.Checkpoints(ctx)
	if err != nil {
		return 0, err
	}
	first := true
	var low events.Position
	for _, p := range cps {
		if first || p < low {
			low, first = p, false
		}
	}
	return low, nil
}

// Lag returns, for each projection, how many positions it is behind head.
func (v *Views) Lag(ctx context.Context, head events.Position) (map[string]uint64, error) {
	cps, err := v.Checkpoints(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]uint64, len(cps))
	for name, p := range cps {
		if head > p {
			out[name] = uint64(head - p)
		} else {
			out[name] = 0
		}
	}
	return out, nil
}

// Decoded is an event with its payload decoded once for every projection.
// Envelope points into the page it was decoded from.
type Decoded struct {
	Envelope *events.Envelope
	Payload  events.Payload
}

// DecodeAll decodes a page of events. What it returns points into page.
func DecodeAll(page []events.Envelope) ([]Decoded, error) {
	out := make([]Decoded, len(page))
	for i := range page {
		p, err := events.Decode(&page[i])
		if err != nil {
			return nil, fmt.Errorf("decode event %s at position %d: %w", page[i].ID, page[i].Position, err)
		}
		out[i] = Decoded{Envelope: &page[i], Payload: p}
	}
	return out, nil
}

// Apply applies a batch of events, in position order, to one projection in
// one DuckDB transaction together with its checkpoint. Events at or before
// the checkpoint are skipped, so a redelivered batch has no effect.
func (v *Views) Apply(ctx context.Context, p Projection, batch []Decoded) error {
	return v.ApplyAll(ctx, []Projection{p}, batch)
}

// ApplyAll applies a batch to several projections in one DuckDB
// transaction: each skips what its checkpoint says it has, and every
// checkpoint moves with its rows or not at all.
func (v *Views) ApplyAll(ctx context.Context, ps []Projection, batch []Decoded) (err error) {
	if len(batch) == 0 || len(ps) == 0 {
		return nil
	}
	conn, err := v.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return fmt.Errorf("apply: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	// Every checkpoint is read with one query and the moved ones written
	// with one statement: a live batch is often a handful of events, and a
	// statement per projection cost more than the rows (~2.5 ms of CPU
	// each, against ~3 ms for one five-row upsert).
	cps := map[string]uint64{}
	rows, err := conn.QueryContext(ctx, "SELECT projection, position FROM checkpoints")
	if err != nil {
		return fmt.Errorf("apply: read checkpoints: %w", err)
	}
	for rows.Next() {
		var name string
		var pos uint64
		if err = rows.Scan(&name, &pos); err != nil {
			rows.Close()
			return fmt.Errorf("apply: read checkpoints: %w", err)
		}
		cps[name] = pos
	}
	if err = rows.Close(); err != nil {
		return fmt.Errorf("apply: read checkpoints: %w", err)
	}
	var upsert strings.Builder
	var args []any
	now := v.now().UTC()
	err = conn.Raw(func(dc any) error {
		for _, p := range ps {
			cp := cps[p.Name]
			last := events.Position(cp)
			w := newTableWriter(dc.(driver.Conn))
			for i := range batch {
				d := &batch[i]
				if d.Envelope.Position <= last {
					continue
				}
				if err := w.write(p, d, rowTail(d.Envelope)); err != nil {
					w.close()
					return fmt.Errorf("apply %s: %w", p.Name, err)
				}
				last = d.Envelope.Position
			}
			if err := w.close(); err != nil {
				return fmt.Errorf("apply %s: %w", p.Name, err)
			}
			if last == events.Position(cp) {
				continue
			}
			if len(args) > 0 {
				upsert.WriteString(", ")
			}
			upsert.WriteString("(?, ?, ?)")
			args = append(args, p.Name, uint64(last), now)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(args) == 0 {
		_, err = conn.ExecContext(ctx, "ROLLBACK")
		return err
	}
	_, err = conn.ExecContext(ctx, "INSERT INTO checkpoints VALUES "+upsert.String()+
		" ON CONFLICT (projection) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at", args...)
	if err != nil {
		return fmt.Errorf("apply: write checkpoints: %w", err)
	}
	if _, err = conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("apply: commit: %w", err)
	}
	return nil
}

// tableWriter appends rows through one DuckDB appender per table, opened
// on first use.
type tableWriter struct {
	conn      driver.Conn
	appenders map[string]*tableAppender
	err       error
	row       []driver.Value
	emit      *Emit            // to w.emitRow, made once
	event     *events.Envelope // the event being written
	tailCols  [3]driver.Value  // its rowTail
	tail      []driver.Value   // of tailCols, as the projection's tables end
}

type tableAppender struct {
	*duckdb.Appender
	pending int // rows appended since the last flush
}

// flushRows is how many rows an appender takes before it is flushed into
// its table. DuckDB's appender would keep up to 204,800 rows a table in
// memory that memory_limit does not bound; a rebuild keeps its appenders
// open across pages, so this bounds what they hold. Measured on a
// 1,000,000-event rebuild (BENCHMARKS.md, "Rebuild (session 3)"): peak RSS
// ~600 MiB flushing only at the end, 480 at 65,536 rows, 420–460 at 8,192
// and 16,384, ~410 at 4,096, which cost ~1.5 CPU-s more.
const flushRows = 8 << 10

func newTableWriter(conn driver.Conn) *tableWriter {
	return &tableWriter{conn: conn, appenders: map[string]*tableAppender{}}
}

// rowTail is the three columns every view table ends with, boxed once
// for every row of an event: its position, recorded-at time and id.
func rowTail(e *events.Envelope) [3]driver.Value {
	return [3]driver.Value{uint64(e.Position), e.RecordedAt.UTC(), e.ID}
}

func (w *tableWriter) write(p Projection, d *Decoded, tail [3]driver.Value) error {
	if w.emit == nil {
		w.emit = NewEmit(w.emitRow) // one for every event, not one each
	}
	w.event, w.tailCols = d.Envelope, tail
	w.tail = p.tail(&w.tailCols) // the writer's own array: nothing escapes per event
	p.Rows(w.event, d.Payload, w.emit)
	return w.err
}

// emitRow appends one row of the current event to its table.
func (w *tableWriter) emitRow(table string, values []driver.Value) {
	if w.err != nil {
		return
	}
	a, ok := w.appenders[table]
	if !ok {
		da, err := duckdb.NewAppenderFromConn(w.conn, "", table)
		if err != nil {
			w.err = fmt.Errorf("appender %s: %w", table, err)
			return
		}
		a = &tableAppender{Appender: da}
		w.appenders[table] = a
	}
	w.row = append(append(w.row[:0], values...), w.tail...)
	if err := a.AppendRow(w.row...); err != nil {
		w.err = fmt.Errorf("append to %s for event %s: %w", table, w.event.ID, err)
		return
	}
	if a.pending++; a.pending >= flushRows {
		a.pending = 0
		if err := a.Flush(); err != nil {
			w.err = fmt.Errorf("flush %s: %w", table, err)
		}
	}
}

func (w *tableWriter) close() error {
	for name, a := range w.appenders {
		if err := a.Close(); err != nil && w.err == nil {
			w.err = fmt.Errorf("flush %s: %w", name, err)
		}
		delete(w.appenders, name)
	}
	return w.err
}

// Reset drops every view table and checkpoint and creates them empty.
func (v *Views) Reset(ctx context.Context) error {
	var stmts []string
	for _, p := range v.projections {
		for _, t := range p.Tables {
			stmts = append(stmts, "DROP TABLE IF EXISTS "+t)
		}
	}
	stmts = append(stmts, "DROP TABLE IF EXISTS checkpoints")
	if _, err := v.db.ExecContext(ctx, strings.Join(stmts, ";\n")); err != nil {
		return fmt.Errorf("reset views: %w", err)
	}
	if _, err := v.db.ExecContext(ctx, schemas.ViewsDDL); err != nil {
		return fmt.Errorf("reset views: create tables: %w", err)
	}
	return nil
}

// ensureSchema creates the view tables, or, when the file was built by a
// version with different DDL, drops them all so that the next catch-up
// rebuilds them from the ledger: views are derived data, never migrated.
func (v *Views) ensureSchema(ctx context.Context) error {
	sum := sha256.Sum256([]byte(schemas.ViewsDDL))
	want := hex.EncodeToString(sum[:])
	if _, err := v.db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS views_meta (ddl_sha256 VARCHAR NOT NULL)"); err != nil {
		return fmt.Errorf("views meta: %w", err)
	}
	var have string
	err := v.db.QueryRowContext(ctx, "SELECT ddl_sha256 FROM views_meta").Scan(&have)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return fmt.Errorf("views meta: %w", err)
	case have == want:
		_, err := v.db.ExecContext(ctx, schemas.ViewsDDL)
		return err
	}
	if err := v.Reset(ctx); err != nil {
		return err
	}
	_, err = v.db.ExecContext(ctx, "DELETE FROM views_meta; INSERT INTO views_meta VALUES (?)", want)
	return err
}

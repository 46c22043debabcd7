package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// schemaVersion is the version of the tables below; meta records the
// version a file was written with.
const schemaVersion = "1"

const (
	createIDIndex     = `CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id)`
	createStreamIndex = `CREATE UNIQUE INDEX IF NOT EXISTS events_stream_version ON events (stream, version)`
	dropIDIndex       = `DROP INDEX events_id`
	dropStreamIndex   = `DROP INDEX events_stream_version`
)

var schema = []string{
	`CREATE TABLE IF NOT EXISTS meta (
		key   TEXT PRIMARY KEY,
		value TEXT NOT NULL
	)`,
	// One row per event; position is the global order, assigned by the
	// writer without gaps from 1.
	`CREATE TABLE IF NOT EXISTS events (
		position       INTEGER PRIMARY KEY,
		id             TEXT    NOT NULL,
		stream         TEXT    NOT NULL,
		version        INTEGER NOT NULL,
		type           TEXT    NOT NULL,
		schema_version INTEGER NOT NULL,
		recorded_at    TEXT    NOT NULL,
		actor          TEXT    NOT NULL,
		correlation_id TEXT    NOT NULL,
		causation_id   TEXT    NOT NULL,
		payload        BLOB    NOT NULL,
		prev_hash      TEXT    NOT NULL,
		hash           TEXT    NOT NULL
	)`,
	// The unique constraints on id and on (stream, version) are named
	// indexes rather than column constraints so that a bulk append can drop
	// them and build them again in one pass (see applyBulk).
	createIDIndex,
	createStreamIndex,
	// The position range of every append of more than one event, so that a
	// retry is matched to exactly one earlier append and not to part of one.
	`CREATE TABLE IF NOT EXISTS appends (
		first INTEGER PRIMARY KEY,
		last  INTEGER NOT NULL
	)`,
	`INSERT INTO meta (key, value) VALUES ('schema_version', '` + schemaVersion + `') ON CONFLICT (key) DO NOTHING`,
}

// migrate creates the tables of a new file and checks an existing file's
// schema version.
func migrate(ctx context.Context, conn *sql.Conn) (err error) {
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_, _ = conn.ExecContext(ctx, "ROLLBACK")
		}
	}()
	var tables, meta int
	err = conn.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE name = 'meta') FROM sqlite_master WHERE type = 'table'`).Scan(&tables, &meta)
	if err != nil {
		return err
	}
	if tables > 0 && meta == 0 {
		return errors.New("not a ledger: the database holds other tables")
	}
	for _, q := range schema {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	var v string
	err = conn.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'schema_version'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && v != schemaVersion) {
		return fmt.Errorf("schema version %q, this program reads version %s", v, schemaVersion)
	}
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

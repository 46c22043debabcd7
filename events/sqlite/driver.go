package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"path/filepath"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// The driver is github.com/mattn/go-sqlite3 (cgo). modernc.org/sqlite (pure
// Go) was measured against it with bench_test.go and was slower for
// concurrent durable appends and for large batches; see BENCHMARKS.md.

// connector opens connections to one database file and runs the same
// pragmas on each.
type connector struct {
	drv     driver.Driver
	dsn     string
	pragmas []string
}

func openDB(path string, pragmas ...string) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	// A file: URI escapes characters such as '?' and '#' that the driver
	// would otherwise read as the start of its own parameters.
	//
	// _mutex=no opens each connection in SQLite's multi-thread mode,
	// without the mutex the driver's default (serialized) takes and drops
	// around every call: two per column read, about 4 % of a rebuild's CPU
	// (perf, BENCHMARKS.md, session 8). database/sql never gives one
	// connection to two goroutines at once, and this package's own
	// goroutines (sealing, hashing) never touch a connection; the only
	// call from elsewhere, the driver's sqlite3_interrupt on a cancelled
	// context, is safe from any thread.
	dsn := (&url.URL{Scheme: "file", Path: abs, RawQuery: "_mutex=no"}).String()
	return sql.OpenDB(&connector{drv: &sqlite3.SQLiteDriver{}, dsn: dsn, pragmas: pragmas}), nil
}

func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	ex, ok := conn.(driver.ExecerContext)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("sqlite driver %T cannot execute statements directly", conn)
	}
	for _, p := range c.pragmas {
		if _, err := ex.ExecContext(ctx, "PRAGMA "+p, nil); err != nil {
			conn.Close()
			return nil, fmt.Errorf("pragma %s: %w", p, err)
		}
	}
	return conn, nil
}

func (c *connector) Driver() driver.Driver { return c.drv }

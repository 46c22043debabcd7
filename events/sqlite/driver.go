package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"path/filepath"

	mattn "github.com/mattn/go-sqlite3"
	modernc "modernc.org/sqlite"
)

// Drivers this package can run on. Both were measured (bench_test.go).
const (
	DriverCgo    = "mattn"   // github.com/mattn/go-sqlite3, needs cgo
	DriverPureGo = "modernc" // modernc.org/sqlite, pure Go
)

func sqlDriver(name string) (driver.Driver, error) {
	switch name {
	case DriverCgo:
		return &mattn.SQLiteDriver{}, nil
	case DriverPureGo:
		return &modernc.Driver{}, nil
	}
	return nil, fmt.Errorf("unknown sqlite driver %q (want %q or %q)", name, DriverCgo, DriverPureGo)
}

// connector opens connections to one database file and runs the same
// pragmas on each, whatever the driver's own DSN conventions.
type connector struct {
	drv     driver.Driver
	dsn     string
	pragmas []string
}

func openDB(drv driver.Driver, path string, pragmas ...string) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	// A file: URI escapes characters such as '?' and '#' that both drivers
	// would otherwise read as the start of their own parameters.
	dsn := (&url.URL{Scheme: "file", Path: abs}).String()
	return sql.OpenDB(&connector{drv: drv, dsn: dsn, pragmas: pragmas}), nil
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

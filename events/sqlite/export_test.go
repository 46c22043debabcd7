package sqlite

import "context"

// CloseWithoutDigest closes the store as a crash would leave it: every
// acknowledged append is in the file, but no final digest is recorded.
func (s *Store) CloseWithoutDigest() error {
	s.skipFinalDigest = true
	return s.Close()
}

// WriterPragma reads a pragma on the writer's connection.
func (s *Store) WriterPragma(name string) (string, error) {
	var v string
	err := s.w.conn.QueryRowContext(context.Background(), "PRAGMA "+name).Scan(&v)
	return v, err
}

// WithBulkMin sets the smallest job appended the bulk way.
func WithBulkMin(n int) Option { return func(c *config) { c.bulkMin = n } }

// WithBulkAlways tries the bulk way for every job, whatever its size.
func WithBulkAlways() Option { return func(c *config) { c.bulkAlways = true } }

// Indexes lists the ledger's indexes as the writer sees them.
func (s *Store) Indexes() ([]string, error) {
	rows, err := s.w.conn.QueryContext(context.Background(), `SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// BulkAppends is how many jobs were appended the bulk way.
func (s *Store) BulkAppends() int64 { return s.w.bulks.Load() }

// FailNextCommit makes the writer's next commit fail as a full disk would.
func (s *Store) FailNextCommit() { s.w.failCommit.Store(true) }

// CrashAt calls crash at each step of replacing an empty ledger's file
// with a bulk append's new one: "written", "closed", "renamed".
func CrashAt(crash func(step string)) { crashAt = crash }

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

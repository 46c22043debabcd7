//go:build unix && !linux

package projections

import "golang.org/x/sys/unix"

// setLockCmd takes a POSIX record lock, as DuckDB does on its files: it
// conflicts with DuckDB's lock held by another process (not this one).
const setLockCmd = unix.F_SETLK

package projections

import "golang.org/x/sys/unix"

// setLockCmd takes an open-file-description lock: it conflicts with
// DuckDB's own lock on the file (a POSIX record lock) whether DuckDB holds
// it in another process or in this one.
const setLockCmd = unix.F_OFD_SETLK

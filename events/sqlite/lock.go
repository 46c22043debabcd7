package sqlite

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// ErrInUse is matched (errors.Is) by Open's error when another process has
// the ledger open.
var ErrInUse = errors.New("ledger is in use by another process")

type inUseError struct{ path string }

func (e *inUseError) Error() string {
	return fmt.Sprintf("ledger %s is in use by another process", e.path)
}

func (e *inUseError) Is(target error) bool { return target == ErrInUse }

// lockFile takes an exclusive lock on path + ".lock" for as long as the
// returned file stays open. The lock belongs to the open file, so a second
// Open in the same process is refused too.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, &inUseError{path}
		}
		return nil, fmt.Errorf("lock ledger %s: %w", path, err)
	}
	return f, nil
}

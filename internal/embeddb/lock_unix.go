//go:build unix

package embeddb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockName is the lock file in a data directory. FerretDB only opens
// *.sqlite files there, so it ignores it.
const lockName = ".embeddb.lock"

// lockDir takes an exclusive advisory lock on dir, so that a second server,
// in this process or another, refuses to start on the same files. The
// kernel drops the lock when the process dies, so no stale lock survives a
// crash.
func lockDir(dir string) (unlock func() error, err error) {
	name := filepath.Join(dir, lockName)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("creating lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("in use by another embedded server (%s is locked)", lockName)
		}
		return nil, fmt.Errorf("locking %s: %w", name, err)
	}
	// Closing the file releases the lock.
	return f.Close, nil
}

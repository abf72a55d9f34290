//go:build unix

package publish

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// lock takes the store's lock, so that two builds never prune each other's
// generation; the lock goes with the process however it ends.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, fmt.Errorf("another gazette build is writing to %s: wait for it to finish", path[:len(path)-len("/lock")])
		}
		return nil, fmt.Errorf("publish: locking %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}

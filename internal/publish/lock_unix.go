//go:build unix

package publish

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lock takes the lock file at name, creating it, for as long as the
// process holds the returned file open: the kernel lets it go when the
// process ends, however it ends. When another process holds it, lock
// calls waiting and waits, or with noWait returns ErrBusy at once.
//
// unlock removes the file before letting it go, so that nothing is left
// beside the output folder; a process that was waiting on the removed
// file finds it gone once it has the lock, and takes the new one.
func lock(name string, noWait bool, waiting func()) (*os.File, error) {
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if errors.Is(err, unix.EWOULDBLOCK) {
			if noWait {
				f.Close()
				return nil, ErrBusy
			}
			if waiting != nil {
				waiting()
				waiting = nil
			}
			err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		}
		if err != nil {
			f.Close()
			return nil, err
		}
		held, err1 := f.Stat()
		named, err2 := os.Stat(name)
		if err1 == nil && err2 == nil && os.SameFile(held, named) {
			return f, nil
		}
		f.Close()
	}
}

// unlock removes the lock file and lets it go.
func unlock(f *os.File) {
	os.Remove(f.Name())
	f.Close()
}

//go:build !unix

package publish

import "os"

// lock opens the lock file at name but cannot lock it: outside Unix, two
// builds into one folder at once are not kept apart.
func lock(name string, noWait bool, waiting func()) (*os.File, error) {
	return os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
}

// unlock removes the lock file.
func unlock(f *os.File) {
	f.Close()
	os.Remove(f.Name())
}

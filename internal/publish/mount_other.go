//go:build !linux

package publish

// mounted cannot tell a mount point outside Linux: the output folder is
// renamed, and a mount point fails the build with the system's error.
func mounted(dir string) bool { return false }

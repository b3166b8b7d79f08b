//go:build !linux

package publish

import "errors"

// exchange is not available outside Linux; the caller falls back to renames.
func exchange(a, b string) error { return errors.New("atomic exchange not supported") }

//go:build !linux

package publish

import "errors"

func exchange(a, b string) error { return errors.ErrUnsupported }

// Sync is a no-op where syncfs is not available.
func Sync(dir string) error { return nil }

//go:build !linux

package publish

import "errors"

func exchange(a, b string) error { return errors.ErrUnsupported }

// syncFS is a no-op where syncfs is not available.
func syncFS(dir string) error { return nil }

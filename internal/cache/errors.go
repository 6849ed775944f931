package cache

import "errors"

// ErrNotFound is the default "not found" kind: a loader error that matches it with
// errors.Is is cached as a tombstone for Config.NotFoundTTL. See WithNotFound.
var ErrNotFound = errors.New("not found")

// notFoundError is a tombstone read from L2: the loader's message, with the namespace's
// not-found kind as its cause so that errors.Is holds on every instance.
type notFoundError struct {
	msg  string
	kind error
}

func (e *notFoundError) Error() string { return e.msg }
func (e *notFoundError) Unwrap() error { return e.kind }

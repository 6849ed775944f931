// Package apperr defines the few kinds of failure the service distinguishes.
// Lower layers create them where they know the condition; the HTTP layer is
// the only place that maps a kind to a status code.
package apperr

import (
	"errors"
	"fmt"
)

// Kind classifies an error.
type Kind uint8

// The kinds of error. Internal is the zero value, so an unclassified error
// is never mistaken for a client error.
const (
	Internal Kind = iota
	Invalid
	NotFound
	Conflict
	Unauthorized
	Forbidden
	Unavailable
	// PreconditionFailed: the client's precondition (If-Match, a version it
	// read) no longer holds; it must read the resource again.
	PreconditionFailed
	// Unprocessable: the request is well-formed and matches the schema, but
	// its content cannot be applied (an unknown symbol in a batch, a bar
	// whose low is above its high).
	Unprocessable
	// TooManyRequests: the caller is over a rate limit or throttle for now;
	// whoever returns it has set Retry-After.
	TooManyRequests
)

// FieldError locates one problem in the request by a JSON pointer.
type FieldError struct {
	Pointer string
	Message string
}

// Error is a classified error with a stable machine-readable code and a
// message that is safe to show to the client.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  []FieldError
	Err     error // cause, for logs only

	sentinel bool
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, apperr.ErrNotFound) true for every error of kind
// NotFound (likewise for the other kind sentinels).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.sentinel && t.Kind == e.Kind
}

// ErrNotFound matches, with errors.Is, any error of kind NotFound.
var ErrNotFound error = &Error{Kind: NotFound, Code: "not_found", Message: "not found", sentinel: true}

// New returns an error of kind with a code and a client-safe message.
func New(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// KindOf reports the kind of err: that of the first *Error in its chain, or
// Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// IsNotFound reports whether err is of kind NotFound.
func IsNotFound(err error) bool { return err != nil && KindOf(err) == NotFound }

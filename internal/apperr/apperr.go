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
	// Unavailable: the service cannot do it now (a busy database, a full
	// password hashing queue, a stop in progress); when its cause is a
	// *Retry the HTTP layer says Retry-After.
	Unavailable
	// PreconditionFailed: the client's precondition (If-Match, a version it
	// read) no longer holds; it must read the resource again.
	PreconditionFailed
	// Unprocessable: the request is well-formed and matches the schema, but
	// its content cannot be applied (an unknown symbol in a batch, a bar
	// whose low is above its high).
	Unprocessable
	// TooManyRequests: the caller is over a rate limit or throttle for now;
	// its cause, a *ratelimit.Exceeded (a *Retry that may also tell the
	// limit), says when to retry, and the HTTP layer turns that into
	// Retry-After.
	TooManyRequests
	// InsufficientStorage: the database could not store the change (its
	// disk or page limit is full); retrying helps only once space is freed.
	InsufficientStorage
)

// FieldError locates one problem in the input of an operation. Path is a
// JSON pointer without its leading slash, relative to that input: a domain
// names its own fields ("quotes/3/asOf", "cursor"), and the HTTP layer,
// which knows where the input came from, prefixes the location with Within
// ("body/quotes/3/asOf", "query/cursor"). problem turns paths into pointers.
type FieldError struct {
	Path    string
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

// NewField returns an error of kind about one input field at path whose
// message is also the error's.
func NewField(kind Kind, code, path, msg string) *Error {
	return &Error{Kind: kind, Code: code, Message: msg, Fields: []FieldError{{Path: path, Message: msg}}}
}

// Within returns err with the paths of its fields prefixed by in and a
// slash, e.g. Within(err, "query") for an input read from the query string.
// Errors without fields are returned as they are; the original is never
// modified (it may be a cached tombstone shared by requests).
func Within(err error, in string) error {
	var e *Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = make([]FieldError, len(e.Fields))
	for i, f := range e.Fields {
		c.Fields[i] = FieldError{Path: in + "/" + f.Path, Message: f.Message}
	}
	return &c
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

package boards

import (
	"time"

	"github.com/marketpulse/api/internal/apperr"
)

// Stamp identifies one version of a dashboard or widget, and is what its
// ETag is made of: the id, the version, and the creation time (SQLite
// reuses the id of a deleted last row, and a new row must not match the old
// row's tags).
type Stamp struct {
	ID      int64
	Version int64
	Created time.Time
}

// Resource names what a change is about, in messages.
type Resource string

// The resources that carry versions.
const (
	ResourceDashboard Resource = "dashboard"
	ResourceWidget    Resource = "widget"
)

// Precondition is what a change expects of the version it changes
// (optimistic locking). Without either part, the change applies to whatever
// version is current.
type Precondition struct {
	// IfMatch, if not nil, reports whether the client's condition (an
	// If-Match header) holds for the current version.
	IfMatch func(current Stamp) bool
	// Version, if not 0, must be the current version.
	Version int64
}

// StaleError refuses a change whose precondition does not hold, or whose
// version changed while it was made. It is a PreconditionFailed apperr (see
// Unwrap); IfMatch and Version say which part of the precondition failed,
// Current is the version the change found.
type StaleError struct {
	Resource Resource
	Current  Stamp
	IfMatch  bool
	Version  bool
}

func (e *StaleError) Error() string { return e.Problem().Message }

// Unwrap is the error without the failed parts, for whoever does not look
// at them.
func (e *StaleError) Unwrap() error { return e.Problem() }

// Problem is the client-safe error, without the failed parts (which the
// caller, who knows where they came from, adds as fields).
func (e *StaleError) Problem() *apperr.Error {
	return apperr.New(apperr.PreconditionFailed, "version_mismatch",
		"the %s changed since you read it: read it again and retry", e.Resource)
}

// check returns a StaleError when p does not hold for current.
func (p Precondition) check(what Resource, current Stamp) error {
	e := &StaleError{Resource: what, Current: current}
	e.IfMatch = p.IfMatch != nil && !p.IfMatch(current)
	e.Version = p.Version != 0 && p.Version != current.Version
	if !e.IfMatch && !e.Version {
		return nil
	}
	return e
}

// stale is the StaleError of a versioned write that matched no row: the
// version changed after it was checked.
func stale(what Resource, checked Stamp) error {
	return &StaleError{Resource: what, Current: checked}
}

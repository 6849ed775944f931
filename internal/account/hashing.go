package account

import (
	"errors"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/auth"
)

// busyRetryAfter is the Retry-After of a refusal by a full hashing queue:
// a queue's worth of hashes takes about that long on the 2-core machine.
const busyRetryAfter = time.Second

// hashFailure classifies a failure of the password hasher that came before
// any hashing: a full queue is 503 server_busy with Retry-After (an
// apperr.Retry cause), a stopping service 503 shutting_down.
// Other errors (the request's context) are returned as they are.
func hashFailure(err error) error {
	switch {
	case errors.Is(err, auth.ErrBusy):
		return &apperr.Error{Kind: apperr.Unavailable, Code: "server_busy",
			Message: "too many passwords are being checked at once: retry shortly", Err: &apperr.Retry{After: busyRetryAfter}}
	case errors.Is(err, auth.ErrClosed):
		return &apperr.Error{Kind: apperr.Unavailable, Code: "shutting_down",
			Message: "the service is shutting down", Err: err}
	}
	return err
}

package apperr

import (
	"fmt"
	"strconv"
	"time"
)

// Retry is the cause of an error that may succeed when the client tries
// again after After (a busy database, a full search queue). The HTTP layer
// answers it with Retry-After.
type Retry struct {
	After time.Duration
	Err   error // what failed, for logs; may be nil
}

func (r *Retry) Error() string {
	if r.Err != nil {
		return fmt.Sprintf("retry after %d s: %v", r.Seconds(), r.Err)
	}
	return fmt.Sprintf("retry after %d s", r.Seconds())
}

func (r *Retry) Unwrap() error { return r.Err }

// Seconds is After in whole seconds, rounded up, at least one.
func (r *Retry) Seconds() int { return max(int((r.After+time.Second-1)/time.Second), 1) }

// SetHeaders sets Retry-After in h, an http.Header (unnamed, so that the
// package needs no HTTP layer).
func (r *Retry) SetHeaders(h map[string][]string) {
	h["Retry-After"] = []string{strconv.Itoa(r.Seconds())}
}

package ratelimit

import (
	"fmt"
	"strconv"
	"time"

	"github.com/marketpulse/api/internal/apperr"
)

// The header fields of a decision, in canonical form: set directly, they
// cost no canonicalisation per request ("RateLimit-Limit" is
// "Ratelimit-Limit").
const (
	hdrLimit      = "Ratelimit-Limit"
	hdrRemaining  = "Ratelimit-Remaining"
	hdrReset      = "Ratelimit-Reset"
	hdrRetryAfter = "Retry-After"
)

// Decision is the outcome of one Take.
type Decision struct {
	OK        bool
	Limit     int // the bucket's size
	Remaining int // whole tokens left after the take
	// RetryAfter is, for a refusal, the wait before a take can succeed:
	// whole seconds, at least one. Zero when OK.
	RetryAfter time.Duration

	resetSecs int      // until the bucket is full (OK) or has a token (refused)
	limit     []string // the store's shared RateLimit-Limit value
}

// SetHeaders tells the decision in h, an http.Header (the type is left
// unnamed so that the package needs no HTTP layer): RateLimit-Limit,
// -Remaining and -Reset, and for a refusal also Retry-After.
func (d Decision) SetHeaders(h map[string][]string) {
	h[hdrLimit] = d.limit
	if d.OK {
		h[hdrRemaining], h[hdrReset] = headerInt(d.Remaining), headerInt(d.resetSecs)
		return
	}
	secs := strconv.Itoa(d.resetSecs)
	h[hdrRemaining] = []string{"0"}
	h[hdrReset] = []string{secs}
	h[hdrRetryAfter] = []string{secs}
}

// smallInts are the header values of 0 … len-1, built once: the remaining
// tokens and the seconds to a full bucket are small numbers on almost every
// answer. Header values are never modified in place, so answers share them.
var smallInts = func() [][]string {
	v := make([][]string, 1024)
	for i := range v {
		v[i] = []string{strconv.Itoa(i)}
	}
	return v
}()

// headerInt is the header value of n, shared when n is small.
func headerInt(n int) []string {
	if n >= 0 && n < len(smallInts) {
		return smallInts[n]
	}
	return []string{strconv.Itoa(n)}
}

// Err is the error of a request refused by a rate limit: 429 rate_limited.
// Its cause carries the decision, so the answer tells the limit like an
// allowed one and says when to retry.
func (d Decision) Err() error {
	return (&Exceeded{Retry: apperr.Retry{After: d.RetryAfter}, decision: &d}).Err("rate_limited", "requests")
}

// Exceeded is the cause of a refusal (the Err of an apperr.TooManyRequests):
// an apperr.Retry, so the caller may retry after After, that for a rate
// limit also tells the limit. Whoever answers the client sets the header
// fields with SetHeaders.
type Exceeded struct {
	apperr.Retry
	decision *Decision // nil for a throttle, which only says Retry-After
}

// After is the cause of a refusal by a throttle that tells the client only
// when to retry, not its limit.
func After(retryAfter time.Duration) *Exceeded {
	return &Exceeded{Retry: apperr.Retry{After: retryAfter}}
}

// Err is the one builder of a 429: an apperr.TooManyRequests with code
// ("rate_limited", "too_many_attempts") saying what there were too many of
// and when to retry, caused by e.
func (e *Exceeded) Err(code, what string) error {
	return &apperr.Error{Kind: apperr.TooManyRequests, Code: code,
		Message: "too many " + what + ": retry after " + strconv.Itoa(e.Seconds()) + " s", Err: e}
}

func (e *Exceeded) Error() string {
	return fmt.Sprintf("limit exceeded: retry after %d s", e.Seconds())
}

// SetHeaders sets Retry-After in h and, for a rate limit, its RateLimit-*
// fields.
func (e *Exceeded) SetHeaders(h map[string][]string) {
	if e.decision != nil {
		e.decision.SetHeaders(h)
		return
	}
	e.Retry.SetHeaders(h)
}

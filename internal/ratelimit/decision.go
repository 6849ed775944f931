package ratelimit

import (
	"fmt"
	"net/http"
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

// SetHeaders tells the decision in h: RateLimit-Limit, -Remaining and
// -Reset, and for a refusal also Retry-After.
func (d Decision) SetHeaders(h http.Header) {
	h[hdrLimit] = d.limit
	if d.OK {
		v := []string{strconv.Itoa(d.Remaining), strconv.Itoa(d.resetSecs)}
		h[hdrRemaining], h[hdrReset] = v[0:1:1], v[1:2:2] // one allocation for both
		return
	}
	secs := strconv.Itoa(d.resetSecs)
	h[hdrRemaining] = []string{"0"}
	h[hdrReset] = []string{secs}
	h[hdrRetryAfter] = []string{secs}
}

// Err is the error of a request refused by a rate limit: 429 rate_limited.
// Its cause carries the decision, so the answer tells the limit like an
// allowed one and says when to retry.
func (d Decision) Err() error {
	secs := strconv.Itoa(seconds(d.RetryAfter))
	return &apperr.Error{Kind: apperr.TooManyRequests, Code: "rate_limited",
		Message: "too many requests: retry after " + secs + " s", Err: &Exceeded{RetryAfter: d.RetryAfter, decision: &d}}
}

// Exceeded is the cause of a refusal (the Err of an apperr.TooManyRequests):
// the caller may retry after RetryAfter. Whoever answers the client sets
// the header fields with SetHeaders.
type Exceeded struct {
	RetryAfter time.Duration
	decision   *Decision // nil for a throttle, which only says Retry-After
}

// After is the cause of a refusal by a throttle that tells the client only
// when to retry, not its limit.
func After(retryAfter time.Duration) *Exceeded { return &Exceeded{RetryAfter: retryAfter} }

func (e *Exceeded) Error() string {
	return fmt.Sprintf("limit exceeded: retry after %d s", e.Seconds())
}

// Seconds is RetryAfter in whole seconds, rounded up, at least one.
func (e *Exceeded) Seconds() int { return seconds(e.RetryAfter) }

// SetHeaders sets Retry-After in h and, for a rate limit, its RateLimit-*
// fields.
func (e *Exceeded) SetHeaders(h http.Header) {
	if e.decision != nil {
		e.decision.SetHeaders(h)
		return
	}
	h[hdrRetryAfter] = []string{strconv.Itoa(e.Seconds())}
}

func seconds(d time.Duration) int { return max(int((d+time.Second-1)/time.Second), 1) }

package refresh

import (
	"sync"
	"time"
)

// breaker is one provider's circuit breaker: Threshold failures in a row
// open it for Cooldown, after which one probe is let through (half-open);
// the probe's success closes it, its failure opens it again.
type breaker struct {
	mu        sync.Mutex
	threshold int
	cooldown  time.Duration
	failures  int
	openUntil time.Time
	probing   bool
}

// allow reports whether a call may go out at now (taking the probe when
// half-open).
func (b *breaker) allow(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failures < b.threshold {
		return true
	}
	if now.Before(b.openUntil) || b.probing {
		return false
	}
	b.probing = true
	return true
}

// done records the outcome of a call allowed at now.
func (b *breaker) done(now time.Time, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.probing = false
	if ok {
		b.failures = 0
		return
	}
	b.failures++
	if b.failures >= b.threshold {
		b.openUntil = now.Add(b.cooldown)
	}
}

// up reports whether the breaker is closed.
func (b *breaker) up() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.failures < b.threshold
}

// release ends a call allowed by allow whose outcome says nothing of the
// provider's health (a budget refusal, an unknown symbol, a cancellation).
func (b *breaker) release() {
	b.mu.Lock()
	b.probing = false
	b.mu.Unlock()
}

package ratelimit_test

import (
	"testing"
	"time"

	"github.com/marketpulse/api/internal/ratelimit"
)

// TestThrottle is a throttle of attempts per minute (once
// auth.TestThrottle).
func TestThrottle(t *testing.T) {
	t.Parallel()
	th := ratelimit.New[string](1.0/60, 3, 100)
	defer th.Close()
	allow := func(key string) (bool, time.Duration) {
		d := th.Take(key, time.Now())
		return d.OK, d.RetryAfter
	}
	for i := range 3 {
		if ok, _ := allow("a@example.com"); !ok {
			t.Fatalf("attempt %d refused", i)
		}
	}
	ok, wait := allow("a@example.com")
	if ok || wait < 50e9 || wait > 61e9 {
		t.Errorf("4th attempt: ok=%v wait=%v, want refused for about a minute", ok, wait)
	}
	if ok, _ := allow("b@example.com"); !ok {
		t.Error("another key was throttled")
	}
}

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

// TestPeekSpendsNothing: Peek tells what Take would decide without taking.
func TestPeekSpendsNothing(t *testing.T) {
	t.Parallel()
	st := ratelimit.New[string](1.0/60, 2, 100)
	defer st.Close()
	now := time.Now()
	for range 3 {
		if d := st.Peek("a", now); !d.OK || d.Remaining != 2 {
			t.Fatalf("peek of an untouched key: %+v, want OK with 2 left", d)
		}
	}
	st.Take("a", now)
	if d := st.Peek("a", now); !d.OK || d.Remaining != 1 {
		t.Errorf("peek after one take: %+v, want OK with 1 left", d)
	}
	st.Take("a", now)
	if d := st.Peek("a", now); d.OK || d.RetryAfter < 59*time.Second || d.RetryAfter > 60*time.Second {
		t.Errorf("peek of an empty bucket: %+v, want refused for a minute", d)
	}
	if d := st.Take("a", now.Add(61*time.Second)); !d.OK {
		t.Errorf("take after a refill: %+v; the refused peek must not have spent", d)
	}
}

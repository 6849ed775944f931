package ratelimit

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestBucketsShareOneBucketBeyondMaxKeysAndForgetRefilledOnes(t *testing.T) {
	t.Parallel()
	b := New[string](1, 1, 2)
	defer b.Close()
	now := time.Now()
	take := func(key string) bool {
		return b.Take(key, now).OK
	}
	if !take("a") || !take("b") || take("a") {
		t.Fatal("each key must have its own bucket of 1")
	}
	if !take("c") || take("d") {
		t.Error("keys beyond maxKeys must share one bucket")
	}
	b.sweep(now.Add(500 * time.Millisecond))
	if n := len(b.buckets); n != 2 {
		t.Errorf("after a sweep before refill: %d buckets, want 2", n)
	}
	b.sweep(now.Add(2 * time.Second))
	if n := len(b.buckets); n != 0 {
		t.Errorf("after a sweep once refilled: %d buckets, want 0", n)
	}
	b.Close() // idempotent
}

func TestTakeSetsTheHeaders(t *testing.T) {
	t.Parallel()
	b := New[int64](0.5, 2, 0)
	defer b.Close()
	now := time.Now()
	h := http.Header{}
	take := func() (bool, string) {
		d := b.Take(7, now)
		d.SetHeaders(h)
		if d.OK {
			return true, ""
		}
		return false, strconv.Itoa(int(d.RetryAfter / time.Second))
	}
	for i, want := range []string{"1", "0"} {
		if ok, _ := take(); !ok || h.Get("RateLimit-Remaining") != want || h.Get("RateLimit-Limit") != "2" {
			t.Fatalf("take %d: ok=%v headers %v", i, ok, h)
		}
	}
	ok, secs := take()
	if ok || secs != "2" || h.Get("Retry-After") != "2" || h.Get("RateLimit-Remaining") != "0" || h.Get("RateLimit-Reset") != "2" {
		t.Errorf("refused take: ok=%v secs=%q headers %v", ok, secs, h)
	}
}

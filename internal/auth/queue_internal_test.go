package auth

import (
	"context"
	"errors"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"
)

var tiny = Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}

// occupied returns a hasher with one slot and a queue of one, and takes its
// slot as a running hash would; release gives it back.
func occupied(t *testing.T) (h *Hasher, release func()) {
	t.Helper()
	h, err := NewHasher(tiny, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	h.slots <- struct{}{}
	return h, func() { <-h.slots }
}

// waitFor polls cond until it holds; the bound is for a loaded machine.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s never happened", what)
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}

// hashInBackground starts Hash and returns where its error arrives, once
// the call waits in the queue.
func hashInBackground(t *testing.T, ctx context.Context, h *Hasher) <-chan error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := h.Hash(ctx, "correct horse battery")
		done <- err
	}()
	waitFor(t, "a caller waiting in the queue", func() bool { return h.waiting.Load() == 1 })
	return done
}

func TestQueueIsBounded(t *testing.T) {
	t.Parallel()
	h, release := occupied(t)
	waiter := hashInBackground(t, t.Context(), h)
	// The slot is taken and the queue is full: refused at once.
	if _, err := h.Hash(t.Context(), "x"); !errors.Is(err, ErrBusy) {
		t.Fatalf("Hash beyond the queue = %v, want ErrBusy", err)
	}
	if err := h.VerifyDummy(t.Context(), "x"); !errors.Is(err, ErrBusy) {
		t.Fatalf("VerifyDummy beyond the queue = %v, want ErrBusy", err)
	}
	release()
	if err := <-waiter; err != nil {
		t.Fatalf("the queued hash, once the slot freed: %v", err)
	}
	if n := h.waiting.Load(); n != 0 {
		t.Errorf("%d callers still counted as waiting", n)
	}
	if err := h.VerifyDummy(t.Context(), "x"); err != nil {
		t.Errorf("VerifyDummy with a free slot = %v, want nil", err)
	}
}

func TestWaitEndsWithTheContext(t *testing.T) {
	t.Parallel()
	h, release := occupied(t)
	defer release()
	ctx, cancel := context.WithCancel(t.Context())
	waiter := hashInBackground(t, ctx, h)
	cancel()
	if err := <-waiter; !errors.Is(err, context.Canceled) {
		t.Fatalf("queued Hash after its context ended = %v, want context.Canceled", err)
	}
	// Its place in the queue is free again.
	again := hashInBackground(t, t.Context(), h)
	h.Close()
	if err := <-again; !errors.Is(err, ErrClosed) {
		t.Fatalf("queued Hash after Close = %v, want ErrClosed", err)
	}
}

func TestCloseRefusesNewHashes(t *testing.T) {
	t.Parallel()
	h, err := NewHasher(tiny, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	h.Close() // idempotent
	if _, err := h.Hash(t.Context(), "x"); !errors.Is(err, ErrClosed) {
		t.Errorf("Hash after Close = %v, want ErrClosed", err)
	}
}

func TestNewHasherComputesNoHash(t *testing.T) {
	// Not parallel: it reads the process's allocation counter.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	h, err := NewHasher(DefaultParams, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("NewHasher allocated %d bytes; a hash with %d KiB must not be computed at start", n, DefaultParams.MemoryKiB)
	}
	// The dummy has the hasher's parameters, so verifying costs the same.
	p, _, key, err := parse(h.dummy)
	if err != nil || p != DefaultParams || len(key) != keyLen {
		t.Errorf("dummy %q: %+v, %v", h.dummy, p, err)
	}
}

func TestMemoryIsReleasedOnceHashingStops(t *testing.T) {
	// Not parallel: it replaces the package's freeOSMemory.
	var freed atomic.Int32
	freeOSMemory = func() { freed.Add(1) }
	t.Cleanup(func() { freeOSMemory = debug.FreeOSMemory })
	h, err := NewHasher(tiny, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	for range 3 {
		if _, err := h.Hash(t.Context(), "correct horse battery"); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "the memory of the hashes released", func() bool { return freed.Load() > 0 })
}

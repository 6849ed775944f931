package main

import (
	"io"
	"log/slog"
	"math"
	"runtime/debug"
	"testing"
)

// TestMemoryLimit is not parallel: the limit is the process's.
func TestMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))

	debug.SetMemoryLimit(math.MaxInt64)
	applyMemoryLimit(384<<20, "", log)
	if got := debug.SetMemoryLimit(-1); got != 384<<20 {
		t.Errorf("MEMORY_LIMIT_BYTES=384 MiB: runtime limit %d", got)
	}
	debug.SetMemoryLimit(1 << 30) // as GOMEMLIMIT=1GiB would have set it
	applyMemoryLimit(384<<20, "1GiB", log)
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("with GOMEMLIMIT set: runtime limit %d, want GOMEMLIMIT's 1 GiB", got)
	}
	debug.SetMemoryLimit(math.MaxInt64)
	applyMemoryLimit(0, "", log)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("MEMORY_LIMIT_BYTES=0: runtime limit %d, want none", got)
	}
}

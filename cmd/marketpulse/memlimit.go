package main

import (
	"log/slog"
	"runtime/debug"
)

// applyMemoryLimit sets the Go runtime's soft memory limit to limit bytes
// (MEMORY_LIMIT_BYTES), unless gomemlimit (the GOMEMLIMIT variable, which
// the runtime read at start) is set or limit is 0. Near the limit the
// garbage collector runs more often and returns freed memory to the
// system sooner, so bursts of password hashes do not grow the process far
// beyond what they use at once.
func applyMemoryLimit(limit int64, gomemlimit string, log *slog.Logger) {
	switch {
	case gomemlimit != "":
		log.Info("memory limit", "source", "GOMEMLIMIT", "bytes", debug.SetMemoryLimit(-1))
	case limit > 0:
		debug.SetMemoryLimit(limit)
		log.Info("memory limit", "source", "MEMORY_LIMIT_BYTES", "bytes", limit)
	}
}

package auth

import (
	"runtime/debug"
	"sync"
	"time"
)

// releaseAfter is how long hashing must have stopped before the memory of
// the hashes (ARGON2_MEMORY_KIB each, garbage once done) is handed back to
// the system.
const releaseAfter = time.Second

// freeOSMemory is debug.FreeOSMemory; tests count its calls.
var freeOSMemory = debug.FreeOSMemory

// release returns the memory of a burst of hashes to the system once the
// burst is over. Without it the Go runtime keeps those pages mapped until
// its next forced collection (up to two minutes), so the process stays
// hundreds of MiB large after a login flood. The zero value is ready.
type release struct {
	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
}

// schedule frees the system memory releaseAfter from now, unless it is
// scheduled again before, or idle reports false by then.
func (r *release) schedule(idle func() bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return
	}
	if r.timer != nil {
		r.timer.Reset(releaseAfter)
		return
	}
	r.timer = time.AfterFunc(releaseAfter, func() {
		if idle() {
			freeOSMemory()
		}
	})
}

// stop cancels a scheduled release for good.
func (r *release) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopped = true
	if r.timer != nil {
		r.timer.Stop()
	}
}

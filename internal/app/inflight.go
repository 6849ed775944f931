package app

import (
	"context"
	"net/http"
	"sync"
)

// inflight counts the handlers running, so that a stop cut short by the
// drain deadline can wait for them to return before the database closes.
// The zero value is ready to use.
type inflight struct {
	mu   sync.Mutex
	n    int
	zero chan struct{} // closed when n drops to 0; nil while n is 0
}

// wrap counts next's calls.
func (f *inflight) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.enter()
		defer f.leave()
		next.ServeHTTP(w, r)
	})
}

func (f *inflight) enter() {
	f.mu.Lock()
	if f.n == 0 {
		f.zero = make(chan struct{})
	}
	f.n++
	f.mu.Unlock()
}

func (f *inflight) leave() {
	f.mu.Lock()
	f.n--
	if f.n == 0 {
		close(f.zero)
		f.zero = nil
	}
	f.mu.Unlock()
}

// wait returns when no handler runs (0) or when ctx ends (the number still
// running).
func (f *inflight) wait(ctx context.Context) int {
	f.mu.Lock()
	zero := f.zero
	f.mu.Unlock()
	if zero == nil {
		return 0
	}
	select {
	case <-zero:
		return 0
	case <-ctx.Done():
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.n
	}
}

package refresh

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/quota"
)

// stats are what the refresher saw of one provider.
type stats struct {
	name  string
	types map[string]bool

	mu          sync.Mutex
	calls       int64
	failures    int64
	lastSuccess time.Time
	lastErrorAt time.Time
	lastError   string
	latency     time.Duration
	pausedUntil time.Time
	pauseReason string
}

func (s *stats) success(now time.Time, latency time.Duration) {
	s.mu.Lock()
	s.calls++
	s.lastSuccess, s.latency = now, latency
	s.mu.Unlock()
}

func (s *stats) failure(now time.Time, err error) {
	s.mu.Lock()
	s.calls++
	s.failures++
	s.lastErrorAt, s.lastError = now, err.Error()
	s.mu.Unlock()
}

func (s *stats) limited(le *provider.LimitedError) {
	s.mu.Lock()
	if le.Until.After(s.pausedUntil) {
		s.pausedUntil, s.pauseReason = le.Until, le.Reason
	}
	s.mu.Unlock()
}

// ProviderState is a snapshot of one provider as the refresher sees it.
type ProviderState struct {
	Name        string
	Types       []string // the asset types whose chain it is in
	Status      string   // "up", "down" (breaker open) or "paused"
	PausedUntil time.Time
	PauseReason string
	Calls       int64
	Failures    int64
	LastSuccess time.Time
	LastErrorAt time.Time
	LastError   string
	Latency     time.Duration // of the last successful call
}

// State is a snapshot of every provider, by name.
func (r *Refresher) State() []ProviderState {
	now := r.o.Now()
	out := make([]ProviderState, 0, len(r.stats))
	for name, s := range r.stats {
		s.mu.Lock()
		ps := ProviderState{
			Name: name, Status: "up", PausedUntil: s.pausedUntil, PauseReason: s.pauseReason,
			Calls: s.calls, Failures: s.failures, LastSuccess: s.lastSuccess,
			LastErrorAt: s.lastErrorAt, LastError: s.lastError, Latency: s.latency,
		}
		for t := range s.types {
			ps.Types = append(ps.Types, t)
		}
		s.mu.Unlock()
		slices.Sort(ps.Types)
		switch {
		case !r.breakers[name].up():
			ps.Status = "down"
		case ps.PausedUntil.After(now):
			ps.Status = "paused"
		}
		out = append(out, ps)
	}
	slices.SortFunc(out, func(a, b ProviderState) int { return cmpString(a.Name, b.Name) })
	return out
}

// Degraded lists the asset types whose chain has no provider up.
func (r *Refresher) Degraded() []string {
	up := map[string]bool{}
	for _, s := range r.State() {
		if s.Status == "up" {
			up[s.Name] = true
		}
	}
	var out []string
	for typ, chain := range r.o.Chains {
		if !slices.ContainsFunc(chain, func(p provider.Provider) bool { return up[p.Name()] }) {
			out = append(out, typ)
		}
	}
	slices.Sort(out)
	return out
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// BudgetLeft is what remains of the budget of the provider called name
// now; false when it has none (the simulated provider) or it cannot be
// read.
func (r *Refresher) BudgetLeft(ctx context.Context, name string) (quota.Left, bool) {
	b, ok := r.o.Budgets[name]
	if !ok {
		return quota.Left{}, false
	}
	l, err := b.Left(ctx)
	if err != nil {
		r.o.Log.Warn("refresh: budget left", "provider", name, "err", err)
		return quota.Left{}, false
	}
	return l, true
}

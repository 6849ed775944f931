package fakeprovider

import (
	"context"
	"sync/atomic"

	"github.com/marketpulse/api/internal/provider"
)

// CountingGate is a provider.Gate that admits every request and counts
// them, or refuses them all with Refuse set.
type CountingGate struct {
	admitted atomic.Int64
	refused  atomic.Int64
	Refuse   *provider.LimitedError // nil: admit
}

// Admit counts the request and admits it unless Refuse is set.
func (g *CountingGate) Admit(context.Context) error {
	if g.Refuse != nil {
		g.refused.Add(1)
		return g.Refuse
	}
	g.admitted.Add(1)
	return nil
}

// Admitted is the number of requests admitted so far.
func (g *CountingGate) Admitted() int { return int(g.admitted.Load()) }

// Refused is the number of requests refused so far.
func (g *CountingGate) Refused() int { return int(g.refused.Load()) }

package refresh

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/quota"
	"github.com/marketpulse/api/internal/tradinghours"
)

// group is the due symbols of one asset type and priority.
type group struct {
	typ    string
	demand bool
}

// Cycle fetches every watched symbol whose market trades and whose last
// fetch is older than its type's freshness target: one pass, in batches.
func (r *Refresher) Cycle(ctx context.Context) error {
	watched, err := r.o.Watched(ctx)
	if err != nil {
		return fmt.Errorf("refresh: watched: %w", err)
	}
	due := r.due(watched, r.o.Now())
	for g, syms := range due {
		r.fetch(ctx, g.typ, syms, g.demand)
	}
	return nil
}

// due groups the watched symbols to fetch at now and marks them tried.
func (r *Refresher) due(watched []Watch, now time.Time) map[group][]string {
	open := map[string]bool{}
	out := map[group][]string{}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, w := range watched {
		isOpen, ok := open[w.Type]
		if !ok {
			isOpen = tradinghours.Of(w.Type).Open(now)
			open[w.Type] = isOpen
		}
		if !isOpen || r.inflight[w.Symbol] {
			continue
		}
		if t, ok := r.fetched[w.Symbol]; ok && now.Sub(t) < r.freshness(w.Type) {
			continue
		}
		r.fetched[w.Symbol] = now
		g := group{typ: w.Type, demand: w.Demand}
		out[g] = append(out[g], w.Symbol)
	}
	return out
}

// fetch asks the chain of typ for syms, each provider for what the ones
// before it did not answer.
func (r *Refresher) fetch(ctx context.Context, typ string, syms []string, demand bool) {
	pending := syms
	for _, p := range r.o.Chains[typ] {
		if len(pending) == 0 || ctx.Err() != nil {
			return
		}
		if p.Supports(typ) {
			pending = r.fetchFrom(ctx, p, pending, demand)
		}
	}
	if len(pending) > 0 && ctx.Err() == nil {
		r.o.Log.Warn("refresh: no provider answered", "type", typ, "symbols", len(pending))
	}
}

// fetchFrom asks p for syms in batches and returns those of the batches it
// did not answer.
func (r *Refresher) fetchFrom(ctx context.Context, p provider.Provider, syms []string, demand bool) []string {
	n := max(1, p.Limits().MaxBatch)
	var left []string
	for i := 0; i < len(syms); i += n {
		batch := syms[i:min(i+n, len(syms))]
		if !r.call(ctx, p, batch, demand) {
			left = append(left, batch...)
		}
	}
	return left
}

// call makes one quote call and ingests its answer; false when p did not
// answer.
func (r *Refresher) call(ctx context.Context, p provider.Provider, batch []string, demand bool) bool {
	b, st := r.breakers[p.Name()], r.stats[p.Name()]
	now := r.o.Now()
	if !b.allow(now) {
		return false
	}
	prio := quota.Background
	if demand {
		prio = quota.Demand
	}
	cctx, cancel := context.WithTimeout(quota.WithPriority(ctx, prio), r.o.Timeout)
	start := time.Now()
	quotes, err := p.Quotes(cctx, batch)
	latency := time.Since(start)
	cancel()
	var le *provider.LimitedError
	switch {
	case err == nil:
	case errors.As(err, &le):
		b.release()
		st.limited(le)
		r.pause(ctx, p.Name(), le)
		return false
	case errors.Is(err, provider.ErrUnknownSymbol), ctx.Err() != nil:
		b.release()
		return false
	default:
		b.done(now, false)
		st.failure(r.o.Now(), err)
		return false
	}
	b.done(now, true)
	st.success(r.o.Now(), latency)
	if len(quotes) > 0 {
		if _, err := r.o.Ingest.IngestQuotes(ctx, quotes); err != nil {
			r.o.Log.Warn("refresh: ingest", "provider", p.Name(), "quotes", len(quotes), "err", err)
		}
	}
	return true
}

// pause records a provider's own limit (a 429, an in-body note) on its
// budget, so every caller waits; the budget's own refusals are recorded
// there already.
func (r *Refresher) pause(ctx context.Context, name string, le *provider.LimitedError) {
	if strings.HasPrefix(le.Reason, "budget:") || strings.HasPrefix(le.Reason, "paused:") {
		return
	}
	if pz, ok := r.o.Pausers[name]; ok {
		if err := pz.Pause(ctx, le.Until, le.Reason); err != nil {
			r.o.Log.Warn("refresh: pause", "provider", name, "err", err)
		}
	}
}

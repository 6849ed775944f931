package refresh

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/market"
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
// fetch is older than its type's freshness target: one pass, in batches;
// then the due bar and news polls (see slowCycle). Cycles must not run
// concurrently (Start runs them on one goroutine).
func (r *Refresher) Cycle(ctx context.Context) error {
	watched, err := r.o.Watched(ctx)
	if err != nil {
		return fmt.Errorf("refresh: watched: %w", err)
	}
	now := r.o.Now()
	due := r.due(watched, now)
	for g, syms := range due {
		r.fetch(ctx, g.typ, syms, g.demand)
	}
	r.slowCycle(ctx, watched, now)
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

// fetchFrom asks p for syms in batches and returns those it did not
// answer: the symbols of a batch it refused or failed, less those of a
// batch that failed partway it had answered before.
func (r *Refresher) fetchFrom(ctx context.Context, p provider.Provider, syms []string, demand bool) []string {
	n := max(1, p.Limits().MaxBatch)
	var left []string
	for i := 0; i < len(syms); i += n {
		batch := syms[i:min(i+n, len(syms))]
		got := r.call(ctx, p, batch, demand)
		if len(got) == len(batch) {
			continue
		}
		for _, s := range batch {
			if !got[s] {
				left = append(left, s)
			}
		}
	}
	return left
}

// call makes one quote call and ingests what it answered, also when it
// failed partway; it returns the symbols it answered (all of them when it
// succeeded, a symbol unknown to p included).
func (r *Refresher) call(ctx context.Context, p provider.Provider, batch []string, demand bool) map[string]bool {
	prio := quota.Background
	if demand {
		prio = quota.Demand
	}
	var quotes []market.QuoteInput
	out := r.attempt(ctx, p, prio, func(ctx context.Context) error {
		var err error
		quotes, err = p.Quotes(ctx, batch)
		return err
	})
	if len(quotes) > 0 {
		if _, err := r.o.Ingest.IngestQuotes(ctx, quotes); err != nil {
			r.o.Log.Warn("refresh: ingest", "provider", p.Name(), "quotes", len(quotes), "err", err)
		}
	}
	got := make(map[string]bool, len(batch))
	if out == answered {
		for _, s := range batch {
			got[s] = true
		}
		return got
	}
	for _, q := range quotes {
		got[q.Symbol] = true
	}
	return got
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

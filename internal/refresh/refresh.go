// Package refresh is the demand-driven refresher: it keeps the quotes of
// what is watched at a target freshness per asset type, polling only the
// markets that trade (crypto always, equities while NYSE is open), in
// batches of each provider's MaxBatch, through an ordered provider chain
// per asset type with a circuit breaker per provider. Everything fetched is
// written through the market domain's ingestion, the one write path.
package refresh

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
)

// Watch is one symbol to keep fresh.
type Watch struct {
	Symbol, Type string
	Demand       bool // on a dashboard or asked for: spent from the budget's reserve too
}

// Ingester is the write path of quotes (market.Service).
type Ingester interface {
	IngestQuotes(ctx context.Context, quotes []market.QuoteInput) (market.IngestResult, error)
}

// Pauser records a provider's pause on its budget (quota.Gate).
type Pauser interface {
	Pause(ctx context.Context, until time.Time, reason string) error
}

// Defaults of Options.
const (
	DefaultFreshness = 15 * time.Second
	DefaultTick      = time.Second
	DefaultThreshold = 3
	DefaultCooldown  = 10 * time.Second
	DefaultTimeout   = 10 * time.Second
)

// Options configure a Refresher.
type Options struct {
	// Chains are the providers of each asset type, in order of preference.
	Chains map[string][]provider.Provider
	// Pausers are the budgets of the providers by name (optional).
	Pausers map[string]Pauser
	// Watched lists what to keep fresh.
	Watched func(ctx context.Context) ([]Watch, error)
	// AssetType resolves the asset type of an on-demand symbol (optional).
	AssetType func(ctx context.Context, symbol string) (string, error)
	// Ingest writes the quotes fetched.
	Ingest Ingester
	// Freshness is the target age of a quote per asset type;
	// DefaultFreshness for a type not named.
	Freshness map[string]time.Duration
	// Tick is how often Run looks for stale symbols.
	Tick time.Duration
	// Threshold and Cooldown shape the circuit breakers.
	Threshold int
	Cooldown  time.Duration
	// Timeout bounds one provider call.
	Timeout time.Duration
	// Metrics learns every provider call (optional).
	Metrics Metrics
	Now     func() time.Time
	Log     *slog.Logger
}

// Metrics records provider calls: the provider, the outcome ("ok",
// "limited", "unknown", "timeout", "bad_answer") and how long it took.
type Metrics interface {
	Call(provider, outcome string, took time.Duration)
}

type nopMetrics struct{}

func (nopMetrics) Call(string, string, time.Duration) {}

// Refresher is the refresher. It is safe for concurrent use.
type Refresher struct {
	o        Options
	breakers map[string]*breaker
	stats    map[string]*stats

	mu       sync.Mutex
	fetched  map[string]time.Time // when each symbol was last fetched
	inflight map[string]bool      // on-demand fetches under way

	wg     sync.WaitGroup
	base   context.Context
	cancel context.CancelFunc
}

// New builds a Refresher; Start runs it.
func New(o Options) *Refresher {
	if o.Tick <= 0 {
		o.Tick = DefaultTick
	}
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.Cooldown <= 0 {
		o.Cooldown = DefaultCooldown
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Metrics == nil {
		o.Metrics = nopMetrics{}
	}
	r := &Refresher{o: o, breakers: map[string]*breaker{}, stats: map[string]*stats{},
		fetched: map[string]time.Time{}, inflight: map[string]bool{}}
	for _, chain := range o.Chains {
		for _, p := range chain {
			if r.breakers[p.Name()] == nil {
				r.breakers[p.Name()] = &breaker{threshold: o.Threshold, cooldown: o.Cooldown}
				r.stats[p.Name()] = &stats{name: p.Name(), types: map[string]bool{}}
			}
		}
	}
	for typ, chain := range o.Chains {
		for _, p := range chain {
			r.stats[p.Name()].types[typ] = true
		}
	}
	r.base, r.cancel = context.WithCancel(context.Background())
	return r
}

// Start runs cycles every Tick until Stop.
func (r *Refresher) Start() {
	r.wg.Go(func() {
		t := time.NewTicker(r.o.Tick)
		defer t.Stop()
		for {
			if err := r.Cycle(r.base); err != nil && r.base.Err() == nil {
				r.o.Log.Warn("refresh: cycle", "err", err)
			}
			select {
			case <-r.base.Done():
				return
			case <-t.C:
			}
		}
	})
}

// Stop ends Run and the on-demand fetches and waits for them.
func (r *Refresher) Stop() {
	r.cancel()
	r.wg.Wait()
}

func (r *Refresher) freshness(typ string) time.Duration {
	if d, ok := r.o.Freshness[typ]; ok && d > 0 {
		return d
	}
	return DefaultFreshness
}

// Package refresh is the demand-driven refresher: it keeps the quotes of
// what is watched at a target freshness per asset type, polling only the
// markets that trade (crypto always, equities while NYSE is open), in
// batches of each provider's MaxBatch, through an ordered provider chain
// per asset type with a circuit breaker per provider. After the quotes it
// polls, within a per-minute bound, the bars (intraday, daily, backfills)
// and news of the watched symbols (see slowCycle). Everything fetched is
// written through the market and news domains' ingestion, the one write
// path.
package refresh

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/quota"
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

// BarIngester is the write path of bars (market.Service).
type BarIngester interface {
	IngestBars(ctx context.Context, symbol string, interval market.Interval, bars []market.Bar) (market.IngestResult, error)
}

// NewsIngester is the write path of articles (news.Service).
type NewsIngester interface {
	Ingest(ctx context.Context, articles []news.ArticleInput) (news.IngestResult, error)
}

// Pauser records a provider's pause on its budget (quota.Gate).
type Pauser interface {
	Pause(ctx context.Context, until time.Time, reason string) error
}

// Budget says what remains of a provider's budget (quota.Gate).
type Budget interface {
	Left(ctx context.Context) (quota.Left, error)
}

// Defaults of Options.
const (
	DefaultFreshness = 15 * time.Second
	DefaultTick      = time.Second
	DefaultThreshold = 3
	DefaultCooldown  = 10 * time.Second
	DefaultTimeout   = 10 * time.Second
	// DefaultBackfillDays is how far back the daily bars of an asset
	// without any are fetched.
	DefaultBackfillDays = 365
	// DefaultSlowPerMinute bounds the bar, news and backfill calls.
	DefaultSlowPerMinute = 10
)

// Options configure a Refresher.
type Options struct {
	// Chains are the providers of each asset type, in order of preference.
	Chains map[string][]provider.Provider
	// Pausers are the budgets of the providers by name (optional).
	Pausers map[string]Pauser
	// Budgets read what remains of them, by name (optional).
	Budgets map[string]Budget
	// Watched lists what to keep fresh.
	Watched func(ctx context.Context) ([]Watch, error)
	// AssetType resolves the asset type of an on-demand symbol (optional).
	AssetType func(ctx context.Context, symbol string) (string, error)
	// Ingest writes the quotes fetched.
	Ingest Ingester

	// BarChains are the bar providers of each asset type, in order of
	// preference; with IngestBars set, the daily bars of every watched
	// symbol are fetched once after each session (an asset without bars is
	// backfilled BackfillDays), and its Intraday bars as each completes.
	BarChains  map[string][]provider.Provider
	IngestBars BarIngester
	// LastBar is the start of the newest stored bar of a symbol's interval
	// (zero when none): where the next fetch of its bars starts.
	LastBar func(ctx context.Context, symbol string, interval market.Interval) (time.Time, error)
	// Intraday is the interval of the intraday bars polled ("": none).
	Intraday market.Interval
	// BackfillDays is how far back an asset without daily bars is fetched;
	// 0: DefaultBackfillDays.
	BackfillDays int
	// NewsChains are the news providers of each asset type and Feed the
	// RSS/Atom reader (optional): with IngestNews set and NewsEvery > 0,
	// each watched symbol's news is asked every NewsEvery, and the feeds
	// once every NewsEvery for all watched symbols.
	NewsChains map[string][]provider.Provider
	Feed       provider.Provider
	IngestNews NewsIngester
	NewsEvery  time.Duration
	// SlowPerMinute bounds the bar, news and backfill calls of a minute,
	// made after the quotes, in that order; 0: DefaultSlowPerMinute.
	SlowPerMinute int
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
	slow     slowState            // the bar and news polls (Cycle's goroutine)

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
	if o.BackfillDays <= 0 {
		o.BackfillDays = DefaultBackfillDays
	}
	if o.SlowPerMinute <= 0 {
		o.SlowPerMinute = DefaultSlowPerMinute
	}
	r := &Refresher{o: o, breakers: map[string]*breaker{}, stats: map[string]*stats{},
		fetched: map[string]time.Time{}, inflight: map[string]bool{}, slow: newSlowState()}
	for _, chains := range []map[string][]provider.Provider{o.Chains, o.BarChains, o.NewsChains} {
		for typ, chain := range chains {
			for _, p := range chain {
				r.register(p).types[typ] = true
			}
		}
	}
	if o.Feed != nil {
		r.register(o.Feed)
	}
	r.base, r.cancel = context.WithCancel(context.Background())
	return r
}

// register gives p a breaker and stats, once.
func (r *Refresher) register(p provider.Provider) *stats {
	if r.breakers[p.Name()] == nil {
		r.breakers[p.Name()] = &breaker{threshold: r.o.Threshold, cooldown: r.o.Cooldown}
		r.stats[p.Name()] = &stats{name: p.Name(), types: map[string]bool{}}
	}
	return r.stats[p.Name()]
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

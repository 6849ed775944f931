package refresh_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/quota"
	"github.com/marketpulse/api/internal/refresh"
)

// counting is an in-memory provider that counts its quote calls, answers
// through its gate and fails while failing is set.
type counting struct {
	name  string
	batch int
	gate  provider.Gate
	block chan struct{} // non-nil: each call waits for it
	// failAfter > 0: a call for more symbols answers that many, then fails.
	failAfter int

	mu      sync.Mutex
	calls   int
	symbols []string
	failing bool
}

func (c *counting) Name() string                      { return c.name }
func (c *counting) Capabilities() provider.Capability { return provider.CapQuotes }
func (c *counting) Supports(string) bool              { return true }
func (c *counting) Limits() provider.Limits           { return provider.Limits{MaxBatch: c.batch} }
func (c *counting) Bars(context.Context, string, market.Interval, time.Time, time.Time) ([]market.Bar, error) {
	return nil, provider.ErrUnsupported
}
func (c *counting) News(context.Context, []string, time.Time) ([]news.ArticleInput, error) {
	return nil, provider.ErrUnsupported
}
func (c *counting) Profile(context.Context, string) (provider.Profile, error) {
	return provider.Profile{}, provider.ErrUnsupported
}

func (c *counting) Quotes(ctx context.Context, symbols []string) ([]market.QuoteInput, error) {
	if c.gate != nil {
		if err := c.gate.Admit(ctx); err != nil {
			return nil, err
		}
	}
	if c.block != nil {
		<-c.block
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	c.symbols = append(c.symbols, symbols...)
	if c.failing {
		return nil, &provider.BadAnswerError{Provider: c.name, Status: 500, Reason: "injected"}
	}
	out := make([]market.QuoteInput, len(symbols))
	for i, s := range symbols {
		out[i] = market.QuoteInput{Symbol: s, Price: 1, Provider: c.name, AsOf: time.Unix(0, 0)}
	}
	if c.failAfter > 0 && len(out) > c.failAfter {
		return out[:c.failAfter], &provider.BadAnswerError{Provider: c.name, Reason: "timeout"}
	}
	return out, nil
}

func (c *counting) count() (int, []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls, append([]string(nil), c.symbols...)
}

func (c *counting) setFailing(v bool) { c.mu.Lock(); c.failing = v; c.mu.Unlock() }

// sink records what reaches the write path.
type sink struct {
	mu     sync.Mutex
	quotes []market.QuoteInput
	got    chan struct{}
}

func (s *sink) IngestQuotes(_ context.Context, q []market.QuoteInput) (market.IngestResult, error) {
	s.mu.Lock()
	s.quotes = append(s.quotes, q...)
	s.mu.Unlock()
	if s.got != nil {
		s.got <- struct{}{}
	}
	return market.IngestResult{Received: len(q), Stored: len(q)}, nil
}

func (s *sink) n() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.quotes) }

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var (
	thursdayOpen = time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC) // 10:00 New York
	saturday     = time.Date(2026, 12, 5, 15, 0, 0, 0, time.UTC)
)

func watched(ws ...refresh.Watch) func(context.Context) ([]refresh.Watch, error) {
	return func(context.Context) ([]refresh.Watch, error) { return ws, nil }
}

func TestClosedMarketIsNotPolled(t *testing.T) {
	c := &clock{t: saturday}
	p := &counting{name: "a", batch: 10}
	s := &sink{}
	r := refresh.New(refresh.Options{
		Chains:  map[string][]provider.Provider{"stock": {p}, "crypto": {p}},
		Watched: watched(refresh.Watch{Symbol: "AAPL", Type: "stock"}, refresh.Watch{Symbol: "BTC-USD", Type: "crypto"}),
		Ingest:  s, Now: c.Now,
	})
	if err := r.Cycle(context.Background()); err != nil {
		t.Fatal(err)
	}
	calls, syms := p.count()
	if calls != 1 || len(syms) != 1 || syms[0] != "BTC-USD" {
		t.Fatalf("on a Saturday: %d calls for %v, want one for BTC-USD", calls, syms)
	}
	if s.n() != 1 {
		t.Fatalf("%d quotes ingested, want 1", s.n())
	}
}

func TestBatchesAndFreshness(t *testing.T) {
	c := &clock{t: thursdayOpen}
	p := &counting{name: "a", batch: 100}
	var ws []refresh.Watch
	for i := range 250 {
		ws = append(ws, refresh.Watch{Symbol: "S" + string(rune('A'+i%26)) + string(rune('A'+i/26)), Type: "stock"})
	}
	r := refresh.New(refresh.Options{
		Chains: map[string][]provider.Provider{"stock": {p}}, Watched: watched(ws...), Ingest: &sink{},
		Freshness: map[string]time.Duration{"stock": 30 * time.Second}, Now: c.Now,
	})
	ctx := context.Background()
	_ = r.Cycle(ctx)
	if calls, syms := p.count(); calls != 3 || len(syms) != 250 {
		t.Fatalf("first cycle: %d calls for %d symbols, want 3 for 250", calls, len(syms))
	}
	c.Add(10 * time.Second)
	_ = r.Cycle(ctx)
	if calls, _ := p.count(); calls != 3 {
		t.Fatalf("fresh symbols were fetched again: %d calls", calls)
	}
	c.Add(25 * time.Second)
	_ = r.Cycle(ctx)
	if calls, _ := p.count(); calls != 6 {
		t.Fatalf("stale symbols: %d calls, want 6", calls)
	}
}

func TestFailoverAndReturn(t *testing.T) {
	c := &clock{t: thursdayOpen}
	a, b := &counting{name: "a", batch: 10}, &counting{name: "b", batch: 10}
	a.setFailing(true)
	s := &sink{}
	r := refresh.New(refresh.Options{
		Chains:  map[string][]provider.Provider{"crypto": {a, b}},
		Watched: watched(refresh.Watch{Symbol: "BTC-USD", Type: "crypto"}),
		Ingest:  s, Now: c.Now, Freshness: map[string]time.Duration{"crypto": time.Second},
		Threshold: 2, Cooldown: 5 * time.Second,
	})
	ctx := context.Background()
	for i := range 4 {
		_ = r.Cycle(ctx)
		c.Add(time.Second)
		if s.n() != i+1 {
			t.Fatalf("cycle %d: %d quotes ingested, want %d (failover to b)", i, s.n(), i+1)
		}
	}
	if calls, _ := a.count(); calls != 2 {
		t.Fatalf("a called %d times, want 2 (then its breaker opens)", calls)
	}
	if st := r.State(); st[0].Name != "a" || st[0].Status != "down" || st[0].LastError == "" {
		t.Fatalf("state of a: %+v", st[0])
	}
	a.setFailing(false)
	c.Add(5 * time.Second)
	_ = r.Cycle(ctx)
	if calls, _ := a.count(); calls != 3 {
		t.Fatalf("after the cooldown a was called %d times, want 3 (the probe)", calls)
	}
	if st := r.State(); st[0].Status != "up" || len(r.Degraded()) != 0 {
		t.Fatalf("after the probe: %+v, degraded %v", st[0], r.Degraded())
	}
	bCalls, _ := b.count()
	c.Add(time.Second)
	_ = r.Cycle(ctx)
	if calls, _ := b.count(); calls != bCalls {
		t.Fatal("b still called after a returned")
	}
}

func TestDegradedWhenNoProviderIsUp(t *testing.T) {
	c := &clock{t: thursdayOpen}
	a := &counting{name: "a", batch: 10}
	a.setFailing(true)
	r := refresh.New(refresh.Options{
		Chains:  map[string][]provider.Provider{"crypto": {a}},
		Watched: watched(refresh.Watch{Symbol: "BTC-USD", Type: "crypto"}),
		Ingest:  &sink{}, Now: c.Now, Freshness: map[string]time.Duration{"crypto": time.Second}, Threshold: 1,
	})
	_ = r.Cycle(context.Background())
	if d := r.Degraded(); len(d) != 1 || d[0] != "crypto" {
		t.Fatalf("degraded %v, want [crypto]", d)
	}
}

func TestQuotaNeverExceededAcrossCycles(t *testing.T) {
	c := &clock{t: thursdayOpen}
	q := quota.New(quota.Options{Storage: quota.SQLite(openDB(t, filepath.Join(t.TempDir(), "q.db"))), Now: c.Now})
	a := &counting{name: "a", batch: 1, gate: q.Gate("a", quota.Budget{PerMinute: 3, PerDay: 7})}
	b := &counting{name: "b", batch: 1}
	var ws []refresh.Watch
	for _, s := range []string{"A1", "A2", "A3", "A4", "A5"} {
		ws = append(ws, refresh.Watch{Symbol: s, Type: "stock", Demand: true})
	}
	r := refresh.New(refresh.Options{
		Chains: map[string][]provider.Provider{"stock": {a, b}}, Watched: watched(ws...), Ingest: &sink{},
		Now: c.Now, Freshness: map[string]time.Duration{"stock": 10 * time.Second},
	})
	for range 30 { // 5 minutes
		_ = r.Cycle(context.Background())
		c.Add(10 * time.Second)
	}
	if calls, _ := a.count(); calls != 7 {
		t.Fatalf("a answered %d calls, its day's budget is 7", calls)
	}
	if calls, syms := b.count(); calls != 150-7 || len(syms) != 150-7 {
		t.Fatalf("b answered %d calls, want the %d a's budget refused", calls, 150-7)
	}
	if r.State()[0].Status != "paused" {
		t.Fatalf("a spent: %+v", r.State()[0])
	}
}

func TestOnDemandIsSingleFlight(t *testing.T) {
	c := &clock{t: thursdayOpen}
	p := &counting{name: "a", batch: 10, block: make(chan struct{})}
	s := &sink{got: make(chan struct{}, 1)}
	r := refresh.New(refresh.Options{
		Chains: map[string][]provider.Provider{"stock": {p}}, Watched: watched(), Ingest: s, Now: c.Now,
	})
	defer r.Stop()
	started := 0
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range 20 {
		wg.Go(func() {
			if r.Demand("ZZZ", "stock") {
				mu.Lock()
				started++
				mu.Unlock()
			}
		})
	}
	wg.Wait() // every Demand returned while the provider is blocked: none waits on it
	close(p.block)
	<-s.got
	if calls, _ := p.count(); started != 1 || calls != 1 {
		t.Fatalf("20 concurrent demands started %d fetches, %d calls; want 1", started, calls)
	}
	if r.Demand("ZZZ", "stock") {
		t.Fatal("a demand right after a fetch started another")
	}
}

func TestDemandSymbolResolvesTheType(t *testing.T) {
	c := &clock{t: saturday}
	stock, coin := &counting{name: "stock", batch: 10}, &counting{name: "coin", batch: 10}
	s := &sink{got: make(chan struct{}, 1)}
	r := refresh.New(refresh.Options{
		Chains:  map[string][]provider.Provider{"stock": {stock}, "crypto": {coin}},
		Watched: watched(), Ingest: s, Now: c.Now,
		AssetType: func(context.Context, string) (string, error) { return "crypto", nil },
	})
	defer r.Stop()
	if !r.DemandSymbol("SOL-USD") {
		t.Fatal("no fetch started")
	}
	<-s.got
	if n, _ := coin.count(); n != 1 {
		t.Fatalf("the crypto chain was called %d times, want 1", n)
	}
	if n, _ := stock.count(); n != 0 {
		t.Fatalf("the stock chain was called %d times", n)
	}
}

func TestBatchFailingPartwayKeepsWhatWasFetched(t *testing.T) {
	c := &clock{t: thursdayOpen}
	a, b := &counting{name: "a", batch: 10, failAfter: 2}, &counting{name: "b", batch: 10}
	s := &sink{}
	r := refresh.New(refresh.Options{
		Chains: map[string][]provider.Provider{"crypto": {a, b}},
		Watched: watched(refresh.Watch{Symbol: "C1", Type: "crypto"}, refresh.Watch{Symbol: "C2", Type: "crypto"},
			refresh.Watch{Symbol: "C3", Type: "crypto"}, refresh.Watch{Symbol: "C4", Type: "crypto"}),
		Ingest: s, Now: c.Now,
	})
	if err := r.Cycle(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, syms := b.count(); len(syms) != 2 || syms[0] != "C3" || syms[1] != "C4" {
		t.Fatalf("b was asked for %v, want only [C3 C4], the symbols a did not answer", syms)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	byProvider := map[string][]string{}
	for _, q := range s.quotes {
		byProvider[q.Provider] = append(byProvider[q.Provider], q.Symbol)
	}
	if len(s.quotes) != 4 || len(byProvider["a"]) != 2 || len(byProvider["b"]) != 2 {
		t.Fatalf("ingested %v, want C1 and C2 from a, C3 and C4 from b", byProvider)
	}
	if st := r.State(); st[0].Failures != 1 {
		t.Fatalf("a failing partway: %+v, want one failure", st[0])
	}
}

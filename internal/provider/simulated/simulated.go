// Package simulated is the provider of a service with no provider keys: a
// deterministic random walk from the demo data set's latest quote of every
// asset, moving only while the asset's market trades (see tradinghours),
// so `make run` shows a live market with no network. The price at an
// instant is a pure function of the symbol and the instant: two instances
// (or a restart) quote the same numbers.
package simulated

import (
	"context"
	"hash/fnv"
	"math"
	"time"

	"github.com/marketpulse/api/internal/demo"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/tradinghours"
)

// Name is the provider's configuration name and provenance.
const Name = "simulated"

// DefaultStep is how often a simulated price moves.
const DefaultStep = 5 * time.Second

// MaxBatch is how many symbols one Quotes call may carry.
const MaxBatch = 500

// MaxBars is the most bars one Bars call answers (the newest are kept).
const MaxBars = 5000

// Options configure a Provider.
type Options struct {
	// Anchor is the day of the demo data set the walks start from (only
	// its UTC date matters); zero: the day of Now().
	Anchor time.Time
	// Now is the clock; nil: time.Now.
	Now func() time.Time
	// Step is how often prices move; zero: DefaultStep.
	Step time.Duration
	// Gate admits each call; nil: provider.Open.
	Gate provider.Gate
}

// asset is what one symbol's walk starts from.
type asset struct {
	demo.Latest
	session tradinghours.Session
	seed    uint64
	x0      float64 // the walk's value at the demo quote's AsOf
	sigma   float64 // log-return scale of one step
	dec     float64 // 10^decimals of a price
}

// Provider is the simulated provider. It is safe for concurrent use.
type Provider struct {
	now    func() time.Time
	step   time.Duration
	gate   provider.Gate
	assets map[string]*asset
}

var _ provider.Provider = (*Provider)(nil)

// New builds the provider over the demo data set of opts.Anchor.
func New(opts Options) *Provider {
	p := &Provider{now: opts.Now, step: opts.Step, gate: opts.Gate}
	if p.now == nil {
		p.now = time.Now
	}
	if p.step <= 0 {
		p.step = DefaultStep
	}
	if p.gate == nil {
		p.gate = provider.Open
	}
	anchor := opts.Anchor
	if anchor.IsZero() {
		anchor = p.now()
	}
	latest := demo.LatestQuotes(anchor)
	p.assets = make(map[string]*asset, len(latest))
	for _, l := range latest {
		p.assets[l.Symbol] = p.newAsset(l)
	}
	return p
}

// dailyVol is the daily log-return scale of each asset type.
var dailyVol = map[string]float64{
	"stock": 0.018, "etf": 0.010, "crypto": 0.035, "index": 0.009, "forex": 0.005, "commodity": 0.016,
}

func (p *Provider) newAsset(l demo.Latest) *asset {
	h := fnv.New64a()
	h.Write([]byte(l.Symbol))
	a := &asset{Latest: l, session: tradinghours.Of(l.Type), seed: h.Sum64(), dec: 100}
	if l.Quote.Price < 10 || l.Type == "forex" {
		a.dec = 1e4
	}
	if l.Quote.Price < 0.1 {
		a.dec = 1e6
	}
	tradingDay := 6.5 * float64(time.Hour)
	if a.session != tradinghours.NYSE {
		tradingDay = float64(24 * time.Hour)
	}
	vol, ok := dailyVol[l.Type]
	if !ok {
		vol = 0.015
	}
	a.sigma = vol / math.Sqrt(tradingDay/float64(p.step))
	a.x0 = a.walk(p.stepOf(l.Quote.AsOf))
	return a
}

// Name is "simulated".
func (p *Provider) Name() string { return Name }

// Capabilities are quotes, bars and profiles.
func (p *Provider) Capabilities() provider.Capability {
	return provider.CapQuotes | provider.CapBars | provider.CapProfile
}

// Supports is true for every asset type of the demo data set.
func (p *Provider) Supports(string) bool { return true }

// Limits: no quota, MaxBatch symbols per call.
func (p *Provider) Limits() provider.Limits { return provider.Limits{MaxBatch: MaxBatch} }

// Quotes are the simulated latest quotes of the known symbols.
func (p *Provider) Quotes(ctx context.Context, symbols []string) ([]market.QuoteInput, error) {
	if err := p.admit(ctx); err != nil {
		return nil, err
	}
	now := p.now()
	out := make([]market.QuoteInput, 0, len(symbols))
	for _, s := range symbols {
		if a, ok := p.assets[s]; ok {
			out = append(out, p.quote(a, now))
		}
	}
	if len(out) == 0 && len(symbols) > 0 {
		return nil, provider.ErrUnknownSymbol
	}
	return out, nil
}

// News is unsupported: the demo data set's articles are seeded, not walked.
func (p *Provider) News(context.Context, []string, time.Time) ([]news.ArticleInput, error) {
	return nil, provider.ErrUnsupported
}

// Profile describes a demo asset.
func (p *Provider) Profile(ctx context.Context, symbol string) (provider.Profile, error) {
	if err := p.admit(ctx); err != nil {
		return provider.Profile{}, err
	}
	a, ok := p.assets[symbol]
	if !ok {
		return provider.Profile{}, provider.ErrUnknownSymbol
	}
	return provider.Profile{
		Symbol: a.Symbol, Name: a.Name, Type: a.Type, Exchange: a.Exchange,
		Currency: a.Currency, Sector: a.Sector,
	}, nil
}

func (p *Provider) admit(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return p.gate.Admit(ctx)
}

// quote is a's quote at now: the price at the last traded step, the change
// from the close of the session before.
func (p *Provider) quote(a *asset, now time.Time) market.QuoteInput {
	at := a.session.LastTraded(now).Truncate(p.step)
	start := a.session.SessionStart(now)
	price := p.priceAt(a, at)
	prev := p.priceAt(a, a.session.LastTraded(start.Add(-time.Nanosecond)))
	change := math.Round((price-prev)*a.dec) / a.dec
	q := market.QuoteInput{
		Symbol: a.Symbol, Price: price, Change: change,
		ChangePct: math.Round(change/prev*1e4) / 100, AsOf: at, Provider: Name,
	}
	if span := at.Sub(start); span > 0 && a.Quote.Volume > 0 {
		q.Volume = int64(float64(a.Quote.Volume) * math.Min(1, span.Hours()/24*sessionScale(a.session)))
	}
	if a.Quote.MarketCap != nil {
		mc := math.Round(*a.Quote.MarketCap * price / a.Quote.Price)
		q.MarketCap = &mc
	}
	return q
}

// sessionScale turns hours of a session into its share of the day's volume.
func sessionScale(s tradinghours.Session) float64 {
	if s == tradinghours.NYSE {
		return 24 / 6.5
	}
	return 1
}

// priceAt is a's price at t (its market is taken to trade at t), rounded to
// its decimals and never below one unit of them.
func (p *Provider) priceAt(a *asset, t time.Time) float64 {
	x := a.walk(p.stepOf(t)) - a.x0
	v := math.Round(a.Quote.Price*math.Exp(a.sigma*x)*a.dec) / a.dec
	return math.Max(v, 1/a.dec)
}

func (p *Provider) stepOf(t time.Time) int64 { return t.UnixNano() / int64(p.step) }

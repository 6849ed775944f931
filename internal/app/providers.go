package app

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/valkey-io/valkey-go"
	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/provider/alphavantage"
	"github.com/marketpulse/api/internal/provider/coingecko"
	"github.com/marketpulse/api/internal/provider/feed"
	"github.com/marketpulse/api/internal/provider/finnhub"
	"github.com/marketpulse/api/internal/provider/simulated"
	"github.com/marketpulse/api/internal/provider/stooq"
	"github.com/marketpulse/api/internal/provider/yahoo"
	"github.com/marketpulse/api/internal/quota"
	"github.com/marketpulse/api/internal/refresh"
)

// providerSet is the configured providers: the quote, bar and news chains
// of each asset type, the feed reader (nil: no feed) and the budgets of
// the providers in them by name.
type providerSet struct {
	chains, barChains, newsChains map[string][]provider.Provider
	feed                          provider.Provider
	gates                         map[string]*quota.Gate // the budgets by provider name
}

// pausers are the gates as the refresher's Pausers.
func (s providerSet) pausers() map[string]refresh.Pauser {
	out := make(map[string]refresh.Pauser, len(s.gates))
	for n, g := range s.gates {
		out[n] = g
	}
	return out
}

// budgets are the gates as the refresher's Budgets.
func (s providerSet) budgets() map[string]refresh.Budget {
	out := make(map[string]refresh.Budget, len(s.gates))
	for n, g := range s.gates {
		out[n] = g
	}
	return out
}

// realProvider is one configured HTTP provider: whether it is enabled, its
// budget and how to build it on a gate.
type realProvider struct {
	enabled bool
	budget  quota.Budget
	build   func(provider.Config) provider.Provider
	key     string
	baseURL string
}

// realProviders are the HTTP providers of p by configuration name.
func realProviders(p config.Providers) map[string]realProvider {
	return map[string]realProvider{
		"finnhub": {p.FinnhubKey != "", quota.Budget{PerMinute: p.FinnhubPerMinute, PerDay: p.FinnhubPerDay},
			func(c provider.Config) provider.Provider { return finnhub.New(c) }, p.FinnhubKey, p.FinnhubURL},
		"alphavantage": {p.AlphaVantageKey != "", quota.Budget{PerMinute: p.AlphaVantagePerMinute, PerDay: p.AlphaVantagePerDay},
			func(c provider.Config) provider.Provider { return alphavantage.New(c) }, p.AlphaVantageKey, p.AlphaVantageURL},
		"coingecko": {p.CoinGeckoKey != "", quota.Budget{PerMinute: p.CoinGeckoPerMinute, PerDay: p.CoinGeckoPerDay},
			func(c provider.Config) provider.Provider { return coingecko.New(c) }, p.CoinGeckoKey, p.CoinGeckoURL},
		"yahoo": {p.YahooEnabled, quota.Budget{PerMinute: p.YahooPerMinute, PerDay: p.YahooPerDay},
			func(c provider.Config) provider.Provider { return yahoo.New(c) }, "", p.YahooURL},
		"stooq": {p.StooqEnabled, quota.Budget{PerMinute: p.StooqPerMinute, PerDay: p.StooqPerDay},
			func(c provider.Config) provider.Provider { return stooq.New(c) }, "", p.StooqURL},
	}
}

// newProviders builds the enabled providers, each behind its quota budget,
// and the chains of every asset type: the configured chain's providers
// that serve quotes, bars or news. A quote or bar chain with no enabled
// provider is the simulated one; a news chain may be empty.
func newProviders(cfg config.Config, budgets *quota.Store) providerSet {
	set := providerSet{chains: map[string][]provider.Provider{}, barChains: map[string][]provider.Provider{},
		newsChains: map[string][]provider.Provider{}, gates: map[string]*quota.Gate{}}
	built := buildProviders(cfg, budgets, set.gates)
	chainOf := map[string][]string{
		"stock": cfg.Providers.ChainEquity, "etf": cfg.Providers.ChainEquity, "index": cfg.Providers.ChainEquity,
		"crypto": cfg.Providers.ChainCrypto, "forex": cfg.Providers.ChainOther, "commodity": cfg.Providers.ChainOther,
	}
	sim := built["simulated"]
	for _, t := range assetTypes {
		for _, kind := range []struct {
			cap    provider.Capability
			chains map[string][]provider.Provider
		}{{provider.CapQuotes, set.chains}, {provider.CapBars, set.barChains}, {provider.CapNews, set.newsChains}} {
			for _, name := range chainOf[t] {
				if p, ok := built[name]; ok && p.Supports(t) && p.Capabilities().Has(kind.cap) {
					kind.chains[t] = append(kind.chains[t], p)
				}
			}
			if len(kind.chains[t]) == 0 && sim.Capabilities().Has(kind.cap) {
				kind.chains[t] = []provider.Provider{sim}
			}
		}
	}
	set.feed = newFeed(cfg, budgets, set.gates)
	return set
}

// newFeed is the reader of the configured news feeds behind its budget,
// or nil when none is configured.
func newFeed(cfg config.Config, budgets *quota.Store, gates map[string]*quota.Gate) provider.Provider {
	if len(cfg.Providers.Feeds) == 0 {
		return nil
	}
	feeds := make([]feed.Feed, len(cfg.Providers.Feeds))
	for i, u := range cfg.Providers.Feeds {
		feeds[i] = feed.Feed{URL: u}
	}
	gate := budgets.Gate(feed.Name, quota.Budget{PerMinute: cfg.Providers.FeedsPerMinute})
	gates[feed.Name] = gate
	client := &http.Client{Timeout: cfg.Providers.Timeout + time.Second}
	return feed.New(provider.Config{HTTP: client, Gate: gate, Timeout: cfg.Providers.Timeout}, feeds)
}

// newQuotaStore is the store of the providers' budgets: in the database,
// and shared with the other instances over Valkey when it is configured and
// reachable at start (otherwise each instance keeps its own).
func newQuotaStore(lc fx.Lifecycle, cfg config.Config, e Engine, log *slog.Logger) *quota.Store {
	budgets, done := openQuotaStore(cfg, e, log)
	lc.Append(fx.StopHook(done))
	return budgets
}

// openQuotaStore is newQuotaStore without the lifecycle: done releases the
// budgets' Valkey client, if any.
func openQuotaStore(cfg config.Config, e Engine, log *slog.Logger) (*quota.Store, func()) {
	log = log.With("component", "quota")
	var vk valkey.Client
	if cfg.Cache.ValkeyURL != "" {
		vk = dialQuotaValkey(cfg, log)
	}
	return quota.New(quota.Options{Storage: e.Quota(), Valkey: vk, Log: log}), func() {
		if vk != nil {
			vk.Close()
		}
	}
}

// dialQuotaValkey connects the budgets' Valkey client, or returns nil (and
// logs why) when Valkey cannot be reached now.
func dialQuotaValkey(cfg config.Config, log *slog.Logger) valkey.Client {
	opt, err := valkey.ParseURL(cfg.Cache.ValkeyURL)
	if err != nil {
		log.Warn("provider budgets stay on this instance: the Valkey URL does not parse")
		return nil
	}
	opt.Dialer.Timeout = cfg.Cache.DialTimeout
	opt.DisableCache = true
	vk, err := valkey.NewClient(opt)
	if err != nil {
		log.Warn("provider budgets stay on this instance: Valkey is unreachable at start", "err", err)
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.Cache.DialTimeout)
	defer cancel()
	if err := vk.Do(ctx, vk.B().Ping().Build()).Error(); err != nil {
		log.Warn("provider budgets stay on this instance: Valkey does not answer", "err", err)
		vk.Close()
		return nil
	}
	return vk
}

// buildProviders is the simulated provider and every enabled HTTP one by
// name, each behind its budget in budgets (recorded in gates).
func buildProviders(cfg config.Config, budgets *quota.Store, gates map[string]*quota.Gate) map[string]provider.Provider {
	client := &http.Client{Timeout: cfg.Providers.Timeout + time.Second}
	built := map[string]provider.Provider{"simulated": simulated.New(simulated.Options{})}
	for name, rp := range realProviders(cfg.Providers) {
		if !rp.enabled {
			continue
		}
		gate := budgets.Gate(name, rp.budget)
		gates[name] = gate
		built[name] = rp.build(provider.Config{BaseURL: rp.baseURL, APIKey: rp.key, HTTP: client, Gate: gate, Timeout: cfg.Providers.Timeout})
	}
	return built
}

// EnabledProviders are the providers cfg enables by name (the simulated one
// always), each behind its budget in e, shared over Valkey when it answers,
// for the commands. done releases the budgets' Valkey client.
func EnabledProviders(cfg config.Config, e Engine, log *slog.Logger) (ps map[string]provider.Provider, done func()) {
	budgets, done := openQuotaStore(cfg, e, log)
	return buildProviders(cfg, budgets, map[string]*quota.Gate{}), done
}

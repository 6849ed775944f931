package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/quota"
	"github.com/marketpulse/api/internal/refresh"
	"github.com/marketpulse/api/internal/telemetry"
)

// assetTypes are the asset types a provider chain is configured for.
var assetTypes = []string{"stock", "etf", "index", "crypto", "forex", "commodity"}

// newRefresher builds the refresher (nil when REFRESH_ENABLED is false) and
// runs it from start to stop over the configured provider chains (see
// newProviders).
func newRefresher(lc fx.Lifecycle, cfg config.Config, b *boards.Service, m *market.Service, n *news.Service, budgets *quota.Store, stale *staleRelay, t *telemetry.Telemetry, log *slog.Logger) (*refresh.Refresher, error) {
	if !cfg.Refresh.Enabled {
		return nil, nil
	}
	metrics, err := newProviderMetrics(t)
	if err != nil {
		return nil, err
	}
	limit := cfg.Refresh.MaxWatched
	o := refreshOptions(cfg, newProviders(cfg, budgets), m, n, log)
	o.Metrics = metrics
	o.Watched = func(ctx context.Context) ([]refresh.Watch, error) {
		ws, err := b.Watched(ctx, limit)
		out := make([]refresh.Watch, len(ws))
		for i, w := range ws {
			out[i] = refresh.Watch{Symbol: w.Symbol, Type: w.Type, Demand: true}
		}
		return out, err
	}
	r := refresh.New(o)
	if err := t.Registry.Register(providerState{r}); err != nil {
		return nil, fmt.Errorf("register provider state metrics: %w", err)
	}
	lc.Append(fx.Hook{
		OnStart: func(context.Context) error { stale.r.Store(r); r.Start(); return nil },
		OnStop:  func(context.Context) error { stale.r.Store(nil); r.Stop(); return nil },
	})
	return r, nil
}

// refreshOptions are the options of a refresher over set writing to m and
// n, without Watched (the server's watches the dashboards; the backfill
// command's watches nothing).
func refreshOptions(cfg config.Config, set providerSet, m *market.Service, n *news.Service, log *slog.Logger) refresh.Options {
	o := refresh.Options{
		Chains: set.chains, BarChains: set.barChains, NewsChains: set.newsChains, Feed: set.feed,
		Pausers: set.pausers(), Budgets: set.budgets(),
		AssetType: func(ctx context.Context, symbol string) (string, error) {
			a, _, err := m.Asset(ctx, symbol)
			if err != nil {
				return "", err
			}
			return a.Asset.Type, nil
		},
		Ingest: m, IngestBars: m, LastBar: m.LastBar, IngestNews: n,
		NewsEvery: cfg.Refresh.News, BackfillDays: cfg.Refresh.BackfillDays, SlowPerMinute: cfg.Refresh.SlowPerMinute,
		Freshness: freshness(cfg.Refresh),
		Tick:      cfg.Refresh.Interval,
		Log:       log.With("component", "refresh"),
	}
	switch cfg.Refresh.Bars {
	case "off":
		o.BarChains = nil
	case "daily":
	default:
		o.Intraday = market.Interval(cfg.Refresh.Bars)
	}
	return o
}

// freshness maps the configured targets onto the asset types.
func freshness(c config.Refresh) map[string]time.Duration {
	return map[string]time.Duration{
		"crypto": c.Crypto, "stock": c.Equity, "etf": c.Equity, "index": c.Equity,
		"forex": c.Other, "commodity": c.Other,
	}
}

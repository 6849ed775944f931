package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/refresh"
)

// BackfillResult is what Backfill wrote.
type BackfillResult struct {
	Symbol string
	refresh.BarsResult
}

// Backfill fetches the daily bars of the asset of symbol from from (zero:
// REFRESH_BACKFILL_DAYS back) through its type's bar chain, within the
// providers' budgets (shared over Valkey when it answers), and ingests
// them through the market domain, whose cache invalidation reaches every
// instance over Valkey. An unknown symbol is NotFound.
func Backfill(ctx context.Context, cfg config.Config, e Engine, log *slog.Logger, symbol string, from time.Time) (BackfillResult, error) {
	c, err := cache.New(cache.Config{
		ValkeyURL: cfg.Cache.ValkeyURL, DialTimeout: cfg.Cache.DialTimeout, CallTimeout: cfg.Cache.CallTimeout,
		ProbeInterval: cfg.Cache.ProbeInterval, BreakerThreshold: cfg.Cache.BreakerThreshold,
	}, log.With("component", "cache"))
	if err != nil {
		return BackfillResult{}, err
	}
	defer c.Close()
	m := market.New(market.Deps{Storage: e.Market(), Cache: c, AssetTTL: cfg.Cache.AssetsTTL, QuoteTTL: cfg.Cache.QuotesTTL, BarTTL: cfg.Cache.HistoryTTL})
	a, _, err := m.Asset(ctx, symbol)
	if err != nil {
		return BackfillResult{}, err
	}
	budgets, done := openQuotaStore(cfg, e, log)
	defer done()
	set := newProviders(cfg, budgets)
	o := refreshOptions(cfg, set, m, news.New(news.Deps{Storage: e.News()}), log)
	o.BarChains = set.barChains // REFRESH_BARS=off stops the polls, not an explicit backfill
	o.Watched = func(context.Context) ([]refresh.Watch, error) { return nil, nil }
	r := refresh.New(o)
	now := time.Now().UTC()
	if from.IsZero() {
		from = now.Truncate(24*time.Hour).AddDate(0, 0, -cfg.Refresh.BackfillDays)
	}
	res, err := r.Backfill(ctx, a.Asset.Symbol, a.Asset.Type, from)
	out := BackfillResult{Symbol: a.Asset.Symbol, BarsResult: res}
	if err != nil {
		return out, fmt.Errorf("backfill %s: %w", symbol, err)
	}
	return out, nil
}

package app

import (
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/hotkeys"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/store"
)

// newMarket builds the market domain (assets, quotes, price history) on
// the database and the cache.
func newMarket(cfg config.Config, d *store.DB, c *cache.Cache, hot *hotkeys.Recorder, relay *quoteRelay) *market.Service {
	return market.New(market.Deps{
		DB: d, Cache: c, Hot: hot,
		AssetTTL: cfg.Cache.AssetsTTL, QuoteTTL: cfg.Cache.QuotesTTL, BarTTL: cfg.Cache.HistoryTTL,
		Changed: relay.changed,
	})
}

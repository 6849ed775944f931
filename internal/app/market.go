package app

import (
	"sync/atomic"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/hotkeys"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/refresh"
)

// newMarket builds the market domain (assets, quotes, price history) on
// the database and the cache.
func newMarket(cfg config.Config, e Engine, c *cache.Cache, hot *hotkeys.Recorder, stale *staleRelay, relay *changeRelay) *market.Service {
	return market.New(market.Deps{
		Storage: e.Market(), Cache: c, Hot: hot, OnStale: stale.notify,
		AssetTTL: cfg.Cache.AssetsTTL, QuoteTTL: cfg.Cache.QuotesTTL, BarTTL: cfg.Cache.HistoryTTL,
		StaleAfter: staleAfter(cfg), Changed: relay.market,
	})
}

// staleRelay hands the market's stale reads to the refresher, which is
// built after the market (it writes through it).
type staleRelay struct {
	r atomic.Pointer[refresh.Refresher]
}

func newStaleRelay() *staleRelay { return &staleRelay{} }

// notify starts an on-demand fetch of symbol (never blocking the read).
func (s *staleRelay) notify(symbol string) {
	if r := s.r.Load(); r != nil {
		r.DemandSymbol(symbol)
	}
}

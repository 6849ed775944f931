package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/store"
)

// services are the domain services measured, uncached: news has no cache
// at all (Deps.Cache nil), and the market's L1 (no L2 is configured) is
// emptied before every measured call, outside the timing (flush).
type services struct {
	market *market.Service
	news   *news.Service
	cache  *cache.Cache
	admins []cache.Admin
}

func newServices(d *store.DB) (*services, error) {
	c, err := cache.New(cache.Config{}, nil)
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	m := market.New(market.Deps{Storage: market.SQLite(d), Cache: c, AssetTTL: minute, QuoteTTL: minute, BarTTL: minute})
	return &services{
		market: m,
		news:   news.New(news.Deps{Storage: news.SQLite(d)}),
		cache:  c,
		admins: m.CacheAdmins(),
	}, nil
}

// flush empties the market's cache namespaces.
func (s *services) flush(ctx context.Context) {
	for _, a := range s.admins {
		a.InvalidateAll(ctx)
	}
}

func (s *services) close() error {
	s.cache.Close()
	return errors.Join(s.cache.Check())
}

package app

import (
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/store"
)

// newNews is the news domain on the server's database and cache. Nobody
// listens to its changes yet.
func newNews(cfg config.Config, d *store.DB, c *cache.Cache) *news.Service {
	return news.New(news.Deps{
		DB: d, Cache: c, TTL: cfg.Cache.NewsTTL,
		SearchTimeout: cfg.News.SearchTimeout, SearchConcurrency: cfg.News.SearchConcurrency,
	})
}

package app

import (
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/news"
)

// newNews is the news domain on the server's database and cache; its new
// articles go to the streams.
func newNews(cfg config.Config, e Engine, c *cache.Cache, relay *changeRelay) *news.Service {
	return news.New(news.Deps{
		Storage: e.News(), Cache: c, TTL: cfg.Cache.NewsTTL, Changed: relay.news,
		SearchTimeout: cfg.News.SearchTimeout, SearchConcurrency: cfg.News.SearchConcurrency,
	})
}

package app

import (
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/store"
)

// newBoards builds the dashboards and widgets service. Nobody listens to its
// changes yet (the dashboard stream will).
func newBoards(d *store.DB, c *cache.Cache) *boards.Service {
	return boards.New(boards.Deps{DB: d, Cache: c})
}

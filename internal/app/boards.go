package app

import (
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/store"
)

// newBoards builds the dashboards and widgets service; its changes go to
// the dashboard streams.
func newBoards(d *store.DB, c *cache.Cache, relay *changeRelay) *boards.Service {
	return boards.New(boards.Deps{Storage: boards.SQLite(d), Cache: c, Changed: relay.boards})
}

package app

import (
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/cache"
)

// newBoards builds the dashboards and widgets service; its changes go to
// the dashboard streams.
func newBoards(e Engine, c *cache.Cache, relay *changeRelay) *boards.Service {
	return boards.New(boards.Deps{Storage: e.Boards(), Cache: c, Changed: relay.boards})
}

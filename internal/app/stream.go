package app

import (
	"context"
	"sync/atomic"

	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/httpapi"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/stream"
)

// newStreamHub is the stream room of this instance.
func newStreamHub(cfg config.Config) *stream.Hub {
	return stream.NewHub(stream.Options{
		ReplaySize: cfg.Stream.ReplaySize, MaxPending: cfg.Stream.MaxPending, MaxPerClient: cfg.Stream.MaxPerClient,
	})
}

// quoteRelay carries market changes to the handler that publishes them; it
// breaks the cycle market → handler → market.
type quoteRelay struct {
	h atomic.Pointer[httpapi.Handler]
}

func newQuoteRelay() *quoteRelay { return &quoteRelay{} }

// changed is market.Deps.Changed: it publishes changed quotes to the hub.
func (q *quoteRelay) changed(c market.Change) {
	if h := q.h.Load(); h != nil {
		h.PublishQuotes(context.Background(), c)
	}
}

// closeStreamsFirst closes every stream, with a retry: hint, when the
// service stops. It is invoked after the listener is built, so that its stop
// hook runs before the server drains (open streams would hold the drain).
func closeStreamsFirst(lc fx.Lifecycle, hub *stream.Hub) {
	lc.Append(fx.StopHook(hub.Close))
}

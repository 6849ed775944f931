package app

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/marketpulse/api/internal/telemetry"

	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/httpapi"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/stream"
)

// newStreamHub is the stream room of this instance.
func newStreamHub(cfg config.Config, t *telemetry.Telemetry) (*stream.Hub, error) {
	h := stream.NewHub(stream.Options{
		ReplaySize: cfg.Stream.ReplaySize, MaxPending: cfg.Stream.MaxPending, MaxPerClient: cfg.Stream.MaxPerClient,
	})
	stat := func(f func(stream.Stats) uint64) func() float64 {
		return func() float64 { return float64(f(h.Stats())) }
	}
	err := errors.Join(
		t.Registry.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "stream_open", Help: "Open server-sent event streams.",
		}, stat(func(s stream.Stats) uint64 { return s.Open }))),
		t.Registry.Register(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "stream_events_coalesced_total", Help: "Undelivered stream events replaced by a newer one of the same symbol.",
		}, stat(func(s stream.Stats) uint64 { return s.Coalesced }))),
		t.Registry.Register(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "stream_events_dropped_total", Help: "Stream events dropped with their slow consumer.",
		}, stat(func(s stream.Stats) uint64 { return s.Dropped }))),
		t.Registry.Register(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "stream_slow_consumers_dropped_total", Help: "Streams closed because their consumer could not keep up.",
		}, stat(func(s stream.Stats) uint64 { return s.SlowDropped }))),
	)
	if err != nil {
		return nil, fmt.Errorf("register stream metrics: %w", err)
	}
	return h, nil
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

package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/valkey-io/valkey-go"
	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/httpapi"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/stream"
	"github.com/marketpulse/api/internal/stream/fanout"
	"github.com/marketpulse/api/internal/telemetry"
)

// streamChannel is the Valkey channel the instances' streams share.
const streamChannel = "marketpulse:stream"

// newStreamHub is the stream room of this instance.
func newStreamHub(cfg config.Config, t *telemetry.Telemetry) (*stream.Hub, error) {
	h := stream.NewHub(stream.Options{
		ReplaySize: cfg.Stream.ReplaySize, MaxPending: cfg.Stream.MaxPending,
		MaxPerClient: cfg.Stream.MaxPerClient, MaxPerUser: cfg.Stream.MaxPerUser,
	})
	stat := func(f func(stream.Stats) uint64) func() float64 {
		return func() float64 { return float64(f(h.Stats())) }
	}
	counter := func(name, help string, f func(stream.Stats) uint64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, stat(f))
	}
	err := errors.Join(
		t.Registry.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "stream_open", Help: "Open server-sent event streams.",
		}, stat(func(s stream.Stats) uint64 { return s.Open }))),
		t.Registry.Register(counter("stream_events_published_total", "Events published to this instance's streams.",
			func(s stream.Stats) uint64 { return s.Published })),
		t.Registry.Register(counter("stream_events_coalesced_total", "Undelivered stream events replaced by a newer one of the same symbol.",
			func(s stream.Stats) uint64 { return s.Coalesced })),
		t.Registry.Register(counter("stream_events_dropped_total", "Stream events dropped with their slow consumer.",
			func(s stream.Stats) uint64 { return s.Dropped })),
		t.Registry.Register(counter("stream_slow_consumers_dropped_total", "Streams closed because their consumer could not keep up.",
			func(s stream.Stats) uint64 { return s.SlowDropped })),
	)
	if err != nil {
		return nil, fmt.Errorf("register stream metrics: %w", err)
	}
	return h, nil
}

// streamSent observes events written to streams: a counter and the fan-out
// latency, from the publish (on any instance) to the write.
type streamSent struct {
	latency prometheus.Histogram
}

func newStreamSent(t *telemetry.Telemetry) (*streamSent, error) {
	s := &streamSent{latency: prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "stream_fanout_seconds",
		Help:    "Time from an event's publish, on any instance, to its write to a stream; the count is the events sent.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	})}
	if err := t.Registry.Register(s.latency); err != nil {
		return nil, fmt.Errorf("register stream metrics: %w", err)
	}
	return s, nil
}

func (s *streamSent) observe(d time.Duration) { s.latency.Observe(d.Seconds()) }

// newStreamRelay connects this instance's hub to the others' over Valkey,
// when one is configured; it stops after the hub closed the streams.
func newStreamRelay(lc fx.Lifecycle, cfg config.Config, hub *stream.Hub, t *telemetry.Telemetry, log *slog.Logger) (*fanout.Relay, error) {
	o := fanout.Options{Channel: streamChannel, Log: log}
	if cfg.Cache.ValkeyURL != "" {
		opt, err := valkey.ParseURL(cfg.Cache.ValkeyURL)
		if err != nil {
			return nil, fmt.Errorf("VALKEY_URL: %w", err)
		}
		opt.Dialer.Timeout = cfg.Cache.DialTimeout
		opt.DisableCache = true
		o.Valkey = &opt
	}
	r := fanout.New(hub, o)
	if err := t.Registry.Register(prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "stream_fanout_lost_total", Help: "Stream messages that could not be sent to the other instances (Valkey down or the queue full).",
	}, func() float64 { return float64(r.Lost()) })); err != nil {
		return nil, fmt.Errorf("register stream metrics: %w", err)
	}
	lc.Append(fx.StartStopHook(r.Start, r.Close))
	return r, nil
}

// changeRelay carries the domains' changes to the handler that publishes
// them; it breaks the cycles domain → handler → domain.
type changeRelay struct {
	h atomic.Pointer[httpapi.Handler]
}

func newChangeRelay() *changeRelay { return &changeRelay{} }

// market is market.Deps.Changed: it publishes changed quotes.
func (q *changeRelay) market(c market.Change) {
	if h := q.h.Load(); h != nil {
		h.PublishQuotes(context.Background(), c)
	}
}

// news is news.Deps.Changed: it publishes new articles.
func (q *changeRelay) news(c news.Change) {
	if h := q.h.Load(); h != nil {
		h.PublishNews(context.Background(), c)
	}
}

// boards is boards.Deps.Changed: it publishes dashboard changes.
func (q *changeRelay) boards(c boards.Change) {
	if h := q.h.Load(); h != nil {
		h.PublishDashboard(c)
	}
}

// account is account.Deps.Changed: it closes the streams of ended sessions.
func (q *changeRelay) account(c account.Change) {
	if h := q.h.Load(); h != nil {
		h.AccountChanged(c)
	}
}

// closeStreamsFirst closes every stream, with a retry: hint, when the
// service stops. It is invoked after the listener is built, so that its stop
// hook runs before the server drains (open streams would hold the drain).
func closeStreamsFirst(lc fx.Lifecycle, hub *stream.Hub) {
	lc.Append(fx.StopHook(hub.Close))
}

package app

import (
	"context"
	"log/slog"
	"time"

	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/hotkeys"
	"github.com/marketpulse/api/internal/httpapi"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/telemetry"
)

// newCache starts the two-tier cache; it never waits for Valkey.
func newCache(lc fx.Lifecycle, cfg config.Config, log *slog.Logger) (*cache.Cache, error) {
	c, err := cache.New(cache.Config{
		L1MaxBytes:       cfg.Cache.L1MaxBytes,
		NotFoundTTL:      cfg.Cache.NotFoundTTL,
		ValkeyURL:        cfg.Cache.ValkeyURL,
		DialTimeout:      cfg.Cache.DialTimeout,
		CallTimeout:      cfg.Cache.CallTimeout,
		ProbeInterval:    cfg.Cache.ProbeInterval,
		BreakerThreshold: cfg.Cache.BreakerThreshold,
		DownL1TTL:        cfg.Cache.DownL1TTL,
	}, log.With("component", "cache"))
	if err != nil {
		return nil, err
	}
	lc.Append(fx.StopHook(c.Close))
	return c, nil
}

func newTelemetry(lc fx.Lifecycle) (*telemetry.Telemetry, error) {
	t, err := telemetry.New()
	if err != nil {
		return nil, err
	}
	lc.Append(fx.StopHook(t.Shutdown))
	return t, nil
}

// newHotkeys counts cache reads and flushes them to cache_metadata in the
// background until stop.
func newHotkeys(lc fx.Lifecycle, cfg config.Config, e Engine, log *slog.Logger) *hotkeys.Recorder {
	r := hotkeys.NewRecorder(e.Hotkeys(), map[string]time.Duration{string(market.NamespaceAsset): cfg.Cache.AssetsTTL}, 10_000, log.With("component", "hotkeys"))
	inBackground(lc, func(ctx context.Context) { r.Run(ctx, cfg.Cache.HitFlush) })
	return r
}

// warmAtStart preloads the hottest keys in the background once serving.
func warmAtStart(lc fx.Lifecycle, cfg config.Config, h *httpapi.Handler, log *slog.Logger) {
	if cfg.Cache.WarmTop == 0 {
		return
	}
	inBackground(lc, func(ctx context.Context) {
		res, err := h.Warm(ctx, cfg.Cache.WarmTop)
		if err != nil {
			log.Warn("cache warm-up failed", "err", err)
			return
		}
		log.Info("cache warmed", "loaded", res.Loaded, "failed", res.Failed)
	})
}

// inBackground runs fn in a goroutine from start until stop, which cancels
// fn's context and waits for fn to return (or for the stop deadline).
func inBackground(lc fx.Lifecycle, fn func(ctx context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	lc.Append(fx.Hook{
		OnStart: func(context.Context) error {
			go func() { defer close(done); fn(ctx) }()
			return nil
		},
		OnStop: func(stopCtx context.Context) error {
			cancel()
			select {
			case <-done:
				return nil
			case <-stopCtx.Done():
				return stopCtx.Err()
			}
		},
	})
}

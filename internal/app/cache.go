package app

import (
	"log/slog"

	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
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

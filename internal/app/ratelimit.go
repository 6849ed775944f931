package app

import (
	"fmt"
	"log/slog"
	"net/url"

	"github.com/valkey-io/valkey-go"
	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/ratelimit"
)

// newRateLimits shares the rate limits and login throttles of the
// instances over Valkey when one is configured (nil otherwise: each
// instance keeps its own). It never waits for Valkey, and stops after the
// router and the account service that use it.
func newRateLimits(lc fx.Lifecycle, cfg config.Config, log *slog.Logger) (*ratelimit.Cluster, error) {
	if cfg.Cache.ValkeyURL == "" {
		return nil, nil
	}
	opt, err := valkey.ParseURL(cfg.Cache.ValkeyURL)
	if err != nil {
		if uerr, ok := err.(*url.Error); ok {
			err = uerr.Err // url.Error repeats the URL, credentials included
		}
		return nil, fmt.Errorf("VALKEY_URL: %w", err)
	}
	c := ratelimit.NewCluster(ratelimit.ClusterOptions{
		Valkey: opt, DialTimeout: cfg.Cache.DialTimeout, CallTimeout: cfg.Cache.CallTimeout,
		ProbeInterval: cfg.Cache.ProbeInterval, BreakerThreshold: cfg.Cache.BreakerThreshold,
		Log: log.With("component", "ratelimit"),
	})
	lc.Append(fx.StopHook(c.Close))
	return c, nil
}

package app

import (
	"context"
	"log/slog"
	"time"

	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/store"
)

// newAccount builds the account service: password hasher, login throttles,
// token cache. It stops before the cache and the database it uses.
func newAccount(lc fx.Lifecycle, cfg config.Config, d *store.DB, c *cache.Cache, log *slog.Logger) (*account.Service, error) {
	s, err := account.New(account.Deps{DB: d, Cache: c, Log: log, Auth: cfg.Auth, AdminToken: cfg.AdminToken})
	if err != nil {
		return nil, err
	}
	lc.Append(fx.StopHook(s.Close))
	return s, nil
}

// ensureAdmin makes ADMIN_EMAIL an active admin at start, before the
// listener serves, when ADMIN_EMAIL and ADMIN_PASSWORD are set.
func ensureAdmin(lc fx.Lifecycle, cfg config.Config, a *account.Service, log *slog.Logger) {
	if cfg.Auth.AdminEmail == "" || cfg.Auth.AdminPassword == "" {
		return
	}
	lc.Append(fx.StartHook(func(ctx context.Context) error {
		outcome, err := a.EnsureAdmin(ctx, cfg.Auth.AdminEmail, cfg.Auth.AdminPassword)
		if err != nil {
			return err
		}
		log.Info("admin account", "email", cfg.Auth.AdminEmail, "outcome", outcome)
		return nil
	}))
}

// sweepSessions deletes expired sessions at start and then every
// cfg.Auth.SessionSweepEvery until the application stops.
func sweepSessions(lc fx.Lifecycle, cfg config.Config, d *store.DB, log *slog.Logger) {
	inBackground(lc, func(ctx context.Context) {
		t := time.NewTicker(cfg.Auth.SessionSweepEvery)
		defer t.Stop()
		for {
			n, err := account.SweepExpiredSessions(ctx, d, time.Now())
			switch {
			case err != nil && ctx.Err() == nil:
				log.Warn("sweep expired sessions", "err", err)
			case n > 0:
				log.Info("expired sessions deleted", "count", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
}

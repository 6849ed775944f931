package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/ratelimit"
)

// newAccount builds the account service: password hasher, login throttles,
// token cache. It stops before the cache and the database it uses.
func newAccount(lc fx.Lifecycle, cfg config.Config, e Engine, c *cache.Cache, log *slog.Logger, relay *changeRelay,
	limits *ratelimit.Cluster) (*account.Service, error) {
	s, err := account.New(account.Deps{
		Storage: e.Account(), Cache: c, Log: log, Auth: cfg.Auth, AdminToken: cfg.AdminToken, Changed: relay.account,
		RateLimits: limits,
	})
	if err != nil {
		return nil, err
	}
	lc.Append(fx.StopHook(s.Close))
	return s, nil
}

// ensureAdmin creates the ADMIN_EMAIL admin at start, before the listener
// serves, when ADMIN_EMAIL and ADMIN_PASSWORD are set. The start fails when
// a non-admin account holds that email: it is never promoted here.
func ensureAdmin(lc fx.Lifecycle, cfg config.Config, a *account.Service, log *slog.Logger) {
	if cfg.Auth.AdminEmail == "" || cfg.Auth.AdminPassword == "" {
		return
	}
	email := cfg.Auth.AdminEmail
	lc.Append(fx.StartHook(func(ctx context.Context) error {
		outcome, err := a.EnsureAdmin(ctx, email, cfg.Auth.AdminPassword)
		if errors.Is(err, account.ErrNotAdmin) {
			return fmt.Errorf("ADMIN_EMAIL %s: %w; promote it explicitly (marketpulse user promote %s, or "+
				"PATCH /api/admin/users/{id} with {\"role\":\"admin\"} as an admin) or set another ADMIN_EMAIL", email, err, email)
		}
		if err != nil {
			return err
		}
		log.Info("admin account", "email", cfg.Auth.AdminEmail, "outcome", outcome)
		return nil
	}))
}

// ticketSweepBatch bounds the expired stream tickets one sweep deletes: a
// ticket lives 30 s, so a sweep every SESSION_SWEEP_EVERY keeps up.
const ticketSweepBatch = 10000

// sweepSessions deletes expired sessions (and stream tickets) at start and then every
// cfg.Auth.SessionSweepEvery until the application stops.
func sweepSessions(lc fx.Lifecycle, cfg config.Config, e Engine, log *slog.Logger) {
	inBackground(lc, func(ctx context.Context) {
		t := time.NewTicker(cfg.Auth.SessionSweepEvery)
		defer t.Stop()
		for {
			n, err := account.SweepExpiredSessions(ctx, e.Account(), time.Now())
			switch {
			case err != nil && ctx.Err() == nil:
				log.Warn("sweep expired sessions", "err", err)
			case n > 0:
				log.Info("expired sessions deleted", "count", n)
			}
			if _, err := boards.SweepExpiredTickets(ctx, e.Boards(), time.Now(), ticketSweepBatch); err != nil && ctx.Err() == nil {
				log.Warn("sweep expired stream tickets", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
}

package app

import (
	"context"
	"log/slog"
	"time"

	"go.uber.org/fx"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/store"
)

// sweepBatch bounds one DELETE, so the writer is never held for long.
const sweepBatch = 500

// SweepExpiredSessions deletes every session expired at now, in batches,
// and returns how many it deleted.
func SweepExpiredSessions(ctx context.Context, d *store.DB, now time.Time) (int64, error) {
	var total int64
	for {
		n, err := d.Write.DeleteExpiredSessions(ctx, db.DeleteExpiredSessionsParams{Now: now, MaxRows: sweepBatch})
		total += n
		if err != nil || n < sweepBatch {
			return total, err
		}
	}
}

// sweepSessions deletes expired sessions at start and then every
// cfg.Auth.SessionSweepEvery until the application stops. Expired tokens are
// already refused; this only keeps the table small.
func sweepSessions(lc fx.Lifecycle, cfg config.Config, d *store.DB, log *slog.Logger) {
	inBackground(lc, func(ctx context.Context) {
		t := time.NewTicker(cfg.Auth.SessionSweepEvery)
		defer t.Stop()
		for {
			n, err := SweepExpiredSessions(ctx, d, time.Now())
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

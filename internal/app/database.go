package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"go.opentelemetry.io/otel/metric"

	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/store"
)

// OpenAndMigrate opens the database and applies or verifies the embedded
// migrations according to cfg.Migrate. Also used by the CLI subcommands
// (with a nil meter).
func OpenAndMigrate(ctx context.Context, cfg config.DB, log *slog.Logger, meter metric.Meter) (*store.DB, error) {
	d, err := store.Open(ctx, cfg.Path, store.Options{
		BusyTimeout: cfg.BusyTimeout, ReadConns: cfg.ReadConns,
		Meter: meter, SlowQuery: cfg.SlowQuery, Log: log,
	})
	if err != nil {
		return nil, err
	}
	if err := migrateDB(ctx, d, cfg.Migrate, log); err != nil {
		return nil, errors.Join(err, d.Close())
	}
	return d, nil
}

func migrateDB(ctx context.Context, d *store.DB, mode string, log *slog.Logger) error {
	dir, err := migrate.Embedded()
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	m := migrate.New(d.Writer, dir, log)
	if mode == "verify" {
		if err := m.Verify(ctx); err != nil {
			return fmt.Errorf("database schema is not current (DB_MIGRATE=verify): %w", err)
		}
		return nil
	}
	applied, err := m.Up(ctx, 0)
	if err != nil {
		return fmt.Errorf("migrate database: %w", err)
	}
	if len(applied) > 0 {
		log.Info("applied migrations", "versions", applied)
	}
	return nil
}

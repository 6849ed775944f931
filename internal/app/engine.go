package app

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"

	"go.opentelemetry.io/otel/metric"
	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/hotkeys"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/pgstore"
	"github.com/marketpulse/api/internal/quota"
	"github.com/marketpulse/api/internal/store"
	"github.com/marketpulse/api/internal/telemetry"
)

// Engine is the database the service runs on: the SQLite file at
// DATABASE_PATH (the embedded default) or, with DATABASE_URL, PostgreSQL.
// Exactly one of SQLite and Postgres is set. The domains get their storage
// from it; nothing else in the service asks which engine it is.
type Engine struct {
	SQLite   *store.DB
	Postgres *pgstore.DB
}

// openEngine opens the configured engine for the application's lifetime.
func openEngine(lc fx.Lifecycle, cfg config.Config, log *slog.Logger, t *telemetry.Telemetry) (Engine, error) {
	e, err := OpenEngine(context.Background(), cfg.DB, log, t.Meter)
	if err != nil {
		return Engine{}, err
	}
	lc.Append(fx.StopHook(e.Close))
	return e, nil
}

// OpenEngine opens the engine cfg names and applies or verifies its
// embedded migrations according to cfg.Migrate; on PostgreSQL under an
// advisory lock, so that instances starting together apply each migration
// once. Also used by the CLI commands (with a nil meter).
func OpenEngine(ctx context.Context, cfg config.DB, log *slog.Logger, meter metric.Meter) (Engine, error) {
	if cfg.URL == "" {
		d, err := OpenAndMigrate(ctx, cfg, log, meter)
		return Engine{SQLite: d}, err
	}
	d, err := pgstore.Open(ctx, cfg.URL, pgstore.Options{
		MaxConns:        int32(poolSize(cfg.ReadConns)),
		ApplicationName: "marketpulse",
	})
	if err != nil {
		return Engine{}, err
	}
	if err := migratePostgres(ctx, d, cfg.Migrate, log); err != nil {
		d.Close()
		return Engine{}, err
	}
	log.Info("database", "engine", "postgres", "url", d.URL())
	return Engine{Postgres: d}, nil
}

// poolSize is DB_READ_CONNS, or 2×GOMAXPROCS (at least 4) when 0, as
// SQLite's read pool; PostgreSQL's one pool also carries the writes.
func poolSize(n int) int {
	if n > 0 {
		return n
	}
	return max(2*runtime.GOMAXPROCS(0), 4)
}

func migratePostgres(ctx context.Context, d *pgstore.DB, mode string, log *slog.Logger) error {
	if mode == "verify" {
		dir, err := migrate.EmbeddedPostgres()
		if err != nil {
			return fmt.Errorf("load migrations: %w", err)
		}
		if err := migrate.NewPostgres(d, dir, log).Verify(ctx); err != nil {
			return fmt.Errorf("database schema is not current (DB_MIGRATE=verify): %w", err)
		}
		return nil
	}
	applied, err := migrate.UpPostgres(ctx, d, log)
	if err != nil {
		return fmt.Errorf("migrate database: %w", err)
	}
	if len(applied) > 0 {
		log.Info("applied migrations", "versions", applied)
	}
	return nil
}

// Close closes the engine's connections.
func (e Engine) Close() error {
	if e.Postgres != nil {
		e.Postgres.Close()
		return nil
	}
	if e.SQLite != nil {
		return e.SQLite.Close()
	}
	return nil
}

// String names the database for people: the SQLite file's path, or the
// PostgreSQL URL without its password.
func (e Engine) String() string {
	if e.Postgres != nil {
		return e.Postgres.URL()
	}
	return e.SQLite.Path()
}

func (e Engine) Market() market.Storage {
	if e.Postgres != nil {
		return market.Postgres(e.Postgres)
	}
	return market.SQLite(e.SQLite)
}

func (e Engine) News() news.Storage {
	if e.Postgres != nil {
		return news.Postgres(e.Postgres)
	}
	return news.SQLite(e.SQLite)
}

func (e Engine) Boards() boards.Storage {
	if e.Postgres != nil {
		return boards.Postgres(e.Postgres)
	}
	return boards.SQLite(e.SQLite)
}

func (e Engine) Account() account.Storage {
	if e.Postgres != nil {
		return account.Postgres(e.Postgres)
	}
	return account.SQLite(e.SQLite)
}

func (e Engine) Quota() quota.Storage {
	if e.Postgres != nil {
		return quota.Postgres(e.Postgres)
	}
	return quota.SQLite(e.SQLite)
}

func (e Engine) Hotkeys() hotkeys.Storage {
	if e.Postgres != nil {
		return hotkeys.Postgres(e.Postgres)
	}
	return hotkeys.SQLite(e.SQLite)
}

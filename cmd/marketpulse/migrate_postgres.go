package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/pgstore"
)

// What `migrate` does not do on PostgreSQL, each in one line with what to
// do instead.
var (
	errPostgresDown = errors.New("migrate down does not run on PostgreSQL: write a new migration that undoes " +
		"the change (or restore a backup); unset DATABASE_URL to revert the SQLite file")
	errPostgresDiff = errors.New("migrate diff plans SQLite migrations only (atlas OSS cannot plan the PostgreSQL " +
		"functions and text search objects): write schema/postgres/migrations/VERSION_NAME.sql by hand, then run " +
		"`marketpulse migrate hash --dir schema/postgres/migrations` and, with DATABASE_URL set, `marketpulse migrate validate`")
	errPostgresLint = errors.New("migrate lint checks the SQLite migrations only: unset DATABASE_URL to lint them; " +
		"review a PostgreSQL migration by hand and check it with `marketpulse migrate validate` (DATABASE_URL set)")
)

// migratePostgres runs the migrate subcommands on the PostgreSQL database
// at DATABASE_URL with the PostgreSQL migrations compiled into the binary.
// hash works on a directory, as without DATABASE_URL.
func migratePostgres(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if args[0] == "hash" {
		return migrateDir(ctx, args[0], args[1:], stdout)
	}
	n, err := postgresArgs(args)
	if err != nil {
		return err
	}
	dir, err := migrate.EmbeddedPostgres()
	if err != nil {
		return err
	}
	// Two connections: Up holds the advisory lock on one.
	d, err := pgstore.Open(ctx, cfg.DB.URL, pgstore.Options{MaxConns: 2, ApplicationName: "marketpulse migrate"})
	if err != nil {
		return err
	}
	defer d.Close()
	m := migrate.NewPostgres(d, dir, log)
	switch args[0] {
	case "status":
		st, err := m.Status(ctx)
		if err != nil {
			return err
		}
		return printStatus(st, d.URL(), stdout)
	case "up":
		applied, err := m.Up(ctx, n)
		if err != nil {
			return err
		}
		printApplied(applied, stdout)
		return nil
	default: // validate
		desired, err := migrate.PostgresDesired()
		if err != nil {
			return err
		}
		if err := m.Validate(ctx, desired); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "schema/postgres/migrations: atlas.sum matches, and the migrations, replayed in a "+
			"scratch schema that was rolled back, build schema/postgres/*.sql")
		return nil
	}
}

// postgresArgs checks a migrate command line for PostgreSQL and returns the
// N of "up [N]" (0 for all).
func postgresArgs(args []string) (int, error) {
	switch args[0] {
	case "up":
		return countArg(args)
	case "status", "validate":
		if len(args) > 1 {
			return 0, fmt.Errorf("%w: migrate %s (on PostgreSQL it takes no arguments)", errUsage, args[0])
		}
		return 0, nil
	case "down":
		return 0, errPostgresDown
	case "diff":
		return 0, errPostgresDiff
	case "lint":
		return 0, errPostgresLint
	default:
		return 0, fmt.Errorf("%w: unknown migrate subcommand %q", errUsage, args[0])
	}
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/logging"
)

const usage = `Usage: marketpulse [command] [arguments]

Commands:
  serve                 serve the API (default)
  migrate status        show applied and pending migrations
  migrate up [N]        apply pending migrations (all, or the next N)
  migrate down [N]      revert the last N applied migrations (default 1)
  migrate diff NAME     plan a migration from schema/*.sql (run in the source tree)
  migrate hash          rewrite schema/migrations/atlas.sum
  migrate validate      check atlas.sum and replay every migration on an empty database
  migrate lint [--base VERSION | --all]
                        report destructive or data-dependent changes in the migrations
                        after VERSION (default: the latest); exits non-zero on findings;
                        hash, validate and lint take --dir DIR (default schema/migrations)
                        With DATABASE_URL set, status, up and validate run on PostgreSQL
                        with the compiled-in schema/postgres/migrations (up under an
                        advisory lock; validate replays them in a rolled-back scratch
                        schema and compares the result with schema/postgres/*.sql);
                        down, diff and lint refuse, saying what to do instead
  seed-demo [-anchor YYYY-MM-DD] [-news N] [-bar-assets N] [-assets-only]
                        load the offline demo data set (idempotent): assets, a
                        year of daily bars, quotes and news up to the anchor day
  backup PATH           write a consistent copy of the live database to PATH
  db check              run integrity and foreign-key checks
  user promote EMAIL    make the account of EMAIL an admin (the admin bootstrap
                        never promotes an existing account)
  providers check       ask each configured provider for one quote (from its budget)
                        and print what answered; fails when one did not
  backfill SYMBOL [-from YYYY-MM-DD]
                        fetch the asset's daily bars (REFRESH_BACKFILL_DAYS back by
                        default) through its bar chain, within the budgets; print
                        what was written
  version               print the build information
  help                  show this help

Every command reads its configuration from the environment; run
'marketpulse serve --help' for the variables.
`

// errUsage marks a command line that could not be understood.
var errUsage = errors.New("usage")

// run is the whole program: main only supplies the process's context,
// arguments, environment and output streams, so tests can call it directly.
// errSQLiteOnly stops the commands that work on the SQLite file itself
// (backup, db check) while DATABASE_URL is set, rather than touch a file the
// service does not use.
var errSQLiteOnly = errors.New("DATABASE_URL is set, and this command works on the SQLite file at DATABASE_PATH only: " +
	"on PostgreSQL use its own tools (pg_dump or continuous archiving for backups, pg_amcheck for checks)")

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd, rest := "serve", args
	if len(args) > 0 {
		cmd, rest = args[0], args[1:]
	}
	if wantsHelp(rest) || cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprint(stdout, usage)
		if cmd == "serve" || cmd == "migrate" || cmd == "seed-demo" {
			fmt.Fprintln(stdout, "\nEnvironment:")
			config.Usage(stdout)
		}
		return nil
	}
	if cmd == "version" {
		return printVersion(stdout)
	}

	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	if cfg.DB.URL != "" && (cmd == "backup" || cmd == "db") {
		return errSQLiteOnly
	}
	log, closeLog, err := logging.New(cfg.Log, stderr)
	if err != nil {
		return fmt.Errorf("logging: %w", err)
	}
	defer closeLog.Close()

	switch cmd {
	case "serve":
		applyMemoryLimit(cfg.MemoryLimit, getenv("GOMEMLIMIT"), log)
		return app.Serve(ctx, cfg, log, stdout)
	case "migrate":
		return migrateCmd(ctx, cfg, log, rest, stdout)
	case "seed-demo":
		return seedDemo(ctx, cfg, log, rest, stdout)
	case "backup":
		return backup(ctx, cfg, log, rest, stdout)
	case "db":
		return dbCmd(ctx, cfg, log, rest, stdout)
	case "user":
		return userCmd(ctx, cfg, log, rest, stdout)
	case "providers":
		return providersCmd(ctx, cfg, log, rest, stdout)
	case "backfill":
		return backfillCmd(ctx, cfg, log, rest, stdout)
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
	}
}

func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "help" {
			return true
		}
	}
	return false
}

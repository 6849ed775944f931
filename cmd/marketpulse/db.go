package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"

	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/demo"
	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/store"
)

func migrateCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: migrate needs a subcommand: status, up or diff", errUsage)
	}
	if args[0] == "diff" {
		if len(args) != 2 {
			return fmt.Errorf("%w: migrate diff NAME", errUsage)
		}
		file, err := migrate.Diff(ctx, args[1], os.DirFS("schema"), "schema/migrations")
		if err != nil {
			return err
		}
		if file == "" {
			fmt.Fprintln(stdout, "schema/*.sql matches the migrations: nothing to plan")
			return nil
		}
		fmt.Fprintf(stdout, "planned schema/migrations/%s: review it, then commit it with atlas.sum\n", file)
		return nil
	}

	d, err := store.Open(ctx, cfg.DB.Path, store.Options{BusyTimeout: cfg.DB.BusyTimeout, ReadConns: 1})
	if err != nil {
		return err
	}
	defer d.Close()
	dir, err := migrate.Embedded()
	if err != nil {
		return err
	}
	m := migrate.New(d.Writer, dir, log)

	switch args[0] {
	case "status":
		st, err := m.Status(ctx)
		if err != nil {
			return err
		}
		current := st.Current
		if current == "" {
			current = "(none)"
		}
		fmt.Fprintf(stdout, "database: %s\ncurrent:  %s\napplied:  %d\npending:  %d\n", d.Path(), current, len(st.Applied), len(st.Pending))
		for _, v := range st.Pending {
			fmt.Fprintf(stdout, "  pending %s\n", v)
		}
		for _, v := range st.Unknown {
			fmt.Fprintf(stdout, "  UNKNOWN %s (applied, but not in this binary)\n", v)
		}
		return nil
	case "up":
		n := 0
		if len(args) > 1 {
			if n, err = strconv.Atoi(args[1]); err != nil || n < 1 {
				return fmt.Errorf("%w: migrate up [N]: N must be a positive number", errUsage)
			}
		}
		applied, err := m.Up(ctx, n)
		if err != nil {
			return err
		}
		if len(applied) == 0 {
			fmt.Fprintln(stdout, "database is up to date")
		}
		for _, v := range applied {
			fmt.Fprintf(stdout, "applied %s\n", v)
		}
		return nil
	default:
		return fmt.Errorf("%w: unknown migrate subcommand %q", errUsage, args[0])
	}
}

func seedDemo(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	d, err := app.OpenAndMigrate(ctx, cfg.DB, log, nil)
	if err != nil {
		return err
	}
	n, err := demo.Seed(ctx, d)
	if err != nil {
		return errors.Join(err, d.Close())
	}
	fmt.Fprintf(stdout, "demo data set loaded: %d assets in %s\n", n, d.Path())
	return d.Close()
}

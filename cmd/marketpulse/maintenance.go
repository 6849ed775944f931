package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/store"
)

// backup copies the live database consistently, while a server may be
// writing to it.
func backup(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: backup PATH", errUsage)
	}
	d, err := openTool(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Backup(ctx, args[0]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", d.Path(), args[0])
	return nil
}

// dbCmd runs `db check`: integrity and foreign keys.
func dbCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) != 1 || args[0] != "check" {
		return fmt.Errorf("%w: db check", errUsage)
	}
	d, err := openTool(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.Close()
	rep, err := d.Check(ctx)
	if err != nil {
		return err
	}
	for _, line := range rep.Integrity {
		fmt.Fprintln(stdout, "integrity:", line)
	}
	for _, line := range rep.ForeignKeys {
		fmt.Fprintln(stdout, "foreign key:", line)
	}
	if !rep.OK() {
		return errors.New("database check failed")
	}
	fmt.Fprintf(stdout, "%s: integrity ok, foreign keys ok\n", d.Path())
	return nil
}

// openTool opens the database for a one-shot command: one read connection,
// and no migrations applied.
func openTool(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.DB, error) {
	return store.Open(ctx, cfg.DB.Path, store.Options{BusyTimeout: cfg.DB.BusyTimeout, ReadConns: 1, Log: log})
}

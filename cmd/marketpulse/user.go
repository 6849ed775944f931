package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/config"
)

// userCmd runs `user promote EMAIL`: the explicit promotion the admin
// bootstrap never does.
func userCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) != 2 || args[0] != "promote" {
		return fmt.Errorf("%w: user promote EMAIL", errUsage)
	}
	st, done, err := promoteStorage(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer done()
	u, changed, err := account.Promote(ctx, st, args[1])
	if err != nil {
		return err
	}
	state := "is now"
	if !changed {
		state = "is already"
	}
	fmt.Fprintf(stdout, "user %d (%s) %s an admin\n", u.ID, u.Email, state)
	if !u.Active {
		fmt.Fprintln(stdout, "the account is deactivated: it cannot log in until an admin activates it")
	}
	return nil
}

// promoteStorage is the accounts of the configured engine: on SQLite the
// file as it is (no migration, like the other maintenance commands), on
// PostgreSQL the shared database, migrated or verified per DB_MIGRATE as
// at every start.
func promoteStorage(ctx context.Context, cfg config.Config, log *slog.Logger) (account.Storage, func(), error) {
	if cfg.DB.URL != "" {
		e, err := app.OpenEngine(ctx, cfg.DB, log, nil)
		if err != nil {
			return nil, nil, err
		}
		return e.Account(), func() { _ = e.Close() }, nil
	}
	d, err := openTool(ctx, cfg, log)
	if err != nil {
		return nil, nil, err
	}
	return account.SQLite(d), func() { _ = d.Close() }, nil
}

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/config"
)

// userCmd runs `user promote EMAIL`: the explicit promotion the admin
// bootstrap never does.
func userCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) != 2 || args[0] != "promote" {
		return fmt.Errorf("%w: user promote EMAIL", errUsage)
	}
	d, err := openTool(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.Close()
	u, changed, err := account.Promote(ctx, account.SQLite(d), args[1])
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

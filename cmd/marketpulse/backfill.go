package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/config"
)

// backfillCmd runs `backfill SYMBOL [-from YYYY-MM-DD]`: the asset's daily
// bars from the date (REFRESH_BACKFILL_DAYS back without it) to the last
// complete day, fetched through its type's bar chain within the budgets
// and ingested through the market domain; it prints what it wrote.
func backfillCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	symbol, from, err := backfillArgs(args)
	if err != nil {
		return err
	}
	e, err := app.OpenEngine(ctx, cfg.DB, log, nil)
	if err != nil {
		return err
	}
	defer e.Close()
	res, err := app.Backfill(ctx, cfg, e, log, symbol, from)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d daily bars from %s to %s by %s: %d stored, %d unchanged\n",
		res.Symbol, res.Bars, res.From.Format(time.DateOnly), res.To.Format(time.DateOnly), res.Provider,
		res.Stored, res.Ignored)
	return nil
}

// backfillArgs reads SYMBOL and -from (before or after the symbol).
func backfillArgs(args []string) (string, time.Time, error) {
	fs := flag.NewFlagSet("backfill", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fromS := fs.String("from", "", "first day, YYYY-MM-DD")
	var symbol string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		symbol, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return "", time.Time{}, fmt.Errorf("%w: backfill SYMBOL [-from YYYY-MM-DD]: %v", errUsage, err)
	}
	if symbol == "" && fs.NArg() == 1 {
		symbol = fs.Arg(0)
	} else if fs.NArg() > 0 {
		symbol = ""
	}
	if symbol == "" {
		return "", time.Time{}, fmt.Errorf("%w: backfill SYMBOL [-from YYYY-MM-DD]", errUsage)
	}
	var from time.Time
	if *fromS != "" {
		t, err := time.Parse(time.DateOnly, *fromS)
		if err != nil {
			return "", time.Time{}, fmt.Errorf("%w: -from %q is not a YYYY-MM-DD date", errUsage, *fromS)
		}
		from = t
	}
	return strings.ToUpper(symbol), from, nil
}

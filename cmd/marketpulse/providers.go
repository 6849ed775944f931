package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
)

// errProviderFailed says at least one provider did not answer the check.
var errProviderFailed = errors.New("a provider failed its check")

// providersCmd runs `providers check`: one call to each configured provider
// (spent from its budget like any other), printed as a table; it fails when
// any provider did not answer.
func providersCmd(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) != 1 || args[0] != "check" {
		return fmt.Errorf("%w: providers check", errUsage)
	}
	e, err := app.OpenEngine(ctx, cfg.DB, log, nil) // the budgets live in the database
	if err != nil {
		return err
	}
	defer e.Close()
	ps, done := app.EnabledProviders(cfg, e, log)
	defer done()
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVIDER\tSYMBOL\tRESULT\tLATENCY")
	failed := false
	for _, name := range slices.Sorted(maps.Keys(ps)) {
		symbol, result, took, err := checkProvider(ctx, ps[name])
		if err != nil {
			failed, result = true, "FAIL "+err.Error()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, symbol, result, took.Round(time.Millisecond))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if failed {
		return errProviderFailed
	}
	return nil
}

// checkProvider asks p for a quote of a symbol it covers (AAPL, or BTC-USD
// for a crypto-only provider), or for its last ten days of daily bars when
// it serves no quotes.
func checkProvider(ctx context.Context, p provider.Provider) (string, string, time.Duration, error) {
	symbol := "AAPL"
	if !p.Supports("stock") && p.Supports("crypto") {
		symbol = "BTC-USD"
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	start := time.Now()
	if !p.Capabilities().Has(provider.CapQuotes) {
		now := time.Now().UTC()
		bars, err := p.Bars(ctx, symbol, market.Interval1d, now.AddDate(0, 0, -10), now)
		if err != nil {
			return symbol, "", time.Since(start), err
		}
		return symbol, fmt.Sprintf("ok: %d daily bars", len(bars)), time.Since(start), nil
	}
	qs, err := p.Quotes(ctx, []string{symbol})
	if err == nil && len(qs) == 0 {
		err = provider.ErrUnknownSymbol
	}
	if err != nil {
		return symbol, "", time.Since(start), err
	}
	q := qs[0]
	return symbol, fmt.Sprintf("ok: %g as of %s", q.Price, q.AsOf.UTC().Format(time.RFC3339)), time.Since(start), nil
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/demo"
	"github.com/marketpulse/api/internal/news"
)

// seedDemo loads the curated assets and, unless -assets-only, the offline
// market (generated assets, bars, quotes, news) leading up to -anchor.
func seedDemo(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed-demo", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	anchor := fs.String("anchor", "", "last day of the data set, YYYY-MM-DD (default: today, UTC)")
	articles := fs.Int("news", demo.DefaultArticles, "number of news articles")
	barAssets := fs.Int("bar-assets", 0, "give daily bars to only the first N of the 40 assets (0: all of them)")
	assetsOnly := fs.Bool("assets-only", false, "load only the curated assets")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: seed-demo: %v", errUsage, err)
	}
	day := time.Now().UTC()
	if *anchor != "" {
		var err error
		if day, err = time.Parse(time.DateOnly, *anchor); err != nil {
			return fmt.Errorf("%w: seed-demo -anchor: want YYYY-MM-DD, got %q", errUsage, *anchor)
		}
	}
	if *articles < 1 {
		return fmt.Errorf("%w: seed-demo -news must be at least 1", errUsage)
	}
	if *barAssets < 0 {
		return fmt.Errorf("%w: seed-demo -bar-assets must not be negative", errUsage)
	}

	e, err := app.OpenEngine(ctx, cfg.DB, log, nil)
	if err != nil {
		return err
	}
	if *assetsOnly {
		n, err := demo.Seed(ctx, e.Market())
		if err != nil {
			return errors.Join(err, e.Close())
		}
		fmt.Fprintf(stdout, "demo data set loaded: %d assets in %s\n", n, e)
		return e.Close()
	}
	// SeedMarket upserts the curated assets (demo.Seed's) with the rest.
	start := time.Now()
	st, err := demo.SeedMarket(ctx, e.Market(), news.New(news.Deps{Storage: e.News()}), demo.MarketOptions{Anchor: day, Articles: *articles, BarAssets: *barAssets})
	if err != nil {
		return errors.Join(err, e.Close())
	}
	fmt.Fprintf(stdout, "demo data set loaded in %s: %d assets, %d daily bars of %d assets, %d quotes, %d news articles (%d symbol links) up to %s in %s\n",
		time.Since(start).Round(time.Millisecond), st.Assets, st.Bars, st.BarAssets, st.Quotes, st.Articles, st.Links,
		day.Format(time.DateOnly), e)
	return e.Close()
}

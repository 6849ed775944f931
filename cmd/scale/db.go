package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/marketpulse/api/internal/demo"
	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/internal/store"
)

// anchor is the day every data set leads up to: fixed, so runs compare.
var anchor = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

// built is a data set on disk with how long loading it took.
type built struct {
	DB       *store.DB
	Path     string
	Stats    demo.BulkStats
	Load     time.Duration
	FileSize int64
}

// build creates the database of s in dir: migrated, bulk-loaded, analysed
// and checkpointed, so what is measured is the steady state of a server.
func build(ctx context.Context, dir string, s size, progress io.Writer) (*built, error) {
	path := filepath.Join(dir, s.Name+".db")
	d, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return nil, err
	}
	mig, err := migrate.Embedded()
	if err != nil {
		return nil, err
	}
	if _, err := migrate.New(d.Writer, mig, slog.New(slog.DiscardHandler)).Up(ctx, 0); err != nil {
		return nil, errors.Join(err, d.Close())
	}
	t0 := time.Now()
	st, err := demo.Bulk(ctx, d, demo.BulkOptions{
		Anchor: anchor, Assets: s.Assets, Articles: s.Articles, DailyBars: s.DailyBars, IntradayBars: s.IntradayBars,
	})
	if err != nil {
		return nil, errors.Join(err, d.Close())
	}
	load := time.Since(t0)
	for _, q := range []string{"ANALYZE", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := d.Writer.ExecContext(ctx, q); err != nil {
			return nil, errors.Join(fmt.Errorf("%s: %w", q, err), d.Close())
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, errors.Join(err, d.Close())
	}
	fmt.Fprintf(progress, "%s: %d assets, %d articles (%d links, %.0f/s), %d bars (%.0f/s) loaded in %s, %.1f MB\n",
		s.Name, st.Assets, st.Articles, st.Links, perSecond(st.Articles, st.NewsTime), st.Bars, perSecond(st.Bars, st.BarsTime),
		load.Round(time.Millisecond), float64(fi.Size())/1e6)
	return &built{DB: d, Path: path, Stats: st, Load: load, FileSize: fi.Size()}, nil
}

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

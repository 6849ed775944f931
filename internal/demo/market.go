package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
)

// DefaultArticles is the number of news articles SeedMarket writes when
// MarketOptions.Articles is zero.
const DefaultArticles = 3000

// articlesPerTx bounds a news transaction, so a running server's writes wait
// for a short while at most.
const articlesPerTx = 250

// MarketOptions shape the market data set.
type MarketOptions struct {
	// Anchor is the day the data set leads up to: daily bars end the day
	// before, quotes are from just before it and news from the year before.
	// Only its UTC date matters. Required (no clock is read here).
	Anchor time.Time
	// Articles is how many news articles to write; 0 means DefaultArticles.
	// Article i is the same whatever the count, so a larger count adds to a
	// smaller one.
	Articles int
	// BarAssets limits the assets with daily bars to the first BarAssets of
	// the 40 (0 means all): a cheaper data set for tests.
	BarAssets int
}

// MarketStats counts what SeedMarket's data set holds (not what changed).
type MarketStats struct {
	Assets, BarAssets, Bars, Quotes, Articles, Links int
}

// SeedMarket upserts the full offline market: the curated and generated
// assets, a year of daily bars for a few dozen of them, a latest quote for
// every asset (provider "demo") and news articles linked to 1–3 symbols.
// Everything is derived from fixed seeds and opts, so running it again with
// the same options changes nothing and duplicates nothing. The market data
// goes through st, the articles through n's ingestion (n may have no cache:
// a running server's cached news expires with its TTL).
func SeedMarket(ctx context.Context, st market.Storage, n *news.Service, opts MarketOptions) (MarketStats, error) {
	anchor := opts.Anchor.UTC().Truncate(24 * time.Hour)
	if anchor.Before(walkEpoch.AddDate(1, 0, 7)) || anchor.Year() > 2200 {
		return MarketStats{}, fmt.Errorf("seed market: anchor %s is outside %s .. 2200", anchor.Format(time.DateOnly), walkEpoch.AddDate(1, 0, 7).Format(time.DateOnly))
	}
	if opts.Articles == 0 {
		opts.Articles = DefaultArticles
	}
	if opts.Articles < 0 || opts.BarAssets < 0 {
		return MarketStats{}, fmt.Errorf("seed market: negative count (articles %d, bar assets %d)", opts.Articles, opts.BarAssets)
	}
	withBars := barSymbols
	if opts.BarAssets > 0 && opts.BarAssets < len(barSymbols) {
		withBars = barSymbols[:opts.BarAssets]
	}
	cat := catalog()
	if err := seedAssets(ctx, st, cat); err != nil {
		return MarketStats{}, err
	}
	stats := MarketStats{Assets: len(cat), BarAssets: len(withBars), Quotes: len(cat), Articles: opts.Articles}
	var err error
	if stats.Bars, err = seedPrices(ctx, st, cat, withBars, anchor); err != nil {
		return MarketStats{}, err
	}
	if stats.Links, err = seedNews(ctx, n, cat, anchor, opts.Articles); err != nil {
		return MarketStats{}, err
	}
	return stats, nil
}

// seedAssets upserts the catalog and checks that every symbol is there.
func seedAssets(ctx context.Context, st market.Storage, cat []asset) error {
	symbols := make([]string, len(cat))
	for i, a := range cat {
		symbols[i] = a.Symbol
	}
	found := 0
	err := st.InTx(ctx, func(tx market.Tx) error {
		if err := upsertAssets(ctx, tx, cat); err != nil {
			return err
		}
		ids, err := tx.AssetIDs(ctx, symbols)
		if err != nil {
			return fmt.Errorf("asset ids: %w", err)
		}
		found = len(ids)
		return nil
	})
	if err != nil {
		return fmt.Errorf("seed demo assets: %w", err)
	}
	if found != len(cat) {
		return fmt.Errorf("seed demo assets: %d of %d assets found after upsert", found, len(cat))
	}
	return nil
}

// seedPrices writes the bars of barAssets for the year before anchor, one
// transaction per asset (the store prepares a statement after the first
// transaction that runs it, so many short ones beat one long one), then the
// latest quote of every asset in one transaction, both through the market's
// ingestion (observed at anchor: a data set may lead up to a future day).
// It returns the number of bars in the data set.
func seedPrices(ctx context.Context, st market.Storage, cat []asset, barAssets []string, anchor time.Time) (int, error) {
	withBars := make(map[string]bool, len(barAssets))
	for _, s := range barAssets {
		withBars[s] = true
	}
	from := anchor.AddDate(-1, 0, 0)
	quotes := make([]market.QuoteInput, 0, len(cat))
	nbars := 0
	for _, a := range cat {
		p := profileOf(a)
		bars := walk(a, p, anchor)
		quotes = append(quotes, quoteOf(a, p, bars))
		if !withBars[a.Symbol] {
			continue
		}
		for len(bars) > 0 && bars[0].TS.Before(from) {
			bars = bars[1:]
		}
		nbars += len(bars)
		in := make([]market.Bar, len(bars))
		for i, b := range bars {
			in[i] = market.Bar{Ts: b.TS, Open: b.Open, High: b.High, Low: b.Low, Close: b.Close, Volume: b.Volume}
		}
		err := st.InTx(ctx, func(tx market.Tx) error {
			_, err := market.IngestBarsInTx(ctx, tx, a.Symbol, market.Interval1d, in)
			return err
		})
		if err != nil {
			return 0, fmt.Errorf("seed demo bars of %s: %w", a.Symbol, err)
		}
	}
	err := st.InTx(ctx, func(tx market.Tx) error {
		_, err := market.IngestQuotesInTx(ctx, tx, quotes, anchor)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("seed demo quotes: %w", err)
	}
	return nbars, nil
}

// quoteOf is the latest quote of an asset: its last close, the change from
// the close before, observed a few minutes before the end of that day.
func quoteOf(a asset, p profile, bars []bar) market.QuoteInput {
	last, prev := bars[len(bars)-1], bars[len(bars)-2]
	rng := symbolRand(quotesSeed, a.Symbol)
	change := round(last.Close-prev.Close, p.Decimals)
	q := market.QuoteInput{
		Symbol: a.Symbol, Price: last.Close, Change: change,
		ChangePct: round(change/prev.Close*100, 2), Volume: last.Volume,
		AsOf:     last.TS.Add(24*time.Hour - time.Duration(1+rng.IntN(900))*time.Second),
		Provider: "demo",
	}
	if p.Shares > 0 {
		mc := round(p.Shares*last.Close, 0)
		q.MarketCap = &mc
	}
	return q
}

// seedNews ingests n articles through the news domain, articlesPerTx per
// transaction (those whose URL is stored are left alone), each linked to
// its symbols. It returns the number of links in the data set.
func seedNews(ctx context.Context, svc *news.Service, cat []asset, anchor time.Time, n int) (int, error) {
	pools := poolsOf(cat)
	batch := make([]news.ArticleInput, 0, articlesPerTx)
	links := 0
	for start := 0; start < n; start += articlesPerTx {
		end := min(start+articlesPerTx, n)
		batch = batch[:0]
		for i := start; i < end; i++ {
			a := generateArticle(pools, i, anchor)
			batch = append(batch, a)
			links += len(a.Symbols)
		}
		if _, err := svc.Ingest(ctx, batch); err != nil {
			return 0, fmt.Errorf("seed demo news %d..%d: %w", start, end, err)
		}
	}
	return links, nil
}

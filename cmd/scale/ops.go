package main

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
)

const minute = time.Minute

// op is one measured operation; run gets the sample's number, from which
// it draws its input, so consecutive samples read different rows.
type op struct {
	Name  string
	Write bool
	run   func(ctx context.Context, i int) error
}

// fixture is what the operations draw their inputs from.
type fixture struct {
	symbols    []string // every asset
	barSymbols []string // assets with daily bars
	rare       []string // assets with few articles
	common     []string // assets with many articles
	rareWords  []string
	rng        *rand.Rand
}

// commonWords are the most frequent words of the demo vocabulary, each in
// a large share of the articles.
var commonWords = []string{"shares", "analyst", "investors", "traders", "earnings", "stock", "quarterly", "demand"}

func (f *fixture) pick(list []string) string { return list[f.rng.IntN(len(list))] }

// readOps are the reads of the growth table.
func readOps(s *services, f *fixture) []op {
	page := func(q market.AssetQuery) func(context.Context, int) error {
		return func(ctx context.Context, _ int) error { _, _, err := s.market.ListAssets(ctx, q); return err }
	}
	types := []string{"stock", "etf", "crypto", "index"}
	exchanges := []string{"XNAS", "XNYS", "XLON", "XETR"}
	return []op{
		{Name: "asset", run: func(ctx context.Context, _ int) error {
			_, _, err := s.market.Asset(ctx, f.pick(f.symbols))
			return err
		}},
		{Name: "page50 by symbol", run: page(market.AssetQuery{Limit: 50})},
		{Name: "page50 by name", run: page(market.AssetQuery{Limit: 50, Sort: market.SortByName})},
		{Name: "page50 by symbol, exchange", run: func(ctx context.Context, _ int) error {
			return page(market.AssetQuery{Limit: 50, Exchange: f.pick(exchanges)})(ctx, 0)
		}},
		{Name: "page50 by name, type", run: func(ctx context.Context, _ int) error {
			return page(market.AssetQuery{Limit: 50, Sort: market.SortByName, Type: f.pick(types)})(ctx, 0)
		}},
		{Name: "quotes x50", run: func(ctx context.Context, _ int) error {
			syms := make([]string, 50)
			for i := range syms {
				syms[i] = f.pick(f.symbols)
			}
			_, err := s.market.Quotes(ctx, syms)
			return err
		}},
		{Name: "bars 1y daily", run: func(ctx context.Context, _ int) error {
			from, to := anchor.AddDate(-1, 0, 0), anchor
			_, _, err := s.market.History(ctx, market.HistoryQuery{Symbol: f.pick(f.barSymbols), From: &from, To: &to})
			return err
		}},
	}
}

// newsOps are the news lists and searches of the growth table.
func newsOps(s *services, f *fixture) []op {
	list := func(fl func() news.Filter) func(context.Context, int) error {
		return func(ctx context.Context, _ int) error { _, _, err := s.news.List(ctx, fl()); return err }
	}
	search := func(text func() string, fl func() news.Filter) func(context.Context, int) error {
		return func(ctx context.Context, _ int) error { _, _, err := s.news.Search(ctx, text(), fl()); return err }
	}
	none := func() news.Filter { return news.Filter{} }
	word := func(list []string) func() string { return func() string { return f.pick(list) } }
	vocab := demoWords()
	return []op{
		{Name: "news newest", run: list(none)},
		{Name: "news symbol common", run: list(func() news.Filter { return news.Filter{Symbols: []string{f.pick(f.common)}} })},
		{Name: "news symbol rare", run: list(func() news.Filter { return news.Filter{Symbols: []string{f.pick(f.rare)}} })},
		{Name: "search common word", run: search(word(commonWords), none)},
		{Name: "search vocabulary", run: search(word(vocab), none)},
		{Name: "search rare word", run: search(word(f.rareWords), none)},
		{Name: "search two words", run: search(func() string { return f.pick(vocab) + " " + f.pick(commonWords) }, none)},
		{Name: "search phrase", run: search(word(phrases), none)},
		{Name: "search prefix", run: search(word(prefixes), none)},
		{Name: "search OR", run: search(func() string { return f.pick(vocab) + " OR " + f.pick(commonWords) }, none)},
		{Name: "search common + symbol", run: search(word(commonWords), func() news.Filter {
			return news.Filter{Symbols: []string{f.pick(f.common)}}
		})},
		{Name: "search common + rare symbol", run: search(word(commonWords), func() news.Filter {
			return news.Filter{Symbols: []string{f.pick(f.rare)}}
		})},
	}
}

var (
	phrases  = []string{`"strong quarterly earnings"`, `"rate cut hopes"`, `"analyst upgrade"`, `"shares jump"`, `"record high"`}
	prefixes = []string{"earn*", "semi*", "vol*", "pay*", "infla*", "sub*"}
)

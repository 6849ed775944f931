package httpapi

import (
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/boards"
)

// Converters of the five widget configs: oas.WidgetConfig (a oneOf
// selected by kind) and boards.Config (one of five shapes set).

func configOf(c oas.WidgetConfig) boards.Config {
	switch c.Type {
	case oas.WatchlistConfigWidgetConfig:
		w := c.WatchlistConfig
		return boards.Config{Watchlist: &boards.WatchlistConfig{
			Symbols: fromSymbols(w.Symbols), ShowChange: optional(w.ShowChange.Get()),
		}}
	case oas.PriceChartConfigWidgetConfig:
		p := c.PriceChartConfig
		return boards.Config{PriceChart: &boards.PriceChartConfig{
			Symbol: string(p.Symbol), Interval: string(p.Interval), Range: string(p.Range),
			ChartType: optional(string(p.ChartType.Value), p.ChartType.Set),
		}}
	case oas.NewsFeedConfigWidgetConfig:
		n := c.NewsFeedConfig
		return boards.Config{NewsFeed: &boards.NewsFeedConfig{
			Symbols: fromSymbols(n.Symbols), Query: optional(n.Query.Get()), MaxItems: optional(n.MaxItems.Get()),
		}}
	case oas.MarketOverviewConfigWidgetConfig:
		return boards.Config{MarketOverview: &boards.MarketOverviewConfig{Symbols: fromSymbols(c.MarketOverviewConfig.Symbols)}}
	case oas.HeatmapConfigWidgetConfig:
		h := c.HeatmapConfig
		return boards.Config{Heatmap: &boards.HeatmapConfig{
			Symbols: fromSymbols(h.Symbols), Metric: string(h.Metric),
			GroupBy: optional(string(h.GroupBy.Value), h.GroupBy.Set),
		}}
	}
	return boards.Config{}
}

func toConfig(c boards.Config) oas.WidgetConfig {
	switch c.Kind() {
	case boards.KindWatchlist:
		w := c.Watchlist
		return oas.NewWatchlistConfigWidgetConfig(oas.WatchlistConfig{
			Kind: oas.WatchlistConfigKindWatchlist, Symbols: toSymbols[oas.SymbolList](w.Symbols),
			ShowChange: opt(w.ShowChange, oas.NewOptBool),
		})
	case boards.KindPriceChart:
		p := c.PriceChart
		return oas.NewPriceChartConfigWidgetConfig(oas.PriceChartConfig{
			Kind: oas.PriceChartConfigKindPriceChart, Symbol: oas.Symbol(p.Symbol),
			Interval: oas.PriceChartConfigInterval(p.Interval), Range: oas.PriceChartConfigRange(p.Range),
			ChartType: opt(p.ChartType, func(s string) oas.OptPriceChartConfigChartType {
				return oas.NewOptPriceChartConfigChartType(oas.PriceChartConfigChartType(s))
			}),
		})
	case boards.KindNewsFeed:
		n := c.NewsFeed
		return oas.NewNewsFeedConfigWidgetConfig(oas.NewsFeedConfig{
			Kind: oas.NewsFeedConfigKindNewsFeed, Symbols: toSymbols[[]oas.Symbol](n.Symbols),
			Query: opt(n.Query, oas.NewOptString), MaxItems: opt(n.MaxItems, oas.NewOptInt32),
		})
	case boards.KindMarketOverview:
		return oas.NewMarketOverviewConfigWidgetConfig(oas.MarketOverviewConfig{
			Kind: oas.MarketOverviewConfigKindMarketOverview, Symbols: toSymbols[oas.SymbolList](c.MarketOverview.Symbols),
		})
	case boards.KindHeatmap:
		h := c.Heatmap
		return oas.NewHeatmapConfigWidgetConfig(oas.HeatmapConfig{
			Kind: oas.HeatmapConfigKindHeatmap, Symbols: toSymbols[oas.SymbolList](h.Symbols),
			Metric: oas.HeatmapConfigMetric(h.Metric),
			GroupBy: opt(h.GroupBy, func(s string) oas.OptHeatmapConfigGroupBy {
				return oas.NewOptHeatmapConfigGroupBy(oas.HeatmapConfigGroupBy(s))
			}),
		})
	}
	return oas.WidgetConfig{}
}

// fromSymbols keeps nil apart from empty: a news feed without symbols is
// not one with an empty list.
func fromSymbols[S ~[]oas.Symbol](s S) []string {
	if s == nil {
		return nil
	}
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return out
}

func toSymbols[S ~[]oas.Symbol](s []string) S {
	if s == nil {
		return nil
	}
	out := make(S, len(s))
	for i, v := range s {
		out[i] = oas.Symbol(v)
	}
	return out
}

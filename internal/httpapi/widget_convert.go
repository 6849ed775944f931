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

// toConfig takes the symbol lists from syms.
func toConfig(c boards.Config, syms *symbolArena) oas.WidgetConfig {
	switch c.Kind() {
	case boards.KindWatchlist:
		w := c.Watchlist
		return oas.NewWatchlistConfigWidgetConfig(oas.WatchlistConfig{
			Kind: oas.WatchlistConfigKindWatchlist, Symbols: syms.list(w.Symbols),
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
			Kind: oas.NewsFeedConfigKindNewsFeed, Symbols: syms.list(n.Symbols),
			Query: opt(n.Query, oas.NewOptString), MaxItems: opt(n.MaxItems, oas.NewOptInt32),
		})
	case boards.KindMarketOverview:
		return oas.NewMarketOverviewConfigWidgetConfig(oas.MarketOverviewConfig{
			Kind: oas.MarketOverviewConfigKindMarketOverview, Symbols: syms.list(c.MarketOverview.Symbols),
		})
	case boards.KindHeatmap:
		h := c.Heatmap
		return oas.NewHeatmapConfigWidgetConfig(oas.HeatmapConfig{
			Kind: oas.HeatmapConfigKindHeatmap, Symbols: syms.list(h.Symbols),
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

// symbolArena hands out the symbol lists of a response from one
// allocation: a dashboard's widgets cost one, not one per widget.
type symbolArena []oas.Symbol

// newSymbolArena has room for the symbol lists of widgets.
func newSymbolArena(widgets []boards.Widget) symbolArena {
	n := 0
	for i := range widgets {
		list, _ := widgets[i].Config.Symbols()
		n += len(list)
	}
	return make(symbolArena, 0, n)
}

// list is s as wire symbols, nil for nil. A nil arena allocates the list.
func (a *symbolArena) list(s []string) []oas.Symbol {
	if s == nil {
		return nil
	}
	if a == nil {
		out := make([]oas.Symbol, len(s))
		for i, v := range s {
			out[i] = oas.Symbol(v)
		}
		return out
	}
	start := len(*a)
	for _, v := range s {
		*a = append(*a, oas.Symbol(v))
	}
	return (*a)[start:len(*a):len(*a)]
}

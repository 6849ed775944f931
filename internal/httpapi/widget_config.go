package httpapi

import (
	"fmt"

	"github.com/marketpulse/api/gen/oas"
)

// A widget's config is stored as the JSON the API speaks (the oneOf variant,
// with its "kind"), and its kind in widgets.kind as well, for queries.

func encodeConfig(c oas.WidgetConfig) (string, error) {
	b, err := c.MarshalJSON()
	if err != nil {
		return "", fmt.Errorf("encode %s config: %w", c.Type, err)
	}
	return string(b), nil
}

func decodeConfig(raw []byte) (oas.WidgetConfig, error) {
	var c oas.WidgetConfig
	if err := c.UnmarshalJSON(raw); err != nil {
		return c, fmt.Errorf("decode stored widget config: %w", err)
	}
	return c, nil
}

// configKind is the widget kind a config selects.
func configKind(c oas.WidgetConfig) string { return string(c.Type) }

// configSymbols returns the config's symbols: a list, or the single symbol of
// a price chart (single).
func configSymbols(c oas.WidgetConfig) (list []string, single string) {
	switch c.Type {
	case oas.WatchlistConfigWidgetConfig:
		return symbolStrings(c.WatchlistConfig.Symbols), ""
	case oas.PriceChartConfigWidgetConfig:
		return nil, string(c.PriceChartConfig.Symbol)
	case oas.NewsFeedConfigWidgetConfig:
		return symbolStrings(c.NewsFeedConfig.Symbols), ""
	case oas.MarketOverviewConfigWidgetConfig:
		return symbolStrings(c.MarketOverviewConfig.Symbols), ""
	case oas.HeatmapConfigWidgetConfig:
		return symbolStrings(c.HeatmapConfig.Symbols), ""
	}
	return nil, ""
}

// configInterval is the bar interval of a price chart, "" for other kinds.
func configInterval(c oas.WidgetConfig) string {
	if c.Type == oas.PriceChartConfigWidgetConfig {
		return string(c.PriceChartConfig.Interval)
	}
	return ""
}

func symbolStrings[S ~[]oas.Symbol](s S) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return out
}

// refreshBounds is the range of refresh intervals that makes sense for a
// widget: live quotes go stale after an hour, a chart must refresh at least
// once per few bars, and news does not change every few seconds.
func refreshBounds(kind, interval string) (lo, hi int32) {
	switch kind {
	case string(oas.PriceChartConfigWidgetConfig):
		switch interval {
		case "1m":
			return 5, 300
		case "5m":
			return 5, 900
		case "1h":
			return 5, 3600
		}
		return 5, 86400
	case string(oas.NewsFeedConfigWidgetConfig):
		return 30, 86400
	}
	return 5, 3600
}

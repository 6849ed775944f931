package boards

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// Kind is a widget's kind; its config has the shape of that kind.
type Kind string

// The kinds of widget.
const (
	KindWatchlist      Kind = "watchlist"
	KindPriceChart     Kind = "price_chart"
	KindNewsFeed       Kind = "news_feed"
	KindMarketOverview Kind = "market_overview"
	KindHeatmap        Kind = "heatmap"
)

// Config is a widget's kind-specific settings: exactly one of the five
// shapes is set, and it selects the widget's kind. Optional settings are nil
// when not given; a config read back from the database has the API's
// defaults for them.
//
// A config is stored as the JSON the API speaks, with its "kind" (and the
// kind in widgets.kind as well, for queries); MarshalJSON and UnmarshalJSON
// are that form.
type Config struct {
	Watchlist      *WatchlistConfig
	PriceChart     *PriceChartConfig
	NewsFeed       *NewsFeedConfig
	MarketOverview *MarketOverviewConfig
	Heatmap        *HeatmapConfig
}

// WatchlistConfig lists quotes of symbols.
type WatchlistConfig struct {
	Symbols    []string `json:"symbols"`
	ShowChange *bool    `json:"showChange,omitempty"` // default true
}

// PriceChartConfig charts the bars of one symbol.
type PriceChartConfig struct {
	Symbol    string  `json:"symbol"`
	Interval  string  `json:"interval"` // 1m, 5m, 1h or 1d
	Range     string  `json:"range"`
	ChartType *string `json:"chartType,omitempty"` // default "line"
}

// NewsFeedConfig lists news, of symbols (nil: of all) matching a query.
type NewsFeedConfig struct {
	Symbols  []string `json:"symbols,omitzero"` // nil: not given; empty: given empty
	Query    *string  `json:"query,omitempty"`
	MaxItems *int32   `json:"maxItems,omitempty"` // default 20
}

// MarketOverviewConfig shows a few indices or symbols at a glance.
type MarketOverviewConfig struct {
	Symbols []string `json:"symbols"`
}

// HeatmapConfig colours symbols by a metric.
type HeatmapConfig struct {
	Symbols []string `json:"symbols"`
	Metric  string   `json:"metric"`
	GroupBy *string  `json:"groupBy,omitempty"` // default "none"
}

// Kind is the kind the config selects, "" for a zero Config.
func (c Config) Kind() Kind {
	switch {
	case c.Watchlist != nil:
		return KindWatchlist
	case c.PriceChart != nil:
		return KindPriceChart
	case c.NewsFeed != nil:
		return KindNewsFeed
	case c.MarketOverview != nil:
		return KindMarketOverview
	case c.Heatmap != nil:
		return KindHeatmap
	}
	return ""
}

// shape is the set shape, for encoding.
func (c Config) shape() any {
	switch c.Kind() {
	case KindWatchlist:
		return c.Watchlist
	case KindPriceChart:
		return c.PriceChart
	case KindNewsFeed:
		return c.NewsFeed
	case KindMarketOverview:
		return c.MarketOverview
	case KindHeatmap:
		return c.Heatmap
	}
	return nil
}

// Symbols returns the config's symbols: a list, or the single symbol of a
// price chart.
func (c Config) Symbols() (list []string, single string) {
	switch c.Kind() {
	case KindWatchlist:
		return c.Watchlist.Symbols, ""
	case KindPriceChart:
		return nil, c.PriceChart.Symbol
	case KindNewsFeed:
		return c.NewsFeed.Symbols, ""
	case KindMarketOverview:
		return c.MarketOverview.Symbols, ""
	case KindHeatmap:
		return c.Heatmap.Symbols, ""
	}
	return nil, ""
}

// interval is the bar interval of a price chart, "" for other kinds.
func (c Config) interval() string {
	if c.PriceChart != nil {
		return c.PriceChart.Interval
	}
	return ""
}

// MarshalJSON writes the config's shape with its "kind" first.
func (c Config) MarshalJSON() ([]byte, error) {
	kind := c.Kind()
	if kind == "" {
		return nil, fmt.Errorf("encode widget config: no shape set")
	}
	body, err := json.Marshal(c.shape())
	if err != nil {
		return nil, fmt.Errorf("encode %s config: %w", kind, err)
	}
	out := append([]byte(`{"kind":"`), kind...)
	out = append(out, '"')
	if len(body) > 2 { // more than {}
		out = append(out, ',')
	}
	return append(out, body[1:]...), nil
}

// UnmarshalJSON reads the shape its "kind" selects, with the API's defaults
// for the optional settings it lacks.
func (c *Config) UnmarshalJSON(b []byte) error {
	var head struct {
		Kind Kind `json:"kind"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return fmt.Errorf("decode widget config: %w", err)
	}
	var shape any
	*c = Config{}
	switch head.Kind {
	case KindWatchlist:
		c.Watchlist = &WatchlistConfig{ShowChange: ptr(true)}
		shape = c.Watchlist
	case KindPriceChart:
		c.PriceChart = &PriceChartConfig{ChartType: ptr("line")}
		shape = c.PriceChart
	case KindNewsFeed:
		c.NewsFeed = &NewsFeedConfig{MaxItems: ptr[int32](20)}
		shape = c.NewsFeed
	case KindMarketOverview:
		c.MarketOverview = &MarketOverviewConfig{}
		shape = c.MarketOverview
	case KindHeatmap:
		c.Heatmap = &HeatmapConfig{GroupBy: ptr("none")}
		shape = c.Heatmap
	default:
		return fmt.Errorf("decode widget config: unknown kind %q", head.Kind)
	}
	if err := json.Unmarshal(b, shape); err != nil {
		return fmt.Errorf("decode %s config: %w", head.Kind, err)
	}
	return nil
}

func encodeConfig(c Config) (string, error) {
	b, err := c.MarshalJSON()
	return string(b), err
}

func decodeConfig(raw string) (Config, error) {
	var c Config
	if err := c.UnmarshalJSON([]byte(raw)); err != nil {
		return c, fmt.Errorf("decode stored widget config: %w", err)
	}
	return c, nil
}

// decodeStrict decodes b into v refusing unknown fields: the cached values
// refuse the entries that an older version wrote to the shared cache in
// another form, which are then loaded again.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// refreshBounds is the range of refresh intervals that makes sense for a
// widget: live quotes go stale after an hour, a chart must refresh at least
// once per few bars, and news does not change every few seconds.
func refreshBounds(kind Kind, interval string) (lo, hi int32) {
	switch kind {
	case KindPriceChart:
		switch interval {
		case "1m":
			return 5, 300
		case "5m":
			return 5, 900
		case "1h":
			return 5, 3600
		}
		return 5, 86400
	case KindNewsFeed:
		return 30, 86400
	}
	return 5, 3600
}

// symbolsOf is every symbol of c, for one lookup.
func symbolsOf(c *Config) []string {
	if c == nil {
		return nil
	}
	list, single := c.Symbols()
	if single != "" {
		return append(slices.Clip(list), single)
	}
	return list
}

func ptr[T any](v T) *T { return &v }

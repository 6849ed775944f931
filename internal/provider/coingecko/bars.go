package coingecko

import (
	"context"
	"math"
	"net/url"
	"strconv"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
)

// chart is the documented /coins/{id}/market_chart answer: [unix ms,
// value] pairs.
type chart struct {
	Prices [][2]float64 `json:"prices"`
}

// granularity is the spacing of market_chart's points for days: 5
// minutes for one day, an hour up to 90 days, a day beyond (the documented
// automatic granularity).
func granularity(days int) time.Duration {
	switch {
	case days <= 1:
		return 5 * time.Minute
	case days <= 90:
		return time.Hour
	default:
		return 24 * time.Hour
	}
}

// Bars asks /coins/{id}/market_chart for the days from from to now and
// folds its prices into bars of interval (open the first, close the last,
// high and low the extremes of the points in the bar). market_chart has
// no per-bar volume, so Volume is 0. An interval finer than the points is
// ErrUnsupported.
func (c *Client) Bars(ctx context.Context, symbol string, interval market.Interval, from, to time.Time) ([]market.Bar, error) {
	cn, ok := coinOf(c.ids, symbol)
	if !ok {
		return nil, provider.ErrUnknownSymbol
	}
	days := max(1, int(math.Ceil(c.now().Sub(from).Hours()/24)))
	width := interval.Width()
	if granularity(days) > width {
		return nil, provider.ErrUnsupported
	}
	q := url.Values{"vs_currency": {cn.vs}, "days": {strconv.Itoa(days)}}
	var b chart
	if err := c.get(ctx, "/coins/"+url.PathEscape(cn.id)+"/market_chart?"+q.Encode(), &b); err != nil {
		return nil, err
	}
	bars := fold(b.Prices, width)
	bars = provider.InRange(bars, func(b market.Bar) time.Time { return b.Ts }, from, to)
	return bars, provider.CheckBars(Name, interval, bars)
}

// fold folds points (oldest first) into bars of width.
func fold(points [][2]float64, width time.Duration) []market.Bar {
	var bars []market.Bar
	for _, p := range points {
		ts := time.UnixMilli(int64(p[0])).UTC().Truncate(width)
		v := p[1]
		if n := len(bars); n > 0 && bars[n-1].Ts.Equal(ts) {
			b := &bars[n-1]
			b.High, b.Low, b.Close = math.Max(b.High, v), math.Min(b.Low, v), v
			continue
		}
		bars = append(bars, market.Bar{Ts: ts, Open: v, High: v, Low: v, Close: v})
	}
	return bars
}

package finnhub

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
)

// resolutions are /stock/candle's resolutions of the intervals.
var resolutions = map[market.Interval]string{
	market.Interval1m: "1", market.Interval5m: "5", market.Interval1h: "60", market.Interval1d: "D",
}

// candleBody is the documented /stock/candle answer: parallel arrays and a
// status, "ok" or "no_data".
type candleBody struct {
	C, H, L, O, V []float64
	T             []int64
	S             string
}

// Bars asks /stock/candle. "no_data" is an empty series; bars are placed
// on the UTC grid of the interval (see provider.Align), daily ones on
// their UTC day.
func (c *Client) Bars(ctx context.Context, symbol string, interval market.Interval, from, to time.Time) ([]market.Bar, error) {
	res, ok := resolutions[interval]
	if !ok {
		return nil, provider.ErrUnsupported
	}
	q := url.Values{"symbol": {symbol}, "resolution": {res},
		"from": {strconv.FormatInt(from.Unix(), 10)}, "to": {strconv.FormatInt(to.Unix(), 10)}}
	var b candleBody
	if err := c.get(ctx, "/stock/candle", q, &b); err != nil {
		return nil, err
	}
	if b.S == "no_data" {
		return []market.Bar{}, nil
	}
	n := len(b.T)
	if b.S != "ok" || len(b.C) != n || len(b.H) != n || len(b.L) != n || len(b.O) != n || len(b.V) != n {
		return nil, &provider.BadAnswerError{Provider: Name, Reason: "candle arrays of unequal length"}
	}
	bars := make([]market.Bar, n)
	for i := range n {
		ts := time.Unix(b.T[i], 0).UTC()
		if interval == market.Interval1d {
			ts = ts.Truncate(24 * time.Hour)
		}
		bars[i] = market.Bar{Ts: ts, Open: b.O[i], High: b.H[i], Low: b.L[i], Close: b.C[i], Volume: int64(b.V[i])}
	}
	bars = provider.Align(bars, interval.Width())
	bars = provider.InRange(bars, func(b market.Bar) time.Time { return b.Ts }, from, to)
	return bars, provider.CheckBars(Name, interval, bars)
}

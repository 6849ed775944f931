package yahoo

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
)

// Quotes asks the chart of each symbol (range 1d) and reads its meta:
// regularMarketPrice at regularMarketTime, the change from the previous
// close. Unknown symbols are left out; a failure ends the batch with the
// quotes fetched before it.
func (c *Client) Quotes(ctx context.Context, symbols []string) ([]market.QuoteInput, error) {
	out := make([]market.QuoteInput, 0, len(symbols))
	for _, s := range symbols {
		r, err := c.chart(ctx, s, url.Values{"range": {"1d"}, "interval": {"1d"}})
		if errors.Is(err, provider.ErrUnknownSymbol) {
			continue
		}
		if err != nil {
			return out, err
		}
		m := r.Meta
		q := market.QuoteInput{Symbol: s, Price: m.RegularMarketPrice, Volume: m.Volume,
			AsOf: time.Unix(m.RegularMarketTime, 0).UTC(), Provider: Name}
		prev := m.PreviousClose
		if prev == nil {
			prev = m.ChartPreviousClose
		}
		if prev != nil && *prev > 0 {
			q.Change = q.Price - *prev
			q.ChangePct = q.Change / *prev * 100
		}
		if err := provider.CheckQuote(Name, q, c.now()); err != nil {
			return out, err
		}
		out = append(out, q)
	}
	if len(out) == 0 && len(symbols) > 0 {
		return nil, provider.ErrUnknownSymbol
	}
	return out, nil
}

// intervals are the chart intervals of ours.
var intervals = map[market.Interval]string{
	market.Interval1m: "1m", market.Interval5m: "5m", market.Interval1h: "60m", market.Interval1d: "1d",
}

// Bars asks the chart of symbol from period1 to period2. Points with a
// null price (Yahoo's gaps) are skipped; daily bars are placed on their
// exchange-local date as a UTC day, intraday ones on the UTC grid (see
// provider.Align).
func (c *Client) Bars(ctx context.Context, symbol string, interval market.Interval, from, to time.Time) ([]market.Bar, error) {
	iv, ok := intervals[interval]
	if !ok {
		return nil, provider.ErrUnsupported
	}
	q := url.Values{"interval": {iv}, "period1": {strconv.FormatInt(from.Unix(), 10)},
		"period2": {strconv.FormatInt(to.Unix(), 10)}, "includePrePost": {"false"}}
	r, err := c.chart(ctx, symbol, q)
	if err != nil {
		return nil, err
	}
	bars, err := barsOf(r, interval)
	if err != nil {
		return nil, err
	}
	bars = provider.InRange(bars, func(b market.Bar) time.Time { return b.Ts }, from, to)
	return bars, provider.CheckBars(Name, interval, bars)
}

// barsOf reads the bars of a chart result.
func barsOf(r chartResult, interval market.Interval) ([]market.Bar, error) {
	if len(r.Timestamp) == 0 || len(r.Indicators.Quote) == 0 {
		return []market.Bar{}, nil
	}
	qt := r.Indicators.Quote[0]
	n := len(r.Timestamp)
	if len(qt.Open) != n || len(qt.High) != n || len(qt.Low) != n || len(qt.Close) != n || len(qt.Volume) != n {
		return nil, &provider.BadAnswerError{Provider: Name, Reason: "chart arrays of unequal length"}
	}
	bars := make([]market.Bar, 0, n)
	for i, t := range r.Timestamp {
		if qt.Open[i] == nil || qt.High[i] == nil || qt.Low[i] == nil || qt.Close[i] == nil {
			continue
		}
		ts := time.Unix(t, 0).UTC()
		if interval == market.Interval1d {
			ts = ts.Add(time.Duration(r.Meta.GMTOffset) * time.Second).Truncate(24 * time.Hour)
		}
		var vol int64
		if qt.Volume[i] != nil {
			vol = int64(*qt.Volume[i])
		}
		bars = append(bars, market.Bar{Ts: ts, Open: *qt.Open[i], High: *qt.High[i], Low: *qt.Low[i], Close: *qt.Close[i], Volume: vol})
	}
	return provider.Align(bars, interval.Width()), nil
}

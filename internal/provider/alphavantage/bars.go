package alphavantage

import (
	"context"
	"errors"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
)

// dailySeries is the documented TIME_SERIES_DAILY answer: bars keyed by
// their date, newest first, every value a string.
type dailySeries struct {
	notes
	Series map[string]struct {
		Open   string `json:"1. open"`
		High   string `json:"2. high"`
		Low    string `json:"3. low"`
		Close  string `json:"4. close"`
		Volume string `json:"5. volume"`
	} `json:"Time Series (Daily)"`
}

// Bars asks TIME_SERIES_DAILY (compact: the latest 100 days, all the free
// tier serves); only daily bars exist. Each is placed on its UTC day.
func (c *Client) Bars(ctx context.Context, symbol string, interval market.Interval, from, to time.Time) ([]market.Bar, error) {
	if interval != market.Interval1d {
		return nil, provider.ErrUnsupported
	}
	var b dailySeries
	q := url.Values{"symbol": {symbol}, "outputsize": {"compact"}}
	if err := c.query(ctx, "TIME_SERIES_DAILY", q, &b, &b.notes); err != nil {
		return nil, err
	}
	bars := make([]market.Bar, 0, len(b.Series))
	for day, v := range b.Series {
		ts, err := time.Parse(time.DateOnly, day)
		o, err1 := strconv.ParseFloat(v.Open, 64)
		h, err2 := strconv.ParseFloat(v.High, 64)
		l, err3 := strconv.ParseFloat(v.Low, 64)
		cl, err4 := strconv.ParseFloat(v.Close, 64)
		vol, err5 := strconv.ParseInt(v.Volume, 10, 64)
		if errors.Join(err, err1, err2, err3, err4, err5) != nil {
			return nil, &provider.BadAnswerError{Provider: Name, Reason: symbol + ": unreadable bar " + day}
		}
		bars = append(bars, market.Bar{Ts: ts, Open: o, High: h, Low: l, Close: cl, Volume: vol})
	}
	sort.Slice(bars, func(i, j int) bool { return bars[i].Ts.Before(bars[j].Ts) })
	bars = provider.InRange(bars, func(b market.Bar) time.Time { return b.Ts }, from, to)
	return bars, provider.CheckBars(Name, interval, bars)
}

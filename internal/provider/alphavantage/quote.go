package alphavantage

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
)

// globalQuote is the documented GLOBAL_QUOTE answer: every value a string,
// an empty object for an unknown symbol.
type globalQuote struct {
	notes
	Quote struct {
		Symbol    string `json:"01. symbol"`
		Price     string `json:"05. price"`
		Volume    string `json:"06. volume"`
		Day       string `json:"07. latest trading day"`
		Change    string `json:"09. change"`
		ChangePct string `json:"10. change percent"`
	} `json:"Global Quote"`
}

// Quotes asks GLOBAL_QUOTE once per symbol; unknown ones are left out.
func (c *Client) Quotes(ctx context.Context, symbols []string) ([]market.QuoteInput, error) {
	return provider.EachSymbol(ctx, symbols, c.quote)
}

func (c *Client) quote(ctx context.Context, symbol string) (market.QuoteInput, error) {
	var b globalQuote
	if err := c.query(ctx, "GLOBAL_QUOTE", url.Values{"symbol": {symbol}}, &b, &b.notes); err != nil {
		return market.QuoteInput{}, err
	}
	g := b.Quote
	if g.Symbol == "" {
		return market.QuoteInput{}, provider.ErrUnknownSymbol
	}
	day, err := time.ParseInLocation(time.DateOnly, g.Day, c.ny)
	price, err1 := strconv.ParseFloat(g.Price, 64)
	change, err2 := strconv.ParseFloat(g.Change, 64)
	pct, err3 := strconv.ParseFloat(strings.TrimSuffix(g.ChangePct, "%"), 64)
	vol, err4 := strconv.ParseInt(g.Volume, 10, 64)
	if err := errors.Join(err, err1, err2, err3, err4); err != nil {
		return market.QuoteInput{}, &provider.BadAnswerError{Provider: Name, Reason: symbol + ": unreadable quote field"}
	}
	q := market.QuoteInput{Symbol: symbol, Price: price, Change: change, ChangePct: pct, Volume: vol,
		AsOf: c.asOf(day), Provider: Name}
	return q, provider.CheckQuote(Name, q, c.now())
}

// asOf is the time of a quote of the latest trading day: that day's
// 16:00 New York close, or now while that close is still ahead (the
// latest trading day is today and the price is the current one).
func (c *Client) asOf(day time.Time) time.Time {
	closeAt := time.Date(day.Year(), day.Month(), day.Day(), 16, 0, 0, 0, c.ny).UTC()
	if now := c.now().UTC(); closeAt.After(now) {
		return now.Truncate(time.Second)
	}
	return closeAt
}

// Package finnhub is the adapter of Finnhub's REST API
// (https://finnhub.io/docs/api): /quote, /stock/candle, /company-news and
// /stock/profile2, authenticated by the token query parameter.
package finnhub

import (
	"context"
	"net/url"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
)

// Name is the provider's name and provenance.
const Name = "finnhub"

// DefaultBaseURL is Finnhub's documented API root.
const DefaultBaseURL = "https://finnhub.io/api/v1"

// Client is the Finnhub adapter.
type Client struct {
	f    *provider.Fetcher
	base string
	key  string
	now  func() time.Time
}

var _ provider.Provider = (*Client)(nil)

// New is the adapter of cfg.
func New(cfg provider.Config) *Client {
	f, base := cfg.Fetcher(Name, DefaultBaseURL)
	return &Client{f: f, base: base, key: cfg.APIKey, now: cfg.Clock()}
}

// Name is "finnhub".
func (c *Client) Name() string { return Name }

// Capabilities are quotes, bars, news and profiles.
func (c *Client) Capabilities() provider.Capability {
	return provider.CapQuotes | provider.CapBars | provider.CapNews | provider.CapProfile
}

// Supports covers US stocks and ETFs (the free tier).
func (c *Client) Supports(assetType string) bool { return assetType == "stock" || assetType == "etf" }

// Limits are the free tier's: 60 calls a minute (https://finnhub.io/pricing;
// "30 API calls/second" on top of every plan), one symbol per /quote.
func (c *Client) Limits() provider.Limits {
	return provider.Limits{PerMinute: 60, MaxBatch: 1}
}

// url is the URL of path with the query and the token.
func (c *Client) url(path string, q url.Values) string {
	q.Set("token", c.key)
	return c.base + path + "?" + q.Encode()
}

// Quotes asks /quote once per symbol. Finnhub answers an unknown symbol
// with all zeros and t 0; it is left out.
func (c *Client) Quotes(ctx context.Context, symbols []string) ([]market.QuoteInput, error) {
	return provider.EachSymbol(ctx, symbols, c.quote)
}

// quoteBody is the documented /quote answer.
type quoteBody struct {
	C  float64  `json:"c"`
	D  *float64 `json:"d"`
	DP *float64 `json:"dp"`
	T  int64    `json:"t"`
}

func (c *Client) quote(ctx context.Context, symbol string) (market.QuoteInput, error) {
	var b quoteBody
	if err := c.get(ctx, "/quote", url.Values{"symbol": {symbol}}, &b); err != nil {
		return market.QuoteInput{}, err
	}
	if b.T == 0 && b.C == 0 {
		return market.QuoteInput{}, provider.ErrUnknownSymbol
	}
	q := market.QuoteInput{Symbol: symbol, Price: b.C, Change: deref(b.D), ChangePct: deref(b.DP),
		AsOf: time.Unix(b.T, 0).UTC(), Provider: Name}
	return q, provider.CheckQuote(Name, q, c.now())
}

func deref(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}

// errorBody is Finnhub's documented error shape ({"error": "..."}).
type errorBody struct {
	Error string `json:"error"`
}

// get fetches path into v; a 4xx answer is a bad answer naming its status
// (its message is not repeated: it may echo the request).
func (c *Client) get(ctx context.Context, path string, q url.Values, v any) error {
	a, err := c.f.Get(ctx, c.url(path, q), nil)
	if err != nil {
		return err
	}
	if a.Status >= 400 {
		var e errorBody
		_ = provider.DecodeJSON(Name, a, &e)
		return &provider.BadAnswerError{Provider: Name, Status: a.Status, Reason: "refused " + path}
	}
	return provider.DecodeJSON(Name, a, v)
}

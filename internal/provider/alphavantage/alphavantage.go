// Package alphavantage is the adapter of the Alpha Vantage API
// (https://www.alphavantage.co/documentation/): GLOBAL_QUOTE,
// TIME_SERIES_DAILY and NEWS_SENTIMENT, authenticated by the apikey query
// parameter. Alpha Vantage answers its limits with HTTP 200 and a Note or
// Information field, and an unknown symbol with an Error Message field.
package alphavantage

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/provider"
)

// Name is the provider's name and provenance.
const Name = "alphavantage"

// DefaultBaseURL is Alpha Vantage's documented endpoint root (requests go
// to DefaultBaseURL + "/query").
const DefaultBaseURL = "https://www.alphavantage.co"

// Client is the Alpha Vantage adapter.
type Client struct {
	f    *provider.Fetcher
	base string
	key  string
	now  func() time.Time
	ny   *time.Location
}

var _ provider.Provider = (*Client)(nil)

// New is the adapter of cfg.
func New(cfg provider.Config) *Client {
	f, base := cfg.Fetcher(Name, DefaultBaseURL)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		ny = time.FixedZone("EST", -5*3600)
	}
	return &Client{f: f, base: base, key: cfg.APIKey, now: cfg.Clock(), ny: ny}
}

// Name is "alphavantage".
func (c *Client) Name() string { return Name }

// Capabilities are quotes, daily bars and news.
func (c *Client) Capabilities() provider.Capability {
	return provider.CapQuotes | provider.CapBars | provider.CapNews
}

// Supports covers stocks and ETFs.
func (c *Client) Supports(assetType string) bool { return assetType == "stock" || assetType == "etf" }

// Limits are the free tier's: 25 requests a day
// (https://www.alphavantage.co/support/#api-key, since 2024; before, 5 a
// minute and 500 a day, the per-minute figure kept as a burst bound), one
// symbol per GLOBAL_QUOTE.
func (c *Client) Limits() provider.Limits {
	return provider.Limits{PerMinute: 5, PerDay: 25, MaxBatch: 1}
}

// notes are the documented in-body refusals every function may answer.
type notes struct {
	Note        string `json:"Note"`
	Information string `json:"Information"`
	Error       string `json:"Error Message"`
}

// refusal is the error of a body's Note, Information or Error Message,
// nil when it has none. A note naming only a daily quota pauses until the
// next UTC day; any other, for a minute.
func (c *Client) refusal(n notes) error {
	switch {
	case n.Error != "":
		return provider.ErrUnknownSymbol
	case n.Note == "" && n.Information == "":
		return nil
	}
	text := strings.ToLower(n.Note + " " + n.Information)
	if strings.Contains(text, "premium endpoint") {
		return provider.ErrUnsupported
	}
	now := c.now().UTC()
	until := now.Add(time.Minute)
	if strings.Contains(text, "per day") && !strings.Contains(text, "per minute") {
		until = now.Truncate(24 * time.Hour).Add(24 * time.Hour) // the daily quota starts again
	}
	return &provider.LimitedError{Provider: Name, Until: until, Reason: "note"}
}

// query fetches function with the parameters into v (which must embed
// notes, read by the caller through n).
func (c *Client) query(ctx context.Context, function string, q url.Values, v any, n *notes) error {
	q.Set("function", function)
	q.Set("apikey", c.key)
	a, err := c.f.Get(ctx, c.base+"/query?"+q.Encode(), nil)
	if err != nil {
		return err
	}
	if a.Status >= 400 {
		return &provider.BadAnswerError{Provider: Name, Status: a.Status, Reason: "refused " + function}
	}
	if err := provider.DecodeJSON(Name, a, v); err != nil {
		return err
	}
	return c.refusal(*n)
}

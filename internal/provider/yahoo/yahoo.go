// Package yahoo is the adapter of Yahoo Finance's chart API (v8 JSON,
// GET /v8/finance/chart/{symbol}). It is unofficial and keyless: Yahoo
// publishes no quota, throttles with a text/plain "Too Many Requests"
// 429, and answers an unknown symbol with a 404 whose chart.error says
// "Not Found".
package yahoo

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
)

// Name is the provider's name and provenance.
const Name = "yahoo"

// DefaultBaseURL is the chart API's host.
const DefaultBaseURL = "https://query1.finance.yahoo.com"

// Client is the Yahoo Finance adapter.
type Client struct {
	f    *provider.Fetcher
	base string
	hdr  http.Header
	now  func() time.Time
}

var _ provider.Provider = (*Client)(nil)

// New is the adapter of cfg (APIKey is not used).
func New(cfg provider.Config) *Client {
	f, base := cfg.Fetcher(Name, DefaultBaseURL)
	// Yahoo refuses requests without a browser-like agent.
	hdr := http.Header{"User-Agent": {"Mozilla/5.0 (compatible; marketpulse)"}, "Accept": {"application/json"}}
	return &Client{f: f, base: base, hdr: hdr, now: cfg.Clock()}
}

// Name is "yahoo".
func (c *Client) Name() string { return Name }

// Capabilities are quotes, bars and profiles.
func (c *Client) Capabilities() provider.Capability {
	return provider.CapQuotes | provider.CapBars | provider.CapProfile
}

// Supports covers stocks, ETFs, indices, forex, commodities and crypto
// (Yahoo symbols: ^GSPC, EURUSD=X, GC=F, BTC-USD).
func (c *Client) Supports(assetType string) bool {
	switch assetType {
	case "stock", "etf", "index", "forex", "commodity", "crypto":
		return true
	}
	return false
}

// Limits are a conservative guess, as Yahoo publishes none: 60 a minute
// and 2,000 a day (the figure the community reports for keyless use), one
// symbol per chart request.
func (c *Client) Limits() provider.Limits {
	return provider.Limits{PerMinute: 60, PerDay: 2000, MaxBatch: 1}
}

// chartBody is the chart answer.
type chartBody struct {
	Chart struct {
		Result []chartResult `json:"result"`
		Error  *struct {
			Code        string `json:"code"`
			Description string `json:"description"`
		} `json:"error"`
	} `json:"chart"`
}

type chartResult struct {
	Meta struct {
		Currency           string   `json:"currency"`
		Symbol             string   `json:"symbol"`
		FullExchangeName   string   `json:"fullExchangeName"`
		ExchangeName       string   `json:"exchangeName"`
		InstrumentType     string   `json:"instrumentType"`
		RegularMarketTime  int64    `json:"regularMarketTime"`
		GMTOffset          int64    `json:"gmtoffset"`
		RegularMarketPrice float64  `json:"regularMarketPrice"`
		ChartPreviousClose *float64 `json:"chartPreviousClose"`
		PreviousClose      *float64 `json:"previousClose"`
		Volume             int64    `json:"regularMarketVolume"`
		LongName           string   `json:"longName"`
		ShortName          string   `json:"shortName"`
	} `json:"meta"`
	Timestamp  []int64 `json:"timestamp"`
	Indicators struct {
		Quote []struct {
			Open   []*float64 `json:"open"`
			High   []*float64 `json:"high"`
			Low    []*float64 `json:"low"`
			Close  []*float64 `json:"close"`
			Volume []*float64 `json:"volume"`
		} `json:"quote"`
	} `json:"indicators"`
}

// chart fetches the chart of symbol with the parameters.
func (c *Client) chart(ctx context.Context, symbol string, q url.Values) (chartResult, error) {
	a, err := c.f.Get(ctx, c.base+"/v8/finance/chart/"+url.PathEscape(symbol)+"?"+q.Encode(), c.hdr)
	if err != nil {
		return chartResult{}, err
	}
	var b chartBody
	if err := provider.DecodeJSON(Name, a, &b); err != nil {
		return chartResult{}, err
	}
	if e := b.Chart.Error; e != nil {
		if e.Code == "Not Found" || a.Status == http.StatusNotFound {
			return chartResult{}, provider.ErrUnknownSymbol
		}
		return chartResult{}, &provider.BadAnswerError{Provider: Name, Status: a.Status, Reason: "chart error " + e.Code}
	}
	if a.Status >= 400 || len(b.Chart.Result) == 0 {
		return chartResult{}, &provider.BadAnswerError{Provider: Name, Status: a.Status, Reason: "no chart result"}
	}
	return b.Chart.Result[0], nil
}

// News is not served.
func (c *Client) News(context.Context, []string, time.Time) ([]news.ArticleInput, error) {
	return nil, provider.ErrUnsupported
}

// Profile is the chart's meta: names, exchange, currency, instrument type.
func (c *Client) Profile(ctx context.Context, symbol string) (provider.Profile, error) {
	r, err := c.chart(ctx, symbol, url.Values{"range": {"1d"}, "interval": {"1d"}})
	if err != nil {
		return provider.Profile{}, err
	}
	m := r.Meta
	name := m.LongName
	if name == "" {
		name = m.ShortName
	}
	exch := m.FullExchangeName
	if exch == "" {
		exch = m.ExchangeName
	}
	return provider.Profile{Symbol: symbol, Name: name, Type: assetType(m.InstrumentType), Exchange: exch, Currency: m.Currency}, nil
}

// assetType is the asset type of a Yahoo instrument type.
func assetType(instrument string) string {
	switch instrument {
	case "ETF", "MUTUALFUND":
		return "etf"
	case "INDEX":
		return "index"
	case "CURRENCY":
		return "forex"
	case "FUTURE":
		return "commodity"
	case "CRYPTOCURRENCY":
		return "crypto"
	}
	return "stock"
}

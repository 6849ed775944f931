// Package coingecko is the adapter of the CoinGecko API v3
// (https://docs.coingecko.com/v3.0.1/reference/introduction):
// /simple/price for the quotes of many coins in one call and
// /coins/{id}/market_chart for bars. A demo key is sent in the
// x-cg-demo-api-key header.
package coingecko

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
)

// Name is the provider's name and provenance.
const Name = "coingecko"

// DefaultBaseURL is CoinGecko's documented public (and demo) API root.
const DefaultBaseURL = "https://api.coingecko.com/api/v3"

// Client is the CoinGecko adapter.
type Client struct {
	f    *provider.Fetcher
	base string
	hdr  http.Header
	ids  map[string]string
	now  func() time.Time
}

var _ provider.Provider = (*Client)(nil)

// New is the adapter of cfg with DefaultIDs.
func New(cfg provider.Config) *Client { return NewWithIDs(cfg, DefaultIDs()) }

// NewWithIDs is the adapter of cfg mapping symbol bases to coin ids by ids.
func NewWithIDs(cfg provider.Config, ids map[string]string) *Client {
	f, base := cfg.Fetcher(Name, DefaultBaseURL)
	hdr := http.Header{}
	if cfg.APIKey != "" {
		hdr.Set("x-cg-demo-api-key", cfg.APIKey)
	}
	return &Client{f: f, base: base, hdr: hdr, ids: ids, now: cfg.Clock()}
}

// Name is "coingecko".
func (c *Client) Name() string { return Name }

// Capabilities are quotes and bars.
func (c *Client) Capabilities() provider.Capability { return provider.CapQuotes | provider.CapBars }

// Supports covers crypto.
func (c *Client) Supports(assetType string) bool { return assetType == "crypto" }

// Limits are the demo plan's: about 30 calls a minute and 10,000 a month
// (https://www.coingecko.com/en/api/pricing), the month spread as 322 a
// day; 250 symbols per /simple/price call (CoinGecko's page size, keeping
// the URL short).
func (c *Client) Limits() provider.Limits {
	return provider.Limits{PerMinute: 30, PerDay: 322, MaxBatch: 250}
}

// price is one coin of the documented /simple/price answer: "<vs>",
// "<vs>_market_cap", "<vs>_24h_vol", "<vs>_24h_change" and
// "last_updated_at" (unix seconds).
type price map[string]*float64

// Quotes asks /simple/price once for all symbols. A symbol the id map
// does not cover, or CoinGecko leaves out, is left out. Volume is the 24h
// volume in the quote currency.
func (c *Client) Quotes(ctx context.Context, symbols []string) ([]market.QuoteInput, error) {
	coins, ids, vss := c.coins(symbols)
	if len(ids) == 0 {
		return nil, provider.ErrUnknownSymbol
	}
	q := url.Values{"ids": {strings.Join(ids, ",")}, "vs_currencies": {strings.Join(vss, ",")},
		"include_market_cap": {"true"}, "include_24hr_vol": {"true"},
		"include_24hr_change": {"true"}, "include_last_updated_at": {"true"}}
	var b map[string]price
	if err := c.get(ctx, "/simple/price?"+q.Encode(), &b); err != nil {
		return nil, err
	}
	out := make([]market.QuoteInput, 0, len(symbols))
	for _, s := range symbols {
		cn, ok := coins[s]
		if !ok || b[cn.id] == nil {
			continue
		}
		qi, ok := quoteOf(s, cn.vs, b[cn.id])
		if !ok {
			continue
		}
		if err := provider.CheckQuote(Name, qi, c.now()); err != nil {
			return nil, err
		}
		out = append(out, qi)
	}
	if len(out) == 0 {
		return nil, provider.ErrUnknownSymbol
	}
	return out, nil
}

// coins are the coins of the symbols, and the distinct ids and
// vs_currencies to ask for, sorted.
func (c *Client) coins(symbols []string) (map[string]coin, []string, []string) {
	coins := make(map[string]coin, len(symbols))
	idSet, vsSet := map[string]bool{}, map[string]bool{}
	for _, s := range symbols {
		if cn, ok := coinOf(c.ids, s); ok {
			coins[s] = cn
			idSet[cn.id], vsSet[cn.vs] = true, true
		}
	}
	return coins, sortedKeys(idSet), sortedKeys(vsSet)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// quoteOf reads the quote of symbol in vs from p; ok is false when p has
// no price in vs or no update time.
func quoteOf(symbol, vs string, p price) (market.QuoteInput, bool) {
	v, at := p[vs], p["last_updated_at"]
	if v == nil || at == nil {
		return market.QuoteInput{}, false
	}
	q := market.QuoteInput{Symbol: symbol, Price: *v, AsOf: time.Unix(int64(*at), 0).UTC(), Provider: Name}
	if pct := p[vs+"_24h_change"]; pct != nil {
		q.ChangePct = *pct
		q.Change = *v - *v/(1+*pct/100) // from the price 24h ago
	}
	if vol := p[vs+"_24h_vol"]; vol != nil {
		q.Volume = int64(*vol)
	}
	if mc := p[vs+"_market_cap"]; mc != nil {
		cp := *mc
		q.MarketCap = &cp
	}
	return q, true
}

// errorBody is CoinGecko's documented error shape for an unknown coin.
type errorBody struct {
	Error string `json:"error"`
}

// get fetches path into v: a 404 is an unknown coin.
func (c *Client) get(ctx context.Context, path string, v any) error {
	a, err := c.f.Get(ctx, c.base+path, c.hdr)
	if err != nil {
		return err
	}
	if a.Status == http.StatusNotFound {
		var e errorBody
		if provider.DecodeJSON(Name, a, &e) == nil && e.Error != "" {
			return provider.ErrUnknownSymbol
		}
	}
	if a.Status >= 400 {
		return &provider.BadAnswerError{Provider: Name, Status: a.Status, Reason: "refused"}
	}
	return provider.DecodeJSON(Name, a, v)
}

// News is not served.
func (c *Client) News(context.Context, []string, time.Time) ([]news.ArticleInput, error) {
	return nil, provider.ErrUnsupported
}

// Profile is not served.
func (c *Client) Profile(context.Context, string) (provider.Profile, error) {
	return provider.Profile{}, provider.ErrUnsupported
}

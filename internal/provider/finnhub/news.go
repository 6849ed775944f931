package finnhub

import (
	"context"
	"net/url"
	"time"

	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
)

// article is one item of the documented /company-news answer.
type article struct {
	Datetime int64  `json:"datetime"`
	Headline string `json:"headline"`
	Source   string `json:"source"`
	Summary  string `json:"summary"`
	URL      string `json:"url"`
}

// News asks /company-news once per symbol for the days from since to now
// and keeps the articles published at or after since.
func (c *Client) News(ctx context.Context, symbols []string, since time.Time) ([]news.ArticleInput, error) {
	var out []news.ArticleInput
	for _, s := range symbols {
		q := url.Values{"symbol": {s}, "from": {since.UTC().Format(time.DateOnly)}, "to": {c.now().UTC().Format(time.DateOnly)}}
		var items []article
		if err := c.get(ctx, "/company-news", q, &items); err != nil {
			return nil, err
		}
		for _, it := range items {
			at := time.Unix(it.Datetime, 0).UTC()
			if at.Before(since) || it.URL == "" || it.Headline == "" {
				continue
			}
			out = append(out, news.ArticleInput{URL: it.URL, Title: it.Headline, Summary: it.Summary,
				Source: it.Source, PublishedAt: at, Symbols: []string{s}})
		}
	}
	return out, nil
}

// profileBody is the documented /stock/profile2 answer ({} for an unknown
// symbol).
type profileBody struct {
	Ticker, Name, Exchange, Currency, FinnhubIndustry string
}

// Profile asks /stock/profile2.
func (c *Client) Profile(ctx context.Context, symbol string) (provider.Profile, error) {
	var b profileBody
	if err := c.get(ctx, "/stock/profile2", url.Values{"symbol": {symbol}}, &b); err != nil {
		return provider.Profile{}, err
	}
	if b.Ticker == "" && b.Name == "" {
		return provider.Profile{}, provider.ErrUnknownSymbol
	}
	return provider.Profile{Symbol: symbol, Name: b.Name, Type: "stock", Exchange: b.Exchange,
		Currency: b.Currency, Sector: b.FinnhubIndustry}, nil
}

// Package feed is a news adapter reading RSS 2.0
// (https://www.rssboard.org/rss-specification) and Atom (RFC 4287) feeds.
// Each configured feed is fetched as a whole; its items become articles
// linked to the asked symbols the feed is about, or, for a general feed,
// to the asked symbols its titles name.
package feed

import (
	"bytes"
	"context"
	"encoding/xml"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
)

// Name is the provider's name.
const Name = "feed"

// Feed is one feed: its URL and the symbols it is about (none: a general
// feed).
type Feed struct {
	URL     string
	Symbols []string
}

// Client is the feed reader.
type Client struct {
	f     *provider.Fetcher
	feeds []Feed
}

var _ provider.Provider = (*Client)(nil)

// New is the reader of feeds with cfg (BaseURL and APIKey are not used).
func New(cfg provider.Config, feeds []Feed) *Client {
	f, _ := cfg.Fetcher(Name, "")
	return &Client{f: f, feeds: feeds}
}

// Name is "feed".
func (c *Client) Name() string { return Name }

// Capabilities are news.
func (c *Client) Capabilities() provider.Capability { return provider.CapNews }

// Supports covers every asset type (news is about any).
func (c *Client) Supports(string) bool { return true }

// Limits: feeds have no published quota; 30 fetches a minute keeps a
// reader polite.
func (c *Client) Limits() provider.Limits { return provider.Limits{PerMinute: 30, MaxBatch: 1} }

// News fetches every feed about an asked symbol and every general feed,
// and keeps the items published at or after since that are linked to an
// asked symbol.
func (c *Client) News(ctx context.Context, symbols []string, since time.Time) ([]news.ArticleInput, error) {
	var out []news.ArticleInput
	for _, fd := range c.feeds {
		linked := intersect(fd.Symbols, symbols)
		if len(fd.Symbols) > 0 && len(linked) == 0 {
			continue
		}
		items, source, err := c.fetch(ctx, fd.URL)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			syms := linked
			if len(fd.Symbols) == 0 {
				syms = named(it.Title, symbols)
			}
			if it.PublishedAt.Before(since) || len(syms) == 0 {
				continue
			}
			it.Source, it.Symbols = source, syms
			out = append(out, it)
		}
	}
	return out, nil
}

// fetch reads the feed at url: its items and its title.
func (c *Client) fetch(ctx context.Context, url string) ([]news.ArticleInput, string, error) {
	a, err := c.f.Get(ctx, url, nil)
	if err != nil {
		return nil, "", err
	}
	bad := func(reason string) error {
		return &provider.BadAnswerError{Provider: Name, Status: a.Status, Reason: reason}
	}
	if a.Status >= 400 {
		return nil, "", bad("refused")
	}
	if strings.HasPrefix(a.Header.Get("Content-Type"), "text/html") {
		return nil, "", bad("HTML page instead of a feed")
	}
	var doc document
	if err := xml.NewDecoder(bytes.NewReader(a.Body)).Decode(&doc); err != nil {
		return nil, "", bad("malformed XML")
	}
	switch doc.XMLName.Local {
	case "rss":
		return doc.Channel.articles(), doc.Channel.Title, nil
	case "feed":
		return doc.articles(), doc.Title, nil
	}
	return nil, "", bad("neither RSS nor Atom")
}

// intersect is the symbols of a that are in b.
func intersect(a, b []string) []string {
	var out []string
	for _, s := range a {
		for _, t := range b {
			if strings.EqualFold(s, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// named is the symbols a title names as a word ("AAPL" or "$AAPL").
func named(title string, symbols []string) []string {
	words := strings.FieldsFunc(title, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.')
	})
	var out []string
	for _, s := range symbols {
		for _, w := range words {
			if w == s {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// Quotes are not served.
func (c *Client) Quotes(context.Context, []string) ([]market.QuoteInput, error) {
	return nil, provider.ErrUnsupported
}

// Bars are not served.
func (c *Client) Bars(context.Context, string, market.Interval, time.Time, time.Time) ([]market.Bar, error) {
	return nil, provider.ErrUnsupported
}

// Profile is not served.
func (c *Client) Profile(context.Context, string) (provider.Profile, error) {
	return provider.Profile{}, provider.ErrUnsupported
}

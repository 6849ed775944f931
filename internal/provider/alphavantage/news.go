package alphavantage

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
)

// newsFeed is the documented NEWS_SENTIMENT answer.
type newsFeed struct {
	notes
	Feed []struct {
		Title     string   `json:"title"`
		URL       string   `json:"url"`
		Published string   `json:"time_published"` // YYYYMMDDTHHMMSS, UTC
		Authors   []string `json:"authors"`
		Summary   string   `json:"summary"`
		Source    string   `json:"source"`
		Score     *float64 `json:"overall_sentiment_score"`
		Tickers   []struct {
			Ticker string `json:"ticker"`
		} `json:"ticker_sentiment"`
	} `json:"feed"`
}

// publishedLayout is NEWS_SENTIMENT's time_published.
const publishedLayout = "20060102T150405"

// News asks NEWS_SENTIMENT once for all symbols (tickers=A,B; the feed
// holds articles mentioning any) from since. An article is linked to the
// asked symbols it names.
func (c *Client) News(ctx context.Context, symbols []string, since time.Time) ([]news.ArticleInput, error) {
	q := url.Values{"tickers": {strings.Join(symbols, ",")}, "time_from": {since.UTC().Format("20060102T1504")},
		"sort": {"LATEST"}, "limit": {strconv.Itoa(200)}}
	var b newsFeed
	if err := c.query(ctx, "NEWS_SENTIMENT", q, &b, &b.notes); err != nil {
		return nil, err
	}
	asked := make(map[string]bool, len(symbols))
	for _, s := range symbols {
		asked[s] = true
	}
	var out []news.ArticleInput
	for _, it := range b.Feed {
		at, err := time.Parse(publishedLayout, it.Published)
		if err != nil || at.Before(since) || it.URL == "" || it.Title == "" {
			continue
		}
		var syms []string
		for _, t := range it.Tickers {
			if asked[t.Ticker] {
				syms = append(syms, t.Ticker)
			}
		}
		out = append(out, news.ArticleInput{URL: it.URL, Title: it.Title, Summary: it.Summary, Source: it.Source,
			Author: strings.Join(it.Authors, ", "), PublishedAt: at, Sentiment: it.Score, Symbols: syms})
	}
	return out, nil
}

// Profile is not served (OVERVIEW is not among the adapter's functions).
func (c *Client) Profile(context.Context, string) (provider.Profile, error) {
	return provider.Profile{}, provider.ErrUnsupported
}

// Package stooq is the adapter of Stooq's daily CSV download
// (GET /q/d/l/?s=aapl.us&i=d&d1=YYYYMMDD&d2=YYYYMMDD, the endpoint
// pandas-datareader's StooqDailyReader reads): daily bars only, keyless.
// Stooq answers an unknown symbol with the text "No data" and a spent
// daily quota with "Exceeded the daily hits limit".
package stooq

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
)

// Name is the provider's name and provenance.
const Name = "stooq"

// DefaultBaseURL is Stooq's host.
const DefaultBaseURL = "https://stooq.com"

// Client is the Stooq adapter.
type Client struct {
	f    *provider.Fetcher
	base string
	now  func() time.Time
}

var _ provider.Provider = (*Client)(nil)

// New is the adapter of cfg (APIKey is not used).
func New(cfg provider.Config) *Client {
	f, base := cfg.Fetcher(Name, DefaultBaseURL)
	return &Client{f: f, base: base, now: cfg.Clock()}
}

// Name is "stooq".
func (c *Client) Name() string { return Name }

// Capabilities are daily bars.
func (c *Client) Capabilities() provider.Capability { return provider.CapBars }

// Supports covers stocks, ETFs and indices.
func (c *Client) Supports(assetType string) bool {
	return assetType == "stock" || assetType == "etf" || assetType == "index"
}

// Limits: Stooq publishes no figure; its daily hits limit is met by a
// conservative 500 a day, 20 a minute.
func (c *Client) Limits() provider.Limits {
	return provider.Limits{PerMinute: 20, PerDay: 500, MaxBatch: 1}
}

// Ticker is Stooq's name of a symbol: lower case, with ".us" for a US
// ticker without an exchange suffix ("AAPL" → "aapl.us", "^SPX" stays).
func Ticker(symbol string) string {
	s := strings.ToLower(symbol)
	if strings.ContainsAny(s, ".^") {
		return s
	}
	return s + ".us"
}

// Bars downloads the daily CSV of symbol for [from, to).
func (c *Client) Bars(ctx context.Context, symbol string, interval market.Interval, from, to time.Time) ([]market.Bar, error) {
	if interval != market.Interval1d {
		return nil, provider.ErrUnsupported
	}
	q := url.Values{"s": {Ticker(symbol)}, "i": {"d"},
		"d1": {from.UTC().Format("20060102")}, "d2": {to.UTC().Format("20060102")}}
	a, err := c.f.Get(ctx, c.base+"/q/d/l/?"+q.Encode(), nil)
	if err != nil {
		return nil, err
	}
	body := bytes.TrimSpace(a.Body)
	switch {
	case a.Status >= 400:
		return nil, &provider.BadAnswerError{Provider: Name, Status: a.Status, Reason: "refused"}
	case bytes.EqualFold(body, []byte("No data")):
		return nil, provider.ErrUnknownSymbol
	case bytes.Contains(body, []byte("Exceeded the daily hits limit")):
		until := c.now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
		return nil, &provider.LimitedError{Provider: Name, Until: until, Reason: "note"}
	case len(body) > 0 && body[0] == '<':
		return nil, &provider.BadAnswerError{Provider: Name, Reason: "HTML page instead of CSV"}
	}
	bars, err := parse(body)
	if err != nil {
		return nil, &provider.BadAnswerError{Provider: Name, Reason: err.Error()}
	}
	bars = provider.InRange(bars, func(b market.Bar) time.Time { return b.Ts }, from, to)
	return bars, provider.CheckBars(Name, interval, bars)
}

// header is the CSV's first line.
var header = []string{"Date", "Open", "High", "Low", "Close", "Volume"}

// parse reads the CSV; a header-only one is an empty series.
func parse(body []byte) ([]market.Bar, error) {
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil || len(head) < 5 || strings.Join(head[:5], ",") != strings.Join(header[:5], ",") {
		return nil, errors.New("not the daily CSV")
	}
	var bars []market.Bar
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return bars, nil
		}
		if err != nil || len(rec) < 5 {
			return nil, errors.New("malformed CSV")
		}
		b, err := barOf(rec)
		if err != nil {
			return nil, err
		}
		bars = append(bars, b)
	}
}

func barOf(rec []string) (market.Bar, error) {
	ts, err := time.Parse(time.DateOnly, rec[0])
	o, err1 := strconv.ParseFloat(rec[1], 64)
	h, err2 := strconv.ParseFloat(rec[2], 64)
	l, err3 := strconv.ParseFloat(rec[3], 64)
	c, err4 := strconv.ParseFloat(rec[4], 64)
	var vol float64 // indices have no volume column
	var err5 error
	if len(rec) > 5 && rec[5] != "" {
		vol, err5 = strconv.ParseFloat(rec[5], 64)
	}
	if errors.Join(err, err1, err2, err3, err4, err5) != nil {
		return market.Bar{}, errors.New("unreadable row " + rec[0])
	}
	return market.Bar{Ts: ts, Open: o, High: h, Low: l, Close: c, Volume: int64(vol)}, nil
}

// Quotes are not served (daily bars only).
func (c *Client) Quotes(context.Context, []string) ([]market.QuoteInput, error) {
	return nil, provider.ErrUnsupported
}

// News is not served.
func (c *Client) News(context.Context, []string, time.Time) ([]news.ArticleInput, error) {
	return nil, provider.ErrUnsupported
}

// Profile is not served.
func (c *Client) Profile(context.Context, string) (provider.Profile, error) {
	return provider.Profile{}, provider.ErrUnsupported
}

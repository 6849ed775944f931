package alphavantage_test

// The fixtures in testdata follow the answers of Alpha Vantage's
// documentation (https://www.alphavantage.co/documentation/, the demo
// answers of GLOBAL_QUOTE, TIME_SERIES_DAILY and NEWS_SENTIMENT: every
// number a string, keys like "05. price"); the refusals follow the bodies
// users report (finance-quote/finance-quote#104 for "Note",
// home-assistant/core#109153 and finance-quote#363 for the 25-a-day
// "Information", the "Error Message" of an invalid call).

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/provider/alphavantage"
	"github.com/marketpulse/api/internal/provider/fakeprovider"
)

const key = "AV-SECRET-KEY"

var now = time.Date(2025, 12, 3, 21, 30, 0, 0, time.UTC)

func start(t *testing.T, at time.Time) (*fakeprovider.Server, *fakeprovider.CountingGate, *alphavantage.Client) {
	t.Helper()
	fp := fakeprovider.Start(t)
	fp.ServeFile(t, "/query?function=GLOBAL_QUOTE&symbol=IBM", "testdata/global_quote_IBM.json")
	fp.ServeFile(t, "/query?function=GLOBAL_QUOTE", "testdata/global_quote_empty.json")
	fp.ServeFile(t, "/query?function=TIME_SERIES_DAILY&symbol=IBM", "testdata/daily_IBM.json")
	fp.ServeFile(t, "/query?function=TIME_SERIES_DAILY", "testdata/error_message.json")
	fp.ServeFile(t, "/query?function=NEWS_SENTIMENT", "testdata/news_sentiment.json")
	gate := &fakeprovider.CountingGate{}
	c := alphavantage.New(provider.Config{BaseURL: fp.URL(), APIKey: key, HTTP: fp.Client(), Gate: gate,
		Timeout: 300 * time.Millisecond, Now: func() time.Time { return at }})
	return fp, gate, c
}

func checkGate(t *testing.T, fp *fakeprovider.Server, gate *fakeprovider.CountingGate, want int) {
	t.Helper()
	if fp.Total() != want || gate.Admitted() != want || fp.Requests("/query") != want {
		t.Fatalf("served %d, admitted %d, want %d", fp.Total(), gate.Admitted(), want)
	}
	for _, q := range fp.Queries() {
		if q.Get("apikey") != key {
			t.Fatal("request without the apikey")
		}
	}
}

func TestQuotes(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t, now)
	got, err := c.Quotes(context.Background(), []string{"IBM", "NOPE"})
	if err != nil {
		t.Fatal(err)
	}
	want := []market.QuoteInput{{Symbol: "IBM", Price: 307.87, Change: 2.53, ChangePct: 0.8286, Volume: 3924351,
		AsOf: time.Date(2025, 12, 2, 21, 0, 0, 0, time.UTC), Provider: "alphavantage"}} // 16:00 New York (EST)
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	checkGate(t, fp, gate, 2)
	if _, err := c.Quotes(context.Background(), []string{"NOPE"}); !errors.Is(err, provider.ErrUnknownSymbol) {
		t.Fatalf("all unknown: %v", err)
	}
}

func TestQuoteOfTheTradingDayIsNow(t *testing.T) {
	t.Parallel()
	during := time.Date(2025, 12, 2, 18, 0, 0, 0, time.UTC)
	_, _, c := start(t, during)
	got, err := c.Quotes(context.Background(), []string{"IBM"})
	if err != nil || !got[0].AsOf.Equal(during) {
		t.Fatalf("got %v %v, want asOf %v", got, err, during)
	}
}

func TestBars(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t, now)
	from := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	got, err := c.Bars(context.Background(), "IBM", market.Interval1d, from, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []market.Bar{
		{Ts: from, Open: 303.2, High: 306, Low: 301.55, Close: 305.34, Volume: 4120998},
		{Ts: from.AddDate(0, 0, 1), Open: 305.1, High: 309.44, Low: 304.01, Close: 307.87, Volume: 3924351},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	if _, err := c.Bars(context.Background(), "NOPE", market.Interval1d, from, now); !errors.Is(err, provider.ErrUnknownSymbol) {
		t.Fatalf("Error Message: %v", err)
	}
	if _, err := c.Bars(context.Background(), "IBM", market.Interval1m, from, now); !errors.Is(err, provider.ErrUnsupported) {
		t.Fatalf("1m: %v", err)
	}
	checkGate(t, fp, gate, 2)
}

func TestNews(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t, now)
	got, err := c.News(context.Background(), []string{"IBM", "AAPL"}, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	score := 0.214
	want := []news.ArticleInput{{URL: "https://example.com/ibm-apple", Title: "IBM and Apple extend their partnership",
		Summary: "The two companies extend a deal.", Source: "Benzinga", Author: "Jane Doe, John Roe",
		PublishedAt: time.Date(2025, 12, 3, 11, 6, 0, 0, time.UTC), Sentiment: &score, Symbols: []string{"IBM", "AAPL"}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	if q := fp.Queries()[0]; q.Get("tickers") != "IBM,AAPL" || q.Get("time_from") != "20251201T0000" {
		t.Fatalf("query %v", q)
	}
	checkGate(t, fp, gate, 1)
}

func TestFaults(t *testing.T) {
	t.Parallel()
	limitedUntil := func(until time.Time) func(*testing.T, error) {
		return func(t *testing.T, err error) {
			var le *provider.LimitedError
			if !errors.As(err, &le) || !le.Until.Equal(until) {
				t.Fatalf("err = %v, want limited until %v", err, until)
			}
		}
	}
	bad := func(t *testing.T, err error) {
		var be *provider.BadAnswerError
		if !errors.As(err, &be) {
			t.Fatalf("err = %v, want a bad answer", err)
		}
	}
	note := mustRead(t, "testdata/note.json")
	info := mustRead(t, "testdata/information_daily.json")
	tests := []struct {
		name  string
		fault fakeprovider.Fault
		want  func(*testing.T, error)
	}{
		{"Note", fakeprovider.Status(200, "application/json", note), limitedUntil(now.Add(time.Minute))},
		{"Information daily", fakeprovider.Status(200, "application/json", info), limitedUntil(time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC))},
		{"premium", fakeprovider.Status(200, "application/json", `{"Information": "Thank you for using Alpha Vantage! This is a premium endpoint."}`),
			func(t *testing.T, err error) {
				if !errors.Is(err, provider.ErrUnsupported) {
					t.Fatalf("err = %v", err)
				}
			}},
		{"429", fakeprovider.TooMany("5", "", ""), limitedUntil(now.Add(5 * time.Second))},
		{"500", fakeprovider.InternalError(), bad},
		{"HTML", fakeprovider.HTMLPage(503), bad},
		{"truncated", fakeprovider.Truncated(), bad},
		{"malformed", fakeprovider.Malformed(), bad},
		{"hang", fakeprovider.Hang(), bad},
		{"bad number", fakeprovider.Status(200, "application/json", `{"Global Quote":{"01. symbol":"IBM","05. price":"n/a"},"Time Series (Daily)":{"2025-12-01":{"1. open":"x"}}}`), bad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fp, gate, c := start(t, now)
			fp.Inject(tt.fault)
			from := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
			_, err1 := c.Quotes(context.Background(), []string{"IBM", "MSFT"})
			_, err2 := c.Bars(context.Background(), "IBM", market.Interval1d, from, now)
			_, err3 := c.News(context.Background(), []string{"IBM"}, from)
			for i, err := range []error{err1, err2, err3} {
				if tt.name == "bad number" && i == 2 {
					continue // the news of that body is an empty feed
				}
				tt.want(t, err)
				if strings.Contains(err.Error(), key) {
					t.Fatalf("error %q carries the key", err)
				}
			}
			checkGate(t, fp, gate, 3)
		})
	}
}

func mustRead(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

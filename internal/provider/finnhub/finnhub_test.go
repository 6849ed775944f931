package finnhub_test

// The fixtures in testdata follow the response shapes of Finnhub's API
// documentation (https://finnhub.io/docs/api/quote, /stock-candles,
// /company-news, /company-profile2) as its official clients model them
// (Finnhub-Stock-API/finnhub-js docs/Quote.md, docs/StockCandles.md): /quote
// {c,d,dp,h,l,o,pc,t} with zeros and nulls for an unknown symbol,
// /stock/candle parallel arrays with s "ok" or "no_data", errors as
// {"error": "..."}.

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/provider/fakeprovider"
	"github.com/marketpulse/api/internal/provider/finnhub"
)

const key = "FINNHUB-SECRET-KEY"

var now = time.Date(2025, 12, 3, 21, 0, 0, 0, time.UTC)

func start(t *testing.T) (*fakeprovider.Server, *fakeprovider.CountingGate, *finnhub.Client) {
	t.Helper()
	fp := fakeprovider.Start(t)
	fp.ServeFile(t, "/quote?symbol=AAPL", "testdata/quote_AAPL.json")
	fp.ServeFile(t, "/quote", "testdata/quote_unknown.json")
	fp.ServeFile(t, "/stock/candle?symbol=AAPL", "testdata/candle_AAPL_D.json")
	fp.ServeFile(t, "/stock/candle", "testdata/candle_no_data.json")
	fp.ServeFile(t, "/company-news?symbol=AAPL", "testdata/company_news_AAPL.json")
	fp.ServeFile(t, "/stock/profile2?symbol=AAPL", "testdata/profile2_AAPL.json")
	fp.Serve("/stock/profile2", "application/json", []byte(`{}`))
	gate := &fakeprovider.CountingGate{}
	c := finnhub.New(provider.Config{BaseURL: fp.URL(), APIKey: key, HTTP: fp.Client(), Gate: gate,
		Timeout: 300 * time.Millisecond, Now: func() time.Time { return now }})
	return fp, gate, c
}

func checkGate(t *testing.T, fp *fakeprovider.Server, gate *fakeprovider.CountingGate, want int) {
	t.Helper()
	if fp.Total() != want || gate.Admitted() != want {
		t.Fatalf("served %d, admitted %d, want %d", fp.Total(), gate.Admitted(), want)
	}
	for _, q := range fp.Queries() {
		if q.Get("token") != key {
			t.Fatalf("request without the token: %v", q.Has("token"))
		}
	}
}

func TestQuotes(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t)
	got, err := c.Quotes(context.Background(), []string{"AAPL", "NOPE"})
	if err != nil {
		t.Fatal(err)
	}
	want := []market.QuoteInput{{Symbol: "AAPL", Price: 261.74, Change: 2.28, ChangePct: 0.8788,
		AsOf: time.Unix(1764777600, 0).UTC(), Provider: "finnhub"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	checkGate(t, fp, gate, 2)
	if _, err := c.Quotes(context.Background(), []string{"NOPE"}); !errors.Is(err, provider.ErrUnknownSymbol) {
		t.Fatalf("all unknown: %v", err)
	}
}

func TestBars(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t)
	from := time.Date(2025, 12, 2, 0, 0, 0, 0, time.UTC)
	got, err := c.Bars(context.Background(), "AAPL", market.Interval1d, from, from.AddDate(0, 0, 5))
	if err != nil {
		t.Fatal(err)
	}
	want := []market.Bar{
		{Ts: from, Open: 218.1, High: 221.48, Low: 216.62, Close: 221.03, Volume: 39017240},
		{Ts: from.AddDate(0, 0, 1), Open: 220.01, High: 220.2, Low: 217.81, Close: 219.89, Volume: 35012210},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	if q := fp.Queries()[0]; q.Get("resolution") != "D" || q.Get("from") != "1764633600" {
		t.Fatalf("query %v", q)
	}
	empty, err := c.Bars(context.Background(), "NOPE", market.Interval1m, from, from.Add(time.Hour))
	if err != nil || len(empty) != 0 {
		t.Fatalf("no_data: %v %v", empty, err)
	}
	checkGate(t, fp, gate, 2)
}

func TestNewsAndProfile(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t)
	got, err := c.News(context.Background(), []string{"AAPL"}, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := []news.ArticleInput{{URL: "https://example.com/apple-chip", Title: "Apple ships a new chip",
		Summary: "Apple said on Wednesday it ships a new chip.", Source: "Reuters",
		PublishedAt: time.Unix(1764760000, 0).UTC(), Symbols: []string{"AAPL"}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	p, err := c.Profile(context.Background(), "AAPL")
	wantP := provider.Profile{Symbol: "AAPL", Name: "Apple Inc", Type: "stock", Exchange: "NASDAQ NMS - GLOBAL MARKET",
		Currency: "USD", Sector: "Technology"}
	if err != nil || p != wantP {
		t.Fatalf("profile %+v %v", p, err)
	}
	if _, err := c.Profile(context.Background(), "NOPE"); !errors.Is(err, provider.ErrUnknownSymbol) {
		t.Fatalf("unknown profile: %v", err)
	}
	checkGate(t, fp, gate, 3)
}

func TestFaults(t *testing.T) {
	t.Parallel()
	limited := func(t *testing.T, err error) {
		var le *provider.LimitedError
		if !errors.As(err, &le) || !le.Until.Equal(now.Add(17*time.Second)) {
			t.Fatalf("err = %v, want limited 17s", err)
		}
	}
	bad := func(t *testing.T, err error) {
		var be *provider.BadAnswerError
		if !errors.As(err, &be) {
			t.Fatalf("err = %v, want a bad answer", err)
		}
	}
	tests := []struct {
		name  string
		fault fakeprovider.Fault
		want  func(*testing.T, error)
	}{
		{"429 storm", fakeprovider.TooMany("17", "application/json", `{"error":"API limit reached. Please try again later. Remaining Limit: 0"}`), limited},
		{"500", fakeprovider.InternalError(), bad},
		{"401", fakeprovider.Status(401, "application/json", `{"error":"Invalid API key"}`), bad},
		{"HTML", fakeprovider.HTMLPage(200), bad},
		{"truncated", fakeprovider.Truncated(), bad},
		{"malformed", fakeprovider.Malformed(), bad},
		{"hang", fakeprovider.Hang(), bad},
		{"bad series", fakeprovider.Status(200, "application/json", `{"c":[1],"h":[1],"l":[1],"o":[1],"s":"ok","t":[1,2],"v":[1]}`), bad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fp, gate, c := start(t)
			fp.Inject(tt.fault)
			from := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
			errs := []error{}
			_, err := c.Quotes(context.Background(), []string{"AAPL", "MSFT"})
			errs = append(errs, err)
			_, err = c.Bars(context.Background(), "AAPL", market.Interval1d, from, now)
			errs = append(errs, err)
			_, err = c.News(context.Background(), []string{"AAPL"}, from)
			errs = append(errs, err)
			_, err = c.Profile(context.Background(), "AAPL")
			errs = append(errs, err)
			for i, err := range errs {
				if tt.name == "bad series" && i != 1 {
					continue // only the candle shape is wrong for it
				}
				tt.want(t, err)
				if strings.Contains(err.Error(), key) {
					t.Fatalf("error %q carries the key", err)
				}
			}
			checkGate(t, fp, gate, 4) // a failed quote stops the batch
		})
	}
}

func TestGateRefusal(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t)
	gate.Refuse = &provider.LimitedError{Provider: "finnhub", Until: now.Add(time.Minute), Reason: "budget:minute"}
	if _, err := c.Quotes(context.Background(), []string{"AAPL"}); !errors.Is(err, gate.Refuse) {
		t.Fatalf("err = %v", err)
	}
	if fp.Total() != 0 {
		t.Fatalf("a refused request went out")
	}
}

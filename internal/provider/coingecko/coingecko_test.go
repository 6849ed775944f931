package coingecko_test

// The fixtures in testdata follow CoinGecko's API reference
// (https://docs.coingecko.com/v3.0.1/reference/simple-price and
// /coins-id-market-chart): /simple/price an object keyed by coin id with
// "<vs>", "<vs>_market_cap", "<vs>_24h_vol", "<vs>_24h_change" and
// "last_updated_at", unknown ids left out; market_chart "prices",
// "market_caps" and "total_volumes" as [unix ms, value] pairs; errors
// {"error": "coin not found"} (404) and the 429 body
// {"status": {"error_code": 429, "error_message": ...}}.

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/provider/coingecko"
	"github.com/marketpulse/api/internal/provider/fakeprovider"
)

const key = "CG-SECRET-KEY"

var now = time.Date(2025, 12, 3, 21, 0, 0, 0, time.UTC)

func start(t *testing.T) (*fakeprovider.Server, *fakeprovider.CountingGate, *coingecko.Client) {
	t.Helper()
	fp := fakeprovider.Start(t)
	fp.ServeFile(t, "/simple/price", "testdata/simple_price.json")
	fp.ServeFile(t, "/coins/bitcoin/market_chart", "testdata/market_chart_bitcoin_hourly.json")
	gate := &fakeprovider.CountingGate{}
	c := coingecko.New(provider.Config{BaseURL: fp.URL(), APIKey: key, HTTP: fp.Client(), Gate: gate,
		Timeout: 300 * time.Millisecond, Now: func() time.Time { return now }})
	return fp, gate, c
}

func checkGate(t *testing.T, fp *fakeprovider.Server, gate *fakeprovider.CountingGate, want int) {
	t.Helper()
	if fp.Total() != want || gate.Admitted() != want {
		t.Fatalf("served %d, admitted %d, want %d", fp.Total(), gate.Admitted(), want)
	}
}

func TestQuotesInOneCall(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t)
	got, err := c.Quotes(context.Background(), []string{"BTC-USD", "ETH-USD", "DOGE-USD", "FOO-USD"})
	if err != nil {
		t.Fatal(err)
	}
	btcCap, ethCap := 1841552007133.44, 368201992310.8
	want := []market.QuoteInput{
		{Symbol: "BTC-USD", Price: 92350.12, Change: 92350.12 - 92350.12/1.025, ChangePct: 2.5, Volume: 41235566789,
			MarketCap: &btcCap, AsOf: time.Unix(1764777300, 0).UTC(), Provider: "coingecko"},
		{Symbol: "ETH-USD", Price: 3050.5, Change: 3050.5 - 3050.5/(1-0.0125), ChangePct: -1.25, Volume: 19876543210,
			MarketCap: &ethCap, AsOf: time.Unix(1764777290, 0).UTC(), Provider: "coingecko"},
	}
	// Change is derived from the 24h change, so it is compared to 1e-12.
	if d := cmp.Diff(want, got, cmpopts.EquateApprox(1e-12, 0)); d != "" {
		t.Fatal(d)
	}
	checkGate(t, fp, gate, 1)
	q := fp.Queries()[0]
	if q.Get("ids") != "bitcoin,dogecoin,ethereum" || q.Get("vs_currencies") != "usd" || q.Get("include_24hr_change") != "true" {
		t.Fatalf("query %v", q)
	}
	if _, err := c.Quotes(context.Background(), []string{"FOO-USD", "AAPL"}); !errors.Is(err, provider.ErrUnknownSymbol) {
		t.Fatalf("unmapped: %v", err)
	}
	checkGate(t, fp, gate, 1) // nothing to ask for, no request
}

func TestBars(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t)
	from := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	got, err := c.Bars(context.Background(), "BTC-USD", market.Interval1d, from, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []market.Bar{
		{Ts: from, Open: 91000, High: 91500.5, Low: 90800.25, Close: 91200},
		{Ts: from.AddDate(0, 0, 1), Open: 92000, High: 92600, Low: 92000, Close: 92600},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	if q := fp.Queries()[0]; q.Get("days") != "3" || q.Get("vs_currency") != "usd" {
		t.Fatalf("query %v", q)
	}
	hourly, err := c.Bars(context.Background(), "BTC-USD", market.Interval1h, from, now)
	if err != nil || len(hourly) != 6 {
		t.Fatalf("hourly %d %v", len(hourly), err)
	}
	if _, err := c.Bars(context.Background(), "BTC-USD", market.Interval5m, from, now); !errors.Is(err, provider.ErrUnsupported) {
		t.Fatalf("5m over 3 days: %v", err)
	}
	checkGate(t, fp, gate, 2)
}

func TestUnknownCoinAndEmptySeries(t *testing.T) {
	t.Parallel()
	fp, _, c := start(t)
	from := now.Add(-time.Hour)
	fp.InjectNext(1, fakeprovider.Status(404, "application/json", `{"error":"coin not found"}`))
	if _, err := c.Bars(context.Background(), "BTC-USD", market.Interval1h, from, now); !errors.Is(err, provider.ErrUnknownSymbol) {
		t.Fatalf("404: %v", err)
	}
	fp.InjectNext(1, fakeprovider.Status(200, "application/json", `{"prices":[],"market_caps":[],"total_volumes":[]}`))
	bars, err := c.Bars(context.Background(), "BTC-USD", market.Interval1h, from, now)
	if err != nil || len(bars) != 0 {
		t.Fatalf("empty: %v %v", bars, err)
	}
	fp.InjectNext(1, fakeprovider.Status(200, "application/json", `{}`))
	if _, err := c.Quotes(context.Background(), []string{"BTC-USD"}); !errors.Is(err, provider.ErrUnknownSymbol) {
		t.Fatalf("left out: %v", err)
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
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
		{"429 storm", fakeprovider.TooMany("60", "application/json", `{"status":{"error_code":429,"error_message":"You've exceeded the Rate Limit."}}`),
			func(t *testing.T, err error) {
				var le *provider.LimitedError
				if !errors.As(err, &le) || !le.Until.Equal(now.Add(time.Minute)) {
					t.Fatalf("err = %v", err)
				}
			}},
		{"500", fakeprovider.InternalError(), bad},
		{"HTML", fakeprovider.HTMLPage(200), bad},
		{"truncated", fakeprovider.Truncated(), bad},
		{"malformed", fakeprovider.Malformed(), bad},
		{"hang", fakeprovider.Hang(), bad},
		{"zero price", fakeprovider.Status(200, "application/json", `{"bitcoin":{"usd":0,"last_updated_at":1764777300}}`), bad},
		{"future", fakeprovider.Status(200, "application/json", `{"bitcoin":{"usd":5,"last_updated_at":1800000000}}`), bad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fp, gate, c := start(t)
			fp.Inject(tt.fault)
			_, err := c.Quotes(context.Background(), []string{"BTC-USD", "ETH-USD"})
			tt.want(t, err)
			if strings.Contains(err.Error(), key) {
				t.Fatalf("error %q carries the key", err)
			}
			checkGate(t, fp, gate, 1)
		})
	}
}

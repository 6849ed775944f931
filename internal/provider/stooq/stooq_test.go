package stooq_test

// The fixture in testdata follows Stooq's daily CSV as pandas-datareader's
// StooqDailyReader reads it (header Date,Open,High,Low,Close,Volume, one
// row per day, CRLF line ends); the refusals are the plain-text bodies
// Stooq answers ("No data", "Exceeded the daily hits limit").

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/provider/fakeprovider"
	"github.com/marketpulse/api/internal/provider/stooq"
)

var now = time.Date(2025, 12, 3, 22, 0, 0, 0, time.UTC)

func start(t *testing.T) (*fakeprovider.Server, *fakeprovider.CountingGate, *stooq.Client) {
	t.Helper()
	fp := fakeprovider.Start(t)
	fp.ServeFileAs(t, "/q/d/l/?s=aapl.us", "text/csv", "testdata/aapl_us_d.csv")
	fp.Serve("/q/d/l/", "text/plain", []byte("No data"))
	gate := &fakeprovider.CountingGate{}
	c := stooq.New(provider.Config{BaseURL: fp.URL(), HTTP: fp.Client(), Gate: gate,
		Timeout: 300 * time.Millisecond, Now: func() time.Time { return now }})
	return fp, gate, c
}

func TestBars(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t)
	from := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	got, err := c.Bars(context.Background(), "AAPL", market.Interval1d, from, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []market.Bar{
		{Ts: from, Open: 278.01, High: 283.42, Low: 276.14, Close: 283.1, Volume: 46587700},
		{Ts: from.AddDate(0, 0, 1), Open: 283, High: 287.4, Low: 282.63, Close: 286.19, Volume: 53669532},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	if q := fp.Queries()[0]; q.Get("d1") != "20251201" || q.Get("i") != "d" {
		t.Fatalf("query %v", q)
	}
	if _, err := c.Bars(context.Background(), "NOPE", market.Interval1d, from, now); !errors.Is(err, provider.ErrUnknownSymbol) {
		t.Fatalf("No data: %v", err)
	}
	if fp.Total() != 2 || gate.Admitted() != 2 {
		t.Fatalf("served %d admitted %d", fp.Total(), gate.Admitted())
	}
	if stooq.Ticker("^SPX") != "^spx" || stooq.Ticker("BMW.DE") != "bmw.de" {
		t.Fatal("ticker map")
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
	limited := func(t *testing.T, err error) {
		var le *provider.LimitedError
		if !errors.As(err, &le) {
			t.Fatalf("err = %v, want limited", err)
		}
	}
	tests := []struct {
		name  string
		fault fakeprovider.Fault
		want  func(*testing.T, error)
	}{
		{"daily hits", fakeprovider.Status(200, "text/plain", "Exceeded the daily hits limit"), limited},
		{"429", fakeprovider.TooMany("9", "", ""), limited},
		{"500", fakeprovider.InternalError(), bad},
		{"HTML", fakeprovider.HTMLPage(200), bad},
		{"truncated row", fakeprovider.Status(200, "text/csv", "Date,Open,High,Low,Close,Volume\n2025-12-01,278.01,283"), bad},
		{"malformed", fakeprovider.Malformed(), bad},
		{"hang", fakeprovider.Hang(), bad},
		{"inconsistent", fakeprovider.Status(200, "text/csv", "Date,Open,High,Low,Close,Volume\n2025-12-01,278,270,276,283,1\n"), bad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fp, gate, c := start(t)
			fp.Inject(tt.fault)
			_, err := c.Bars(context.Background(), "AAPL", market.Interval1d, now.AddDate(0, 0, -5), now)
			tt.want(t, err)
			if fp.Total() != 1 || gate.Admitted() != 1 {
				t.Fatalf("served %d admitted %d", fp.Total(), gate.Admitted())
			}
		})
	}
	empty := fakeprovider.Status(200, "text/csv", "Date,Open,High,Low,Close,Volume\r\n")
	fp, _, c := start(t)
	fp.Inject(empty)
	bars, err := c.Bars(context.Background(), "AAPL", market.Interval1d, now.AddDate(0, 0, -5), now)
	if err != nil || len(bars) != 0 {
		t.Fatalf("empty series: %v %v", bars, err)
	}
}

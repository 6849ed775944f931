package yahoo_test

// The fixtures in testdata follow the chart v8 answer as Yahoo serves it
// and its clients model it (no official documentation exists; e.g.
// jmiguelrc/sharetracker api/response.go, the "Yahoo Stock API" OpenAPI
// description of /v8/finance/chart/{symbol}): chart.result[0] with meta,
// timestamp and indicators.quote[0] arrays that may hold nulls;
// chart.error {"code": "Not Found", ...} with a 404 for an unknown
// symbol; a text/plain "Too Many Requests" 429 when throttled.

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/provider/fakeprovider"
	"github.com/marketpulse/api/internal/provider/yahoo"
)

var now = time.Date(2025, 12, 3, 22, 0, 0, 0, time.UTC)

func start(t *testing.T) (*fakeprovider.Server, *fakeprovider.CountingGate, *yahoo.Client) {
	t.Helper()
	fp := fakeprovider.Start(t)
	fp.ServeFile(t, "/v8/finance/chart/AAPL", "testdata/chart_AAPL_1d.json")
	fp.ServeFile(t, "/v8/finance/chart/AAPL?interval=1m", "testdata/chart_empty.json")
	gate := &fakeprovider.CountingGate{}
	c := yahoo.New(provider.Config{BaseURL: fp.URL(), HTTP: fp.Client(), Gate: gate,
		Timeout: 300 * time.Millisecond, Now: func() time.Time { return now }})
	return fp, gate, c
}

func notFound(fp *fakeprovider.Server) {
	fp.InjectNext(1, fakeprovider.Status(404, "application/json",
		`{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}`))
}

func checkGate(t *testing.T, fp *fakeprovider.Server, gate *fakeprovider.CountingGate, want int) {
	t.Helper()
	if fp.Total() != want || gate.Admitted() != want {
		t.Fatalf("served %d, admitted %d, want %d", fp.Total(), gate.Admitted(), want)
	}
}

func TestQuotes(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t)
	notFound(fp) // the first symbol asked is unknown
	got, err := c.Quotes(context.Background(), []string{"NOPE", "AAPL"})
	if err != nil {
		t.Fatal(err)
	}
	want := []market.QuoteInput{{Symbol: "AAPL", Price: 286.19, Change: 286.19 - 283.1,
		ChangePct: (286.19 - 283.1) / 283.1 * 100, Volume: 53669532,
		AsOf: time.Unix(1764795601, 0).UTC(), Provider: "yahoo"}}
	if d := cmp.Diff(want, got, cmpopts.EquateApprox(1e-12, 0)); d != "" {
		t.Fatal(d)
	}
	checkGate(t, fp, gate, 2)
	notFound(fp)
	if _, err := c.Quotes(context.Background(), []string{"NOPE"}); !errors.Is(err, provider.ErrUnknownSymbol) {
		t.Fatalf("unknown: %v", err)
	}
}

func TestBars(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t)
	from := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	got, err := c.Bars(context.Background(), "AAPL", market.Interval1d, from, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []market.Bar{ // the null point of Dec 2 is skipped
		{Ts: from, Open: 278.01, High: 283.42, Low: 276.14, Close: 283.1, Volume: 46587700},
		{Ts: from.AddDate(0, 0, 2), Open: 284.1, High: 288.62, Low: 283.3, Close: 286.19, Volume: 53669532},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	if q := fp.Queries()[0]; q.Get("interval") != "1d" || q.Get("period1") != "1764547200" {
		t.Fatalf("query %v", q)
	}
	empty, err := c.Bars(context.Background(), "AAPL", market.Interval1m, now.Add(-time.Hour), now)
	if err != nil || len(empty) != 0 {
		t.Fatalf("empty series: %v %v", empty, err)
	}
	notFound(fp)
	if _, err := c.Bars(context.Background(), "NOPE", market.Interval1d, from, now); !errors.Is(err, provider.ErrUnknownSymbol) {
		t.Fatalf("unknown: %v", err)
	}
	checkGate(t, fp, gate, 3)
}

func TestProfile(t *testing.T) {
	t.Parallel()
	_, _, c := start(t)
	p, err := c.Profile(context.Background(), "AAPL")
	want := provider.Profile{Symbol: "AAPL", Name: "Apple Inc.", Type: "stock", Exchange: "NasdaqGS", Currency: "USD"}
	if err != nil || p != want {
		t.Fatalf("%+v %v", p, err)
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
		{"Too Many Requests", fakeprovider.TooMany("", "text/plain", "Too Many Requests\n"), func(t *testing.T, err error) {
			var le *provider.LimitedError
			if !errors.As(err, &le) || !le.Until.Equal(now.Add(provider.DefaultPause)) {
				t.Fatalf("err = %v", err)
			}
		}},
		{"500", fakeprovider.InternalError(), bad},
		{"HTML", fakeprovider.HTMLPage(200), bad},
		{"truncated", fakeprovider.Truncated(), bad},
		{"malformed", fakeprovider.Malformed(), bad},
		{"hang", fakeprovider.Hang(), bad},
		{"unequal arrays", fakeprovider.Status(200, "application/json",
			`{"chart":{"result":[{"meta":{"regularMarketPrice":1,"regularMarketTime":1764795601},"timestamp":[1764599400],"indicators":{"quote":[{"open":[],"high":[],"low":[],"close":[],"volume":[]}]}}],"error":null}}`), bad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fp, gate, c := start(t)
			fp.Inject(tt.fault)
			_, err := c.Bars(context.Background(), "AAPL", market.Interval1d, now.AddDate(0, 0, -3), now)
			tt.want(t, err)
			checkGate(t, fp, gate, 1)
		})
	}
}

func TestQuotesFailingPartwayKeepWhatWasFetched(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t)
	fp.InjectSeq(fakeprovider.Pass(), fakeprovider.InternalError())
	got, err := c.Quotes(context.Background(), []string{"AAPL", "AAPL", "AAPL"})
	var bad *provider.BadAnswerError
	if !errors.As(err, &bad) || bad.Status != 500 {
		t.Fatalf("err %v, want the 500 of the second request", err)
	}
	if len(got) != 1 || got[0].Symbol != "AAPL" || got[0].Price != 286.19 {
		t.Fatalf("got %+v, want the quote fetched before the failure", got)
	}
	checkGate(t, fp, gate, 2)
}

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/provider/fakeprovider"
)

// finnhubCandles is Finnhub's documented /stock/candle answer with one bar
// at each day.
func finnhubCandles(days ...time.Time) string {
	var c, h, l, o, v, ts []string
	for i, d := range days {
		p := 200 + i
		c, h, l, o = append(c, strconv.Itoa(p+1)), append(h, strconv.Itoa(p+2)), append(l, strconv.Itoa(p-1)), append(o, strconv.Itoa(p))
		v, ts = append(v, "1000"), append(ts, strconv.FormatInt(d.Unix(), 10))
	}
	j := func(s []string) string { return "[" + strings.Join(s, ",") + "]" }
	return fmt.Sprintf(`{"c":%s,"h":%s,"l":%s,"o":%s,"v":%s,"t":%s,"s":"ok"}`, j(c), j(h), j(l), j(o), j(v), j(ts))
}

// TestBackfill: `backfill AAPL -from DATE` asks the fake Finnhub once for
// the range, stores its bars through the market domain and says so; the
// bars are then served by the API.
func TestBackfill(t *testing.T) {
	t.Parallel()
	today := time.Now().UTC().Truncate(24 * time.Hour)
	days := []time.Time{today.AddDate(0, 0, -5), today.AddDate(0, 0, -4), today.AddDate(0, 0, -3)}
	fh := fakeprovider.Start(t)
	fh.Serve("/stock/candle?symbol=AAPL&resolution=D", "application/json", []byte(finnhubCandles(days...)))
	env := map[string]string{
		"DATABASE_PATH": filepath.Join(t.TempDir(), "mp.db"), "LOG_LEVEL": "warn", "REFRESH_ENABLED": "false",
		"FINNHUB_API_KEY": "FH-TEST-KEY-0123", "FINNHUB_BASE_URL": fh.URL(), "PROVIDER_TIMEOUT": "2s",
	}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"seed-demo", "-assets-only"}, getenv, &out, &out); err != nil {
		t.Fatalf("seed-demo: %v\n%s", err, out.String())
	}
	out.Reset()
	from := today.AddDate(0, 0, -10)
	if err := run(ctx, []string{"backfill", "AAPL", "-from", from.Format(time.DateOnly)}, getenv, &out, &out); err != nil {
		t.Fatalf("backfill: %v\n%s", err, out.String())
	}
	if want := "AAPL: 3 daily bars from " + from.Format(time.DateOnly); !strings.HasPrefix(out.String(), want) ||
		!strings.Contains(out.String(), "by finnhub: 3 stored, 0 unchanged") {
		t.Fatalf("output %q, want %q … by finnhub: 3 stored", out.String(), want)
	}
	if fh.Total() != 1 || fh.Queries()[0].Get("from") != strconv.FormatInt(from.Unix(), 10) {
		t.Fatalf("finnhub served %d requests %v, want one from %s", fh.Total(), fh.Queries(), from)
	}
	bars := historyOverAPI(t, getenv, "AAPL", from, today)
	if len(bars) != 3 || !bars[0].Ts.Equal(days[0]) || bars[2].Close != 203 {
		t.Fatalf("history over the API: %+v", bars)
	}
}

func TestBackfillUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"backfill"}, {"backfill", "AAPL", "-from", "yesterday"}, {"backfill", "AAPL", "MSFT"}} {
		env := map[string]string{"DATABASE_PATH": filepath.Join(t.TempDir(), "mp.db"), "LOG_LEVEL": "warn"}
		var out bytes.Buffer
		if err := run(context.Background(), args, func(k string) string { return env[k] }, &out, &out); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}

// historyOverAPI starts the service on the configuration of getenv and
// reads symbol's daily bars in [from, to) through its API.
func historyOverAPI(t *testing.T, getenv func(string) string, symbol string, from, to time.Time) []oas.PriceBar {
	t.Helper()
	cfg, err := config.Load(getenv)
	if err != nil {
		t.Fatal(err)
	}
	stack, err := app.StartStack(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stack.Stop(context.Background()) }()
	ts := httptest.NewServer(stack.Handler)
	defer ts.Close()
	c, err := oas.NewClient(ts.URL, apitest.Token(""), oas.WithClient(ts.Client()))
	if err != nil {
		t.Fatal(err)
	}
	h, _, err := apitest.Body[oas.PriceHistory](c.GetHistory(context.Background(), oas.GetHistoryParams{
		Symbol: oas.Symbol(symbol), Interval: oas.NewOptBarInterval(oas.BarInterval1d),
		From: oas.NewOptDateTime(from), To: oas.NewOptDateTime(to),
	}))
	if err != nil {
		t.Fatal(err)
	}
	return h.Bars
}

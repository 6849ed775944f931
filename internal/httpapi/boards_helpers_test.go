package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

// boardsServer starts the stack with two users, A and B.
func boardsServer(tb testing.TB) (*apitest.Server, apitest.User, apitest.User) {
	tb.Helper()
	s := apitest.Start(tb)
	return s, apitest.NewUser(tb, s, "a@example.com"), apitest.NewUser(tb, s, "b@example.com")
}

func mustCreateDashboard(tb testing.TB, c *oas.Client, name string) *oas.DashboardHeaders {
	tb.Helper()
	d, err := c.CreateDashboard(context.Background(), &oas.DashboardCreate{Name: oas.DashboardName(name)})
	if err != nil {
		tb.Fatalf("create dashboard %q: %v", name, err)
	}
	return d
}

func mustCreateWidget(tb testing.TB, c *oas.Client, dash oas.ID, p oas.GridPosition, cfg oas.WidgetConfig) *oas.WidgetHeaders {
	tb.Helper()
	w, err := c.CreateWidget(context.Background(), &oas.WidgetCreate{Title: "w", Position: p, Config: cfg},
		oas.CreateWidgetParams{DashboardId: dash})
	if err != nil {
		tb.Fatalf("create widget at %+v: %v", p, err)
	}
	return w
}

func mustGetDashboard(tb testing.TB, c *oas.Client, id oas.ID) *oas.DashboardDetailHeaders {
	tb.Helper()
	res, err := c.GetDashboard(context.Background(), oas.GetDashboardParams{DashboardId: id})
	if err != nil {
		tb.Fatalf("get dashboard %d: %v", id, err)
	}
	d, ok := res.(*oas.DashboardDetailHeaders)
	if !ok {
		tb.Fatalf("get dashboard %d: %T, want 200", id, res)
	}
	return d
}

func pos(x, y, w, h int32) oas.GridPosition { return oas.GridPosition{X: x, Y: y, W: w, H: h} }

func watchlist(symbols ...string) oas.WidgetConfig {
	list := make(oas.SymbolList, len(symbols))
	for i, s := range symbols {
		list[i] = oas.Symbol(s)
	}
	return oas.NewWatchlistConfigWidgetConfig(oas.WatchlistConfig{Kind: oas.WatchlistConfigKindWatchlist, Symbols: list})
}

func priceChart(symbol string, interval oas.PriceChartConfigInterval) oas.WidgetConfig {
	return oas.NewPriceChartConfigWidgetConfig(oas.PriceChartConfig{
		Kind: oas.PriceChartConfigKindPriceChart, Symbol: oas.Symbol(symbol),
		Interval: interval, Range: oas.PriceChartConfigRange1d,
	})
}

// mustProblem asserts that err is the problem status/code and returns it.
func mustProblem(tb testing.TB, err error, status int, code string) oas.Problem {
	tb.Helper()
	var p *oas.ProblemStatusCode
	if !errors.As(err, &p) {
		tb.Fatalf("error = %v, want a %d problem", err, status)
	}
	if p.StatusCode != status || p.Response.Code != code {
		tb.Fatalf("problem %d %s (%v), want %d %s", p.StatusCode, p.Response.Code, p.Response.Errors, status, code)
	}
	return p.Response
}

// pointers lists the JSON pointers of a problem's errors.
func pointers(p oas.Problem) []string {
	out := make([]string, len(p.Errors))
	for i, e := range p.Errors {
		out[i] = e.Pointer
	}
	return out
}

// asUser returns the headers of a raw request by u.
func asUser(u apitest.User, more ...string) map[string]string {
	h := map[string]string{"Authorization": "Bearer " + u.Token, "Content-Type": "application/json"}
	for i := 0; i+1 < len(more); i += 2 {
		h[more[i]] = more[i+1]
	}
	return h
}

// comparable404 is a not-found body without what differs between any two
// requests (requestId) or paths (instance).
func comparable404(tb testing.TB, resp *http.Response, body []byte) map[string]any {
	tb.Helper()
	if resp.StatusCode != http.StatusNotFound {
		tb.Fatalf("status %d, want 404: %s", resp.StatusCode, body)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		tb.Fatal(err)
	}
	delete(m, "requestId")
	delete(m, "instance")
	return m
}

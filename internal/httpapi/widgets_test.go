package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/gen/oas"
)

func TestWidgetCRUD(t *testing.T) {
	t.Parallel()
	_, a, _ := boardsServer(t)
	ctx := context.Background()
	dash := mustCreateDashboard(t, a.Client, "widgets").Response.ID

	configs := []oas.WidgetConfig{
		watchlist("AAPL", "MSFT"),
		priceChart("BTC-USD", oas.PriceChartConfigInterval5m),
		oas.NewNewsFeedConfigWidgetConfig(oas.NewsFeedConfig{Kind: oas.NewsFeedConfigKindNewsFeed, Query: oas.NewOptString("rates")}),
		oas.NewMarketOverviewConfigWidgetConfig(oas.MarketOverviewConfig{Kind: oas.MarketOverviewConfigKindMarketOverview, Symbols: oas.SymbolList{"^GSPC", "^DJI"}}),
		oas.NewHeatmapConfigWidgetConfig(oas.HeatmapConfig{Kind: oas.HeatmapConfigKindHeatmap, Symbols: oas.SymbolList{"SPY"}, Metric: oas.HeatmapConfigMetricVolume}),
	}
	var ids []oas.ID
	for i, cfg := range configs {
		w := mustCreateWidget(t, a.Client, dash, pos(int32(i*2), 0, 2, 2), cfg).Response
		if string(w.Kind) != string(cfg.Type) || w.Config.Type != cfg.Type || w.RefreshSeconds != 60 || w.Version != 1 {
			t.Fatalf("created %+v", w)
		}
		ids = append(ids, w.ID)
	}

	var listed []oas.ID
	params := oas.ListWidgetsParams{DashboardId: dash, Limit: oas.NewOptInt32(2)}
	for {
		page, err := a.Client.ListWidgets(ctx, params)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range page.Items {
			listed = append(listed, w.ID)
		}
		if page.NextCursor.Null {
			break
		}
		params.Cursor = oas.NewOptString(page.NextCursor.Value)
	}
	if diff := cmp.Diff(ids, listed); diff != "" {
		t.Fatalf("listed widgets (-want +got):\n%s", diff)
	}

	// A complete new config changes the kind.
	upd, err := a.Client.UpdateWidget(ctx, &oas.WidgetUpdate{
		Title: oas.NewOptWidgetTitle("chart"), Position: oas.NewOptGridPosition(pos(0, 4, 6, 3)),
		Config: oas.NewOptWidgetConfig(priceChart("AAPL", oas.PriceChartConfigInterval1h)),
	}, oas.UpdateWidgetParams{DashboardId: dash, WidgetId: ids[0]})
	if err != nil {
		t.Fatal(err)
	}
	got := upd.Response
	if got.Kind != oas.WidgetKindPriceChart || got.Title != "chart" || got.Position != pos(0, 4, 6, 3) || got.Version != 2 ||
		got.Config.PriceChartConfig.Symbol != "AAPL" {
		t.Fatalf("updated %+v", got)
	}
	res, err := a.Client.GetWidget(ctx, oas.GetWidgetParams{DashboardId: dash, WidgetId: ids[0]})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, res.(*oas.WidgetHeaders).Response); diff != "" {
		t.Fatalf("GET after PATCH (-patched +got):\n%s", diff)
	}

	if err := a.Client.DeleteWidget(ctx, oas.DeleteWidgetParams{DashboardId: dash, WidgetId: ids[1]}); err != nil {
		t.Fatal(err)
	}
	_, err = a.Client.GetWidget(ctx, oas.GetWidgetParams{DashboardId: dash, WidgetId: ids[1]})
	mustProblem(t, err, 404, "not_found")
	if n := mustGetDashboard(t, a.Client, dash).Response.WidgetCount; n != 4 {
		t.Fatalf("widgetCount %d after a delete, want 4", n)
	}
}

func TestWidgetValidation(t *testing.T) {
	t.Parallel()
	s, a, _ := boardsServer(t)
	ctx := context.Background()
	dash := mustCreateDashboard(t, a.Client, "validation").Response.ID
	existing := mustCreateWidget(t, a.Client, dash, pos(0, 0, 4, 4), watchlist("AAPL")).Response.ID
	chart := mustCreateWidget(t, a.Client, dash, pos(6, 0, 6, 4), priceChart("AAPL", oas.PriceChartConfigInterval1d)).Response.ID
	if _, err := a.Client.UpdateWidget(ctx, &oas.WidgetUpdate{RefreshSeconds: oas.NewOptRefreshSeconds(3600)},
		oas.UpdateWidgetParams{DashboardId: dash, WidgetId: chart}); err != nil {
		t.Fatal(err)
	}
	known := []string{"AAPL", "MSFT", "NVDA", "GOOGL", "AMZN", "META", "TSLA", "AVGO", "AMD", "INTC", "ADBE", "NFLX",
		"COST", "PEP", "BRK.B", "JPM", "V", "MA", "BAC", "GS", "JNJ", "UNH", "PFE", "LLY", "XOM", "CVX", "WMT", "KO",
		"DIS", "BA", "CAT", "HD", "NKE", "ORCL", "IBM", "SAP", "ASML", "NESN", "SHEL", "TM", "SPY", "QQQ", "IWM", "VTI",
		"VOO", "GLD", "TLT", "EEM", "BTC-USD", "ETH-USD", "SOL-USD"}
	quoted := func(list []string) string { return `["` + strings.Join(list, `","`) + `"]` }
	createPath := fmt.Sprintf("/api/dashboards/%d/widgets", dash)
	chartPath := fmt.Sprintf("/api/dashboards/%d/widgets/%d", dash, chart)
	tests := []struct {
		name, method, path, body string
		code                     string
		pointers                 []string
	}{
		{"unknown symbol", "POST", createPath,
			`{"title":"t","position":{"x":0,"y":5,"w":2,"h":2},"config":{"kind":"watchlist","symbols":["AAPL","MSFT","NVDA","NOPE","ZZZZ"]}}`,
			"invalid_widget", []string{"/body/config/symbols/3", "/body/config/symbols/4"}},
		{"unknown chart symbol", "POST", createPath,
			`{"title":"t","position":{"x":0,"y":5,"w":2,"h":2},"config":{"kind":"price_chart","symbol":"NOPE","interval":"1d","range":"1y"}}`,
			"invalid_widget", []string{"/body/config/symbol"}},
		{"51 symbols", "POST", createPath,
			`{"title":"t","position":{"x":0,"y":5,"w":2,"h":2},"config":{"kind":"heatmap","metric":"volume","symbols":` + quoted(known) + `}}`,
			"invalid_body", []string{"/body/config"}},
		{"1m chart refreshed every 10 minutes", "POST", createPath,
			`{"title":"t","position":{"x":0,"y":5,"w":2,"h":2},"refreshSeconds":600,"config":{"kind":"price_chart","symbol":"AAPL","interval":"1m","range":"1d"}}`,
			"invalid_widget", []string{"/body/refreshSeconds"}},
		{"news every 10 seconds", "POST", createPath,
			`{"title":"t","position":{"x":0,"y":5,"w":2,"h":2},"refreshSeconds":10,"config":{"kind":"news_feed"}}`,
			"invalid_widget", []string{"/body/refreshSeconds"}},
		{"off the grid", "POST", createPath,
			`{"title":"t","position":{"x":8,"y":5,"w":6,"h":2},"config":{"kind":"watchlist","symbols":["AAPL"]}}`,
			"invalid_widget", []string{"/body/position/w"}},
		{"overlap", "POST", createPath,
			`{"title":"t","position":{"x":2,"y":2,"w":4,"h":4},"config":{"kind":"watchlist","symbols":["AAPL"]}}`,
			"invalid_widget", []string{"/body/position"}},
		{"several at once", "POST", createPath,
			`{"title":"t","position":{"x":10,"y":0,"w":4,"h":2},"refreshSeconds":7200,"config":{"kind":"watchlist","symbols":["NOPE"]}}`,
			"invalid_widget", []string{"/body/config/symbols/0", "/body/position", "/body/position/w", "/body/refreshSeconds"}},
		{"patch onto another widget", "PATCH", chartPath, `{"position":{"x":3,"y":3,"w":4,"h":2}}`,
			"invalid_widget", []string{"/body/position"}},
		{"patch 1m interval with the stored hourly refresh", "PATCH", chartPath,
			`{"config":{"kind":"price_chart","symbol":"AAPL","interval":"1m","range":"1d"}}`,
			"invalid_widget", []string{"/body/config/interval"}},
		{"patch refresh too slow for the stored kind", "PATCH", fmt.Sprintf("/api/dashboards/%d/widgets/%d", dash, existing),
			`{"refreshSeconds":86400}`, "invalid_widget", []string{"/body/refreshSeconds"}},
		{"patch unknown symbol", "PATCH", chartPath,
			`{"config":{"kind":"watchlist","symbols":["AAPL","NOPE"]}}`, "invalid_widget", []string{"/body/config/symbols/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := mustGetDashboard(t, a.Client, dash)
			resp, body := do(t, s, tt.method, tt.path, tt.body, asUser(a))
			p := decodeProblem(t, resp, body, http.StatusBadRequest)
			got := pointers(p)
			if p.Code != tt.code || !cmp.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(tt.pointers))) {
				t.Fatalf("%s %v (%v), want %s %v", p.Code, got, p.Errors, tt.code, tt.pointers)
			}
			if after := mustGetDashboard(t, a.Client, dash); after.ETag != before.ETag {
				t.Fatalf("a rejected request changed the dashboard")
			}
		})
	}
}

func TestTooManyWidgets(t *testing.T) {
	t.Parallel()
	s, a, _ := boardsServer(t)
	dash := mustCreateDashboard(t, a.Client, "full").Response.ID
	// 100 widgets of 1x1 fill the first 9 rows of the grid (seeded in SQL:
	// only the 101st goes through the API).
	for i := range 100 {
		if _, err := s.SQLite(t).Writer.Exec(`INSERT INTO widgets (dashboard_id, kind, title, pos_x, pos_y, width, height, config)
			VALUES (?, 'watchlist', 'w', ?, ?, 1, 1, '{"kind":"watchlist","symbols":["AAPL"]}')`, dash, i%12, i/12); err != nil {
			t.Fatal(err)
		}
	}
	_, err := a.Client.CreateWidget(context.Background(), &oas.WidgetCreate{Title: "one more", Position: pos(0, 20, 1, 1), Config: watchlist("AAPL")},
		oas.CreateWidgetParams{DashboardId: dash})
	mustProblem(t, err, 409, "too_many_widgets")
	if n := mustGetDashboard(t, a.Client, dash).Response.WidgetCount; n != 100 {
		t.Fatalf("widgetCount %d, want 100", n)
	}
}

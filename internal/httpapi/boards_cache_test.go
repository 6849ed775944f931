package httpapi_test

import (
	"context"
	"testing"

	"github.com/marketpulse/api/gen/oas"
)

// Warm reads of a dashboard and of a widget run no SQL; a write is visible
// to the very next read.
func TestBoardsReadThroughCache(t *testing.T) {
	t.Parallel()
	s, a, _ := boardsServer(t)
	ctx := context.Background()
	dash := mustCreateDashboard(t, a.Client, "cached").Response.ID
	w := mustCreateWidget(t, a.Client, dash, pos(0, 0, 2, 2), watchlist("AAPL")).Response.ID
	getWidget := func() oas.Widget {
		t.Helper()
		res, err := a.Client.GetWidget(ctx, oas.GetWidgetParams{DashboardId: dash, WidgetId: w})
		if err != nil {
			t.Fatal(err)
		}
		return res.(*oas.WidgetHeaders).Response
	}
	loads := func() uint64 { return s.Cache.Stats().OriginLoads }

	mustGetDashboard(t, a.Client, dash)
	getWidget()
	before := loads()
	for range 3 {
		mustGetDashboard(t, a.Client, dash)
		getWidget()
	}
	if n := loads() - before; n != 0 {
		t.Fatalf("%d origin loads (SQL) for warm reads, want 0", n)
	}

	if _, err := a.Client.UpdateWidget(ctx, &oas.WidgetUpdate{Title: oas.NewOptWidgetTitle("fresh")},
		oas.UpdateWidgetParams{DashboardId: dash, WidgetId: w}); err != nil {
		t.Fatal(err)
	}
	if got := getWidget().Title; got != "fresh" {
		t.Fatalf("widget title %q right after the PATCH, want fresh", got)
	}
	if got := mustGetDashboard(t, a.Client, dash).Response.Widgets[0].Title; got != "fresh" {
		t.Fatalf("dashboard shows widget title %q right after the PATCH, want fresh", got)
	}
	if _, err := a.Client.UpdateDashboard(ctx, &oas.DashboardUpdate{Name: oas.NewOptDashboardName("renamed")},
		oas.UpdateDashboardParams{DashboardId: dash}); err != nil {
		t.Fatal(err)
	}
	if got := mustGetDashboard(t, a.Client, dash).Response.Name; got != "renamed" {
		t.Fatalf("name %q right after the PATCH, want renamed", got)
	}

	// A "not found" answer is cached too, and dropped when the id appears.
	next := w + 1
	_, err := a.Client.GetWidget(ctx, oas.GetWidgetParams{DashboardId: dash, WidgetId: next})
	mustProblem(t, err, 404, "not_found")
	created := mustCreateWidget(t, a.Client, dash, pos(4, 0, 2, 2), watchlist("MSFT")).Response.ID
	if created != next {
		t.Fatalf("created widget %d, expected id %d", created, next)
	}
	if _, err := a.Client.GetWidget(ctx, oas.GetWidgetParams{DashboardId: dash, WidgetId: next}); err != nil {
		t.Fatalf("GET of a widget created after a 404: %v", err)
	}

	// Deleting the dashboard drops its widgets' entries as well.
	if err := a.Client.DeleteDashboard(ctx, oas.DeleteDashboardParams{DashboardId: dash}); err != nil {
		t.Fatal(err)
	}
	_, err = a.Client.GetWidget(ctx, oas.GetWidgetParams{DashboardId: dash, WidgetId: w})
	mustProblem(t, err, 404, "not_found")
	_, err = a.Client.GetDashboard(ctx, oas.GetDashboardParams{DashboardId: dash})
	mustProblem(t, err, 404, "not_found")
}

package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/marketpulse/api/gen/oas"
)

func TestDuplicateDashboard(t *testing.T) {
	t.Parallel()
	_, a, _ := boardsServer(t)
	ctx := context.Background()
	src, err := a.Client.CreateDashboard(ctx, &oas.DashboardCreate{Name: "Trading", Description: oas.NewOptDashboardDescription("desk")})
	if err != nil {
		t.Fatal(err)
	}
	id := src.Response.ID
	mustCreateWidget(t, a.Client, id, pos(0, 0, 6, 4), priceChart("AAPL", oas.PriceChartConfigInterval1h))
	mustCreateWidget(t, a.Client, id, pos(6, 0, 6, 4), watchlist("MSFT", "NVDA"))
	orig := mustGetDashboard(t, a.Client, id).Response

	cp, err := a.Client.DuplicateDashboard(ctx, oas.OptDashboardDuplicate{}, oas.DuplicateDashboardParams{DashboardId: id})
	if err != nil {
		t.Fatal(err)
	}
	got := cp.Response
	if got.ID == id || got.Name != "Trading (copy)" || got.Description != "desk" || got.IsDefault || got.WidgetCount != 2 || !cp.ETag.Set {
		t.Fatalf("copy %+v", got)
	}
	ignore := cmpopts.IgnoreFields(oas.Widget{}, "ID", "DashboardId", "CreatedAt", "UpdatedAt", "Version")
	if diff := cmp.Diff(orig.Widgets, got.Widgets, ignore); diff != "" {
		t.Fatalf("copied widgets (-original +copy):\n%s", diff)
	}
	for i, w := range got.Widgets {
		if w.DashboardId != got.ID || w.ID == orig.Widgets[i].ID {
			t.Fatalf("copied widget %+v belongs to %d", w, w.DashboardId)
		}
	}
	if diff := cmp.Diff(cp.Response, mustGetDashboard(t, a.Client, got.ID).Response); diff != "" {
		t.Fatalf("GET of the copy (-duplicate answer +GET):\n%s", diff)
	}
	if again := mustGetDashboard(t, a.Client, id).Response; !again.IsDefault || again.WidgetCount != 2 {
		t.Fatalf("original after the copy: %+v", again)
	}

	named, err := a.Client.DuplicateDashboard(ctx, oas.NewOptDashboardDuplicate(oas.DashboardDuplicate{Name: oas.NewOptDashboardName("Mine")}),
		oas.DuplicateDashboardParams{DashboardId: id})
	if err != nil || named.Response.Name != "Mine" {
		t.Fatalf("named copy: %+v, %v", named, err)
	}

	long := strings.Repeat("é", 100)
	l := mustCreateDashboard(t, a.Client, long).Response.ID
	lc, err := a.Client.DuplicateDashboard(ctx, oas.OptDashboardDuplicate{}, oas.DuplicateDashboardParams{DashboardId: l})
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Repeat("é", 93) + " (copy)"; string(lc.Response.Name) != want {
		t.Fatalf("copy of a 100-character name: %q, want %q", lc.Response.Name, want)
	}
}

package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/gen/oas"
)

func TestPutLayoutAllOrNothing(t *testing.T) {
	t.Parallel()
	s, a, _ := boardsServer(t)
	ctx := context.Background()
	dash := mustCreateDashboard(t, a.Client, "layout").Response.ID
	w1 := mustCreateWidget(t, a.Client, dash, pos(0, 0, 4, 2), watchlist("AAPL")).Response
	w2 := mustCreateWidget(t, a.Client, dash, pos(4, 0, 4, 2), watchlist("MSFT")).Response
	w3 := mustCreateWidget(t, a.Client, dash, pos(8, 0, 4, 2), watchlist("NVDA")).Response
	path := fmt.Sprintf("/api/dashboards/%d/layout", dash)
	item := func(id oas.ID, x, y, w, h int) string {
		return fmt.Sprintf(`{"widgetId":%d,"position":{"x":%d,"y":%d,"w":%d,"h":%d}}`, id, x, y, w, h)
	}
	tests := []struct {
		name, items string
		pointers    []string
	}{
		{"overlap", item(w1.ID, 0, 0, 6, 2) + "," + item(w2.ID, 6, 0, 6, 2) + "," + item(w3.ID, 5, 1, 2, 2),
			[]string{"/body/items/2/position"}},
		{"missing widget", item(w1.ID, 0, 0, 6, 2) + "," + item(w2.ID, 6, 0, 6, 2),
			[]string{"/body/items"}},
		{"listed twice", item(w1.ID, 0, 0, 4, 2) + "," + item(w1.ID, 0, 4, 4, 2) + "," + item(w2.ID, 4, 0, 4, 2) + "," + item(w3.ID, 8, 0, 4, 2),
			[]string{"/body/items/1/widgetId"}},
		{"not a widget of the dashboard", item(w1.ID, 0, 0, 4, 2) + "," + item(w2.ID, 4, 0, 4, 2) + "," + item(w3.ID, 8, 0, 4, 2) + "," + item(999, 0, 9, 1, 1),
			[]string{"/body/items/3/widgetId"}},
		{"off the grid", item(w1.ID, 0, 0, 4, 2) + "," + item(w2.ID, 4, 0, 4, 2) + "," + item(w3.ID, 9, 4, 4, 2),
			[]string{"/body/items/2/position/w"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := mustGetDashboard(t, a.Client, dash)
			resp, body := do(t, s, http.MethodPut, path, `{"items":[`+tt.items+`]}`, asUser(a))
			p := decodeProblem(t, resp, body, http.StatusBadRequest)
			got := pointers(p)
			if p.Code != "invalid_layout" || !cmp.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(tt.pointers))) {
				t.Fatalf("%s %v (%v), want invalid_layout %v", p.Code, got, p.Errors, tt.pointers)
			}
			after := mustGetDashboard(t, a.Client, dash)
			if diff := cmp.Diff(before, after); diff != "" {
				t.Fatalf("a rejected layout changed the dashboard (-before +after):\n%s", diff)
			}
		})
	}

	before := mustGetDashboard(t, a.Client, dash)
	for _, w := range before.Response.Widgets { // warm the widgets' cache entries
		if _, err := a.Client.GetWidget(ctx, oas.GetWidgetParams{DashboardId: dash, WidgetId: w.ID}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := a.Client.PutLayout(ctx, &oas.LayoutUpdate{Items: []oas.LayoutUpdateItemsItem{
		{WidgetId: w1.ID, Position: pos(0, 0, 12, 3)},
		{WidgetId: w2.ID, Position: pos(0, 3, 6, 2)},
		{WidgetId: w3.ID, Position: pos(8, 0, 4, 2)}, // unchanged, but under w1 now
	}}, oas.PutLayoutParams{DashboardId: dash, IfMatch: before.ETag})
	mustProblem(t, err, 400, "invalid_layout")

	_, err = a.Client.PutLayout(ctx, &oas.LayoutUpdate{Version: oas.NewOptVersion(before.Response.Version), Items: []oas.LayoutUpdateItemsItem{
		{WidgetId: w1.ID, Position: pos(0, 0, 12, 3)},
		{WidgetId: w2.ID, Position: pos(0, 3, 6, 2)},
	}}, oas.PutLayoutParams{DashboardId: dash})
	mustProblem(t, err, 400, "invalid_layout") // w3 missing

	res, err := a.Client.PutLayout(ctx, &oas.LayoutUpdate{Items: []oas.LayoutUpdateItemsItem{
		{WidgetId: w3.ID, Position: pos(8, 3, 4, 2)},
		{WidgetId: w1.ID, Position: pos(0, 0, 12, 3)},
		{WidgetId: w2.ID, Position: pos(0, 3, 6, 2)},
	}}, oas.PutLayoutParams{DashboardId: dash, IfMatch: before.ETag})
	if err != nil {
		t.Fatal(err)
	}
	if res.Response.Version != before.Response.Version+1 || res.ETag.Value == before.ETag.Value {
		t.Fatalf("layout kept the dashboard's version: %d → %d", before.Response.Version, res.Response.Version)
	}
	wantPos := map[oas.ID]oas.GridPosition{w1.ID: pos(0, 0, 12, 3), w2.ID: pos(0, 3, 6, 2), w3.ID: pos(8, 3, 4, 2)}
	for _, w := range mustGetDashboard(t, a.Client, dash).Response.Widgets {
		if w.Position != wantPos[w.ID] || w.Version != 2 {
			t.Errorf("widget %d at %+v version %d, want %+v version 2", w.ID, w.Position, w.Version, wantPos[w.ID])
		}
		got, err := a.Client.GetWidget(ctx, oas.GetWidgetParams{DashboardId: dash, WidgetId: w.ID})
		if err != nil {
			t.Fatal(err)
		}
		if p := got.(*oas.WidgetHeaders).Response.Position; p != wantPos[w.ID] {
			t.Errorf("GET widget %d at %+v after the layout, want %+v", w.ID, p, wantPos[w.ID])
		}
	}
}

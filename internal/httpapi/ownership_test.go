package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/gen/oas"
)

// Another user's dashboard or widget is indistinguishable from a missing
// one, on every operation, and is left untouched.
func TestOwnershipEveryOperation(t *testing.T) {
	t.Parallel()
	s, a, b := boardsServer(t)
	ctx := context.Background()
	dash := mustCreateDashboard(t, a.Client, "A's").Response.ID
	widget := mustCreateWidget(t, a.Client, dash, pos(0, 0, 2, 2), watchlist("AAPL")).Response.ID
	before := mustGetDashboard(t, a.Client, dash)
	mustCreateDashboard(t, b.Client, "B's own") // B is a user with dashboards of its own

	const missing = 999999
	widgetBody := `{"title":"x","position":{"x":6,"y":6,"w":1,"h":1},"config":{"kind":"watchlist","symbols":["MSFT"]}}`
	tests := []struct {
		name, method, path, body string
	}{
		{"getDashboard", "GET", "/api/dashboards/%[1]d", ""},
		{"updateDashboard", "PATCH", "/api/dashboards/%[1]d", `{"name":"mine now"}`},
		{"updateDashboard default", "PATCH", "/api/dashboards/%[1]d", `{"isDefault":true}`},
		{"deleteDashboard", "DELETE", "/api/dashboards/%[1]d", ""},
		{"duplicateDashboard", "POST", "/api/dashboards/%[1]d/duplicate", `{}`},
		{"putLayout", "PUT", "/api/dashboards/%[1]d/layout", `{"items":[]}`},
		{"listWidgets", "GET", "/api/dashboards/%[1]d/widgets", ""},
		{"createWidget", "POST", "/api/dashboards/%[1]d/widgets", widgetBody},
		{"getWidget", "GET", "/api/dashboards/%[1]d/widgets/%[2]d", ""},
		{"updateWidget", "PATCH", "/api/dashboards/%[1]d/widgets/%[2]d", `{"title":"mine now"}`},
		{"deleteWidget", "DELETE", "/api/dashboards/%[1]d/widgets/%[2]d", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := do(t, s, tt.method, fmt.Sprintf(tt.path, dash, widget), tt.body, asUser(b))
			theirs := comparable404(t, resp, body)
			resp, body = do(t, s, tt.method, fmt.Sprintf(tt.path, missing, missing), tt.body, asUser(b))
			gone := comparable404(t, resp, body)
			if diff := cmp.Diff(gone, theirs); diff != "" {
				t.Errorf("another user's resource answers differently from a missing one (-missing +theirs):\n%s", diff)
			}
			if theirs["code"] != "not_found" {
				t.Errorf("code %v, want not_found", theirs["code"])
			}
		})
	}

	// A widget is reached only through its own dashboard.
	other := mustCreateDashboard(t, a.Client, "A's other").Response.ID
	_, err := a.Client.GetWidget(ctx, oas.GetWidgetParams{DashboardId: other, WidgetId: widget})
	mustProblem(t, err, 404, "not_found")

	after := mustGetDashboard(t, a.Client, dash)
	if after.ETag.Value != before.ETag.Value {
		t.Errorf("B's calls changed A's dashboard: %+v", after.Response)
	}
	if diff := cmp.Diff(before.Response, after.Response); diff != "" {
		t.Errorf("A's dashboard changed (-before +after):\n%s", diff)
	}
	page, err := b.Client.ListDashboards(ctx, oas.ListDashboardsParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Name != "B's own" {
		t.Errorf("B lists %+v", page.Items)
	}
	resp, _ := do(t, s, http.MethodGet, fmt.Sprintf("/api/dashboards/%d", dash), "", asUser(a))
	if resp.StatusCode != http.StatusOK {
		t.Errorf("A's own GET: %d", resp.StatusCode)
	}
}

package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

func TestDashboardCRUD(t *testing.T) {
	t.Parallel()
	s, a, _ := boardsServer(t)
	ctx := context.Background()

	created, err := a.Client.CreateDashboard(ctx, &oas.DashboardCreate{
		Name: "Markets", Description: oas.NewOptDashboardDescription("my markets"),
	})
	if err != nil {
		t.Fatal(err)
	}
	d := created.Response
	if d.Name != "Markets" || d.Description != "my markets" || d.Version != 1 || d.WidgetCount != 0 || !d.IsDefault {
		t.Fatalf("created %+v", d)
	}
	if !created.ETag.Set || created.ETag.Value == "" {
		t.Fatal("create sent no ETag")
	}
	mustCreateWidget(t, a.Client, d.ID, pos(0, 0, 4, 2), watchlist("AAPL", "MSFT"))

	got := mustGetDashboard(t, a.Client, d.ID)
	if got.Response.Name != "Markets" || len(got.Response.Widgets) != 1 || got.Response.WidgetCount != 1 {
		t.Fatalf("get %+v", got.Response)
	}

	page, err := a.Client.ListDashboards(ctx, oas.ListDashboardsParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].ID != d.ID || page.Items[0].WidgetCount != 1 || !page.NextCursor.Null {
		t.Fatalf("list %+v", page)
	}

	upd, err := a.Client.UpdateDashboard(ctx, &oas.DashboardUpdate{Name: oas.NewOptDashboardName("Renamed")},
		oas.UpdateDashboardParams{DashboardId: d.ID, IfMatch: got.ETag})
	if err != nil {
		t.Fatal(err)
	}
	if upd.Response.Name != "Renamed" || upd.Response.Description != "my markets" || upd.Response.Version <= got.Response.Version ||
		upd.Response.WidgetCount != 1 || upd.ETag.Value == got.ETag.Value {
		t.Fatalf("update %+v etag %q", upd.Response, upd.ETag.Value)
	}

	if err := a.Client.DeleteDashboard(ctx, oas.DeleteDashboardParams{DashboardId: d.ID, IfMatch: upd.ETag}); err != nil {
		t.Fatal(err)
	}
	_, err = a.Client.GetDashboard(ctx, oas.GetDashboardParams{DashboardId: d.ID})
	mustProblem(t, err, 404, "not_found")
	var widgets int
	if err := s.SQLite(t).Reader.QueryRow("SELECT count(*) FROM widgets WHERE dashboard_id = ?", d.ID).Scan(&widgets); err != nil || widgets != 0 {
		t.Fatalf("widgets left after delete: %d, %v", widgets, err)
	}
}

func TestDefaultDashboardRules(t *testing.T) {
	t.Parallel()
	s, a, _ := boardsServer(t)
	ctx := context.Background()
	isDefault := func() map[oas.ID]bool {
		t.Helper()
		page, err := a.Client.ListDashboards(ctx, oas.ListDashboardsParams{})
		if err != nil {
			t.Fatal(err)
		}
		m := map[oas.ID]bool{}
		for _, d := range page.Items {
			m[d.ID] = d.IsDefault
		}
		return m
	}

	first := mustCreateDashboard(t, a.Client, "first").Response
	second := mustCreateDashboard(t, a.Client, "second").Response
	if diff := cmp.Diff(map[oas.ID]bool{first.ID: true, second.ID: false}, isDefault()); diff != "" {
		t.Fatalf("first dashboard is the default (-want +got):\n%s", diff)
	}

	third, err := a.Client.CreateDashboard(ctx, &oas.DashboardCreate{Name: "third", IsDefault: oas.NewOptBool(true)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[oas.ID]bool{first.ID: false, second.ID: false, third.Response.ID: true}, isDefault()); diff != "" {
		t.Fatalf("isDefault on create moves the default (-want +got):\n%s", diff)
	}

	// The demoted dashboard's cached detail must not survive the move.
	before := mustGetDashboard(t, a.Client, third.Response.ID)
	upd, err := a.Client.UpdateDashboard(ctx, &oas.DashboardUpdate{IsDefault: oas.NewOptDashboardUpdateIsDefault(true)},
		oas.UpdateDashboardParams{DashboardId: second.ID})
	if err != nil {
		t.Fatal(err)
	}
	if !upd.Response.IsDefault {
		t.Fatalf("update %+v", upd.Response)
	}
	if diff := cmp.Diff(map[oas.ID]bool{first.ID: false, second.ID: true, third.Response.ID: false}, isDefault()); diff != "" {
		t.Fatalf("isDefault on update moves the default (-want +got):\n%s", diff)
	}
	after := mustGetDashboard(t, a.Client, third.Response.ID)
	if after.Response.IsDefault || after.ETag.Value == before.ETag.Value {
		t.Fatalf("demoted dashboard still reads as default or kept its ETag: %+v", after.Response)
	}

	if err := a.Client.DeleteDashboard(ctx, oas.DeleteDashboardParams{DashboardId: second.ID}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[oas.ID]bool{first.ID: true, third.Response.ID: false}, isDefault()); diff != "" {
		t.Fatalf("deleting the default promotes the oldest (-want +got):\n%s", diff)
	}

	var defaults int
	if err := s.SQLite(t).Reader.QueryRow("SELECT count(*) FROM dashboards WHERE owner_id = ? AND is_default = 1", a.ID).Scan(&defaults); err != nil || defaults != 1 {
		t.Fatalf("%d default dashboards (%v), want 1", defaults, err)
	}
}

func TestListDashboardsPages(t *testing.T) {
	t.Parallel()
	_, a, b := boardsServer(t)
	ctx := context.Background()
	var want []oas.ID
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		want = append(want, mustCreateDashboard(t, a.Client, n).Response.ID)
	}
	mustCreateDashboard(t, b.Client, "not A's")

	var got []oas.ID
	params := oas.ListDashboardsParams{Limit: oas.NewOptInt32(2)}
	for range 10 {
		page, err := a.Client.ListDashboards(ctx, params)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range page.Items {
			got = append(got, d.ID)
		}
		if page.NextCursor.Null {
			break
		}
		params.Cursor = oas.NewOptString(page.NextCursor.Value)
		// A cursor is bound to its list: B cannot page through A's.
		_, err = b.Client.ListDashboards(ctx, oas.ListDashboardsParams{Cursor: params.Cursor})
		mustProblem(t, err, 400, "invalid_cursor")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("pages (-want +got):\n%s", diff)
	}
}

func TestDashboardsNeedAUser(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	_, err := s.Admin.ListDashboards(ctx, oas.ListDashboardsParams{})
	mustProblem(t, err, 403, "forbidden")
	_, err = s.Admin.CreateDashboard(ctx, &oas.DashboardCreate{Name: "x"})
	mustProblem(t, err, 403, "forbidden")
	_, err = s.Client.ListDashboards(ctx, oas.ListDashboardsParams{})
	mustProblem(t, err, 401, "unauthorized")
	resp, body := do(t, s, http.MethodGet, "/api/dashboards/1", "", nil)
	if resp.StatusCode != 401 {
		t.Fatalf("no token: %d %s", resp.StatusCode, body)
	}
}

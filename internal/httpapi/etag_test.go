package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/marketpulse/api/gen/oas"
)

func TestDashboardETagAndNotModified(t *testing.T) {
	t.Parallel()
	s, a, _ := boardsServer(t)
	ctx := context.Background()
	dash := mustCreateDashboard(t, a.Client, "etag").Response.ID
	path := fmt.Sprintf("/api/dashboards/%d", dash)

	resp, body := do(t, s, http.MethodGet, path, "", asUser(a))
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || etag == "" || len(body) == 0 {
		t.Fatalf("GET: %d etag %q body %s", resp.StatusCode, etag, body)
	}
	for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
		resp, body = do(t, s, http.MethodGet, path, "", asUser(a, "If-None-Match", inm))
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 || resp.Header.Get("ETag") != etag {
			t.Fatalf("If-None-Match %s: %d etag %q body %q, want 304 with the ETag and no body", inm, resp.StatusCode, resp.Header.Get("ETag"), body)
		}
	}

	// Any change of the dashboard's widgets changes its ETag.
	steps := []struct {
		name   string
		change func() error
	}{
		{"create widget", func() error {
			_, err := a.Client.CreateWidget(ctx, &oas.WidgetCreate{Title: "w", Position: pos(0, 0, 2, 2), Config: watchlist("AAPL")},
				oas.CreateWidgetParams{DashboardId: dash})
			return err
		}},
		{"update widget", func() error {
			w := mustGetDashboard(t, a.Client, dash).Response.Widgets[0]
			_, err := a.Client.UpdateWidget(ctx, &oas.WidgetUpdate{Title: oas.NewOptWidgetTitle("renamed")},
				oas.UpdateWidgetParams{DashboardId: dash, WidgetId: w.ID})
			return err
		}},
		{"rename dashboard", func() error {
			_, err := a.Client.UpdateDashboard(ctx, &oas.DashboardUpdate{Name: oas.NewOptDashboardName("renamed")},
				oas.UpdateDashboardParams{DashboardId: dash})
			return err
		}},
		{"delete widget", func() error {
			w := mustGetDashboard(t, a.Client, dash).Response.Widgets[0]
			return a.Client.DeleteWidget(ctx, oas.DeleteWidgetParams{DashboardId: dash, WidgetId: w.ID})
		}},
	}
	for _, st := range steps {
		if err := st.change(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		resp, body = do(t, s, http.MethodGet, path, "", asUser(a, "If-None-Match", etag))
		next := resp.Header.Get("ETag")
		if resp.StatusCode != 200 || next == etag || len(body) == 0 {
			t.Fatalf("after %s: %d etag %q (was %q)", st.name, resp.StatusCode, next, etag)
		}
		etag = next
	}
}

func TestWidgetETagAndNotModified(t *testing.T) {
	t.Parallel()
	s, a, _ := boardsServer(t)
	ctx := context.Background()
	dash := mustCreateDashboard(t, a.Client, "etag").Response.ID
	w := mustCreateWidget(t, a.Client, dash, pos(0, 0, 3, 3), watchlist("AAPL"))
	path := fmt.Sprintf("/api/dashboards/%d/widgets/%d", dash, w.Response.ID)

	resp, body := do(t, s, http.MethodGet, path, "", asUser(a, "If-None-Match", w.ETag.Value))
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Fatalf("If-None-Match of the created widget: %d %s", resp.StatusCode, body)
	}
	upd, err := a.Client.UpdateWidget(ctx, &oas.WidgetUpdate{RefreshSeconds: oas.NewOptRefreshSeconds(120)},
		oas.UpdateWidgetParams{DashboardId: dash, WidgetId: w.Response.ID, IfMatch: w.ETag})
	if err != nil {
		t.Fatal(err)
	}
	resp, body = do(t, s, http.MethodGet, path, "", asUser(a, "If-None-Match", w.ETag.Value))
	if resp.StatusCode != 200 || len(body) == 0 || resp.Header.Get("ETag") != upd.ETag.Value || upd.ETag.Value == w.ETag.Value {
		t.Fatalf("after update: %d etag %q, want 200 with %q", resp.StatusCode, resp.Header.Get("ETag"), upd.ETag.Value)
	}
}

func TestIfMatchStaleIsPreconditionFailed(t *testing.T) {
	t.Parallel()
	_, a, _ := boardsServer(t)
	ctx := context.Background()
	d := mustCreateDashboard(t, a.Client, "locking")
	id := d.Response.ID
	w := mustCreateWidget(t, a.Client, id, pos(0, 0, 2, 2), watchlist("AAPL"))
	cur := mustGetDashboard(t, a.Client, id) // the widget changed the dashboard's version
	stale := d.ETag

	_, err := a.Client.UpdateDashboard(ctx, &oas.DashboardUpdate{Name: oas.NewOptDashboardName("x")},
		oas.UpdateDashboardParams{DashboardId: id, IfMatch: stale})
	if p := mustProblem(t, err, 412, "version_mismatch"); len(p.Errors) != 1 || p.Errors[0].Pointer != "/header/If-Match" {
		t.Errorf("errors %+v, want /header/If-Match", p.Errors)
	}
	_, err = a.Client.UpdateDashboard(ctx, &oas.DashboardUpdate{Name: oas.NewOptDashboardName("x"), Version: oas.NewOptVersion(d.Response.Version)},
		oas.UpdateDashboardParams{DashboardId: id})
	if p := mustProblem(t, err, 412, "version_mismatch"); len(p.Errors) != 1 || p.Errors[0].Pointer != "/body/version" {
		t.Errorf("errors %+v, want /body/version", p.Errors)
	}
	_, err = a.Client.PutLayout(ctx, &oas.LayoutUpdate{Items: []oas.LayoutUpdateItemsItem{{WidgetId: w.Response.ID, Position: pos(1, 1, 2, 2)}}},
		oas.PutLayoutParams{DashboardId: id, IfMatch: stale})
	mustProblem(t, err, 412, "version_mismatch")
	err = a.Client.DeleteDashboard(ctx, oas.DeleteDashboardParams{DashboardId: id, IfMatch: stale})
	mustProblem(t, err, 412, "version_mismatch")
	err = a.Client.DeleteDashboard(ctx, oas.DeleteDashboardParams{DashboardId: id, IfMatch: oas.NewOptString("W/" + cur.ETag.Value)})
	mustProblem(t, err, 412, "version_mismatch") // If-Match compares strongly

	// Widgets: a stale If-Match or body version, then the current one.
	_, err = a.Client.UpdateWidget(ctx, &oas.WidgetUpdate{Title: oas.NewOptWidgetTitle("a")},
		oas.UpdateWidgetParams{DashboardId: id, WidgetId: w.Response.ID, IfMatch: w.ETag})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Client.UpdateWidget(ctx, &oas.WidgetUpdate{Title: oas.NewOptWidgetTitle("b")},
		oas.UpdateWidgetParams{DashboardId: id, WidgetId: w.Response.ID, IfMatch: w.ETag})
	mustProblem(t, err, 412, "version_mismatch")
	_, err = a.Client.UpdateWidget(ctx, &oas.WidgetUpdate{Title: oas.NewOptWidgetTitle("b"), Version: oas.NewOptVersion(w.Response.Version)},
		oas.UpdateWidgetParams{DashboardId: id, WidgetId: w.Response.ID})
	mustProblem(t, err, 412, "version_mismatch")
	err = a.Client.DeleteWidget(ctx, oas.DeleteWidgetParams{DashboardId: id, WidgetId: w.Response.ID, IfMatch: w.ETag})
	mustProblem(t, err, 412, "version_mismatch")

	// "*" matches whatever version exists.
	star := oas.NewOptString("*")
	if _, err := a.Client.UpdateDashboard(ctx, &oas.DashboardUpdate{Name: oas.NewOptDashboardName("y")},
		oas.UpdateDashboardParams{DashboardId: id, IfMatch: star}); err != nil {
		t.Fatalf("If-Match *: %v", err)
	}
	if err := a.Client.DeleteWidget(ctx, oas.DeleteWidgetParams{DashboardId: id, WidgetId: w.Response.ID, IfMatch: star}); err != nil {
		t.Fatalf("delete widget with If-Match *: %v", err)
	}
	cur = mustGetDashboard(t, a.Client, id)
	if cur.Response.Name != "y" {
		t.Fatalf("name %q after the stale attempts, want y", cur.Response.Name)
	}
	if err := a.Client.DeleteDashboard(ctx, oas.DeleteDashboardParams{DashboardId: id, IfMatch: cur.ETag}); err != nil {
		t.Fatalf("delete with the current ETag: %v", err)
	}
}

// Two PATCHes with the same If-Match: the conditional UPDATE lets exactly
// one through, for dashboards and for widgets, 20 times each.
func TestConcurrentPatchesSameIfMatch(t *testing.T) {
	t.Parallel()
	_, a, _ := boardsServer(t)
	ctx := context.Background()
	d := mustCreateDashboard(t, a.Client, "race").Response.ID
	w := mustCreateWidget(t, a.Client, d, pos(0, 0, 2, 2), watchlist("AAPL")).Response.ID
	race := func(round int, patch func(i int) error) {
		t.Helper()
		var (
			wg   sync.WaitGroup
			errs [2]error
		)
		for i := range errs {
			wg.Go(func() { errs[i] = patch(i) })
		}
		wg.Wait()
		ok, failed := 0, 0
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			mustProblem(t, err, 412, "version_mismatch")
			failed++
		}
		if ok != 1 || failed != 1 {
			t.Fatalf("round %d: %d succeeded and %d got 412 (%v), want 1 and 1", round, ok, failed, errs)
		}
	}
	for round := range 20 {
		etag := mustGetDashboard(t, a.Client, d).ETag
		race(round, func(i int) error {
			_, err := a.Client.UpdateDashboard(ctx, &oas.DashboardUpdate{Name: oas.NewOptDashboardName(oas.DashboardName(fmt.Sprint("n", round, i)))},
				oas.UpdateDashboardParams{DashboardId: d, IfMatch: etag})
			return err
		})
		res, err := a.Client.GetWidget(ctx, oas.GetWidgetParams{DashboardId: d, WidgetId: w})
		if err != nil {
			t.Fatal(err)
		}
		wetag := res.(*oas.WidgetHeaders).ETag
		race(round, func(i int) error {
			_, err := a.Client.UpdateWidget(ctx, &oas.WidgetUpdate{Title: oas.NewOptWidgetTitle(oas.WidgetTitle(fmt.Sprint("t", round, i)))},
				oas.UpdateWidgetParams{DashboardId: d, WidgetId: w, IfMatch: wetag})
			return err
		})
	}
}

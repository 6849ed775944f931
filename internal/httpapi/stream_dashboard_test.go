package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

// The owner's dashboard stream: a snapshot of its widgets' quotes, their
// changes, a dashboard event with the new ETag when a widget is added
// elsewhere, then the added symbol's quote; the dashboard's deletion ends
// it. The ticket is single-use and useless to another user.
func TestDashboardStreamFollowsTheDashboard(t *testing.T) {
	t.Parallel()
	s, a, b := boardsServer(t)
	ctx := context.Background()
	mustSeedAssets(t, s, "DSA", "DSB")
	t0 := time.Now().UTC().Truncate(time.Second).Add(-time.Minute)
	mustIngestQuotes(t, s, quoteIn("DSA", 2, t0), quoteIn("DSB", 7, t0))
	dash := mustCreateDashboard(t, a.Client, "live").Response.ID
	mustCreateWidget(t, a.Client, dash, pos(0, 0, 4, 4), watchlist("DSA"))

	ticket := mustTicket(t, a.Client, dash)
	st := openStream(t, dashboardStreamURL(s, dash, ticket), dashboardStreamPath, nil)
	if f := st.next(); f.Event != "quote" || f.ID == "" || !strings.Contains(f.Data, `"symbol":"DSA"`) {
		t.Fatalf("snapshot %+v", f)
	}
	mustIngestQuotes(t, s, quoteIn("DSA", 3, t0.Add(time.Second)))
	if f := st.next(); f.Event != "quote" || !strings.Contains(f.Data, `"price":3`) {
		t.Fatalf("change %+v", f)
	}

	mustCreateWidget(t, a.Client, dash, pos(4, 0, 4, 4), watchlist("DSB")) // another tab
	f := st.next()
	var ch struct {
		DashboardID int64  `json:"dashboardId"`
		ETag        string `json:"etag"`
		Deleted     bool   `json:"deleted"`
	}
	if err := json.Unmarshal([]byte(f.Data), &ch); f.Event != "dashboard" || err != nil {
		t.Fatalf("after a widget was added: %+v (%v)", f, err)
	}
	if cur := mustGetDashboard(t, a.Client, dash).ETag.Value; ch.ETag != cur || ch.DashboardID != int64(dash) || ch.Deleted {
		t.Fatalf("dashboard event %+v, want the current ETag %s", ch, cur)
	}
	if f := st.next(); f.Event != "quote" || !strings.Contains(f.Data, `"symbol":"DSB"`) {
		t.Fatalf("after following the new widget: %+v, want DSB's quote", f)
	}

	again, err := http.Get(dashboardStreamURL(s, dash, ticket))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(again.Body)
	again.Body.Close()
	if again.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), `"invalid_ticket"`) {
		t.Fatalf("reused ticket: %d %s", again.StatusCode, body)
	}
	_, err = b.Client.CreateStreamTicket(ctx, oas.CreateStreamTicketParams{DashboardId: dash})
	mustProblem(t, err, http.StatusNotFound, "not_found")

	if err := a.Client.DeleteDashboard(ctx, oas.DeleteDashboardParams{DashboardId: dash}); err != nil {
		t.Fatal(err)
	}
	if f := st.next(); f.Event != "dashboard" || !strings.Contains(f.Data, `"deleted":true`) {
		t.Fatalf("after the deletion: %+v", f)
	}
	if !st.ended() {
		t.Fatal("the stream of a deleted dashboard goes on")
	}
}

// Logging out closes the streams that session opened, with a closing
// event; a ticket of an ended session opens nothing.
func TestDashboardStreamClosesOnLogout(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	email := apitest.NewEmail()
	s.Register(t, email)
	c, _ := s.Login(t, email, apitest.Password)
	dash := mustCreateDashboard(t, c, "d").Response.ID
	st := openStream(t, dashboardStreamURL(s, dash, mustTicket(t, c, dash)), dashboardStreamPath, nil)
	spare := mustTicket(t, c, dash)
	if err := c.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	if f := st.next(); f.Event != "closing" || f.Retry == "" {
		t.Fatalf("after logout: %+v, want closing with retry", f)
	}
	if !st.ended() {
		t.Fatal("the stream goes on after logout")
	}
	resp, err := http.Get(dashboardStreamURL(s, dash, spare))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("ticket of an ended session: %d, want 401", resp.StatusCode)
	}
}

// Malformed tickets and ids are client errors, in problem documents.
func TestDashboardStreamRefusesBadInput(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	for path, want := range map[string]int{
		"/api/dashboards/1/stream":                   http.StatusUnauthorized,
		"/api/dashboards/1/stream?ticket=mpst_short": http.StatusUnauthorized,
		"/api/dashboards/0/stream?ticket=x":          http.StatusBadRequest,
		"/api/dashboards/abc/stream?ticket=x":        http.StatusBadRequest,
	} {
		resp, err := s.HTTP.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s, want %d problem", path, resp.StatusCode, resp.Header.Get("Content-Type"), want)
		}
	}
}

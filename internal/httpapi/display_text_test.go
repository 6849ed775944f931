package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

// Names, titles and descriptions that people are shown refuse control
// characters and bidirectional overrides with 400 invalid_text at the
// field, and nothing is stored.
func TestDisplayStringsRefuseControlAndBidiCharacters(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	c, _ := s.RegisterAndLogin(t)
	spoof := "invoice\u202efdp.exe"

	_, err := s.Client.Register(ctx, &oas.RegisterRequest{Email: oas.Email(apitest.NewEmail()), Password: apitest.Password, DisplayName: "Ada\x1b[31m"})
	wantPointer(t, err, "/body/displayName")
	_, err = c.UpdateMe(ctx, &oas.UserUpdate{DisplayName: oas.NewOptDisplayName(oas.DisplayName(spoof))})
	wantPointer(t, err, "/body/displayName")

	_, err = c.CreateDashboard(ctx, &oas.DashboardCreate{Name: oas.DashboardName(spoof)})
	wantPointer(t, err, "/body/name")
	d, err := c.CreateDashboard(ctx, &oas.DashboardCreate{Name: "Plain"})
	if err != nil {
		t.Fatal(err)
	}
	if list, err := c.ListDashboards(ctx, oas.ListDashboardsParams{}); err != nil || len(list.Items) != 1 {
		t.Fatalf("dashboards after a refused create: %+v, %v; want only the plain one", list, err)
	}
	_, err = c.CreateWidget(ctx, &oas.WidgetCreate{
		Title:    "nul\x00",
		Position: oas.GridPosition{W: 4, H: 4},
		Config:   oas.NewWatchlistConfigWidgetConfig(oas.WatchlistConfig{Kind: oas.WatchlistConfigKindWatchlist, Symbols: []oas.Symbol{"AAPL"}}),
	}, oas.CreateWidgetParams{DashboardId: d.Response.ID})
	wantPointer(t, err, "/body/title")

	_, err = s.Admin.CreateAsset(ctx, &oas.AssetCreate{Symbol: "DSPA", Name: oas.AssetName(spoof), Type: oas.AssetTypeStock})
	wantPointer(t, err, "/body/name")
}

func wantPointer(t *testing.T, err error, pointer string) {
	t.Helper()
	p := wantProblemOf(t, err, http.StatusBadRequest, "invalid_text")
	if len(p.Errors) != 1 || p.Errors[0].Pointer != pointer {
		t.Errorf("errors = %+v, want one at %s", p.Errors, pointer)
	}
}

package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

func mustAsset(t *testing.T, s *apitest.Server, sym oas.Symbol) (*oas.Asset, http.Header) {
	t.Helper()
	a, h, err := apitest.Body[oas.Asset](s.Client.GetAsset(context.Background(), oas.GetAssetParams{Symbol: sym}))
	if err != nil {
		t.Fatalf("GetAsset(%s): %v", sym, err)
	}
	return a, h
}

// listed reports whether sym is on the first page of assets matching params.
func listed(t *testing.T, s *apitest.Server, params oas.ListAssetsParams, sym oas.Symbol) bool {
	t.Helper()
	params.Limit = oas.NewOptInt32(200)
	page, _, err := apitest.Body[oas.AssetPage](s.Client.ListAssets(context.Background(), params))
	if err != nil {
		t.Fatalf("ListAssets: %v", err)
	}
	for _, a := range page.Items {
		if a.Symbol == sym {
			return true
		}
	}
	return false
}

func TestAssetAdminLifecycle(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	admin, _ := s.RegisterAdmin(t)
	const sym oas.Symbol = "ZZTOP"

	// Read first, so that a stale cached "not found" would show.
	_, _, err := apitest.Body[oas.Asset](s.Client.GetAsset(ctx, oas.GetAssetParams{Symbol: sym}))
	wantProblem(t, err, http.StatusNotFound, "not_found")
	if listed(t, s, oas.ListAssetsParams{Q: oas.NewOptString("ZZ")}, sym) {
		t.Fatal("listed before it exists")
	}

	created, err := admin.CreateAsset(ctx, &oas.AssetCreate{Symbol: sym, Name: "Zz Top Holdings", Type: oas.AssetTypeStock})
	if err != nil {
		t.Fatalf("CreateAsset: %v", err)
	}
	if created.Currency != "USD" || created.Exchange != "" || created.Sector != "" || !created.Active || created.CreatedAt.IsZero() {
		t.Errorf("created = %+v, want defaults USD, no exchange or sector, active", created)
	}
	if got, _ := mustAsset(t, s, sym); got.Name != "Zz Top Holdings" {
		t.Errorf("GetAsset after create = %+v", got)
	}
	if !listed(t, s, oas.ListAssetsParams{Q: oas.NewOptString("ZZ")}, sym) {
		t.Error("not listed after create")
	}
	_, err = admin.CreateAsset(ctx, &oas.AssetCreate{Symbol: sym, Name: "Again", Type: oas.AssetTypeEtf})
	wantProblem(t, err, http.StatusConflict, "conflict")

	updated, err := admin.UpdateAsset(ctx, &oas.AssetUpdate{Sector: oas.NewOptSector("Music"), Exchange: oas.NewOptExchange("XNYS")},
		oas.UpdateAssetParams{Symbol: sym})
	if err != nil {
		t.Fatalf("UpdateAsset: %v", err)
	}
	if updated.Sector != "Music" || updated.Exchange != "XNYS" || updated.Name != "Zz Top Holdings" || updated.UpdatedAt.Before(created.UpdatedAt) {
		t.Errorf("updated = %+v, want sector and exchange changed, name kept, updatedAt not earlier (the API has second precision)", updated)
	}
	if got, _ := mustAsset(t, s, sym); got.Sector != "Music" {
		t.Errorf("GetAsset after update = %+v, want the new sector", got)
	}

	if err := admin.DeleteAsset(ctx, oas.DeleteAssetParams{Symbol: sym}); err != nil {
		t.Fatalf("DeleteAsset: %v", err)
	}
	if err := admin.DeleteAsset(ctx, oas.DeleteAssetParams{Symbol: sym}); err != nil {
		t.Errorf("second DeleteAsset: %v, want idempotent", err)
	}
	if got, _ := mustAsset(t, s, sym); got.Active {
		t.Errorf("GetAsset after delete = %+v, want inactive", got)
	}
	active := oas.ListAssetsParams{Q: oas.NewOptString("ZZ"), Active: oas.NewOptBool(true)}
	inactive := oas.ListAssetsParams{Q: oas.NewOptString("ZZ"), Active: oas.NewOptBool(false)}
	if listed(t, s, active, sym) || !listed(t, s, inactive, sym) {
		t.Error("a deactivated asset must be listed with active=false only")
	}

	if _, err := admin.UpdateAsset(ctx, &oas.AssetUpdate{Active: oas.NewOptBool(true)}, oas.UpdateAssetParams{Symbol: sym}); err != nil {
		t.Fatalf("reactivate: %v", err)
	}
	if !listed(t, s, active, sym) {
		t.Error("reactivated asset not listed with active=true")
	}

	err = admin.DeleteAsset(ctx, oas.DeleteAssetParams{Symbol: "NOPE"})
	wantProblem(t, err, http.StatusNotFound, "not_found")
	_, err = admin.UpdateAsset(ctx, &oas.AssetUpdate{Name: oas.NewOptAssetName("X")}, oas.UpdateAssetParams{Symbol: "NOPE"})
	wantProblem(t, err, http.StatusNotFound, "not_found")
}

func TestAssetAdminRejectsBadBodies(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	tests := []struct {
		name, method, path, body string
	}{
		{"lower-case symbol", "POST", "/api/assets", `{"symbol":"abc","name":"A","type":"stock"}`},
		{"unknown type", "POST", "/api/assets", `{"symbol":"ABC","name":"A","type":"bond"}`},
		{"lower-case currency", "POST", "/api/assets", `{"symbol":"ABC","name":"A","type":"stock","currency":"usd"}`},
		{"empty name", "POST", "/api/assets", `{"symbol":"ABC","name":"","type":"stock"}`},
		{"unknown field", "POST", "/api/assets", `{"symbol":"ABC","name":"A","type":"stock","price":1}`},
		{"empty update", "PATCH", "/api/assets/AAPL", `{}`},
		{"symbol is not updatable", "PATCH", "/api/assets/AAPL", `{"symbol":"APPL"}`},
		{"name too long", "PATCH", "/api/assets/AAPL", `{"name":"` + strings.Repeat("n", 201) + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, b := do(t, s, tt.method, tt.path, tt.body, map[string]string{
				"Authorization": "Bearer " + apitest.AdminToken, "Content-Type": "application/json",
			})
			decodeProblem(t, resp, b, http.StatusBadRequest)
		})
	}
	if a, _ := mustAsset(t, s, "AAPL"); a.Name != "Apple Inc." {
		t.Errorf("AAPL changed by rejected requests: %+v", a)
	}
}

func TestAssetETags(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()

	a, h := mustAsset(t, s, "MSFT")
	etag := h.Get("ETag")
	if len(etag) < 3 || etag[0] != '"' || h.Get("Cache-Control") != "public, max-age=300" {
		t.Fatalf("headers = %v, want a strong ETag and Cache-Control max-age of the asset TTL", h)
	}
	if _, h2 := mustAsset(t, s, "MSFT"); h2.Get("ETag") != etag {
		t.Errorf("ETag of an identical representation = %s, want %s", h2.Get("ETag"), etag)
	}
	if _, other := mustAsset(t, s, "AAPL"); other.Get("ETag") == etag {
		t.Error("two assets share an ETag")
	}
	for _, inm := range []string{etag, `"x", ` + etag, "W/" + etag, "*"} {
		nm, err := apitest.NotModified(s.Client.GetAsset(ctx, oas.GetAssetParams{Symbol: "MSFT", IfNoneMatch: oas.NewOptString(inm)}))
		if err != nil {
			t.Fatalf("If-None-Match %s: %v", inm, err)
		}
		if nm.ETag.Value != etag || nm.CacheControl.Value == "" {
			t.Errorf("304 headers = %+v, want ETag %s and Cache-Control", nm, etag)
		}
	}
	resp, body := do(t, s, http.MethodGet, "/api/assets/MSFT", "", map[string]string{"If-None-Match": etag})
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("conditional GET = %d with %d body bytes, want 304 without body", resp.StatusCode, len(body))
	}

	if _, err := s.Admin.UpdateAsset(ctx, &oas.AssetUpdate{Sector: oas.NewOptSector(oas.Sector(a.Sector + " and more"))},
		oas.UpdateAssetParams{Symbol: "MSFT"}); err != nil {
		t.Fatal(err)
	}
	changed, h3, err := apitest.Body[oas.Asset](s.Client.GetAsset(ctx, oas.GetAssetParams{Symbol: "MSFT", IfNoneMatch: oas.NewOptString(etag)}))
	if err != nil {
		t.Fatalf("GetAsset with the old ETag after a change: %v, want 200", err)
	}
	if h3.Get("ETag") == etag || changed.Sector == a.Sector {
		t.Errorf("after a change: ETag %s (was %s), sector %q", h3.Get("ETag"), etag, changed.Sector)
	}

	// Pages too.
	params := oas.ListAssetsParams{Limit: oas.NewOptInt32(5)}
	_, ph, err := apitest.Body[oas.AssetPage](s.Client.ListAssets(ctx, params))
	if err != nil {
		t.Fatal(err)
	}
	params.IfNoneMatch = oas.NewOptString(ph.Get("ETag"))
	if _, err := apitest.NotModified(s.Client.ListAssets(ctx, params)); err != nil {
		t.Errorf("ListAssets with its ETag: %v", err)
	}
}

func TestListAssetsSortedByName(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	total, err := s.SQLite(t).Read.CountAssets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	params := oas.ListAssetsParams{Limit: oas.NewOptInt32(9), Sort: oas.NewOptListAssetsSort(oas.ListAssetsSortName)}
	var names []string
	seen := map[oas.Symbol]bool{}
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("pagination does not end")
		}
		page, _, err := apitest.Body[oas.AssetPage](s.Client.ListAssets(ctx, params))
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		for _, a := range page.Items {
			if seen[a.Symbol] {
				t.Errorf("%s on two pages", a.Symbol)
			}
			seen[a.Symbol] = true
			names = append(names, a.Name)
		}
		next, ok := page.NextCursor.Get()
		if !ok {
			break
		}
		params.Cursor = oas.NewOptString(next)
	}
	if int64(len(seen)) != total {
		t.Errorf("walked %d assets, database has %d", len(seen), total)
	}
	for i := 1; i < len(names); i++ {
		if strings.ToLower(names[i-1]) > strings.ToLower(names[i]) {
			t.Errorf("%q before %q: not ordered by name", names[i-1], names[i])
		}
	}

	// A cursor of the symbol order is not valid for the name order.
	first, _, err := apitest.Body[oas.AssetPage](s.Client.ListAssets(ctx, oas.ListAssetsParams{Limit: oas.NewOptInt32(2)}))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = apitest.Body[oas.AssetPage](s.Client.ListAssets(ctx, oas.ListAssetsParams{
		Cursor: oas.NewOptString(first.NextCursor.Value), Sort: oas.NewOptListAssetsSort(oas.ListAssetsSortName),
	}))
	wantProblem(t, err, http.StatusBadRequest, "invalid_cursor")
}
